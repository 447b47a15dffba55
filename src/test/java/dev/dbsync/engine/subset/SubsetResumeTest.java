package dev.dbsync.engine.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.resume.ResumeFiles;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.DyingResumePoints;
import dev.dbsync.support.Pg;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A subset cut off after a batch goes on where it stopped and writes nothing twice. */
class SubsetResumeTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"id int PRIMARY KEY, skip", "id int PRIMARY KEY, overwrite", "id int, append"})
  void aCutOffSubsetResumesExactly(String idColumn, String strategy) {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (" + idColumn + ", v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE big (" + idColumn + ", v text);");
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100)
        .withTables(List.of("big")).withStrategy(Strategy.parse(strategy), null)
        .withScope(Subsets.scope(SubsetSpec.parse(List.of("big:id <= 700"), null, null, null,
            true)));
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      DyingResumePoints.cutAfterThreeBatchesThenResume(s, t, o, files);
    }
    assertEquals("[[700, 700, 700]]", Pg.query(dst, "SELECT count(*), count(DISTINCT v), "
        + "max(id) FROM big").toString());
  }
}

package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.resume.ResumeFiles;
import dev.dbsync.support.DyingResumePoints;
import dev.dbsync.support.Pg;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume points live outside the target; a process that dies after a batch committed but
 * before its point was saved still resumes exactly: a keyed table takes that batch again
 * (harmless), append and key-less tables count the target to know whether it committed.
 */
class ResumeTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"id int PRIMARY KEY, skip", "id int PRIMARY KEY, overwrite",
      "id int PRIMARY KEY, merge", "id int, skip", "id int, append"})
  void aKillBetweenCommitAndPointResumesExactly(String idColumn, String strategy) {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (" + idColumn + ", v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE big (" + idColumn + ", v text);");
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100)
        .withStrategy(Strategy.parse(strategy), null);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      DyingResumePoints.cutAfterThreeBatchesThenResume(s, t, o, files);
      assertTrue(files.load(t.locator().describe(), new LocalSource(s).sourceId(), "big")
          .isEmpty(), "no point is left after a completed table");
    }
    assertEquals("[[1000, 1000]]",
        Pg.query(dst, "SELECT count(*), count(DISTINCT v) FROM big").toString());
    assertEquals("[]", Pg.query(dst, "SELECT tablename FROM pg_tables WHERE tablename LIKE "
        + "'dbsync%'").toString(), "nothing of ours in the target");
  }

  /** A table's last batch saves no point (the table is finished next): small tables none. */
  @ParameterizedTest
  @CsvSource({"50, 0", "950, 9"})
  void theLastBatchSavesNoPoint(int rows, int saves) {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (id int PRIMARY KEY, v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, " + rows + ") g;");
    String dst = Pg.newDatabase();
    java.util.List<String> saved = new java.util.ArrayList<>();
    ResumeFiles files = ResumeFiles.in(dir);
    dev.dbsync.engine.resume.ResumePoints counting = new dev.dbsync.engine.resume.ResumePoints() {
      @Override
      public java.util.Optional<dev.dbsync.engine.resume.ResumePoint> load(String target,
          String source, String table) {
        return files.load(target, source, table);
      }

      @Override
      public void save(dev.dbsync.engine.resume.ResumePoint point) {
        saved.add(point.table());
        files.save(point);
      }

      @Override
      public void clear(String target, String source, String table) {
        files.clear(target, source, table);
      }
    };
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(new LocalSource(s), t, TransferOptions.defaults()
          .withBatchSize(100).withResumePoints(counting), null).run();
      assertTrue(r.succeeded(), r::toString);
      assertEquals(saves, saved.size(), saved::toString);
      assertTrue(files.load(t.locator().describe(), new LocalSource(s).sourceId(), "big")
          .isEmpty(), "no point is left after a completed table");
    }
    assertEquals("[[" + rows + "]]", Pg.query(dst, "SELECT count(*) FROM big").toString());
  }
}

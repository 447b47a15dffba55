package dev.dbsync.engine.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.transfer.LocalSource;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite keeps timestamps as text in more than one form: DB Sync's ISO form with a T, and the
 * space-separated form most programs write. A condition compares them as instants.
 */
class SqliteSourceSubsetTest {
  @TempDir
  Path dir;

  @Test
  void timestampsInEitherFormCompareAsTime() throws Exception {
    Path file = dir.resolve("events.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, at TIMESTAMP, day DATE)");
      s.execute("INSERT INTO events VALUES (1, '2026-10-01 12:00:00', '2026-10-01'), "
          + "(2, '2026-10-01T06:00:00Z', '2026-10-02'), (3, '2026-09-30 23:59:59.5', "
          + "'2026-09-30'), (4, '2026-10-02 00:00:00', '2026-10-03'), (5, NULL, NULL)");
    }
    try (Database src = JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(),
        false);
         Database dst = JdbcDatabase.open(DatabaseLocator.sqlite(dir.resolve("copy.db")),
             TableFilter.defaults(), true)) {
      new dev.dbsync.engine.transfer.TransferRunner(new LocalSource(src), dst,
          TransferOptions.defaults().withScope(Subsets.scope(SubsetSpec.parse(List.of(
              "events:at >= 2026-10-01 and at < 2026-10-02 and day in (2026-10-01, "
                  + "2026-10-02)"), null, null, null, true))), null).run();
      assertEquals(List.of(1L, 2L), Rows.all(dst, "events").stream()
          .map(r -> ((ObjectNode) r).get("id").asLong()).sorted().toList());
    }
  }
}

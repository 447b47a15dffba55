package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.support.Rows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COPY text into SQLite in batches larger than one written group (the next group is made
 * ready on another thread while one is written): every row counted once, a refused row
 * reported on its own, nothing of a failed group left twice.
 */
class SqliteCopyInTest {
  @TempDir
  Path dir;

  static ColumnInfo column(String name, String type, boolean nullable, boolean pk) {
    return new ColumnInfo(name, type, nullable, pk, null, null, null, null, null, null, null);
  }

  static final List<ColumnInfo> COLS = List.of(column("id", "bigint", false, true),
      column("name", "text", false, false), column("score", "double precision", true, false),
      column("at", "timestamp with time zone", true, false));

  Database target() {
    return JdbcDatabase.open(DatabaseLocator.sqlite(dir.resolve("t.db")),
        TableFilter.defaults(), true);
  }

  /** Rows 1..n; the row {@code bad} (if any) has no name, which the target refuses. */
  static byte[] batch(int n, int bad) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      b.append(i).append('\t').append(i == bad ? "\\N" : "n\\t" + i).append('\t')
          .append(i % 7 == 0 ? "\\N" : String.valueOf(i / 3.0)).append('\t')
          .append("2024-06-01 10:00:0").append(i % 10).append("+02\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBatchOfManyGroupsGoesInWholeWithItsValues() {
    int n = 3 * SqliteImporter.GROUP + 17;
    try (Database db = target()) {
      db.createTable("items", new TableSchema("items", null, COLS, List.of("id"), null, null));
      byte[] text = batch(n, -1);
      ImportResult r = db.importCopy("items", COLS, text, text.length, n, Strategy.SKIP, true);
      assertEquals(List.of((long) n, 0L), List.of(r.created(), r.failed()));
      var rows = Rows.all(db, "items");
      assertEquals(n, rows.size());
      var last = rows.get(n - 1);
      assertEquals("n\t" + n, last.get("name").asText());
      assertEquals((double) n / 3.0, last.get("score").asDouble());
      assertEquals("2024-06-01T10:00:07+02:00", last.get("at").asText());
      assertTrue(rows.get(6).get("score").isNull());
    }
  }

  @Test
  void wholeNumbersBooleansAndTimestampsReadStraightFromTheBytesKeepTheirValues() {
    List<ColumnInfo> cols = List.of(column("id", "bigint", false, true),
        column("n", "bigint", true, false), column("b", "boolean", true, false),
        column("at", "timestamp with time zone", true, false), column("t", "text", true, false));
    String text = String.join("\n",
        "1\t-9223372036854775808\tt\t2024-06-01 10:00:00.5+00\ta\\tb",
        "2\t9223372036854775807\tf\t0044-03-15 12:00:00+05:30 BC\t\\N",
        "3\t-0\ttrue\tinfinity\t\\\\",
        "4\t123456789012345678\t\\N\t\\N\t",
        "5\t-1\tfalse\t1999-12-31 23:59:59.999999-08\t\u00e9t\u00e9") + "\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (Database db = target()) {
      db.createTable("v", new TableSchema("v", null, cols, List.of("id"), null, null));
      ImportResult r = db.importCopy("v", cols, bytes, bytes.length, 5, Strategy.SKIP, true);
      assertEquals(List.of(5L, 0L), List.of(r.created(), r.failed()), r.errors().toString());
      assertEquals("[{\"id\":1,\"n\":-9223372036854775808,\"b\":true,"
          + "\"at\":\"2024-06-01T10:00:00.5+00:00\",\"t\":\"a\\tb\"}, "
          + "{\"id\":2,\"n\":9223372036854775807,\"b\":false,"
          + "\"at\":\"0044-03-15T12:00:00+05:30 BC\",\"t\":null}, "
          + "{\"id\":3,\"n\":0,\"b\":true,\"at\":\"infinity\",\"t\":\"\\\\\"}, "
          + "{\"id\":4,\"n\":123456789012345678,\"b\":null,\"at\":null,\"t\":\"\"}, "
          + "{\"id\":5,\"n\":-1,\"b\":false,\"at\":\"1999-12-31T23:59:59.999999-08:00\","
          + "\"t\":\"\u00e9t\u00e9\"}]", Rows.all(db, "v").toString());
    }
  }

  @Test
  void aRefusedRowInALaterGroupLeavesEveryOtherRowCountedOnce() {
    int n = 3 * SqliteImporter.GROUP;
    int bad = 2 * SqliteImporter.GROUP + 5;
    try (Database db = target()) {
      db.createTable("items", new TableSchema("items", null, COLS, List.of("id"), null, null));
      byte[] text = batch(n, bad);
      ImportResult r = db.importCopy("items", COLS, text, text.length, n, Strategy.SKIP, true);
      // the groups written before the refused row are not counted as skipped on the retry
      assertEquals(List.of((long) n - 1, 0L, 1L), List.of(r.created(), r.skipped(),
          r.failed()));
      assertEquals("{\"id\":" + bad + "}", r.errors().get(0).key().toString());
      assertEquals(n - 1, Rows.all(db, "items").size());
    }
  }

  @Test
  void aRefusedRowInAKeylessTableDoesNotWriteTheOthersTwice() {
    List<ColumnInfo> loose = List.of(column("id", "bigint", true, false),
        column("name", "text", false, false), column("score", "double precision", true, false),
        column("at", "timestamp with time zone", true, false));
    int n = 2 * SqliteImporter.GROUP + 3;
    try (Database db = target()) {
      db.createTable("log", new TableSchema("log", null, loose, List.of(), null, null));
      byte[] text = batch(n, n - 1);
      ImportResult r = db.importCopy("log", loose, text, text.length, n, Strategy.APPEND, true);
      assertEquals(List.of((long) n - 1, 1L), List.of(r.created(), r.failed()));
      assertEquals(n - 1, Rows.all(db, "log").size());
    }
  }
}

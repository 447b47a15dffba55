package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.Pg;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite sender writes its rows as COPY text from SQLite's own text of each value where that
 * text is the value's: a value stored as a float (SQLite keeps any type in any column), or text
 * that is not ASCII, is read by its type instead, so nothing is rounded or re-encoded.
 */
class SqliteCopyOutTest {
  /**
   * A blob in a column declared json, timestamp or boolean (SQLite keeps anything anywhere)
   * goes out as the text its bytes spell, whether they are ASCII or not, never as the name of
   * a Java array.
   */
  @Test
  void aBlobWhereTextWasDeclaredGoesOutAsItsText(@TempDir Path dir) throws Exception {
    Path file = sqlite(dir.resolve("blobs.db"),
        "CREATE TABLE b (id INTEGER PRIMARY KEY, j JSON, ts TIMESTAMPTZ, f BOOLEAN)",
        "INSERT INTO b VALUES (1, CAST('{}' AS BLOB), "
            + "CAST('2024-01-02 03:04:05+00' AS BLOB), CAST('true' AS BLOB)), "
            + "(2, CAST('{\"a\": \"é\"}' AS BLOB), "
            + "CAST('2024-01-02 03:04:05 Europe/Zürich' AS BLOB), CAST('no' AS BLOB))");
    var out = new java.io.ByteArrayOutputStream();
    try (Database db = JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(),
        false); TableReader r = db.openReader()) {
      r.copyOut("b", null, null, List.of(), out);
    }
    assertEquals("1\t{}\t2024-01-02T03:04:05+00\ttrue\n"
        + "2\t{\"a\": \"é\"}\t2024-01-02T03:04:05 Europe/Zürich\tfalse\n",
        out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void valuesOfEveryStorageClassArriveExactly(@TempDir Path dir) throws Exception {
    // JSON has NUMERIC affinity: '0.30000000000000004' is stored as a float, whose text in
    // SQLite has 15 digits ('0.3')
    Path file = sqlite(dir.resolve("odd.db"),
        "CREATE TABLE odd (id INTEGER PRIMARY KEY, t TEXT, j JSON, ts TIMESTAMP, "
            + "n BIGINT, u UUID)",
        "INSERT INTO odd VALUES "
            + "(1, 'tab\tback\\slash\nnew', '{\"a\": [1, 2]}', '2024-01-02 03:04:05', 5, "
            + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), "
            + "(2, 'ünï ✓', '0.30000000000000004', '2024-01-02T03:04:05.25', -7, NULL), "
            + "(3, '', '12', NULL, 9007199254740993, NULL), "
            + "(4, NULL, NULL, '2024-01-02 03:04', 0, NULL), "
            + "(5, '12.50', '\"x\"', '2024-01-02 03:04:05', -9223372036854775808, NULL)");
    String target = Pg.newDatabase();
    try (Database from = JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(),
        false); Database to = Pg.open(target)) {
      TypeRoundTripTest.pullAll(from, to);
    }
    assertEquals(List.of(
        List.of("1", "tab\tback\\slash\nnew", "{\"a\": [1, 2]}", "2024-01-02 03:04:05", "5",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        List.of("2", "ünï ✓", "0.30000000000000004", "2024-01-02 03:04:05.25", "-7", "null"),
        List.of("3", "", "12", "null", "9007199254740993", "null"),
        List.of("4", "null", "null", "2024-01-02 03:04:00", "0", "null"),
        List.of("5", "12.50", "\"x\"", "2024-01-02 03:04:05", "-9223372036854775808", "null")),
        Pg.query(target, "SELECT id::text, t, j::text, ts::text, n::text, u::text FROM odd "
            + "ORDER BY id").stream().map(r -> r.stream()
            .map(v -> v == null ? "null" : v).toList()).toList());
  }

  /**
   * Text in a float or numeric column, and an infinite float in a numeric one, are the
   * target's to refuse row by row with its own words; they used to fail the whole table with a
   * parse error of the sender's.
   */
  @Test
  void textThatIsNotANumberIsRefusedRowByRowByTheTarget(@TempDir Path dir) throws Exception {
    Path file = sqlite(dir.resolve("nan.db"),
        "CREATE TABLE f (id INTEGER PRIMARY KEY, x DOUBLE PRECISION, n NUMERIC(10,2))",
        "INSERT INTO f VALUES (1, 1.5, 2), (2, 'abc', 3), (3, 2.5, 9e999), "
            + "(4, 3.5, 'xyz'), (5, -4, '7.125')");
    String target = Pg.newDatabase();
    try (Database from = JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(),
        false); Database to = Pg.open(target)) {
      var r = new dev.dbsync.engine.transfer.TransferRunner(
          new dev.dbsync.engine.transfer.LocalSource(from), to,
          dev.dbsync.engine.transfer.TransferOptions.defaults(), null).run();
      var outcome = r.tables().get(0);
      assertEquals(2, outcome.result().created(), r::toString);
      List<String> reasons = outcome.result().errors().stream().map(e -> e.reason()).toList();
      assertEquals(3, reasons.size(), reasons::toString);
      assertTrue(reasons.get(0).contains("double precision: \"abc\""), reasons::toString);
      assertTrue(reasons.get(1).contains("infinite"), reasons::toString);
      assertTrue(reasons.get(2).contains("numeric: \"xyz\""), reasons::toString);
    }
    assertEquals(List.of(List.of("1", "1.5", "2.00"), List.of("5", "-4", "7.13")),
        Pg.query(target, "SELECT id::text, x::text, n::text FROM f ORDER BY id"));
  }

  /** A SQLite file made by these statements. */
  static Path sqlite(Path file, String... statements) throws java.sql.SQLException {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         var s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    return file;
  }
}

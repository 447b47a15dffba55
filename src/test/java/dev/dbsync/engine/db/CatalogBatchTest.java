package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.support.Pg;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of tables are described and counted a few statements at a time, not a few per
 * table: what the batched reads say of each table is what it says of that table alone.
 */
class CatalogBatchTest {

  private static final String SCHEMA = TypeRoundTripTest.DDL + """
      CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE, note text);
      CREATE TABLE child (id bigint PRIMARY KEY, parent_id int REFERENCES parent (id),
        x int, y text NOT NULL DEFAULT 'y');
      CREATE INDEX child_x ON child (x);
      CREATE TABLE big (id int PRIMARY KEY);
      INSERT INTO parent SELECT g, 'c' || g FROM generate_series(1, 7) g;
      INSERT INTO child SELECT g, 1 + g % 7, g FROM generate_series(1, 20) g;
      INSERT INTO big SELECT generate_series(1, 120000);
      ANALYZE big;
      """;

  @Test
  void manyTablesAtOnceAreDescribedAsEachAlone() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    try (Connection c = DriverManager.getConnection(l.jdbcUrl(), l.user(), "")) {
      List<String> names = List.of("everything", "parent", "child", "big", "missing");
      Map<String, LocalTable> all = PostgresCatalog.loadAll(c, "public", names);
      assertEquals(java.util.Set.of("everything", "parent", "child", "big"), all.keySet());
      for (String t : List.of("everything", "parent", "child", "big")) {
        LocalTable alone = PostgresCatalog.loadAll(c, "public", List.of(t)).get(t);
        assertEquals(alone.schema(), all.get(t).schema(), t);
        assertEquals(alone.sqlTypes(), all.get(t).sqlTypes(), t);
        assertEquals(alone.sequences(), all.get(t).sequences(), t);
      }
      assertEquals(List.of("id"), all.get("child").schema().primaryKey());
      assertEquals("parent", all.get("child").schema().foreignKeys().get(0).refTable());
      assertEquals(1, all.get("child").schema().indexes().size());
      assertEquals(List.of(List.of("code")), all.get("parent").schema().uniqueConstraints());
      assertTrue(all.get("parent").schema().foreignKeys().isEmpty());
    }
  }

  @Test
  void aTargetToldItsTablesDescribesThemAsItWouldOneByOne() {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    try (Database told = JdbcDatabase.open(l, TableFilter.defaults(), true);
         Database plain = JdbcDatabase.open(l, TableFilter.defaults(), true)) {
      told.expect(List.of("parent", "child", "everything", "missing"));
      for (String t : List.of("child", "parent", "everything", "big")) {
        assertEquals(plain.getSchema(t), told.getSchema(t), t);
      }
      assertThrows(TableNotFoundException.class, () -> told.getSchema("missing"));
    }
  }

  @Test
  void countsAreExactBelowTheStatisticsThresholdAndKeptForTheSnapshot() {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    try (Database db = Pg.open(url); TableReader r = db.openReader()) {
      Map<String, TableInfo> listed = new java.util.HashMap<>();
      r.listTables().forEach(t -> listed.put(t.name(), t));
      assertEquals(7, listed.get("parent").rowCount());
      assertFalse(listed.get("parent").estimated());
      assertEquals(20, listed.get("child").rowCount());
      assertTrue(listed.get("big").estimated(), "above 100,000 rows: the statistics");
      Map<String, Long> counts = r.estimateCounts(List.of("child", "big", "parent"));
      assertEquals(List.of("child", "big", "parent"), List.copyOf(counts.keySet()));
      assertEquals(20, counts.get("child"));
      assertEquals(7, counts.get("parent"));
      assertTrue(counts.get("big") >= 100_000, counts.toString());
      for (String t : List.of("child", "parent", "big")) {
        assertEquals(r.estimateCount(t), counts.get(t), t);
      }
      // rows added meanwhile are not in this snapshot, and its counts say so
      Pg.exec(url, "INSERT INTO parent VALUES (99, 'late')");
      assertEquals(7, r.getCount("parent"));
      assertThrows(TableNotFoundException.class, () -> r.estimateCounts(List.of("missing")));
    }
    try (Database db = Pg.open(url); TableReader r = db.openReader()) {
      assertEquals(8, r.estimateCounts(List.of("parent")).get("parent"), "a new snapshot");
    }
  }

  /**
   * A big table just loaded and never analyzed (as after a restore, before autovacuum comes)
   * is listed from the live rows the server counted, not read row by row; a small one is
   * counted.
   */
  @Test
  void aBigTableNeverAnalyzedIsListedFromTheRowsTheServerCounted() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE restored (id int) WITH (autovacuum_enabled = off);"
        + "CREATE TABLE few (id int) WITH (autovacuum_enabled = off);"
        + "INSERT INTO restored SELECT generate_series(1, 150000);"
        + "INSERT INTO few SELECT generate_series(1, 40);");
    waitFor(url, "pg_stat_get_live_tuples('restored'::regclass) = 150000 "
        + "AND (SELECT reltuples FROM pg_class WHERE relname = 'restored') < 0");
    long scans = scans(url, "restored");
    try (Database db = Pg.open(url); TableReader r = db.openReader()) {
      Map<String, TableInfo> listed = new java.util.HashMap<>();
      r.listTables().forEach(t -> listed.put(t.name(), t));
      assertTrue(listed.get("restored").estimated(), listed.toString());
      assertEquals(150_000, listed.get("restored").rowCount());
      assertFalse(listed.get("few").estimated());
      assertEquals(40, listed.get("few").rowCount());
    }
    waitFor(url, SCANS.replace("?", "few") + " >= 1"); // the listing's count reported
    assertEquals(scans, scans(url, "restored"), "restored was not read");
  }

  /**
   * A small table analyzed and not written since is listed from its statistics, not counted
   * again (its scans do not grow, while a table never analyzed is counted); once written, it
   * is counted.
   */
  @Test
  void aTableUnchangedSinceAnalyzedIsListedFromItsStatistics() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE kept (id int PRIMARY KEY); CREATE TABLE fresh (id int);"
        + "INSERT INTO kept SELECT generate_series(1, 500);"
        + "INSERT INTO fresh SELECT generate_series(1, 40);");
    Pg.exec(url, "ANALYZE kept"); // after the rows committed (else they count as changes)
    waitFor(url, "pg_stat_get_last_analyze_time('kept'::regclass) IS NOT NULL "
        + "AND pg_stat_get_live_tuples('kept'::regclass) = 500 "
        + "AND pg_stat_get_mod_since_analyze('kept'::regclass) = 0");
    long kept = scans(url, "kept");
    long fresh = scans(url, "fresh");
    assertEquals(Map.of("kept", 500L, "fresh", 40L), listed(url));
    waitFor(url, SCANS.replace("?", "fresh") + " > " + fresh); // the listing's counts reported
    assertEquals(kept, scans(url, "kept"), "kept was not counted");
    // written since: the server soon reports it, and the table is counted again
    Pg.exec(url, "INSERT INTO kept VALUES (501)");
    waitFor(url, "pg_stat_get_mod_since_analyze('kept'::regclass) > 0");
    assertEquals(Map.of("kept", 501L, "fresh", 40L), listed(url));
  }

  /**
   * A pull's progress takes an analyzed table's rows from its statistics too (300 tables of
   * 2,000 rows were counted, 0.3 s of the sender's server), but a count asked as exact (a dry
   * run's) never is: a row written in the last second may not be in the statistics yet, and
   * the count is then one short. Caught here while another session's insert has not been
   * reported (a server reports a session's writes at most once a second).
   */
  @Test
  void progressMayTakeTheStatisticsButAnExactCountNeverDoes() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE kept (id int PRIMARY KEY); CREATE TABLE fresh (id int);"
        + "INSERT INTO kept SELECT generate_series(1, 500);"
        + "INSERT INTO fresh SELECT generate_series(1, 40);");
    Pg.exec(url, "ANALYZE kept");
    waitFor(url, "pg_stat_get_last_analyze_time('kept'::regclass) IS NOT NULL "
        + "AND pg_stat_get_live_tuples('kept'::regclass) = 500 "
        + "AND pg_stat_get_mod_since_analyze('kept'::regclass) = 0");
    long kept = scans(url, "kept");
    long fresh = scans(url, "fresh");
    try (Database db = Pg.open(url); TableReader r = db.openReader()) {
      assertEquals(Map.of("kept", 500L, "fresh", 40L),
          r.estimateCounts(List.of("kept", "fresh")));
    }
    waitFor(url, SCANS.replace("?", "fresh") + " > " + fresh); // the counts' reads reported
    assertEquals(kept, scans(url, "kept"), "the progress count did not read kept");

    DatabaseLocator l = DatabaseLocator.parse(url, null);
    boolean caught = false;
    try (Connection writer = DriverManager.getConnection(l.jdbcUrl(), l.user(), "")) {
      for (int i = 0; i < 10 && !caught; i++) {
        long rows = 500 + i;
        Thread.sleep(1100); // the writer's earlier statements reported
        writer.createStatement().execute("SELECT 1"); // reports, and starts the second
        writer.createStatement().execute("INSERT INTO kept VALUES (" + (rows + 1) + ")");
        try (Database db = Pg.open(url); TableReader r = db.openReader()) {
          TableInfo listed = r.listTables().stream().filter(t -> t.name().equals("kept"))
              .findFirst().orElseThrow();
          caught = !listed.estimated() && listed.rowCount() == rows; // not reported yet
          assertEquals(rows + 1, r.getCount("kept"), "exact, whatever the statistics say");
        }
      }
    }
    assertTrue(caught, "never listed before the server reported the insert");
  }

  /**
   * A table whose file holds no page is empty and is not read to say so; a table emptied by a
   * delete keeps its pages and is counted (0), a partitioned one (whose own file is always
   * empty) counts its partitions' rows, and rows another transaction has not committed yet are
   * counted as the snapshot sees them.
   */
  @Test
  void aTableWithoutPagesIsEmptyWithoutBeingRead() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE made (id int PRIMARY KEY); CREATE TABLE emptied (id int);"
        + "INSERT INTO emptied SELECT generate_series(1, 30); DELETE FROM emptied;"
        + "CREATE TABLE parted (id int, part int) PARTITION BY LIST (part);"
        + "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES IN (1);"
        + "INSERT INTO parted SELECT g, 1 FROM generate_series(1, 12) g;"
        + "CREATE TABLE pending (id int)");
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    try (Connection other = DriverManager.getConnection(l.jdbcUrl(), l.user(), "")) {
      other.setAutoCommit(false);
      other.createStatement().execute("INSERT INTO pending VALUES (1)"); // not committed
      // the set-up's own reads reported (the delete read its table)
      waitFor(url, SCANS.replace("?", "emptied") + " >= 1");
      long made = scans(url, "made");
      long emptied = scans(url, "emptied");
      List<String> tables = List.of("made", "emptied", "parted", "pending");
      Map<String, Long> expected = Map.of("made", 0L, "emptied", 0L, "parted", 12L,
          "pending", 0L);
      assertEquals(expected, listed(url).entrySet().stream()
          .filter(e -> tables.contains(e.getKey()))
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      try (Database db = Pg.open(url); TableReader r = db.openReader()) {
        assertEquals(expected, r.estimateCounts(tables));
      }

      waitFor(url, SCANS.replace("?", "emptied") + " >= " + (emptied + 2)); // both counted it
      assertEquals(made, scans(url, "made"), "made was not read");
      other.rollback();
    }
  }

  private static final String SCANS = "(pg_stat_get_numscans('?'::regclass))";

  private static long scans(String url, String table) {
    return Long.parseLong(Pg.query(url, "SELECT " + SCANS.replace("?", table)).get(0).get(0));
  }

  private static Map<String, Long> listed(String url) {
    try (Database db = Pg.open(url); TableReader r = db.openReader()) {
      Map<String, Long> out = new java.util.HashMap<>();
      r.listTables().forEach(t -> {
        assertFalse(t.estimated(), t.toString());
        out.put(t.name(), t.rowCount());
      });
      return out;
    }
  }

  private static void waitFor(String url, String condition) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (Pg.query(url, "SELECT " + condition).get(0).get(0).equals("t")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within 15 s: " + condition);
  }
}

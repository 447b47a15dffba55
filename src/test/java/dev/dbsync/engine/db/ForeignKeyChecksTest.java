package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.support.Pg;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A batch COPY'd into a table that was empty at the start has its foreign keys checked once
 * for the whole batch rather than by a trigger per row, where turning the triggers off changes
 * nothing else: the tables that qualify, the check (every parent found, and locked as the
 * triggers lock it), and a batch with a missing parent going in row by row so that the one
 * row is refused with its key.
 */
class ForeignKeyChecksTest {

  static final String SCHEMA = """
      CREATE TABLE p (id int PRIMARY KEY, v text);
      CREATE TABLE p2 (a int, b text, PRIMARY KEY (a, b));
      CREATE TABLE child (id int PRIMARY KEY, p_id int REFERENCES p, v text);
      CREATE TABLE two_keys (id int PRIMARY KEY, p_id int REFERENCES p, a int, b text,
                             FOREIGN KEY (a, b) REFERENCES p2);
      CREATE TABLE tree (id int PRIMARY KEY, up int REFERENCES tree);
      CREATE TABLE plain (id int PRIMARY KEY);
      CREATE TABLE audited (id int PRIMARY KEY, p_id int REFERENCES p);
      CREATE TABLE audit_log (n int);
      CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS
        'BEGIN INSERT INTO audit_log VALUES (NEW.id); RETURN NEW; END';
      CREATE TRIGGER audit AFTER INSERT ON audited FOR EACH ROW EXECUTE FUNCTION note();
      CREATE TABLE deferred_unique (id int PRIMARY KEY, p_id int REFERENCES p,
                                    u int UNIQUE DEFERRABLE);
      CREATE TABLE full_match (id int PRIMARY KEY, a int, b text,
                               FOREIGN KEY (a, b) REFERENCES p2 MATCH FULL);
      CREATE TABLE wider (id int PRIMARY KEY, p_id bigint REFERENCES p);
      CREATE TABLE ruled (id int PRIMARY KEY, p_id int REFERENCES p);
      CREATE RULE keep AS ON UPDATE TO ruled DO INSTEAD NOTHING;
      CREATE TABLE switched_off (id int PRIMARY KEY, p_id int REFERENCES p);
      ALTER TABLE switched_off DISABLE TRIGGER ALL;
      INSERT INTO p SELECT g, 'p' || g FROM generate_series(1, 1000) g;
      INSERT INTO p2 VALUES (1, 'x'), (2, 'y');
      """;

  static final List<String> TABLES = List.of("p", "p2", "child", "two_keys", "tree", "plain",
      "audited", "audit_log", "deferred_unique", "full_match", "wider", "ruled", "switched_off");

  static Connection connect(String url) throws SQLException {
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    return DriverManager.getConnection(l.jdbcUrl(), l.user(), "");
  }

  @Test
  void onlyPlainTablesWithPlainKeysAreCheckedOncePerBatch() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    try (Connection c = connect(url)) {
      Map<String, ForeignKeyChecks.Checks> checks = new TreeMap<>(ForeignKeyChecks.read(c, "public",
          TABLES));
      assertEquals(List.of("child", "tree", "two_keys"), List.copyOf(checks.keySet()),
          "a trigger of the user's, a deferrable unique key, MATCH FULL, columns of two "
              + "types, a rule, triggers switched off, or no foreign key: row by row");
      assertEquals(2, checks.get("two_keys").keys().size(), "two keys");
      assertTrue(checks.get("two_keys").unchanged().contains("pg_trigger"), "and that nothing "
          + "changed");
      assertTrue(checks.get("tree").keys().get(0).contains("FROM ONLY \"public\".\"tree\" p"),
          checks.get("tree").keys().get(0));
    }
    String role = "fk" + url.substring(url.lastIndexOf('_') + 1);
    Pg.exec(url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
        + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$;");
    try (Connection c = connect(url.replace("postgres://postgres@", "postgres://" + role
        + "@"))) {
      assertEquals(Map.of(), ForeignKeyChecks.read(c, "public", TABLES),
          "a user who may not turn the triggers off keeps them");
    }
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      assertEquals(Map.of(), ForeignKeyChecks.read(c, "public", TABLES),
          "where the triggers are off already, nothing is checked that was not before");
    }
  }

  @Test
  void theCheckFindsEveryParentAndLocksThemUntilTheBatchCommits() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    try (Connection c = connect(url); Connection other = connect(url)) {
      ForeignKeyChecks.Checks checks = ForeignKeyChecks.read(c, "public", List.of("two_keys"))
          .get("two_keys");
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(ForeignKeyChecks.TRIGGERS_OFF);
        s.execute("INSERT INTO two_keys VALUES (1, 5, 1, 'x'), (2, NULL, 2, 'y'), "
            + "(3, 5, NULL, 'nothing: one column of the key is null')");
      }
      ForeignKeyChecks.verify(c, "two_keys", checks);
      try (Statement s = other.createStatement()) {
        s.execute("SET lock_timeout = '300ms'");
        SQLException e = assertThrows(SQLException.class,
            () -> s.execute("DELETE FROM p WHERE id = 5"));
        assertEquals("55P03", e.getSQLState(), "the parent is locked: " + e.getMessage());
        s.execute("DELETE FROM p WHERE id = 6"); // not referenced: not locked
        e = assertThrows(SQLException.class, () -> s.execute("DELETE FROM p2 WHERE a = 1"));
        assertEquals("55P03", e.getSQLState(), e.getMessage());
      }
      try (Statement s = c.createStatement()) {
        s.execute(ForeignKeyChecks.TRIGGERS_OFF);
        s.execute("INSERT INTO two_keys VALUES (4, 7, 2, 'x')"); // (2, 'x') is no parent
      }
      SQLException e = assertThrows(SQLException.class,
          () -> ForeignKeyChecks.verify(c, "two_keys", checks));
      assertEquals("23503", e.getSQLState());
      assertTrue(Errors.isForeignKeyViolation(e));
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SHOW session_replication_role")) {
        rs.next();
        assertEquals("origin", rs.getString(1), "the triggers are on again");
      }
      c.rollback();
    }
  }

  @Test
  void theCheckReadsOnlyTheRowsOfItsOwnTransaction() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA + "SET session_replication_role = replica;"
        + "INSERT INTO child VALUES (1, 4000, 'an orphan from before, not ours to judge');");
    try (Connection c = connect(url)) {
      ForeignKeyChecks.Checks checks = ForeignKeyChecks.read(c, "public", List.of("child"))
          .get("child");
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SAVEPOINT batch");
        s.execute(ForeignKeyChecks.TRIGGERS_OFF);
        s.execute("INSERT INTO child SELECT g, g, 'new' FROM generate_series(2, 900) g");
      }
      ForeignKeyChecks.verify(c, "child", checks); // the old orphan is not this batch's
      try (Statement s = c.createStatement()) {
        s.execute(ForeignKeyChecks.TRIGGERS_OFF);
        s.execute("INSERT INTO child VALUES (901, 3000, 'ours')");
      }
      assertThrows(SQLException.class, () -> ForeignKeyChecks.verify(c, "child", checks));
      c.rollback();
    }
  }

  @Test
  void everyBatchOfABigTableIsCheckedWhileTheTableIsSmallBesideIt() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    try (Database db = Pg.open(url)) {
      db.describeAhead(List.of("child"));
      List<dev.dbsync.engine.model.ColumnInfo> cols = db.getSchema("child").columns();
      long created = 0;
      long failed = 0;
      try (Database.CopyStream s = db.streamCopy("child", cols, Strategy.SKIP, true)) {
        for (int b = 0; b < 4; b++) {
          byte[] batch = childRows(b * 1000 + 1, b * 1000 + 1000, b == 2 ? 2600 : -1);
          assertTrue(batch.length >= ForeignKeyChecks.AT_LEAST_BYTES);
          s.write(batch, 0, batch.length);
          ImportResult r = s.commit(batch, batch.length);
          created += r.created();
          failed += r.failed();
          if (b == 2) {
            assertEquals("{\"id\":2600}", r.errors().get(0).key().toString());
          }
        }
      }
      assertEquals(List.of(3999L, 1L), List.of(created, failed));
    }
    // each batch's check reads the table twice (the row triggers never read it): all four
    long reads = 0;
    for (long until = System.nanoTime() + 20_000_000_000L; reads < 8
        && System.nanoTime() < until; ) {
      reads = Long.parseLong(Pg.query(url, "SELECT pg_stat_clear_snapshot(), (SELECT seq_scan "
          + "FROM pg_stat_user_tables WHERE relname = 'child')").get(0).get(1));
      if (reads < 8) {
        Thread.sleep(200);
      }
    }
    assertTrue(reads >= 8, "every batch checked once: " + reads + " reads of the table");
    assertEquals(List.of(List.of("3999", "0")), Pg.query(url, "SELECT count(*), count(*) "
        + "FILTER (WHERE p_id NOT IN (SELECT id FROM p)) FROM child"));
  }

  @Test
  void aUserNoLongerAllowedToTurnTheTriggersOffWritesWithThem() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    String role = "fw" + url.substring(url.lastIndexOf('_') + 1);
    Pg.exec(url, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
        + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$; GRANT SELECT, INSERT ON "
        + "child, p TO " + role + ";");
    ForeignKeyChecks.Checks checks;
    try (Connection c = connect(url)) {
      checks = ForeignKeyChecks.read(c, "public", List.of("child")).get("child");
    }
    try (Connection c = connect(url.replace("postgres://postgres@", "postgres://" + role
        + "@"))) {
      c.setAutoCommit(false);
      byte[] batch = childRows(1, 1000, -1);
      PostgresImporter.Streamed s = new PostgresImporter(c, PostgresCatalog.load(c, "public",
          "child")).stream(List.of("id", "p_id", "v"), Strategy.SKIP, true, false, checks);
      s.write(batch, 0, batch.length);
      ImportResult r = s.finish(batch, batch.length);
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT to_regclass('pg_temp.dbsync_stage_3')")) {
        rs.next();
        assertEquals(null, rs.getString(1), "one COPY, not row by row through the stage");
      }
      c.commit();
      assertEquals(List.of(1000L, 0L), List.of(r.created(), r.failed()));
    }
  }

  @Test
  void aKeyOrTriggerAddedAfterTheReadingIsNotSkipped() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA + "CREATE TABLE other (id int PRIMARY KEY); INSERT INTO other VALUES (1);");
    try (Connection c = connect(url)) {
      ForeignKeyChecks.Checks checks = ForeignKeyChecks.read(c, "public", List.of("child"))
          .get("child");
      Pg.exec(url, "ALTER TABLE child ADD COLUMN o int REFERENCES other");
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(ForeignKeyChecks.TRIGGERS_OFF);
        s.execute("INSERT INTO child VALUES (1, 1, 'x', 99)"); // 99: no such row in other
      }
      SQLException e = assertThrows(SQLException.class,
          () -> ForeignKeyChecks.verify(c, "child", checks));
      assertTrue(e.getMessage().contains("triggers of child changed"), e.getMessage());
      c.rollback();
    }
  }

  @Test
  void aTableFarBiggerThanItsBatchesKeepsTheRowTriggers() {
    assertTrue(ForeignKeyChecks.worthIt(0, 0));
    assertTrue(ForeignKeyChecks.worthIt(400_000, 27_000));
    assertTrue(!ForeignKeyChecks.worthIt(2_000_000, 27_000));
    assertTrue(!ForeignKeyChecks.worthIt(5, 0), "a batch that wrote nothing says nothing");
  }

  /** Rows {@code from}..{@code to} of child, COPY text, each referencing the parent id. */
  static byte[] childRows(int from, int to, int orphan) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append(i).append('\t').append(i == orphan ? 5000 : 1 + i % 1000)
          .append("\tsome text, long enough for a batch to be worth one check: ").append(i)
          .append('\n');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBatchIsCheckedOnceAndOneWithAMissingParentRefusesThatRowAlone() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    try (Connection c = connect(url)) {
      c.setAutoCommit(false);
      LocalTable child = PostgresCatalog.load(c, "public", "child");
      ForeignKeyChecks.Checks checks = ForeignKeyChecks.read(c, "public", List.of("child"))
          .get("child");
      byte[] batch = childRows(1, 1000, -1);
      assertTrue(batch.length >= ForeignKeyChecks.AT_LEAST_BYTES);
      PostgresImporter.Streamed s = new PostgresImporter(c, child).stream(
          List.of("id", "p_id", "v"), Strategy.SKIP, true, false, checks);
      s.write(batch, 0, batch.length);
      ImportResult r = s.finish(batch, batch.length);
      assertEquals(List.of(1000L, 0L), List.of(r.created(), r.failed()));
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT seq_scan FROM pg_stat_xact_user_tables "
               + "WHERE relname = 'child'")) {
        rs.next();
        assertTrue(rs.getLong(1) > 0, "checked by reading the table, not row by row");
      }
      c.commit();

      Pg.exec(url, "TRUNCATE child");
      batch = childRows(1, 1000, 400);
      s = new PostgresImporter(c, child).stream(List.of("id", "p_id", "v"), Strategy.SKIP,
          true, false, checks);
      s.write(batch, 0, batch.length);
      r = s.finish(batch, batch.length);
      c.commit();
      assertEquals(List.of(999L, 1L), List.of(r.created(), r.failed()));
      assertEquals("{\"id\":400}", r.errors().get(0).key().toString());
      assertTrue(r.errors().get(0).foreignKey(), r.errors().get(0).toString());
    }
    assertEquals(List.of(List.of("999", "0")), Pg.query(url, "SELECT count(*), count(*) "
        + "FILTER (WHERE p_id NOT IN (SELECT id FROM p)) FROM child"));
  }

  @Test
  void aPullKeepsTheUsersTriggersAndRefusesOrphansInEveryTable() {
    String src = Pg.newDatabase();
    String dst = Pg.newDatabase();
    Pg.exec(src, SCHEMA.replace("ALTER TABLE switched_off DISABLE TRIGGER ALL;", ""));
    Pg.exec(src, "INSERT INTO audited SELECT g, g FROM generate_series(1, 1000) g;"
        + "INSERT INTO child SELECT g, g, 'some text ' || g FROM generate_series(1, 1000) g;"
        + "INSERT INTO tree SELECT g, NULLIF(g - 1, 0) FROM generate_series(1, 3000) g;");
    Pg.exec(dst, SCHEMA.replace("INSERT INTO p SELECT g, 'p' || g FROM generate_series(1, "
        + "1000) g;", "INSERT INTO p SELECT g, 'p' || g FROM generate_series(1, 999) g;")
        .replace("ALTER TABLE switched_off DISABLE TRIGGER ALL;", ""));
    try (Database source = Pg.open(src); Database target = Pg.open(dst)) {
      var report = new dev.dbsync.engine.transfer.TransferRunner(
          new dev.dbsync.engine.transfer.LocalSource(source), target,
          dev.dbsync.engine.transfer.TransferOptions.defaults()
              .withTables(List.of("audited", "child", "tree"))
              .withStrategy(Strategy.SKIP, null), null).run();
      Map<String, Long> failed = new TreeMap<>();
      report.tables().forEach(t -> failed.put(t.table(), t.result().failed()));
      assertEquals(Map.of("audited", 1L, "child", 1L, "tree", 0L), failed, report.toString());
    }
    assertEquals(List.of(List.of("999", "999", "999", "3000")), Pg.query(dst,
        "SELECT (SELECT count(*) FROM audited), (SELECT count(*) FROM audit_log), "
            + "(SELECT count(*) FROM child), (SELECT count(*) FROM tree)"));
  }
}

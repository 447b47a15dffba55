package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After a completed transfer the target holds the user's data and nothing of ours, and a user
 * with only SELECT, INSERT, UPDATE and DELETE on existing tables can pull with every strategy.
 */
class NoTraceTest {
  @TempDir
  Path dir;

  static String source() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE authors (id int PRIMARY KEY, name text);"
        + "CREATE TABLE books (id bigint PRIMARY KEY, author_id int REFERENCES authors, "
        + "title text); CREATE TABLE notes (line text);"
        + "INSERT INTO authors VALUES (1, 'Ada'), (2, 'Brian');"
        + "INSERT INTO books SELECT g, 1 + g % 2, 'book ' || g FROM generate_series(1, 5000) g;"
        + "INSERT INTO notes SELECT 'note ' || g FROM generate_series(1, 300) g;");
    return src;
  }

  /** A target whose user may only read and write rows of the tables that exist. */
  static String leastPrivilegeTarget() {
    String dst = Pg.newDatabase();
    String role = "lp" + dst.substring(dst.lastIndexOf('_') + 1);
    Pg.exec(dst, "CREATE TABLE authors (id serial PRIMARY KEY, name text);"
        + "CREATE TABLE books (id bigserial PRIMARY KEY, author_id int REFERENCES authors, "
        + "title text); CREATE TABLE notes (line text);"
        + "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') "
        + "THEN CREATE ROLE " + role + " LOGIN; END IF; END $$;"
        + "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
        + "GRANT SELECT, INSERT, UPDATE, DELETE ON authors, books, notes TO " + role + ";"
        + "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + role + ";");
    return dst.replace("postgres://postgres@", "postgres://" + role + "@");
  }

  static List<String> ownTables(String pgUrl) {
    List<String> out = new ArrayList<>();
    Pg.query(pgUrl, "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
        + "'information_schema') AND tablename NOT IN ('authors', 'books', 'notes')")
        .forEach(r -> out.add(r.get(0)));
    return out;
  }

  TransferReport pull(Database src, Database target, TransferOptions o) {
    try (ShareServer server = Sharing.start(src);
         SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      return c.transferAll(target, o, null);
    }
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void aLeastPrivilegeUserPullsIntoExistingTablesAndNothingOfOursStays(Strategy s) {
    String src = source();
    String dst = leastPrivilegeTarget();
    try (Database from = Pg.open(src); Database to = Pg.open(dst)) {
      TransferReport r = pull(from, to, TransferOptions.defaults().withStrategy(s, null));
      r.tables().forEach(t -> assertEquals(TableOutcome.Status.COMPLETED, t.status(),
          t.table() + ": " + t.error()));
      assertEquals(5000, to.getCount("books"));
      assertEquals(300, to.getCount("notes"));
      if (s != Strategy.APPEND) {
        assertEquals(Rows.all(from, "books"), Rows.all(to, "books"));
      }
      // a second run into the full target, resume on, changes nothing of ours either
      pull(from, to, TransferOptions.defaults().withStrategy(Strategy.SKIP, null));
    }
    assertEquals(List.of(), ownTables(dst));
  }

  @Test
  void aMissingPrivilegeIsNamedWithItsTable() {
    String src = source();
    String dst = leastPrivilegeTarget();
    String role = dst.substring("postgres://".length(), dst.indexOf('@'));
    Pg.exec(dst.replace(role + "@", "postgres@"), "REVOKE UPDATE ON books FROM " + role);
    try (Database from = Pg.open(src); Database to = Pg.open(dst)) {
      TransferReport r = pull(from, to, TransferOptions.defaults().withTables(List.of("books"))
          .withStrategy(Strategy.OVERWRITE, null));
      TableOutcome t = r.tables().get(0);
      assertEquals(TableOutcome.Status.FAILED, t.status());
      assertTrue(t.error().contains("lacks UPDATE on table books"), t.error());
      TransferReport created = pull(from, to, TransferOptions.defaults()
          .withTables(List.of("authors")).withStrategy(Strategy.SKIP, null));
      assertEquals(TableOutcome.Status.COMPLETED, created.tables().get(0).status());
    }
    try (Database from = Pg.open(src); Database to = Pg.open(dst)) {
      Pg.exec(src, "CREATE TABLE extra (id int PRIMARY KEY)");
      TransferReport r = pull(from, to, TransferOptions.defaults()
          .withTables(List.of("extra")));
      assertTrue(r.tables().get(0).error().contains("lacks CREATE on schema public"),
          r.tables().get(0).error());
    }
  }

  @Test
  void aSqliteTargetKeepsNothingOfOurs() throws Exception {
    Path target = dir.resolve("t.db");
    try (Database from = Sample.open(Sample.create(dir.resolve("s.db"), 2000));
         Database to = Sample.open(target)) {
      TransferReport r = pull(from, to, TransferOptions.defaults().withBatchSize(100));
      assertTrue(r.succeeded());
      assertEquals(Rows.all(from, "books"), Rows.all(to, "books"));
    }
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
         ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    assertTrue(names.stream().noneMatch(n -> n.startsWith("dbsync")), names.toString());
    assertEquals("delete", journalMode(target), "the file's journal mode is given back");
    assertTrue(!java.nio.file.Files.exists(dir.resolve("t.db-wal")), "no -wal file is left");
  }

  static String journalMode(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"delete", "wal"})
  void aSqliteFileKeepsItsJournalMode(String mode) throws Exception {
    Path target = dir.resolve(mode + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
         java.sql.Statement s = c.createStatement()) {
      s.executeQuery("PRAGMA journal_mode=" + mode).close();
      s.execute("CREATE TABLE mine (id integer PRIMARY KEY)");
    }
    try (Database from = Sample.open(Sample.create(dir.resolve("s.db"), 500));
         Database to = Sample.open(target)) {
      assertTrue(pull(from, to, TransferOptions.defaults()).succeeded());
      assertEquals("wal", journalMode(target), "WAL while the target is open to be written");
    }
    assertEquals(mode, journalMode(target));
  }

  @Test
  void aSqliteFileDeletedWhileOpenIsNotMadeAgainOnClose() throws Exception {
    Path target = dir.resolve("gone.db");
    try (Database from = Sample.open(Sample.create(dir.resolve("s.db"), 200));
         Database to = Sample.open(target)) {
      assertTrue(pull(from, to, TransferOptions.defaults()).succeeded());
      java.nio.file.Files.delete(target);
    }
    assertTrue(!java.nio.file.Files.exists(target), "closing made an empty file");
  }
}

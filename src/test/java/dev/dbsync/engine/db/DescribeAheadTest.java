package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.support.Pg;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a pull asks of each existing table before writing it (its description, the privileges
 * its strategy needs, whether it is empty) is read for all of them at once, ahead, on a
 * connection of its own: the answers are those the table-by-table questions give, a table
 * changed here since is asked again, and a writing connection the server ended meanwhile is
 * still replaced before anything is written.
 */
class DescribeAheadTest {

  @Test
  void neverWrittenTablesAreKnownEmptyAndOnlyThose() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE fresh (id int PRIMARY KEY); CREATE TABLE later (id int PRIMARY KEY);"
        + "CREATE TABLE full_one (id int PRIMARY KEY); INSERT INTO full_one VALUES (1);"
        + "CREATE TABLE emptied (id int PRIMARY KEY); INSERT INTO emptied VALUES (1);"
        + "DELETE FROM emptied; CREATE TABLE cut (id int PRIMARY KEY);"
        + "INSERT INTO cut VALUES (1); TRUNCATE cut;");
    try (Database db = Pg.open(url)) {
      db.describeAhead(List.of());
      assertTrue(db.emptyAtStart("fresh"));
      assertTrue(db.emptyAtStart("cut"), "a truncated table holds no page");
      assertFalse(db.emptyAtStart("full_one"));
      assertFalse(db.emptyAtStart("emptied"), "pages without rows: isEmpty is asked");
      assertTrue(db.isEmpty("emptied"));
      // a table changed here since is not answered from the reading
      db.addColumns("later", List.of(new dev.dbsync.engine.model.ColumnInfo("v", "text",
          true, false, null, null, null, null, "text", null, null)));
      assertFalse(db.emptyAtStart("later"));
      assertEquals(List.of("id", "v"), db.getSchema("later").columnNames());
      // the next transfer reads again: a table written meanwhile is no longer fresh
      Pg.exec(url, "INSERT INTO fresh VALUES (1); TRUNCATE full_one");
      db.describeAhead(List.of());
      assertFalse(db.emptyAtStart("fresh"));
      assertTrue(db.emptyAtStart("full_one"));
    }
    try (Database db = Pg.open(url)) {
      assertFalse(db.emptyAtStart("fresh"), "nothing read ahead: not known");
    }
  }

  @Test
  void privilegesReadAheadFailTheTableThatLacksOneAndALostConnectionIsReplaced() {
    String url = Pg.newDatabase();
    String role = "da" + url.substring(url.lastIndexOf('_') + 1);
    Pg.exec(url, "CREATE TABLE a (id int PRIMARY KEY, v text); CREATE TABLE b (id int "
        + "PRIMARY KEY, v text); DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
        + "rolname = '" + role + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$;"
        + "GRANT SELECT, INSERT, UPDATE ON a TO " + role + "; GRANT SELECT, INSERT ON b TO "
        + role + ";");
    String asRole = url.replace("postgres://postgres@", "postgres://" + role + "@");
    try (Database db = Pg.open(asRole)) {
      db.describeAhead(List.of("a", "b"));
      db.checkWritable("a", Strategy.OVERWRITE);
      db.checkWritable("b", Strategy.SKIP);
      DbSyncException e = assertThrows(DbSyncException.class,
          () -> db.checkWritable("b", Strategy.OVERWRITE));
      assertEquals("The target's user '" + role + "' lacks UPDATE on table b, which overwrite "
          + "needs (SELECT, INSERT, UPDATE). Ask for: GRANT UPDATE ON \"public\".\"b\" TO "
          + role + ";", e.getMessage());
      e = assertThrows(DbSyncException.class, () -> db.checkWritable("a", Strategy.MIRROR));
      assertTrue(e.getMessage().contains("lacks DELETE on table a"), e.getMessage());
      // the server ends our connections; the check still finds out, and the write goes on
      // a new one
      Pg.exec(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          + "WHERE application_name = 'dbsync' AND datname = current_database()");
      db.checkWritable("a", Strategy.SKIP);
      var row = WireValues.NODES.objectNode().put("id", 1).put("v", "x");
      assertEquals(1, db.importRecords("a", List.of(row), Strategy.SKIP).created());
    }
    assertEquals("[[1, x]]", Pg.query(url, "SELECT id, v FROM a").toString());
  }
}

package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.Pg;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A sender opens its next snapshot's connection ahead: the snapshot taken on it is a
 * read-only snapshot like any other, and one the server ended meanwhile is replaced. A single
 * read ahead prepares one connection, not one after each.
 */
class ReadAheadTest {

  @Test
  void thePreparedConnectionGivesAReadOnlySnapshotAndADroppedOneIsReplaced() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE a (id int primary key); INSERT INTO a VALUES (1), (2)");
    try (Database opened = Pg.open(url)) {
      JdbcDatabase db = (JdbcDatabase) opened;
      db.keepReadingAhead();
      try (Connection c = db.openSnapshot()) {
        assertEquals(2, count(c));
        Pg.exec(url, "INSERT INTO a VALUES (3)");
        assertEquals(2, count(c), "the snapshot does not see later rows");
        assertTrue(c.isReadOnly());
      }
      // the next one is prepared meanwhile; the server ends every connection of ours
      waitForBackends(url, 2);
      Pg.exec(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          + "WHERE application_name = 'dbsync' AND datname = current_database()");
      try (Connection c = db.openSnapshot()) {
        assertEquals(3, count(c));
      }
    }
    try (Database opened = Pg.open(url)) {
      JdbcDatabase db = (JdbcDatabase) opened;
      db.readAhead();
      waitForBackends(url, 2); // the table list's connection and the prepared one
      try (Connection c = db.openSnapshot()) {
        assertEquals(3, count(c));
        Thread.sleep(300);
        assertEquals(2, backends(url), "the prepared one taken, no other prepared");
      }
    }
  }

  private static int backends(String url) {
    return Integer.parseInt(Pg.query(url, "SELECT count(*) FROM pg_stat_activity WHERE "
        + "application_name = 'dbsync' AND datname = current_database()").get(0).get(0));
  }

  private static int count(Connection c) throws Exception {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM a")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The table list's connection and the prepared one. */
  private static void waitForBackends(String url, int n) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (Integer.parseInt(Pg.query(url, "SELECT count(*) FROM pg_stat_activity WHERE "
          + "application_name = 'dbsync' AND datname = current_database()").get(0).get(0)) >= n) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the next connection was not prepared");
  }
}

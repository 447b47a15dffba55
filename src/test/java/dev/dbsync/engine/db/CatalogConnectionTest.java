package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbsync.support.Pg;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table list is asked on one kept connection (not a new server process per question):
 * it sees what changed since, and outlives the server dropping that connection.
 */
class CatalogConnectionTest {

  @Test
  void theKeptConnectionSeesNewTablesAndOutlivesBeingDropped() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE a (id int primary key)");
    try (Database db = JdbcDatabase.open(DatabaseLocator.parse(url, null),
        TableFilter.defaults(), true)) {
      assertEquals(List.of("a"), db.allTableNames());
      Pg.exec(url, "CREATE TABLE b (id int primary key)");
      assertEquals(List.of("a", "b"), db.allTableNames());
      assertEquals(1, backends(url), "one kept connection, not one per question");
      // the server ends it (a restart, idle_session_timeout, an administrator)
      endOurConnections(url);
      Pg.exec(url, "CREATE TABLE c (id int primary key)");
      assertEquals(List.of("a", "b", "c"), db.allTableNames());
    }
  }

  @Test
  void aWritingConnectionTheServerEndedIsReplacedBeforeATableIsWritten() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE a (id int primary key, v text)");
    try (Database db = JdbcDatabase.open(DatabaseLocator.parse(url, null),
        TableFilter.defaults(), true)) {
      assertEquals(List.of("a"), db.allTableNames()); // the writing connection, just used
      endOurConnections(url);
      // what a transfer asks first of each table finds out, and goes on on a new connection
      db.checkWritable("a", dev.dbsync.engine.model.Strategy.SKIP);
      assertEquals(true, db.isEmpty("a"));
      endOurConnections(url);
      assertEquals(true, db.isEmpty("a"));
      var row = dev.dbsync.engine.db.WireValues.NODES.objectNode().put("id", 1).put("v", "x");
      assertEquals(1, db.importRecords("a", List.of(row),
          dev.dbsync.engine.model.Strategy.SKIP).created());
      assertEquals(1, backends(url));
    }
    assertEquals("[[1, x]]", Pg.query(url, "SELECT id, v FROM a").toString());
  }

  /** The server ends the connections of ours (a restart, an administrator). */
  private static void endOurConnections(String url) {
    Pg.exec(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        + "WHERE application_name = 'dbsync' AND datname = current_database()");
  }

  private static int backends(String url) {
    return Integer.parseInt(Pg.query(url, "SELECT count(*) FROM pg_stat_activity "
        + "WHERE application_name = 'dbsync' AND datname = current_database()").get(0).get(0));
  }
}

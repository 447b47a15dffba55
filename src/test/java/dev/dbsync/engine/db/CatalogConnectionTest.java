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
      Pg.exec(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          + "WHERE application_name = 'dbsync' AND datname = current_database()");
      Pg.exec(url, "CREATE TABLE c (id int primary key)");
      assertEquals(List.of("a", "b", "c"), db.allTableNames());
    }
  }

  private static int backends(String url) {
    return Integer.parseInt(Pg.query(url, "SELECT count(*) FROM pg_stat_activity "
        + "WHERE application_name = 'dbsync' AND datname = current_database()").get(0).get(0));
  }
}

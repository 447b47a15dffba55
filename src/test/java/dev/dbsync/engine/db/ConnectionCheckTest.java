package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.Pg;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** "Test connection" against a real PostgreSQL: what works and what fails, in plain words. */
class ConnectionCheckTest {

  @Test
  void aReachableDatabaseSaysWhatItIs() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE a (id int primary key)");
    ConnectionCheck.Result r = ConnectionCheck.test(DatabaseLocator.parse(url, null));
    assertTrue(r.ok(), r.message());
    assertTrue(r.message().startsWith("Connected to PostgreSQL") && r.message()
        .endsWith("1 table can be shared."), r.message());
  }

  @Test
  void aMissingDatabaseIsNamedAsSuch() {
    String url = Pg.newDatabase().replaceAll("/[^/]+$", "/no_such_db");
    ConnectionCheck.Result r = ConnectionCheck.test(DatabaseLocator.parse(url, null));
    assertFalse(r.ok());
    assertTrue(r.message().contains("database does not exist"), r.message());
  }

  @Test
  void aPortWithNoServerIsExplained() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ConnectionCheck.Result r = ConnectionCheck.test(DatabaseLocator.parse(
        "postgres://postgres@127.0.0.1:" + port + "/x", null));
    assertFalse(r.ok());
    assertTrue(r.message().startsWith("No PostgreSQL server answered"), r.message());
  }
}

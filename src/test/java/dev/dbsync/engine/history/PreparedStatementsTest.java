package dev.dbsync.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.DbSyncException;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * The history's statements are prepared once and run again with new values: each run sees
 * its own values, an insert answers its own key, a statement that failed is prepared anew,
 * and more texts than are kept still run.
 */
class PreparedStatementsTest {

  @Test
  void keptStatementsRunAgainWithNewValuesAndAFailedOneIsPreparedAnew() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
         Jdbc.Prepared p = new Jdbc.Prepared(c)) {
      p.update("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
      String insert = "INSERT INTO t (v) VALUES (?)";
      assertEquals(1, p.insert(insert, "a"));
      assertEquals(2, p.insert(insert, "b"));
      DbSyncException e = assertThrows(DbSyncException.class, () -> p.insert(insert, "a"));
      assertTrue(e.getMessage().startsWith("The history could not be written"), e.getMessage());
      assertEquals(3, p.insert(insert, "c"));
      assertEquals(1, p.update("UPDATE t SET v = ? WHERE id = ?", "bb", 2));
      assertEquals(0, p.update("UPDATE t SET v = ? WHERE id = ?", "x", 9));
      assertEquals("bb", p.query("SELECT v FROM t WHERE id = ?",
          rs -> rs.next() ? rs.getString(1) : null, 2));
      for (int i = 0; i < 100; i++) { // more texts than are kept
        assertEquals(Integer.valueOf(i), p.query("SELECT " + i + " + 0 * ?",
            rs -> rs.next() ? rs.getInt(1) : -1,
            1));
      }
      assertEquals(4, p.insert(insert, "d"));
      assertEquals(Integer.valueOf(4), p.query("SELECT count(*) FROM t",
          rs -> rs.next() ? rs.getInt(1) : -1));
    }
  }
}

package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.Pg;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog reads columns from pg_catalog directly (cheap to plan); they must read exactly as
 * information_schema.columns describes them, for every type DB Sync knows and a few it does not.
 */
class PostgresCatalogTest {

  static List<List<String>> rows(Connection c, String sql, String table) throws Exception {
    List<List<String>> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, "public");
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> r = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            r.add(rs.getString(i));
          }
          out.add(r);
        }
      }
    }
    return out;
  }

  @Test
  void columnsReadFromTheCatalogMatchInformationSchema() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, TypeRoundTripTest.DDL + """
        CREATE DOMAIN positive AS integer CHECK (VALUE > 0) NOT NULL;
        CREATE DOMAIN tags AS text[];
        CREATE DOMAIN short_text AS varchar(12);
        CREATE TABLE odd (
          id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code serial,
          p positive, tg tags, st short_text, moods mood[], n numeric(8), vcs varchar(7)[],
          bits bit(3), vb varbit(9), created timestamptz(3) DEFAULT now(), dropped int,
          "Mixed Case" text NOT NULL DEFAULT 'x');
        ALTER TABLE odd DROP COLUMN dropped;
        """);
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    try (Connection c = DriverManager.getConnection(l.jdbcUrl(), l.user(), "")) {
      for (String table : List.of("everything", "odd")) {
        List<List<String>> fast = rows(c, PostgresCatalog.COLUMNS, table);
        List<List<String>> view = rows(c, PostgresCatalog.COLUMNS_VIEW, table);
        assertTrue(fast.size() > 10, table);
        assertEquals(view, fast, table);
      }
    }
  }
}

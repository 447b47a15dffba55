package dev.dbsync.support;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test run (started on first use, stopped when the
 * JVM ends), and a fresh database in it for each test that asks.
 */
public final class Pg {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private Pg() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
    }
    return server;
  }

  /** Creates an empty database and returns its postgres:// address. */
  public static String newDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "postgres://postgres@localhost:" + server().getPort() + "/" + name;
  }

  public static Database open(String url) {
    return JdbcDatabase.open(DatabaseLocator.parse(url, null), TableFilter.defaults(), false);
  }

  /** Runs a query and returns every row as a list of column texts. */
  public static java.util.List<java.util.List<String>> query(String url, String sql) {
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    java.util.List<java.util.List<String>> out = new java.util.ArrayList<>();
    try (Connection c = java.sql.DriverManager.getConnection(l.jdbcUrl(), l.user(), "");
         Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        java.util.List<String> row = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Runs SQL statements (separated by ';' at line ends) against a database. */
  public static void exec(String url, String sql) {
    DatabaseLocator l = DatabaseLocator.parse(url, null);
    try (Connection c = java.sql.DriverManager.getConnection(l.jdbcUrl(), l.user(), "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Tables {@code prefix}1..{@code n} of {@code rows} rows each (id, v), every even one
   * referencing the one before it (column up): parents and children for parallel pulls.
   */
  public static void chain(String url, String prefix, int n, int rows) {
    StringBuilder sql = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      boolean child = i % 2 == 0;
      sql.append("CREATE TABLE ").append(prefix).append(i).append(" (id int PRIMARY KEY, v text")
          .append(child ? ", up int REFERENCES " + prefix + (i - 1) : "").append("); ")
          .append("INSERT INTO ").append(prefix).append(i).append(" SELECT g, 'v' || g")
          .append(child ? ", g" : "").append(" FROM generate_series(1, ").append(rows)
          .append(") g;");
    }
    exec(url, sql.toString());
  }
}

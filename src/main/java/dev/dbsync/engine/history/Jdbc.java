package dev.dbsync.engine.history;

import dev.dbsync.engine.DbSyncException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Parameterised statements on the history file's connection (this package's, and the parts
 * kept in the same file), failures as plain messages.
 */
public final class Jdbc {
  private Jdbc() {}

  public static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  public static long insert(Connection c, String sql, Object... args) {
    try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
      ps.executeUpdate();
      return lastKey(c);
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be written: " + e.getMessage(), e);
    }
  }

  /** The key of the row the connection's last insert made (SQLite's rowid). */
  private static final String LAST_KEY = "SELECT last_insert_rowid()";

  /** The key of the row the connection's last insert made (SQLite's rowid), or -1. */
  private static long lastKey(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(LAST_KEY)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  public static int update(Connection c, String sql, Object... args) {
    try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be written: " + e.getMessage(), e);
    }
  }

  /**
   * The statements a connection runs again and again, each prepared once: SQLite parses a
   * statement's text at every prepare, and a pull of 300 tables writes some 2,000 history
   * statements on each side (prepared anew, a third of the history's CPU). Used, as the
   * connection is, by one thread at a time (the store's monitor).
   */
  public static final class Prepared implements AutoCloseable {
    /** Beyond this many texts (built ones have few forms) a statement is not kept. */
    private static final int AT_MOST = 64;
    private final Connection c;
    private final java.util.Map<String, PreparedStatement> kept = new java.util.HashMap<>();

    public Prepared(Connection c) {
      this.c = c;
    }

    /**
     * As {@link Jdbc#insert}, on the statement kept for {@code sql}; the key read with a kept
     * {@code last_insert_rowid()} (the connection's own, one thread at a time), not asked of
     * the driver, which matches the text against a pattern and runs a statement it makes and
     * closes for each insert (a fifth of the history's CPU in a 300-table pull).
     */
    public long insert(String sql, Object... args) {
      run(sql, true, args, PreparedStatement::executeUpdate);
      return query(LAST_KEY, rs -> rs.next() ? rs.getLong(1) : -1);
    }

    /** As {@link Jdbc#update}, on the statement kept for {@code sql}. */
    public int update(String sql, Object... args) {
      return run(sql, false, args, PreparedStatement::executeUpdate);
    }

    /** What {@code read} makes of the rows of the query kept for {@code sql}. */
    public <T> T query(String sql, Rows<T> read, Object... args) {
      return run(sql, false, args, ps -> {
        try (ResultSet rs = ps.executeQuery()) {
          return read.read(rs);
        }
      });
    }

    /** Reads a query's rows. */
    @FunctionalInterface
    public interface Rows<T> {
      T read(ResultSet rs) throws SQLException;
    }

    private <T> T run(String sql, boolean writes, Object[] args, Work<T> work) {
      PreparedStatement ps = null;
      try {
        ps = kept.get(sql);
        if (ps == null) {
          ps = c.prepareStatement(sql);
          if (kept.size() < AT_MOST) {
            kept.put(sql, ps);
          }
        }
        T result = work.run(bind(ps, args));
        if (kept.get(sql) != ps) {
          ps.close();
        }
        return result;
      } catch (SQLException e) {
        // a statement that failed is not kept: the next one is prepared anew
        kept.remove(sql);
        closeQuietly(ps);
        throw new DbSyncException("The history could not be " + (writes || !sql.startsWith("SELECT")
            ? "written" : "read") + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      kept.values().forEach(Prepared::closeQuietly);
      kept.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // the connection closes next
        }
      }
    }

    @FunctionalInterface
    private interface Work<T> {
      T run(PreparedStatement ps) throws SQLException;
    }
  }
}

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
    try (PreparedStatement ps = bind(c.prepareStatement(sql,
        Statement.RETURN_GENERATED_KEYS), args)) {
      return insertKey(ps);
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be written: " + e.getMessage(), e);
    }
  }

  /** Runs an insert prepared to return its key; the key, or -1. */
  private static long insertKey(PreparedStatement ps) throws SQLException {
    ps.executeUpdate();
    try (ResultSet keys = ps.getGeneratedKeys()) {
      return keys.next() ? keys.getLong(1) : -1;
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

    /** As {@link Jdbc#insert}, on the statement kept for {@code sql}. */
    public long insert(String sql, Object... args) {
      return run(sql, true, args, Jdbc::insertKey);
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

    private <T> T run(String sql, boolean keys, Object[] args, Work<T> work) {
      PreparedStatement ps = null;
      try {
        ps = kept.get(sql);
        if (ps == null) {
          ps = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
              : c.prepareStatement(sql);
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
        throw new DbSyncException("The history could not be " + (keys || !sql.startsWith("SELECT")
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

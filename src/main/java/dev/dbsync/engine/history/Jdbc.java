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
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be written: " + e.getMessage(), e);
    }
  }

  public static int update(Connection c, String sql, Object... args) {
    try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be written: " + e.getMessage(), e);
    }
  }
}

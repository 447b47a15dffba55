package dev.dbsync.engine.db;

import dev.dbsync.engine.model.Checkpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * Resume points, kept in the target database itself ({@code dbsync_checkpoints}, never listed
 * or served) so that a batch and its checkpoint commit together. The SQL is the same for
 * PostgreSQL and SQLite.
 */
final class Checkpoints {
  static final String TABLE = TableFilter.OWN_PREFIX + "checkpoints";

  private Checkpoints() {}

  private static void ensure(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (source_id TEXT NOT NULL, "
          + "table_name TEXT NOT NULL, last_key TEXT, rows_done BIGINT NOT NULL, "
          + "updated_at TEXT NOT NULL, PRIMARY KEY (source_id, table_name))");
    }
  }

  static void save(Connection c, Checkpoint cp) throws SQLException {
    ensure(c);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
        + " (source_id, table_name, last_key, rows_done, updated_at) VALUES (?, ?, ?, ?, ?) "
        + "ON CONFLICT (source_id, table_name) DO UPDATE SET last_key = excluded.last_key, "
        + "rows_done = excluded.rows_done, updated_at = excluded.updated_at")) {
      ps.setString(1, cp.sourceId());
      ps.setString(2, cp.table());
      ps.setString(3, cp.lastKey() == null ? null : cp.lastKey().toString());
      ps.setLong(4, cp.rowsDone());
      ps.setString(5, Instant.now().toString());
      ps.executeUpdate();
    }
  }

  static Optional<Checkpoint> load(Connection c, String sourceId, String table)
      throws SQLException {
    ensure(c);
    try (PreparedStatement ps = c.prepareStatement("SELECT last_key, rows_done FROM " + TABLE
        + " WHERE source_id = ? AND table_name = ?")) {
      ps.setString(1, sourceId);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String key = rs.getString(1);
        return Optional.of(new Checkpoint(sourceId, table,
            key == null ? null : WireValues.parseJson(key), rs.getLong(2)));
      }
    }
  }

  static void clear(Connection c, String sourceId, String table) throws SQLException {
    ensure(c);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
        + " WHERE source_id = ? AND table_name = ?")) {
      ps.setString(1, sourceId);
      ps.setString(2, table);
      ps.executeUpdate();
    }
  }
}

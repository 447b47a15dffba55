package dev.dbsync.engine.history;

import dev.dbsync.engine.DbSyncException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The history's queries: transfers by filter, statistics, audit entries. */
final class HistoryReads {
  private HistoryReads() {}

  record Where(String sql, List<Object> args) {}

  static Where where(HistoryQuery q) {
    List<String> parts = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (q.direction() != null) {
      parts.add("direction = ?");
      args.add(q.direction());
    }
    if (q.status() != null) {
      parts.add("status = ?");
      args.add(q.status().wireName());
    }
    if (q.table() != null && !q.table().isBlank()) {
      parts.add("table_name = ?");
      args.add(q.table());
    }
    if (q.connection() != null && !q.connection().isBlank()) {
      parts.add("(connection_name = ? OR session_code = ? OR remote_address = ?)");
      args.add(q.connection());
      args.add(q.connection());
      args.add(q.connection());
    }
    if (q.from() != null) {
      parts.add("created_at >= ?");
      args.add(q.from().toString());
    }
    if (q.to() != null) {
      parts.add("created_at < ?");
      args.add(q.to().toString());
    }
    return new Where(parts.isEmpty() ? "" : "WHERE " + String.join(" AND ", parts), args);
  }

  static List<TransferRecord> list(Connection c, String where, List<Object> args, int offset,
      int limit) {
    List<Object> all = new ArrayList<>(args);
    all.add(limit);
    all.add(offset);
    List<TransferRecord> out = new ArrayList<>();
    try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT * FROM transfers " + where
        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"), all.toArray());
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be read: " + e.getMessage(), e);
    }
  }

  static long count(Connection c, String where, List<Object> args) {
    try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT count(*) FROM transfers "
        + where), args.toArray()); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be read: " + e.getMessage(), e);
    }
  }

  /** Totals grouped by {@code key}, a fixed expression over the transfers table. */
  static List<Stats> stats(Connection c, String key) {
    List<Stats> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + key + " AS k, count(*), "
        + "sum(status = 'completed'), sum(status = 'failed'), sum(records_transferred), "
        + "sum(bytes) FROM transfers WHERE kind = 'transfer' GROUP BY k "
        + "ORDER BY count(*) DESC, k");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Stats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
            rs.getLong(5), rs.getLong(6)));
      }
      return out;
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be read: " + e.getMessage(), e);
    }
  }

  static List<AuditEntry> audit(Connection c, String subject, long id) {
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT at, subject, subject_id, "
        + "action, actor, detail FROM audit WHERE subject = ? AND subject_id = ? ORDER BY id"),
        subject, id); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new AuditEntry(Instant.parse(rs.getString(1)), rs.getString(2), rs.getLong(3),
            rs.getString(4), rs.getString(5), rs.getString(6)));
      }
      return out;
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be read: " + e.getMessage(), e);
    }
  }

  private static Instant time(ResultSet rs, String column) throws SQLException {
    String t = rs.getString(column);
    return t == null ? null : Instant.parse(t);
  }

  private static TransferRecord row(ResultSet rs) throws SQLException {
    long requested = rs.getLong("records_requested");
    Long req = rs.wasNull() ? null : requested;
    return new TransferRecord(rs.getLong("id"), rs.getString("direction"),
        rs.getString("connection_name"), rs.getString("session_code"),
        rs.getString("remote_address"), rs.getString("table_name"), rs.getString("strategy"),
        rs.getString("local_database"), req, rs.getLong("records_transferred"),
        rs.getLong("records_created"), rs.getLong("records_updated"),
        rs.getLong("records_skipped"), rs.getLong("records_failed"), rs.getLong("bytes"),
        rs.getString("requester_address"), rs.getString("client_name"),
        rs.getString("initiated_by"), TransferStatus.parse(rs.getString("status")),
        time(rs, "created_at"), time(rs, "updated_at"), time(rs, "started_at"),
        time(rs, "finished_at"), rs.getString("error_message"),
        rs.getInt("requires_approval") != 0, time(rs, "approved_at"),
        rs.getString("approved_by"), time(rs, "denied_at"), rs.getString("denied_by"),
        rs.getString("denial_reason"), time(rs, "approval_expires_at"),
        rs.getString("masked_columns"), rs.getString("kind"), rs.getLong("records_deleted"),
        rs.getString("compare_summary"));
  }
}

package dev.dbsync.engine.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Transfers that wait for the sender's approval: asked for ({@code pending ->
 * pending_approval}, with an expiry), approved or denied by a person, or expired when nobody
 * decided in time. Kept in the history file beside every other transfer.
 */
public final class Approvals {
  /** How long a request waits for a decision unless told otherwise. */
  public static final Duration DEFAULT_WAIT = Duration.ofHours(24);

  private final HistoryStore store;
  private final java.sql.Connection c;

  Approvals(HistoryStore store, java.sql.Connection c) {
    this.store = store;
    this.c = c;
  }

  /** Records a transfer that waits for approval until {@code wait} from now. */
  public long request(NewTransfer t, Duration wait, String actor) {
    synchronized (store) {
      long id = store.create(t, actor);
      store.move(id, TransferStatus.PENDING_APPROVAL, actor, "waits until "
          + store.clock().instant().plus(wait));
      Jdbc.update(c, "UPDATE transfers SET requires_approval = 1, approval_expires_at = ? "
          + "WHERE id = ?", store.clock().instant().plus(wait).toString(), id);
      return id;
    }
  }

  /** Approves a waiting transfer; refused when it does not wait (any more). */
  public void approve(long id, String actor) {
    synchronized (store) {
      expire();
      store.move(id, TransferStatus.APPROVED, actor, null);
    }
  }

  /** Denies a waiting transfer, with the reason the receiver is told. */
  public void deny(long id, String actor, String reason) {
    synchronized (store) {
      expire();
      store.move(id, TransferStatus.DENIED, actor, reason == null || reason.isBlank()
          ? "denied by " + actor : reason);
    }
  }

  /** The newest {@code status} transfer ({@code direction}) of a table on a connection. */
  public Optional<TransferRecord> find(String direction, String connection, String table,
      TransferStatus status) {
    synchronized (store) {
      try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT id FROM transfers WHERE "
          + "direction = ? AND connection_name = ? AND table_name = ? AND status = ? "
          + "ORDER BY id DESC LIMIT 1"), direction, connection, table, status.wireName());
           ResultSet rs = ps.executeQuery()) {
        return rs.next() ? store.get(rs.getLong(1)) : Optional.empty();
      } catch (SQLException e) {
        throw new dev.dbsync.engine.DbSyncException("The history could not be read: "
            + e.getMessage(), e);
      }
    }
  }

  /** On the receiver's side: the sender's id of the request a local transfer mirrors. */
  public void linkRemote(long id, long remoteId) {
    synchronized (store) { // one connection, shared by every thread of this store
      Jdbc.update(c, "UPDATE transfers SET remote_transfer_id = ? WHERE id = ?", remoteId, id);
    }
  }

  /** The sender's id linked with {@link #linkRemote}, or null. */
  public Long remoteId(long id) {
    synchronized (store) {
      try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT remote_transfer_id FROM "
          + "transfers WHERE id = ?"), id); ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long v = rs.getLong(1);
          return rs.wasNull() ? null : v;
        }
        return null;
      } catch (SQLException e) {
        throw new dev.dbsync.engine.DbSyncException("The history could not be read: "
            + e.getMessage(), e);
      }
    }
  }

  /** Marks every request that waited past its expiry as expired; returns their ids. */
  public List<Long> expire() {
    synchronized (store) {
      List<Long> due = new ArrayList<>();
      try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT id FROM transfers WHERE "
          + "status = 'pending_approval' AND approval_expires_at <= ?"),
          store.clock().instant().toString()); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(rs.getLong(1));
        }
      } catch (SQLException e) {
        throw new dev.dbsync.engine.DbSyncException("The history could not be read: "
            + e.getMessage(), e);
      }
      for (long id : due) {
        store.move(id, TransferStatus.EXPIRED, "dbsync", "nobody approved it in time");
      }
      return due;
    }
  }
}

package dev.dbsync.engine.connections;

import dev.dbsync.engine.history.Approvals;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.NewTransfer;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.engine.link.sender.ConnectionGate;
import dev.dbsync.engine.link.sender.ReceiverView;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The sender's side of permanent connections, answered from the history file: admission by
 * token, every request decided against the connection's settings, records and downloads
 * counted, approvals asked for and taken. Another program on this computer (the CLI, the
 * app) may change a connection at any time; each answer reads the file again.
 */
public final class ServedConnections implements ConnectionGate {
  private final HistoryStore store;
  private final Connections connections;
  private final String localDatabase;
  private final Duration approvalWait;
  private final Clock clock;
  private final ConnectionPolicy policy;

  public ServedConnections(HistoryStore store, String localDatabase, Duration approvalWait) {
    this.store = store;
    this.connections = Connections.of(store);
    this.localDatabase = localDatabase;
    this.approvalWait = approvalWait;
    this.clock = store.clock();
    this.policy = connections.policy();
  }

  @Override
  public Admission admit(String token, String password, String clientAddress) {
    Connections.Authorized a = connections.authorize(token, password, null, -1, clientAddress);
    return a.decision().allowed() ? Admission.of(a.connection().name())
        : Admission.refused(a.decision().refusal());
  }

  @Override
  public java.util.List<String> masks(String connection) {
    return connections.get(connection).map(c -> c.settings().masks())
        .orElse(java.util.List.of());
  }

  @Override
  public Verdict current(String connection, String token) {
    Optional<Connection> found = connections.get(connection);
    if (found.isEmpty()) {
      return Verdict.ended("deleted", "The sender deleted this connection.");
    }
    Connection c = found.get();
    if (!connections.tokenMatches(c.id(), token)) {
      return Verdict.ended("rotated", "The sender gave this connection a new token; ask them "
          + "for it.");
    }
    return ended(c, policy.usable(c, clock.instant()));
  }

  @Override
  public Verdict check(String connection, String table, long records, String clientAddress) {
    Optional<Connection> found = connections.get(connection);
    if (found.isEmpty()) {
      return Verdict.ended("deleted", "The sender deleted this connection.");
    }
    Connection c = found.get();
    return ended(c, policy.check(c, table, records, clientAddress, clock.instant()));
  }

  /** A decision as the link's verdict; expires the connection when the decision says so. */
  private Verdict ended(Connection c, ConnectionPolicy.Decision d) {
    if (d.allowed()) {
      return Verdict.OK;
    }
    if (d.expire()) {
      synchronized (store) { // another request may have expired it a moment ago
        if (connections.get(c.name()).map(now -> now.status().canMoveTo(
            ConnectionStatus.EXPIRED)).orElse(false)) {
          connections.move(c.name(), ConnectionStatus.EXPIRED, "dbsync", d.reason());
        }
      }
      return Verdict.ended("expired", d.reason());
    }
    if (c.status() != ConnectionStatus.ACTIVE) {
      return Verdict.ended(c.status().wireName(), d.reason());
    }
    return Verdict.no(d.reason());
  }

  @Override
  public boolean shares(String connection, String table) {
    return connections.get(connection).map(c -> {
      ConnectionSettings s = c.settings();
      return !s.excludedTables().contains(table)
          && (s.allowedTables().isEmpty() || s.allowedTables().contains(table));
    }).orElse(false);
  }

  @Override
  public Verdict sent(String connection, long rows) {
    ConnectionPolicy.Decision d = connections.sent(connection, rows);
    return d.allowed() ? Verdict.OK : Verdict.ended("expired", d.reason());
  }

  @Override
  public void downloaded(String connection) {
    connections.downloaded(connection);
  }

  @Override
  public Approval approval(String connection, String table, ReceiverView who, boolean take) {
    synchronized (store) {
      Optional<Connection> c = connections.get(connection);
      if (c.isEmpty() || !c.get().settings().needsApproval(table)) {
        return new Approval(ApprovalState.NOT_NEEDED, null, table, null, null);
      }
      Approvals approvals = store.approvals();
      approvals.expire();
      Optional<TransferRecord> ok = approvals.find("send", connection, table,
          TransferStatus.APPROVED);
      if (ok.isPresent()) {
        if (take) {
          store.move(ok.get().id(), TransferStatus.IN_PROGRESS, who.displayName(), null);
        }
        return state(ok.get());
      }
      TransferRecord waiting = approvals.find("send", connection, table,
          TransferStatus.PENDING_APPROVAL).orElseGet(() -> store.get(approvals.request(
              new NewTransfer("send", connection, null, who.address(), table, null,
                  localDatabase, null, who.address(), who.displayName(), "receiver"),
              approvalWait, who.displayName())).orElseThrow());
      return state(waiting);
    }
  }

  @Override
  public Approval approvalOf(String connection, long transferId) {
    return store.get(transferId).filter(t -> connection.equals(t.connectionName()))
        .map(ServedConnections::state).orElse(new Approval(ApprovalState.DENIED, transferId,
            null, null, "The sender knows no such request on this connection."));
  }

  private static Approval state(TransferRecord t) {
    ApprovalState s = switch (t.status()) {
      case PENDING, PENDING_APPROVAL -> ApprovalState.PENDING_APPROVAL;
      case DENIED -> ApprovalState.DENIED;
      case EXPIRED -> ApprovalState.EXPIRED;
      default -> ApprovalState.APPROVED;
    };
    return new Approval(s, t.id(), t.table(), t.approvalExpiresAt(), s == ApprovalState.EXPIRED
        ? "Nobody approved it before " + t.approvalExpiresAt() + "." : t.denialReason());
  }

  @Override
  public void forgotten(String connection, String reason) {
    synchronized (store) {
      connections.get(connection).filter(c -> c.status().canMoveTo(ConnectionStatus.REVOKED))
          .ifPresent(c -> connections.move(connection, ConnectionStatus.REVOKED, "receiver",
              reason == null || reason.isBlank() ? "the receiver deleted its copy" : reason));
    }
  }

  @Override
  public void expireApprovals() {
    store.approvals().expire();
  }
}

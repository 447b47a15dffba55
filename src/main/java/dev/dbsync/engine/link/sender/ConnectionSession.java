package dev.dbsync.engine.link.sender;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.WireValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a receiver on a permanent connection carries besides a one-time session: the
 * connection's name and token, the approvals it waits for, the approved transfer its next
 * read carries on, and the counting of what it reads against the connection's limits.
 */
final class ConnectionSession {
  private final String connection;
  private final String token;
  private final ConnectionGate gate;
  private final Map<Long, String> awaiting = new ConcurrentHashMap<>(); // transfer -> table
  private volatile Long transferId;

  ConnectionSession(String connection, String token, ConnectionGate gate) {
    this.connection = connection;
    this.token = token;
    this.gate = gate;
  }

  String connection() {
    return connection;
  }

  String token() {
    return token;
  }

  /** Remembers a transfer of {@code table} that waits for approval; true the first time. */
  boolean await(long transfer, String table) {
    return awaiting.put(transfer, table) == null;
  }

  /** The {@code transfer:approval} payloads of awaited approvals decided since last asked. */
  List<ObjectNode> decided() {
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<Long, String> e : awaiting.entrySet()) {
      ConnectionGate.Approval a = gate.approvalOf(connection, e.getKey());
      if (a.state() != ConnectionGate.ApprovalState.PENDING_APPROVAL
          && awaiting.remove(e.getKey()) != null) {
        ObjectNode p = WireValues.NODES.objectNode().put("transfer_id", e.getKey())
            .put("table", e.getValue()).put("status", a.state().name().toLowerCase());
        if (a.reason() != null) {
          p.put("reason", a.reason());
        }
        out.add(p);
      }
    }
    return out;
  }

  /** The approved transfer the next whole-table read carries on (null: a new one). */
  Long transferId() {
    return transferId;
  }

  void carry(Long id) {
    transferId = id;
  }

  /** Counts {@code rows} about to be sent: null when they may go, else why not. */
  String allowRows(long rows) {
    ConnectionGate.Verdict v = gate.sent(connection, rows);
    return v.allowed() ? null : v.reason();
  }

  /** A whole-table read ended ({@code ok}: completed, which counts as a download). */
  void readFinished(boolean ok) {
    if (ok) {
      gate.downloaded(connection);
    }
    transferId = null;
  }
}

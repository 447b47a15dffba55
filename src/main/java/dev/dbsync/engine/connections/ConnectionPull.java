package dev.dbsync.engine.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.history.Approvals;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.NewTransfer;
import dev.dbsync.engine.history.ReceiveRecorder;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The receiver's side of a saved permanent connection: connects with its token, keeps what
 * the sender says of the connection (active, suspended, revoked, expired, gone), and settles
 * the approvals the tables need before a transfer reads them, mirroring each request in the
 * local history so that a receiver that was away learns what became of it when it returns.
 */
public final class ConnectionPull {
  /** Where one table's approval stands: {@code status} as the sender's protocol names it. */
  public record TableApproval(String table, String status, Long transferId, Instant expiresAt,
      String reason) {
    public boolean mayRun() {
      return status.equals("approved") || status.equals("not_needed");
    }
  }

  private final HistoryStore store;
  private final SavedConnections savedConnections;
  private final String name;
  private final String actor;

  public ConnectionPull(HistoryStore store, String name, String actor) {
    this.store = store;
    this.savedConnections = SavedConnections.of(store);
    this.name = name;
    this.actor = actor;
  }

  public SavedConnection saved() {
    return savedConnections.require(name);
  }

  /** Connects with the saved token (and password, fingerprint); learns the connection's state. */
  public SyncClient connect(ConnectOptions options) {
    SavedConnection s = saved();
    SavedConnections.Secrets secrets = savedConnections.secrets(name);
    ConnectOptions o = options.withPassword(secrets.password());
    if (s.fingerprint() != null) {
      o = o.withFingerprint(s.fingerprint());
    }
    try {
      SyncClient c = SyncClient.connectWithToken(s.address(), secrets.token(), o);
      savedConnections.connected(name, c.connectionName(), actor);
      return c;
    } catch (LinkException e) {
      learn(e);
      throw e;
    }
  }

  /**
   * Deletes the saved connection here, after telling the sender when it can be reached (it
   * then revokes the connection). True when the sender was told.
   */
  public boolean forget(ConnectOptions options) {
    boolean told = false;
    try (SyncClient c = connect(options.withTimeouts(java.time.Duration.ofSeconds(10),
        java.time.Duration.ofSeconds(10)))) {
      c.forget("the receiver deleted its copy (" + actor + ")");
      told = true;
    } catch (RuntimeException e) {
      // unreachable, or it no longer serves the connection: nothing to tell
    }
    savedConnections.delete(name, actor);
    return told;
  }

  /** Keeps what a failure says of the connection on the sender's side, if it says anything. */
  public void learn(LinkException e) {
    String status = statusOf(e.remoteCode());
    if (status != null) {
      savedConnections.learnt(name, status, e.getMessage(), "sender");
    }
  }

  /**
   * Keeps what the sender pushed of the connection during a session (connection:status:
   * suspended, revoked, expired, deleted, rotated), if it pushed anything.
   */
  public void learn(SyncClient client) {
    JsonNode s = client.connectionStatus();
    String status = s == null ? null : statusOf(s.path("status").asText(null));
    if (status != null) {
      savedConnections.learnt(name, status, s.path("reason").asText(null), "sender");
    }
  }

  /** This side's status for the sender's refusal text or {@code connection:status} word. */
  static String statusOf(String remote) {
    if (remote == null) {
      return null;
    }
    return switch (remote) {
      case "Invalid token", "deleted", "rotated" -> "gone";
      case "Connection revoked", "revoked" -> "revoked";
      case "Connection expired", "Download limit reached", "Record limit reached", "expired" ->
          "expired";
      case "Connection not active", "suspended" -> "suspended";
      default -> null;
    };
  }

  /**
   * Asks the sender for the approval of each table (or what became of a request made
   * before), and waits up to {@code wait} for those still undecided. {@code onPending} hears
   * of each table that waits. Tables that may be read now are then run with
   * {@link #recorder} carrying their approved transfers on.
   */
  public List<TableApproval> approvals(SyncClient client, List<String> tables, String strategy,
      String localDatabase, Duration wait, Consumer<TableApproval> onPending) {
    return approvals(client, tables, strategy, localDatabase, wait, onPending, () -> false);
  }

  /** The same, giving up the wait as soon as {@code stop} says so (a user cancelled). */
  public List<TableApproval> approvals(SyncClient client, List<String> tables, String strategy,
      String localDatabase, Duration wait, Consumer<TableApproval> onPending,
      java.util.function.BooleanSupplier stop) {
    Map<String, TableApproval> out = new LinkedHashMap<>();
    Map<String, Long> local = new LinkedHashMap<>();
    for (String t : tables) {
      Long mine = store.approvals().find("receive", name, t, TransferStatus.PENDING_APPROVAL)
          .map(TransferRecord::id).orElse(null);
      JsonNode reply = client.requestApproval(t, mine == null ? null
          : store.approvals().remoteId(mine));
      if (mine != null && !"pending_approval".equals(reply.path("status").asText())
          && !"approved".equals(reply.path("status").asText())
          && !"not_needed".equals(reply.path("status").asText())) {
        settle(mine, reply); // denied or expired while we were away
        mine = null;
        reply = client.requestApproval(t, null); // and ask again
      }
      TableApproval a = approval(t, reply);
      if (a.status().equals("pending_approval") && mine == null) {
        mine = store.approvals().request(new NewTransfer("receive", name, null,
            saved().address(), t, strategy, localDatabase, null, null, null, actor),
            a.expiresAt() == null ? Approvals.DEFAULT_WAIT
                : Duration.between(store.clock().instant(), a.expiresAt()), actor);
        store.approvals().linkRemote(mine, a.transferId());
      }
      if (mine != null) {
        local.put(t, mine);
      }
      out.put(t, a);
    }
    out.values().stream().filter(a -> a.status().equals("pending_approval"))
        .forEach(onPending);
    Instant deadline = Instant.now().plus(wait);
    for (TableApproval a : List.copyOf(out.values())) {
      JsonNode decided = null;
      while (a.status().equals("pending_approval") && decided == null && !stop.getAsBoolean()) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
          break;
        }
        // in slices of a second at most, so that a cancel is heard
        decided = client.awaitApproval(a.transferId(), left.compareTo(Duration.ofSeconds(1)) > 0
            ? Duration.ofSeconds(1) : left);
      }
      if (decided != null) {
        out.put(a.table(), approval(a.table(), decided));
      }
    }
    for (Map.Entry<String, Long> e : local.entrySet()) {
      TableApproval a = out.get(e.getKey());
      if (!a.status().equals("pending_approval")) {
        settle(e.getValue(), a);
        if (a.mayRun()) {
          approved.put(a.table(), e.getValue());
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private final Map<String, Long> approved = new LinkedHashMap<>();

  /** The tables that may not be read now and why, in plain words ("" when none). */
  public static String describeHeld(List<TableApproval> decided) {
    StringBuilder b = new StringBuilder();
    for (TableApproval a : decided) {
      String why = switch (a.status()) {
        case "pending_approval" -> " still waits for the sender's approval (until "
            + a.expiresAt() + "); run again once they approve.";
        case "denied" -> " was denied by the sender" + (a.reason() == null ? "." : ": "
            + a.reason());
        case "expired" -> ": the request expired before the sender decided; run again to ask "
            + "again.";
        default -> null;
      };
      if (why != null) {
        b.append(b.length() == 0 ? "" : "\n").append(a.table()).append(why);
      }
    }
    return b.toString();
  }

  /** A recorder for the run that carries each approved table's transfer on. */
  public ReceiveRecorder recorder(ReceiveRecorder r) {
    approved.forEach(r::carryApproved);
    return r;
  }

  private void settle(long mine, JsonNode reply) {
    settle(mine, approval(null, reply));
  }

  /** Moves the local mirror of a request to the sender's decision (the sender's word rules). */
  private void settle(long mine, TableApproval a) {
    TransferStatus now = store.get(mine).orElseThrow().status();
    if (now != TransferStatus.PENDING_APPROVAL) {
      return;
    }
    switch (a.status()) {
      case "approved", "not_needed" -> store.move(mine, TransferStatus.APPROVED, "sender", null);
      case "denied" -> store.move(mine, TransferStatus.DENIED, "sender", a.reason());
      case "expired" -> store.move(mine, TransferStatus.EXPIRED, "sender", a.reason());
      default -> { }
    }
  }

  private static TableApproval approval(String table, JsonNode r) {
    return new TableApproval(table != null ? table : r.path("table").asText(null),
        r.path("status").asText("not_needed"),
        r.hasNonNull("transfer_id") ? r.get("transfer_id").asLong() : null,
        r.hasNonNull("expires_at") ? Instant.parse(r.get("expires_at").asText()) : null,
        r.path("reason").asText(null));
  }
}

package dev.dbsync.engine.link.sender;

import java.time.Instant;

/**
 * What a sender asks of the permanent connections it serves, on every request. The link
 * knows nothing of how they are kept; the history store answers
 * ({@code dev.dbsync.engine.connections.ServedConnections}).
 */
public interface ConnectionGate {

  /** Who a token belongs to, or why it is turned away at the door (the text of the 403). */
  record Admission(String connection, String refusal) {
    public static Admission of(String connection) {
      return new Admission(connection, null);
    }

    public static Admission refused(String why) {
      return new Admission(null, why);
    }
  }

  /**
   * The answer to one request: allowed, or refused with plain words. {@code status} names
   * what the connection became when it can no longer be used at all (suspended, revoked,
   * expired, deleted, rotated), so the receiver can be told and disconnected; else null.
   */
  record Verdict(boolean allowed, String reason, String status) {
    public static final Verdict OK = new Verdict(true, null, null);

    public static Verdict no(String reason) {
      return new Verdict(false, reason, null);
    }

    public static Verdict ended(String status, String reason) {
      return new Verdict(false, reason, status);
    }
  }

  /** Whether a whole-table read may begin now. */
  enum ApprovalState { NOT_NEEDED, APPROVED, PENDING_APPROVAL, DENIED, EXPIRED }

  /**
   * The approval of one table's read on a connection: {@code transferId} is the recorded
   * send transfer it belongs to (null when none is needed).
   */
  record Approval(ApprovalState state, Long transferId, String table, Instant expiresAt,
      String reason) {}

  /** Admits a token (and the connection's download password, when it has one). */
  Admission admit(String token, String password, String clientAddress);

  /** Whether the connection admitted with {@code token} is still usable as it was. */
  Verdict current(String connection, String token);

  /**
   * Decides one request for {@code table} (null for one that names none) reading up to
   * {@code records} rows (-1 when unknown), against every setting of the connection.
   */
  Verdict check(String connection, String table, long records, String clientAddress);

  /** Whether {@code table} is shared on the connection at all (its table list shows it). */
  boolean shares(String connection, String table);

  /** Counts {@code rows} about to be sent; refused when they would cross the total limit. */
  Verdict sent(String connection, long rows);

  /** Counts one whole-table read that completed. */
  void downloaded(String connection);

  /**
   * The approval a whole-table read of {@code table} needs: asks for one (recording a
   * transfer waiting for approval) when the connection requires it and none is pending.
   * An approved one is taken: it moves to in progress and becomes the read's transfer.
   */
  Approval approval(String connection, String table, ReceiverView who, boolean take);

  /** Where a transfer of {@code connection} that waited for approval is now. */
  Approval approvalOf(String connection, long transferId);

  /**
   * The receiver deleted its copy of the connection (it will not come back with this token):
   * the connection is revoked, with {@code reason}.
   */
  void forgotten(String connection, String reason);

  /** Marks requests that waited past their expiry as expired (called now and then). */
  void expireApprovals();

  /** The masks of {@code connection} ({@code TABLE.COLUMN=RULE}), on top of the share's. */
  default java.util.List<String> masks(String connection) {
    return java.util.List.of();
  }
}

package dev.dbsync.engine.link.receiver;

import dev.dbsync.engine.DbSyncException;

/** A failure of the link, with its kind so that a face can explain it and offer a way on. */
public class LinkException extends DbSyncException {
  /** What went wrong. */
  public enum Kind {
    WRONG_CODE, CODE_USED, CODE_EXPIRED, PASSWORD_REQUIRED, WRONG_PASSWORD, DENIED,
    TOO_MANY_ATTEMPTS, NOT_ACCEPTING, UNREACHABLE, CERTIFICATE, TIMEOUT, ENDED, LOST,
    REMOTE_ERROR, PROTOCOL,
    /** A whole-table read waits for the sender's approval ({@link #details} says which). */
    APPROVAL_PENDING,
    /** A permanent connection is no longer usable: suspended, revoked, expired, re-keyed. */
    CONNECTION_CHANGED,
    /** The address's scheme does not match the sender: ws for a TLS sender, or wss for a plain one. */
    WRONG_SCHEME
  }

  private final Kind kind;
  private String remoteCode;
  private com.fasterxml.jackson.databind.JsonNode details;

  public LinkException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public LinkException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * What the sender said in its own terms: the refusal text of a refused upgrade, the
   * {@code code} of a {@code response:error}, or the status a connection became; or null.
   */
  public String remoteCode() {
    return remoteCode;
  }

  /** The sender's payload for this failure (e.g. the approval a read waits for), or null. */
  public com.fasterxml.jackson.databind.JsonNode details() {
    return details;
  }

  LinkException withRemote(String code, com.fasterxml.jackson.databind.JsonNode payload) {
    this.remoteCode = code;
    this.details = payload;
    return this;
  }

  /** Maps the sender's refusal text (the body of its 403) to a kind and plain words. */
  static LinkException refused(int status, String text) {
    String t = text == null ? "" : text.trim();
    return describeRefusal(status, t).withRemote(t, null);
  }

  private static LinkException describeRefusal(int status, String t) {
    return switch (t) {
      case "Invalid token" -> new LinkException(Kind.CONNECTION_CHANGED,
          "The sender does not know this connection's token: it was deleted, or given a new "
              + "token. Ask the sender.");
      case "Connection revoked" -> new LinkException(Kind.CONNECTION_CHANGED,
          "The sender revoked this connection.");
      case "Connection expired", "Download limit reached", "Record limit reached" ->
          new LinkException(Kind.CONNECTION_CHANGED, "This connection has expired on the "
              + "sender's side (" + t.toLowerCase(java.util.Locale.ROOT) + ").");
      case "IP not allowed" -> new LinkException(Kind.NOT_ACCEPTING, "This connection may not "
          + "be used from this computer's address.");
      case "Outside allowed hours" -> new LinkException(Kind.NOT_ACCEPTING, "This connection "
          + "may not be used at this hour; the sender allows it at other hours (UTC).");
      case "Invalid code" -> new LinkException(Kind.WRONG_CODE,
          "The code is not valid. Check it with the sender (codes are 8 characters, "
              + "no 0, O, 1, I or L).");
      case "Code already used" -> new LinkException(Kind.CODE_USED,
          "That code was already used. Ask the sender for a new code.");
      case "Code expired" -> new LinkException(Kind.CODE_EXPIRED,
          "That code has expired. Ask the sender for a new code.");
      case "Password required" -> new LinkException(Kind.PASSWORD_REQUIRED,
          "The sender asks for a password. Enter the password they gave you.");
      case "Invalid password" -> new LinkException(Kind.WRONG_PASSWORD,
          "The password is wrong. Check it with the sender.");
      case "Connection not active", "Module disabled" -> new LinkException(Kind.NOT_ACCEPTING,
          "The sender is not accepting this connection right now (it may be suspended).");
      default -> t.startsWith("Too many attempts")
          ? new LinkException(Kind.TOO_MANY_ATTEMPTS, "Too many wrong attempts from this "
              + "computer. " + t.substring("Too many attempts".length()).replaceFirst("^;\\s*", "")
              .replaceFirst("^t", "T") + ".")
          : new LinkException(Kind.PROTOCOL, "The sender refused the connection (HTTP " + status
              + (t.isEmpty() ? "" : ": " + t) + ").");
    };
  }
}

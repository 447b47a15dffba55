package dev.dbsync.engine.link.receiver;

import dev.dbsync.engine.DbSyncException;

/** A failure of the link, with its kind so that a face can explain it and offer a way on. */
public class LinkException extends DbSyncException {
  /** What went wrong. */
  public enum Kind {
    WRONG_CODE, CODE_USED, CODE_EXPIRED, PASSWORD_REQUIRED, WRONG_PASSWORD, DENIED,
    TOO_MANY_ATTEMPTS, NOT_ACCEPTING, UNREACHABLE, CERTIFICATE, TIMEOUT, ENDED, LOST,
    REMOTE_ERROR, PROTOCOL
  }

  private final Kind kind;

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

  /** Maps the sender's refusal text (the body of its 403) to a kind and plain words. */
  static LinkException refused(int status, String text) {
    String t = text == null ? "" : text.trim();
    return switch (t) {
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
          "The sender is not accepting connections right now.");
      default -> t.startsWith("Too many attempts")
          ? new LinkException(Kind.TOO_MANY_ATTEMPTS, "Too many wrong attempts from this "
              + "computer. " + t.substring("Too many attempts".length()).replaceFirst("^;\\s*", "")
              .replaceFirst("^t", "T") + ".")
          : new LinkException(Kind.PROTOCOL, "The sender refused the connection (HTTP " + status
              + (t.isEmpty() ? "" : ": " + t) + ").");
    };
  }
}

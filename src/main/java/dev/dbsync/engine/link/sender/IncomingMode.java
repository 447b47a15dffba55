package dev.dbsync.engine.link.sender;

import java.util.Locale;

/** Who may connect with a valid code. */
public enum IncomingMode {
  /** Everyone with a valid code. */
  AUTO_ACCEPT,
  /** The sender's user approves or denies each receiver. */
  REQUIRE_APPROVAL,
  /** A valid code and the incoming password. */
  REQUIRE_PASSWORD,
  /** Nobody. */
  DENY_ALL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncomingMode parse(String text) {
    for (IncomingMode m : values()) {
      if (m.wireName().equalsIgnoreCase(text.trim().replace('-', '_'))) {
        return m;
      }
    }
    throw new IllegalArgumentException("Unknown mode '" + text
        + "': use auto_accept, require_approval, require_password or deny_all");
  }
}

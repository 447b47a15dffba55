package dev.dbsync.engine.connections;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a permanent connection is. {@code pending -> active | revoked};
 * {@code active -> suspended | revoked | expired}; {@code suspended -> active | revoked |
 * expired}. Revoked and expired are final.
 */
public enum ConnectionStatus {
  PENDING, ACTIVE, SUSPENDED, REVOKED, EXPIRED;

  private static final Map<ConnectionStatus, Set<ConnectionStatus>> MOVES = Map.of(
      PENDING, EnumSet.of(ACTIVE, REVOKED),
      ACTIVE, EnumSet.of(SUSPENDED, REVOKED, EXPIRED),
      SUSPENDED, EnumSet.of(ACTIVE, REVOKED, EXPIRED));

  public boolean canMoveTo(ConnectionStatus next) {
    return MOVES.getOrDefault(this, Set.of()).contains(next);
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConnectionStatus parse(String text) {
    for (ConnectionStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown connection status '" + text + "'");
  }
}

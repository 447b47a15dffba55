package dev.dbsync.engine.history;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a recorded transfer is. The only moves: {@code pending -> in_progress},
 * {@code pending -> pending_approval -> approved -> in_progress},
 * {@code pending_approval -> denied | expired},
 * {@code in_progress -> completed | failed | cancelled}. Every other move is refused.
 */
public enum TransferStatus {
  PENDING, PENDING_APPROVAL, APPROVED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED, DENIED,
  EXPIRED;

  private static final Map<TransferStatus, Set<TransferStatus>> MOVES = Map.of(
      PENDING, EnumSet.of(IN_PROGRESS, PENDING_APPROVAL),
      PENDING_APPROVAL, EnumSet.of(APPROVED, DENIED, EXPIRED),
      APPROVED, EnumSet.of(IN_PROGRESS),
      IN_PROGRESS, EnumSet.of(COMPLETED, FAILED, CANCELLED));

  public boolean canMoveTo(TransferStatus next) {
    return MOVES.getOrDefault(this, Set.of()).contains(next);
  }

  public boolean isFinal() {
    return MOVES.getOrDefault(this, Set.of()).isEmpty();
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TransferStatus parse(String text) {
    for (TransferStatus s : values()) {
      if (s.wireName().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown status '" + text + "': use pending, "
        + "pending_approval, approved, in_progress, completed, failed, cancelled, denied or "
        + "expired");
  }
}

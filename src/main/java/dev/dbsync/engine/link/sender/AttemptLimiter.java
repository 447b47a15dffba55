package dev.dbsync.engine.link.sender;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down and then refuses an address that keeps sending wrong codes or passwords. After
 * {@code FREE} failures each further attempt must wait twice as long as the last (from one
 * second); after {@code LOCK_AFTER} failures the address is refused for {@code LOCK}.
 * A success clears the address. Thread-safe.
 */
public final class AttemptLimiter {
  static final int FREE = 3;
  static final int LOCK_AFTER = 10;
  static final Duration LOCK = Duration.ofMinutes(15);

  private record State(int failures, Instant notBefore) {}

  private final Map<String, State> states = new HashMap<>();
  private final Clock clock;

  public AttemptLimiter(Clock clock) {
    this.clock = clock;
  }

  /** How long this address must still wait before its next attempt; zero when it may try. */
  public synchronized Duration waitFor(String address) {
    State s = states.get(address);
    if (s == null) {
      return Duration.ZERO;
    }
    Duration d = Duration.between(clock.instant(), s.notBefore());
    return d.isNegative() ? Duration.ZERO : d;
  }

  public synchronized void failed(String address) {
    State s = states.get(address);
    int failures = s == null ? 1 : s.failures() + 1;
    Duration wait;
    if (failures >= LOCK_AFTER) {
      wait = LOCK;
    } else if (failures > FREE) {
      wait = Duration.ofSeconds(1L << (failures - FREE - 1));
    } else {
      wait = Duration.ZERO;
    }
    states.put(address, new State(failures, clock.instant().plus(wait)));
  }

  public synchronized void succeeded(String address) {
    states.remove(address);
  }
}

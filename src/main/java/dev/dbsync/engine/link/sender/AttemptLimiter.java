package dev.dbsync.engine.link.sender;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down and then refuses an address that keeps sending wrong codes, tokens or passwords.
 * After {@code FREE} failures each further attempt must wait twice as long as the last (from
 * one second); after {@code LOCK_AFTER} failures the address is refused for {@code LOCK}.
 * Whatever else the address does (a valid code or token in between) its failures count; they
 * are forgotten only {@code FORGET_AFTER} after its last one. The table holds at most
 * {@code MAX_ADDRESSES} addresses (the forgotten ones go first, then the longest quiet), so a
 * flood of addresses cannot grow it. Thread-safe.
 */
public final class AttemptLimiter {
  static final int FREE = 3;
  static final int LOCK_AFTER = 10;
  static final Duration LOCK = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  static final int MAX_ADDRESSES = 10_000;

  private record State(int failures, Instant notBefore, Instant last) {}

  /** In the order of each address's last failure: the eldest is the quietest. */
  private final LinkedHashMap<String, State> states = new LinkedHashMap<>();
  private final Clock clock;

  public AttemptLimiter(Clock clock) {
    this.clock = clock;
  }

  private boolean forgotten(State s, Instant now) {
    return now.isAfter(s.last().plus(FORGET_AFTER)) && !now.isBefore(s.notBefore());
  }

  /** How long this address must still wait before its next attempt; zero when it may try. */
  public synchronized Duration waitFor(String address) {
    State s = states.get(address);
    Instant now = clock.instant();
    if (s == null) {
      return Duration.ZERO;
    }
    if (forgotten(s, now)) {
      states.remove(address);
      return Duration.ZERO;
    }
    Duration d = Duration.between(now, s.notBefore());
    return d.isNegative() ? Duration.ZERO : d;
  }

  public synchronized void failed(String address) {
    Instant now = clock.instant();
    State s = states.remove(address);
    if (s != null && forgotten(s, now)) {
      s = null;
    }
    int failures = s == null ? 1 : s.failures() + 1;
    Duration wait;
    if (failures >= LOCK_AFTER) {
      wait = LOCK;
    } else if (failures > FREE) {
      wait = Duration.ofSeconds(1L << (failures - FREE - 1));
    } else {
      wait = Duration.ZERO;
    }
    states.put(address, new State(failures, now.plus(wait), now));
    if (states.size() > MAX_ADDRESSES) {
      shrink(now);
    }
  }

  private void shrink(Instant now) {
    states.values().removeIf(s -> forgotten(s, now));
    Iterator<Map.Entry<String, State>> eldest = states.entrySet().iterator();
    while (states.size() > MAX_ADDRESSES && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }

  /** Addresses remembered now (for tests and the soak). */
  synchronized int size() {
    return states.size();
  }
}

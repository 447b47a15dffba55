package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.link.Codes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one-time codes of a sharing session: issued from a strong random source, used once,
 * expiring when unused, revocable. Thread-safe.
 */
public final class CodeBook {
  /** What checking a code found. */
  public enum Verdict { OK, INVALID, USED, EXPIRED }

  private record Entry(Instant expires, boolean used) {}

  private final Map<String, Entry> codes = new HashMap<>();
  private final Duration lifetime;
  private final Clock clock;

  public CodeBook(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public synchronized String issue() {
    String code;
    do {
      code = Codes.generate();
    } while (codes.containsKey(code));
    codes.put(code, new Entry(clock.instant().plus(lifetime), false));
    return code;
  }

  /** Checks a code and, when it is good, marks it used in the same step. */
  public synchronized Verdict consume(String code) {
    Entry e = codes.get(code);
    if (e == null) {
      return Verdict.INVALID;
    }
    if (e.used()) {
      return Verdict.USED;
    }
    if (clock.instant().isAfter(e.expires())) {
      return Verdict.EXPIRED;
    }
    codes.put(code, new Entry(e.expires(), true));
    return Verdict.OK;
  }

  /** Checks a code without using it. */
  public synchronized Verdict peek(String code) {
    Entry e = codes.get(code);
    if (e == null) {
      return Verdict.INVALID;
    }
    if (e.used()) {
      return Verdict.USED;
    }
    return clock.instant().isAfter(e.expires()) ? Verdict.EXPIRED : Verdict.OK;
  }

  public synchronized void revoke(String code) {
    codes.remove(code);
  }

  public synchronized Optional<Instant> expiry(String code) {
    return Optional.ofNullable(codes.get(code)).map(Entry::expires);
  }
}

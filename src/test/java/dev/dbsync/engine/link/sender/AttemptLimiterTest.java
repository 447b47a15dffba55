package dev.dbsync.engine.link.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {
  MutableClock clock = new MutableClock();
  AttemptLimiter limiter = new AttemptLimiter(clock);

  @Test
  void firstFailuresCostNothing() {
    for (int i = 0; i < AttemptLimiter.FREE; i++) {
      limiter.failed("1.2.3.4");
    }
    assertEquals(Duration.ZERO, limiter.waitFor("1.2.3.4"));
  }

  @Test
  void furtherFailuresDoubleTheWait() {
    for (int i = 0; i < AttemptLimiter.FREE + 3; i++) {
      clock.advance(limiter.waitFor("a"));
      limiter.failed("a");
    }
    assertEquals(Duration.ofSeconds(4), limiter.waitFor("a"));
  }

  @Test
  void tenFailuresLockTheAddressForFifteenMinutes() {
    for (int i = 0; i < AttemptLimiter.LOCK_AFTER; i++) {
      clock.advance(limiter.waitFor("a"));
      limiter.failed("a");
    }
    assertEquals(Duration.ofMinutes(15), limiter.waitFor("a"));
    assertEquals(Duration.ZERO, limiter.waitFor("another address"));
  }

  @Test
  void failuresAreForgottenOnlyAfterAQuietQuarterOfAnHour() {
    for (int i = 0; i < 6; i++) {
      clock.advance(limiter.waitFor("a"));
      limiter.failed("a");
    }
    assertTrue(limiter.waitFor("a").toSeconds() > 0);
    clock.advance(AttemptLimiter.FORGET_AFTER.plusSeconds(1));
    assertTrue(limiter.waitFor("a").isZero());
    limiter.failed("a"); // counting starts over: the first failures are free again
    assertTrue(limiter.waitFor("a").isZero());
  }

  @Test
  void theTableStaysBoundedWhateverTheNumberOfAddresses() {
    for (int i = 0; i < AttemptLimiter.MAX_ADDRESSES + 5_000; i++) {
      limiter.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    }
    assertEquals(AttemptLimiter.MAX_ADDRESSES, limiter.size());
  }
}

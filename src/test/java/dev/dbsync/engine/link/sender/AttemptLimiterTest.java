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
  void successClearsTheAddress() {
    for (int i = 0; i < 6; i++) {
      limiter.failed("a");
    }
    limiter.succeeded("a");
    assertTrue(limiter.waitFor("a").isZero());
  }
}

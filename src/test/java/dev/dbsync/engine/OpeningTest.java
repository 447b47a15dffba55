package dev.dbsync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Opening something on a thread of its own: handed over whole, or closed, never leaked. */
class OpeningTest {

  /** Something that knows whether it was closed. */
  static final class Door implements AutoCloseable {
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void whatIsTakenIsTheCallersToClose() throws Exception {
    Door door = new Door();
    Door got;
    try (Opening<Door> o = Opening.start("test-open", () -> door)) {
      got = o.get();
    }
    assertSame(door, got);
    assertFalse(door.closed.await(200, TimeUnit.MILLISECONDS), "taken over: not closed");
  }

  @Test
  void whatNobodyTookIsClosedOnceItOpens() throws Exception {
    Door door = new Door();
    CountDownLatch slow = new CountDownLatch(1);
    try (Opening<Door> o = Opening.start("test-open", () -> {
      try {
        slow.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return door;
    })) {
      assertEquals(1, slow.getCount()); // the caller fails before it opened
    }
    slow.countDown();
    assertTrue(door.closed.await(5, TimeUnit.SECONDS), "closed after it opened");
  }

  @Test
  void aFailureIsThrownAsItWas() {
    DbSyncException failed = new DbSyncException("Could not connect to the target");
    try (Opening<Door> o = Opening.start("test-open", () -> {
      throw failed;
    })) {
      assertSame(failed, assertThrows(DbSyncException.class, o::get));
    }
  }
}

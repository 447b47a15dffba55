package dev.dbsync.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbsync.support.MutableClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every status move: the nine allowed ones pass, each of the other seventy-two is refused. */
class TransferStatusTest {
  @TempDir
  static Path dir;
  static HistoryStore store;

  /** How a new (pending) transfer reaches each status by allowed moves. */
  static final Map<TransferStatus, List<TransferStatus>> PATHS = Map.of(
      TransferStatus.PENDING, List.of(),
      TransferStatus.IN_PROGRESS, List.of(TransferStatus.IN_PROGRESS),
      TransferStatus.PENDING_APPROVAL, List.of(TransferStatus.PENDING_APPROVAL),
      TransferStatus.APPROVED, List.of(TransferStatus.PENDING_APPROVAL, TransferStatus.APPROVED),
      TransferStatus.COMPLETED, List.of(TransferStatus.IN_PROGRESS, TransferStatus.COMPLETED),
      TransferStatus.FAILED, List.of(TransferStatus.IN_PROGRESS, TransferStatus.FAILED),
      TransferStatus.CANCELLED, List.of(TransferStatus.IN_PROGRESS, TransferStatus.CANCELLED),
      TransferStatus.DENIED, List.of(TransferStatus.PENDING_APPROVAL, TransferStatus.DENIED),
      TransferStatus.EXPIRED, List.of(TransferStatus.PENDING_APPROVAL, TransferStatus.EXPIRED));

  static final List<String> ALLOWED = List.of("pending->in_progress",
      "pending->pending_approval", "pending_approval->approved", "pending_approval->denied",
      "pending_approval->expired", "approved->in_progress", "in_progress->completed",
      "in_progress->failed", "in_progress->cancelled");

  @BeforeAll
  static void open() {
    store = HistoryStore.open(dir, new MutableClock());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> all = new ArrayList<>();
    for (TransferStatus from : TransferStatus.values()) {
      for (TransferStatus to : TransferStatus.values()) {
        all.add(Arguments.of(from, to));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void onlyTheDocumentedMovesAreAllowed(TransferStatus from, TransferStatus to) {
    long id = store.create(new NewTransfer("receive", null, "ABCDEFGH", "ws://h:1", "t", "skip",
        "db", 10L, null, null, "ann"), "ann");
    for (TransferStatus step : PATHS.get(from)) {
      store.move(id, step, "ann", null);
    }
    boolean allowed = ALLOWED.contains(from.wireName() + "->" + to.wireName());
    assertEquals(allowed, from.canMoveTo(to));
    if (allowed) {
      store.move(id, to, "bob", "because");
      assertEquals(to, store.get(id).orElseThrow().status());
    } else {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> store.move(id, to, "bob", null));
      assertEquals("Transfer " + id + " is " + from.wireName() + "; it cannot become "
          + to.wireName() + ".", e.getMessage());
      assertEquals(from, store.get(id).orElseThrow().status());
    }
  }
}

package dev.dbsync.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
  @TempDir
  Path dir;

  static NewTransfer receive(String table, String code) {
    return new NewTransfer("receive", null, code, "ws://10.0.0.5:4471", table, "skip",
        "SQLite /tmp/x.db", 100L, null, null, "ann");
  }

  @Test
  void progressIsVisibleWhileATransferRunsAndEveryChangeIsAudited() {
    MutableClock clock = new MutableClock();
    try (HistoryStore h = HistoryStore.open(dir, clock)) {
      long id = h.start(receive("orders", "ABCDEFGH"), "ann");
      h.progress(id, new Counts(40, 0, 0, 0, 0, 4096));
      TransferRecord running = h.get(id).orElseThrow();
      assertEquals(TransferStatus.IN_PROGRESS, running.status());
      assertEquals(40, running.transferred());
      assertNotNull(running.startedAt());
      clock.advance(Duration.ofSeconds(3));
      h.finish(id, TransferStatus.COMPLETED, new Counts(100, 90, 0, 10, 0, 9000), null, "ann");
      TransferRecord done = h.get(id).orElseThrow();
      assertEquals(List.of(100L, 90L, 10L, 9000L), List.of(done.transferred(), done.created(),
          done.skipped(), done.bytes()));
      assertEquals(Duration.ofSeconds(3), Duration.between(done.startedAt(), done.finishedAt()));
      assertEquals(List.of("created", "pending -> in_progress", "in_progress -> completed"),
          h.audit(id).stream().map(AuditEntry::action).toList());
    }
  }

  @Test
  void filtersPagingAndStatistics() {
    try (HistoryStore h = HistoryStore.open(dir, Clock.systemUTC())) {
      for (int i = 0; i < 5; i++) {
        long id = h.start(receive(i % 2 == 0 ? "orders" : "customers", "CODE000" + i % 2), "a");
        h.finish(id, i == 4 ? TransferStatus.FAILED : TransferStatus.COMPLETED,
            new Counts(10, 10, 0, 0, 0, 100), i == 4 ? "lost" : null, "a");
      }
      h.start(new NewTransfer("send", null, "SENDCODE", "10.0.0.9", "orders", null, "db", 7L,
          "10.0.0.9", "bob", "receiver"), "bob");
      assertEquals(6, h.count(HistoryQuery.recent(100)));
      HistoryQuery orders = new HistoryQuery(null, null, "orders", null, null, null, 0, 2);
      assertEquals(4, h.count(orders));
      assertEquals(2, h.list(orders).size());
      assertEquals(2, h.list(orders.page(2)).size());
      assertEquals(1, h.count(new HistoryQuery("send", TransferStatus.IN_PROGRESS, null, null,
          null, null, 0, 10)));
      assertEquals(1, h.count(new HistoryQuery(null, TransferStatus.FAILED, null, null, null,
          null, 0, 10)));
      assertEquals(3, h.count(new HistoryQuery(null, null, null, "CODE0000", null, null, 0,
          10)));
      Stats byCode = h.statsByConnection().stream().filter(s -> s.key().equals("code CODE0000"))
          .findFirst().orElseThrow();
      assertEquals(new Stats("code CODE0000", 3, 2, 1, 30, 300), byCode);
      Stats byTable = h.statsByTable().stream().filter(s -> s.key().equals("customers"))
          .findFirst().orElseThrow();
      assertEquals(new Stats("customers", 2, 2, 0, 20, 200), byTable);
    }
  }

  @Test
  void twoStoresOnOneFileWriteConcurrentlyWithoutLosingARow() throws Exception {
    try (HistoryStore a = HistoryStore.open(dir, Clock.systemUTC());
         HistoryStore b = HistoryStore.open(dir, Clock.systemUTC())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> all = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        HistoryStore h = t % 2 == 0 ? a : b;
        all.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            long id = h.start(receive("t", "ABCDEFGH"), "x");
            h.progress(id, new Counts(i, 0, 0, 0, 0, 0));
            h.finish(id, TransferStatus.COMPLETED, new Counts(i, i, 0, 0, 0, 0), null, "x");
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      pool.shutdown();
      assertEquals(100, a.count(new HistoryQuery(null, TransferStatus.COMPLETED, null, null,
          null, null, 0, 1)));
    }
  }

  @Test
  void aTransferLeftInProgressByADeadProcessIsMarkedInterrupted() throws Exception {
    try (HistoryStore h = HistoryStore.open(dir, Clock.systemUTC())) {
      long id = h.start(receive("orders", "ABCDEFGH"), "ann");
      // pretend a process that no longer exists owned it
      try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(
          HistoryStore.FILE)); var s = c.createStatement()) {
        s.executeUpdate("UPDATE transfers SET owner_pid = 999999999 WHERE id = " + id);
      }
      long mine = h.start(receive("customers", "ABCDEFGH"), "ann");
      try (HistoryStore again = HistoryStore.open(dir, Clock.systemUTC())) {
        TransferRecord r = again.get(id).orElseThrow();
        assertEquals(TransferStatus.FAILED, r.status());
        assertTrue(r.error().startsWith("interrupted"), r.error());
        assertEquals(TransferStatus.IN_PROGRESS, again.get(mine).orElseThrow().status(),
            "a live process's transfer is left alone");
      }
    }
  }
}

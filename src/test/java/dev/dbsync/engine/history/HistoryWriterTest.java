package dev.dbsync.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes handed to the history's writer from many threads land in the order each thread gave
 * them, the newest totals of a table win over older ones not written yet, a change that
 * fails is undone whole and does not lose the others, and all of it is in the file once
 * flushed.
 */
class HistoryWriterTest {
  @TempDir
  Path dir;

  @Test
  void changesFromManyThreadsLandInTheirOrderAndTheNewestTotalsWin() throws Exception {
    try (HistoryStore h = HistoryStore.open(dir, Clock.systemUTC())) {
      HistoryWriter w = new HistoryWriter(h);
      int tables = 40;
      long[] ids = new long[tables];
      ExecutorService lanes = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < tables; i++) {
        int n = i;
        done.add(lanes.submit(() -> {
          String table = "t" + n;
          w.submit(s -> ids[n] = s.start(HistoryStoreTest.receive(table, "C"), "ann"));
          for (long rows = 1; rows <= 500; rows++) {
            w.latest(table, rows, (s, r) -> s.progress(ids[n], new Counts(r, 0, 0, 0, 0, r)));
          }
          if (n == 7) {
            w.submit(s -> {
              s.masked(ids[n], "name=hash");
              throw new IllegalStateException("a change that cannot be written");
            });
          }
          w.submit(s -> s.finish(ids[n], n % 2 == 0 ? TransferStatus.COMPLETED
              : TransferStatus.FAILED, new Counts(600 + n, n, 0, 0, 0, 1), null, "ann"));
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      lanes.shutdown();
      w.flush();
      List<TransferRecord> all = h.list(HistoryQuery.recent(100));
      assertEquals(tables, all.size());
      for (TransferRecord r : all) {
        int n = Integer.parseInt(r.table().substring(1));
        // the finish came last for each table: its totals, not a later progress, are kept
        assertEquals(600 + n, r.transferred(), r.toString());
        assertEquals(n % 2 == 0 ? TransferStatus.COMPLETED : TransferStatus.FAILED, r.status());
        // the change that failed half-way left nothing of itself
        assertEquals(null, r.maskedColumns(), r.toString());
      }
      // totals given after the last flush are written by the next one
      long id = ids[3];
      w.latest("again", 5L, (s, r) -> s.progress(id, new Counts(r, 0, 0, 0, 0, 0)));
      w.latest("again", 9L, (s, r) -> s.progress(id, new Counts(r, 0, 0, 0, 0, 0)));
      w.flush();
      assertEquals(9, h.get(id).orElseThrow().transferred());
    }
  }
}

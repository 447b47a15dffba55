package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.DbsyncProcess;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull killed mid-transfer (a separate process, SIGKILL): the next start shows it failed
 * ("interrupted"), and running it again resumes after the last committed batch.
 */
class InterruptedPullTest {
  @TempDir
  Path dir;

  Process pull(String url, String code, Path target) throws Exception {
    return DbsyncProcess.start(dir.resolve("home"), true, "pull", "--from", url, "--code", code,
        "--db", target.toString(), "--tables", "books");
  }

  /** Rows the running pull has written to its history so far (it writes while it runs). */
  long reported() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("home")
        .resolve(HistoryStore.FILE)); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT records_transferred FROM transfers WHERE "
             + "status = 'in_progress'")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (java.sql.SQLException notYet) {
      return 0;
    }
  }

  static byte[] readAll(Process p) {
    try {
      return p.getInputStream().readAllBytes();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  @Test
  void aKilledPullShowsAsInterruptedAndARunAgainResumes() throws Exception {
    int rows = 300_000;
    // a table without a primary key: it streams in batches (no COPY), in one ordered pass
    Path source = dir.resolve("source.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE books (n INTEGER NOT NULL, title TEXT)");
      s.execute("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < "
          + rows + ") INSERT INTO books SELECT n, 'Book ' || n FROM g");
    }
    Path target = dir.resolve("target.db");
    try (Database src = Sample.open(source)) {
      // the sender stalls once 50,000 rows are out, until released: the pull is caught mid-way
      CountDownLatch release = new CountDownLatch(1);
      ShareServer server = Sharing.start(src, IncomingMode.AUTO_ACCEPT, null,
          new ShareListener() {
            @Override
            public void receiverReading(ReceiverView r, String table, long sent, long expected) {
              if (sent >= 50_000 && release.getCount() > 0) {
                try {
                  release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }
          });
      Process first = pull(Sharing.url(server), server.currentCode(), target);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!java.nio.file.Files.exists(dir.resolve("home").resolve(HistoryStore.FILE))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300); // let the pull create the tables before looking into the file
      while (reported() == 0 && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(first.isAlive(), () -> new String(readAll(first), StandardCharsets.UTF_8));
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertEquals(137, first.exitValue(), () -> "killed mid-transfer, not finished: "
          + new String(readAll(first), StandardCharsets.UTF_8));
      release.countDown();

      try (HistoryStore h = HistoryStore.open(dir.resolve("home"), Clock.systemUTC())) {
        TransferRecord killed = h.list(HistoryQuery.recent(1)).get(0);
        assertEquals(TransferStatus.FAILED, killed.status(), killed.toString());
        assertTrue(killed.error().startsWith("interrupted"), killed.error());
        assertTrue(killed.transferred() > 0 && killed.transferred() < rows, killed.toString());
      }
      long kept;
      try (Database dst = Sample.open(target)) {
        kept = dst.getCount("books");
      }
      assertTrue(kept > 0 && kept < rows, "kept " + kept);
      try (HistoryStore h = HistoryStore.open(dir.resolve("home"), Clock.systemUTC())) {
        long recorded = h.list(HistoryQuery.recent(1)).get(0).transferred();
        // the history is written after every committed batch: at most one batch behind
        assertTrue(recorded <= kept && kept - recorded <= 1000,
            "recorded " + recorded + ", committed " + kept);
      }

      Process again = pull(Sharing.url(server), server.newCode(), target);
      assertTrue(again.waitFor(120, TimeUnit.SECONDS));
      String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, again.exitValue(), out);
      try (Database dst = Sample.open(target);
           HistoryStore h = HistoryStore.open(dir.resolve("home"), Clock.systemUTC())) {
        assertEquals(Rows.all(src, "books"), Rows.all(dst, "books"));
        TransferRecord rerun = h.list(HistoryQuery.recent(1)).get(0);
        assertEquals(TransferStatus.COMPLETED, rerun.status());
        assertEquals(rows, rerun.transferred(), "resumed rows count as transferred");
        assertEquals(rows - kept, rerun.created(), "only the rest was written");
        assertTrue(rerun.transferred() == rows, rerun.toString());
      }
      server.close();
    }
  }
}

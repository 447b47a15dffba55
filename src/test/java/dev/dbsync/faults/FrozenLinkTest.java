package dev.dbsync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferProgress;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.FreezingProxy;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sharing;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A link that goes silent mid-transfer (no FIN, no RST: a sleeping laptop, a dropped VPN): the
 * heartbeat notices it on both sides, the receiver fails with a clear message, the sender
 * frees the receiver's snapshot, and a second pull finishes the table identical.
 * The heartbeat runs every second here (property {@code dbsync.link.ping-seconds}); the
 * product's 20 s gives the same bound of 2.5 heartbeats (50 s).
 */
@Timeout(120)
class FrozenLinkTest {
  static final int ROWS = 600_000; // well above what is in flight when the link freezes
  static final int PING = 1;

  @BeforeAll
  static void fastHeartbeat() {
    System.setProperty("dbsync.link.ping-seconds", String.valueOf(PING));
  }

  @AfterAll
  static void normalHeartbeat() {
    System.clearProperty("dbsync.link.ping-seconds");
  }

  /** Backends of the source database that are inside a transaction or a statement. */
  static long busyBackends(String url, String db) {
    return Long.parseLong(Pg.query(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
        + db + "' AND pid <> pg_backend_pid() AND state <> 'idle'").get(0).get(0));
  }

  @Test
  void aFrozenLinkEndsBothSidesInBoundedTimeAndARunAgainFinishesIdentical() throws Exception {
    String source = Pg.newDatabase();
    String sourceName = source.substring(source.lastIndexOf('/') + 1);
    Pg.exec(source, "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, n int);"
        + "INSERT INTO items SELECT g, 'item ' || g, g % 97 FROM generate_series(1, " + ROWS
        + ") g;");
    String targetUrl = Pg.newDatabase();
    Sharing.Recorder recorder = new Sharing.Recorder();
    try (Database src = Pg.open(source); Database target = Pg.open(targetUrl);
         ShareServer server = Sharing.start(src, dev.dbsync.engine.link.sender.IncomingMode
             .AUTO_ACCEPT, null, recorder);
         FreezingProxy proxy = new FreezingProxy(server.port())) {
      long[] frozenAt = {0};
      TransferReport report;
      try (SyncClient client = SyncClient.connect(proxy.url(), server.currentCode(),
          ConnectOptions.defaults())) {
        report = client.transferAll(target, TransferOptions.defaults().withBatchSize(5000),
            new TransferListener() {
              @Override
              public void progress(TransferProgress p) {
                if (frozenAt[0] == 0) { // at the first committed batch
                  frozenAt[0] = System.nanoTime();
                  proxy.freeze();
                }
              }
            });
      }
      long receiverSecs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozenAt[0]);
      assertTrue(frozenAt[0] > 0, "the link froze mid-transfer");
      TableOutcome items = report.tables().get(0);
      assertEquals(TableOutcome.Status.FAILED, items.status());
      assertTrue(items.error().contains("stopped answering"), items.error());
      assertTrue(receiverSecs <= 5 * PING + 3, "the receiver gave up after " + receiverSecs
          + " s");
      String why = recorder.left.poll(5 * PING + 3, TimeUnit.SECONDS);
      assertTrue(why != null, "the sender let the frozen receiver go");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (busyBackends(source, sourceName) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(0, busyBackends(source, sourceName), "the snapshot and COPY were released");
      assertTrue(server.receivers().isEmpty());
      try (SyncClient again = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        TransferReport second = again.transferAll(target, TransferOptions.defaults(), null);
        assertEquals(TableOutcome.Status.COMPLETED, second.tables().get(0).status(),
            second.tables().get(0).error());
      }
      String md5 = "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM items t";
      assertEquals(Pg.query(source, md5), Pg.query(targetUrl, md5), "every row identical");
    }
  }
}

package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareListener;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A share that runs for long: its code stays usable and its tables stay current. */
class ShareFollowsTheDatabaseTest {
  @TempDir
  Path dir;

  @Test
  void aCodeThatExpiresUnusedIsReplaced() throws Exception {
    BlockingQueue<String> issued = new LinkedBlockingQueue<>();
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 3));
         ShareServer server = new ShareServer(db, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(
                 dev.dbsync.engine.link.sender.IncomingMode.AUTO_ACCEPT, null)
             .withTimes(Duration.ofSeconds(1), Duration.ofMinutes(5), Clock.systemUTC()),
             new ShareListener() {
               @Override
               public void codeIssued(String code, Instant validUntil) {
                 issued.add(code);
               }
             })) {
      server.start();
      String first = issued.poll(5, TimeUnit.SECONDS);
      String second = issued.poll(5, TimeUnit.SECONDS);
      assertTrue(second != null, "a new code came when the first expired");
      assertNotEquals(first, second);
      assertEquals(second, server.currentCode());
      try (SyncClient c = SyncClient.connect("ws://127.0.0.1:" + server.port(),
          server.currentCode(), ConnectOptions.defaults())) {
        assertEquals(3, c.getCount("books"));
      }
    }
  }

  @Test
  void aRunningShareFollowsADroppedColumn() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE products (id int PRIMARY KEY, name text, weight int);"
        + "INSERT INTO products VALUES (1, 'a', 3), (2, 'b', 4);");
    try (Database db = Pg.open(src);
         ShareServer server = dev.dbsync.support.Sharing.start(db)) {
      try (SyncClient c = SyncClient.connect(dev.dbsync.support.Sharing.url(server),
          server.currentCode(), ConnectOptions.defaults())) {
        assertEquals(List.of("id", "name", "weight"), c.getSchema("products").columnNames());
      }
      Pg.exec(src, "ALTER TABLE products DROP COLUMN weight");
      Path target = dir.resolve("t.db");
      try (SyncClient c = SyncClient.connect(dev.dbsync.support.Sharing.url(server),
          server.currentCode(), ConnectOptions.defaults());
           Database to = Sample.open(target)) {
        assertEquals(List.of("id", "name"), c.getSchema("products").columnNames());
        assertTrue(c.transferAll(to, TransferOptions.defaults(), null).succeeded());
        assertEquals(List.of("id", "name"), to.getSchema("products").columnNames());
      }
    }
  }
}

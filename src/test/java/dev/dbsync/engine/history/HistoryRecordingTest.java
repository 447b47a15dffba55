package dev.dbsync.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real transfer over the link: both sides write what happened into their own history. */
class HistoryRecordingTest {
  @TempDir
  Path dir;

  static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 200 && !c.getAsBoolean(); i++) {
      Thread.sleep(25);
    }
  }

  @Test
  void tablesReadAtOnceEachRecordTheirOwnBytes() throws Exception {
    String source = dev.dbsync.support.Pg.newDatabase();
    dev.dbsync.support.Pg.exec(source, "CREATE TABLE big (id int PRIMARY KEY, v text);"
        + "INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 200000) g;"
        + "CREATE TABLE small (id int PRIMARY KEY, v text);"
        + "INSERT INTO small SELECT g, 'v' || g FROM generate_series(1, 2000) g;");
    try (HistoryStore sent = HistoryStore.open(dir.resolve("sender"), Clock.systemUTC());
         HistoryStore received = HistoryStore.open(dir.resolve("receiver"), Clock.systemUTC());
         Database src = dev.dbsync.support.Pg.open(source);
         Database dst = dev.dbsync.support.Pg.open(dev.dbsync.support.Pg.newDatabase());
         ShareServer server = Sharing.start(src, IncomingMode.AUTO_ACCEPT, null,
             new SendRecorder(sent, "PostgreSQL source", null))) {
      String code = server.currentCode();
      TransferOptions options = TransferOptions.defaults().withJobs(2);
      try (SyncClient client = SyncClient.connect(Sharing.url(server), code,
          ConnectOptions.defaults())) {
        ReceiveRecorder rec = new ReceiveRecorder(received, new ReceiveRecorder.Context(null,
            code, Sharing.url(server), "PostgreSQL target", "ann"), options, null);
        var report = client.runner(dst, options, rec).run();
        assertTrue(report.succeeded() && report.jobs() == 2, report.toString());
      }
      waitFor(() -> sent.count(new HistoryQuery("send", TransferStatus.COMPLETED, null, null,
          null, null, 0, 10)) == 2);
      Map<String, Long> in = new java.util.HashMap<>();
      received.list(HistoryQuery.recent(10)).forEach(r -> in.put(r.table(), r.bytes()));
      Map<String, Long> out = new java.util.HashMap<>();
      sent.list(HistoryQuery.recent(10)).forEach(r -> out.put(r.table(), r.bytes()));
      // the small table's bytes are its own on both sides, although the big one went beside it
      assertTrue(in.get("small") > 0 && in.get("small") < 100_000, in.toString());
      assertTrue(out.get("small") < 2 * in.get("small"), "sent " + out + ", received " + in);
      assertTrue(Math.abs(out.get("big") - in.get("big")) < in.get("big") / 10,
          "sent " + out + ", received " + in);
    }
  }

  @Test
  void bothSidesRecordEachTableOfAPull() throws Exception {
    Path source = Sample.create(dir.resolve("source.db"), 2500);
    try (HistoryStore sent = HistoryStore.open(dir.resolve("sender"), Clock.systemUTC());
         HistoryStore received = HistoryStore.open(dir.resolve("receiver"), Clock.systemUTC());
         Database src = Sample.open(source);
         Database dst = Sample.open(dir.resolve("target.db"));
         ShareServer server = Sharing.start(src, IncomingMode.AUTO_ACCEPT, null,
             new SendRecorder(sent, "SQLite source.db", null))) {
      String code = server.currentCode();
      TransferOptions options = TransferOptions.defaults()
          .withStrategy(Strategy.SKIP, Map.of("authors", Strategy.OVERWRITE));
      try (SyncClient client = SyncClient.connect(Sharing.url(server), code,
          ConnectOptions.defaults())) {
        ReceiveRecorder rec = new ReceiveRecorder(received, new ReceiveRecorder.Context(null,
            code, Sharing.url(server), "SQLite target.db", "ann"), options, null);
        assertTrue(client.runner(dst, options, rec).run().succeeded());
      }
      List<TransferRecord> in = received.list(HistoryQuery.recent(10));
      assertEquals(List.of("books", "authors"), in.stream().map(TransferRecord::table).toList());
      TransferRecord books = in.get(0);
      assertEquals(TransferStatus.COMPLETED, books.status());
      assertEquals(2500, books.transferred());
      assertEquals(2500, books.created());
      assertEquals(2500L, books.requested());
      assertEquals("skip", books.strategy());
      assertEquals(code, books.sessionCode());
      assertTrue(books.bytes() > 0, "bytes " + books.bytes());
      assertEquals("overwrite", in.get(1).strategy());

      waitFor(() -> sent.count(new HistoryQuery("send", TransferStatus.COMPLETED, null, null,
          null, null, 0, 10)) == 2);
      List<TransferRecord> out = sent.list(HistoryQuery.recent(10));
      assertEquals(2, out.size(), out.toString());
      TransferRecord sentBooks = out.stream().filter(r -> r.table().equals("books")).findFirst()
          .orElseThrow();
      assertEquals(TransferStatus.COMPLETED, sentBooks.status());
      assertEquals(2500, sentBooks.transferred());
      assertEquals("127.0.0.1", sentBooks.requesterAddress());
      assertEquals(code, sentBooks.sessionCode());
      // bytes are each table's own, on both sides, not the whole pull's
      TransferRecord authors = in.get(1);
      assertTrue(authors.bytes() > 0 && authors.bytes() < 2_000, "authors " + authors.bytes());
      assertTrue(books.bytes() > 50 * authors.bytes(), "books " + books.bytes());
      assertTrue(Math.abs(sentBooks.bytes() - books.bytes()) < books.bytes() / 10,
          "sent " + sentBooks.bytes() + ", received " + books.bytes());
    }
  }

  @Test
  void theSenderRecordsWhatASubsetRead() throws Exception {
    Path source = Sample.create(dir.resolve("source.db"), 2500);
    try (HistoryStore sent = HistoryStore.open(dir.resolve("sender"), Clock.systemUTC());
         Database src = Sample.open(source);
         Database dst = Sample.open(dir.resolve("target.db"));
         ShareServer server = Sharing.start(src, IncomingMode.AUTO_ACCEPT, null,
             new SendRecorder(sent, "SQLite source.db", null));
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      TransferOptions options = TransferOptions.defaults().withTables(List.of("books"))
          .withScope(dev.dbsync.engine.subset.Subsets.scope(dev.dbsync.engine.subset
              .SubsetSpec.parse(List.of("books:id <= 100"), null, null, null, true)));
      assertTrue(client.runner(dst, options, null).run().succeeded());
      // every read is in the sender's history with the rows it sent: the books asked for
      // and the authors they reference
      waitFor(() -> sent.list(HistoryQuery.recent(50)).stream()
          .anyMatch(r -> r.table().equals("books") && r.transferred() == 100));
      List<TransferRecord> out = sent.list(HistoryQuery.recent(50));
      assertTrue(out.stream().anyMatch(r -> r.table().equals("authors") && r.transferred() > 0
          && r.status() == TransferStatus.COMPLETED), out.toString());
      assertTrue(out.stream().noneMatch(r -> r.table().equals("books")
          && r.transferred() > 100), out.toString());
    }
  }

  @Test
  void aReceiverThatLeavesMidReadIsRecordedAsFailedOnTheSendingSide() throws Exception {
    Path source = Sample.create(dir.resolve("source.db"), 300_000);
    try (HistoryStore sent = HistoryStore.open(dir.resolve("sender"), Clock.systemUTC());
         Database src = Sample.open(source);
         Database dst = Sample.open(dir.resolve("target.db"));
         ShareServer server = Sharing.start(src, IncomingMode.AUTO_ACCEPT, null,
             new SendRecorder(sent, "SQLite source.db", null))) {
      SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults());
      Thread t = new Thread(() -> {
        try {
          client.runner(dst, TransferOptions.defaults().withTables(List.of("books")), null).run();
        } catch (RuntimeException expected) {
          // the link is cut below
        }
      });
      t.start();
      waitFor(() -> sent.count(new HistoryQuery("send", TransferStatus.IN_PROGRESS, null, null,
          null, null, 0, 1)) == 1);
      client.close();
      t.join(30_000);
      waitFor(() -> sent.count(new HistoryQuery("send", TransferStatus.IN_PROGRESS, null, null,
          null, null, 0, 1)) == 0);
      TransferRecord r = sent.list(HistoryQuery.recent(1)).get(0);
      assertTrue(r.status() == TransferStatus.FAILED || r.status() == TransferStatus.CANCELLED,
          r.toString());
      assertTrue(r.transferred() < 300_000, r.toString());
    }
  }
}

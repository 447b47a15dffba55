package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferProgress;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalAndEndingTest {
  @TempDir
  Path dir;

  @Test
  void receiverWaitsUntilTheSenderApproves() throws Exception {
    Sharing.Recorder rec = new Sharing.Recorder();
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 10));
         ShareServer server = Sharing.start(db, IncomingMode.REQUIRE_APPROVAL, null, rec)) {
      AtomicBoolean toldPending = new AtomicBoolean();
      CompletableFuture<SyncClient> connecting = CompletableFuture.supplyAsync(() ->
          SyncClient.connect(Sharing.url(server), server.currentCode(), ConnectOptions.defaults()
              .withReceiverInfo(Map.of("user_name", "Ann"))
              .withOnPending(() -> toldPending.set(true))));
      ReceiverView waiting = rec.approvals.poll(5, TimeUnit.SECONDS);
      assertEquals("Ann", waiting.displayName());
      assertEquals("pending_approval", server.receivers().get(0).status());
      Thread.sleep(200);
      assertTrue(!connecting.isDone() && toldPending.get());
      server.approve(waiting.id());
      try (SyncClient client = connecting.get(5, TimeUnit.SECONDS)) {
        assertEquals(10, client.getCount("books"));
      }
    }
  }

  @Test
  void deniedReceiverIsToldWhy() throws Exception {
    Sharing.Recorder rec = new Sharing.Recorder();
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 10));
         ShareServer server = Sharing.start(db, IncomingMode.REQUIRE_APPROVAL, null, rec)) {
      CompletableFuture<SyncClient> connecting = CompletableFuture.supplyAsync(() ->
          SyncClient.connect(Sharing.url(server), server.currentCode(),
              ConnectOptions.defaults()));
      server.deny(rec.approvals.poll(5, TimeUnit.SECONDS).id(), "Not today.");
      Exception e = assertThrows(Exception.class, () -> connecting.get(5, TimeUnit.SECONDS));
      LinkException le = (LinkException) e.getCause();
      assertEquals(LinkException.Kind.DENIED, le.kind());
      assertTrue(le.getMessage().contains("Not today."));
    }
  }

  @Test
  void endingTheSessionClosesEveryReceiverWithTheReason() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 10));
         ShareServer server = Sharing.start(db);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      server.end("Maintenance window.");
      for (int i = 0; i < 50 && client.isConnected(); i++) {
        Thread.sleep(50);
      }
      LinkException e = assertThrows(LinkException.class, () -> client.getCount("books"));
      assertEquals(LinkException.Kind.ENDED, e.kind());
      assertTrue(e.getMessage().contains("Maintenance window."), e.getMessage());
    }
  }

  @Test
  void senderGoneMidTransferKeepsCommittedBatchesAndALaterPullResumes() throws Exception {
    // more rows than the link holds in flight, so that ending the session cuts the stream
    Path source = Sample.create(dir.resolve("s.db"), 300_000);
    Path targetFile = dir.resolve("t.db");
    TransferOptions o = TransferOptions.defaults().withBatchSize(500)
        .withTables(java.util.List.of("books"));
    try (Database db = Sample.open(source); Database target = Sample.open(targetFile)) {
      ShareServer server = Sharing.start(db);
      try (SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        TransferReport cut = client.transferAll(target, o, new TransferListener() {
          @Override
          public void progress(TransferProgress p) {
            if (p.rowsDone() == 1500) {
              server.end("Sender shut down.");
            }
          }
        });
        TableOutcome books = cut.tables().get(0);
        assertEquals(TableOutcome.Status.FAILED, books.status());
        assertTrue(books.error().contains("Sender shut down."), books.error());
      }
      long kept = target.getCount("books");
      assertTrue(kept >= 1500 && kept < 300_000, "kept " + kept);
      try (ShareServer again = Sharing.start(db);
           SyncClient client = SyncClient.connect(Sharing.url(again), again.currentCode(),
               ConnectOptions.defaults())) {
        TransferReport resumed = client.transferAll(target, o, null);
        assertTrue(resumed.succeeded(), resumed::toString);
        assertEquals(kept, resumed.tables().get(0).resumedFrom());
        assertEquals(300_000 - kept, resumed.tables().get(0).result().created());
        assertEquals(0, resumed.tables().get(0).result().skipped());
      }
      assertEquals(300_000, target.getCount("books"));
    }
  }
}

package dev.dbsync.engine.connections;

import static dev.dbsync.engine.connections.PermanentLink.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.history.AuditEntry;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.ReceiveRecorder;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.Rows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer approvals end to end over a real link: the receiver's request waits, and the
 * sender approves it, denies it, or lets it expire; a receiver that was away learns the
 * decision when it returns. Both histories follow the allowed status moves.
 */
class TransferApprovalLinkTest {
  @TempDir
  Path dir;

  static ConnectionSettings approvalExcept(String... free) {
    return new ConnectionSettings(null, null, List.of(free), null, null, null, null, null,
        null, null, true);
  }

  /** Settles the approvals of {@code tables} waiting up to {@code wait}, then runs them. */
  static List<ConnectionPull.TableApproval> pullWaiting(PermanentLink link, Duration wait,
      String... tables) {
    ConnectionPull pull = link.pull();
    try (SyncClient client = pull.connect(dev.dbsync.engine.link.receiver.ConnectOptions
        .defaults())) {
      List<ConnectionPull.TableApproval> decided = pull.approvals(client, List.of(tables),
          "skip", "SQLite target.db", wait, a -> { });
      List<String> run = decided.stream().filter(ConnectionPull.TableApproval::mayRun)
          .map(ConnectionPull.TableApproval::table).toList();
      if (!run.isEmpty()) {
        TransferOptions o = TransferOptions.defaults().withTables(run);
        ReceiveRecorder rec = pull.recorder(new ReceiveRecorder(link.receiver,
            new ReceiveRecorder.Context("prod", null, "here", "SQLite target.db", "ann"), o,
            null));
        assertTrue(client.runner(link.target, o, rec).run().succeeded());
      }
      return decided;
    }
  }

  static List<String> moves(HistoryStore h, long id) {
    return h.audit(id).stream().map(AuditEntry::action).toList();
  }

  static TransferRecord only(HistoryStore h, String direction, String table) {
    return h.list(new HistoryQuery(direction, null, table, null, null, null, 0, 10)).get(0);
  }

  @Test
  void aRequestWaitsUntilTheSenderApprovesItThenRuns() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 500)) {
      link.create("ann-laptop", approvalExcept("authors"), null);
      CompletableFuture<List<ConnectionPull.TableApproval>> run = CompletableFuture
          .supplyAsync(() -> pullWaiting(link, Duration.ofSeconds(30), "authors", "books"));
      waitFor(() -> link.sender.count(new HistoryQuery("send", TransferStatus.PENDING_APPROVAL,
          null, null, null, null, 0, 1)) == 1);
      TransferRecord asked = only(link.sender, "send", "books");
      assertEquals(TransferStatus.PENDING_APPROVAL, asked.status());
      assertTrue(asked.requiresApproval());
      assertEquals(link.clock.instant().plus(Duration.ofHours(24)), asked.approvalExpiresAt());
      waitFor(() -> link.receiver.count(new HistoryQuery("receive", null, "books", null, null,
          null, 0, 1)) == 1);
      assertEquals(TransferStatus.PENDING_APPROVAL, only(link.receiver, "receive", "books")
          .status(), "the receiver's history shows it waiting too");
      link.sender.approvals().approve(asked.id(), "bob");

      List<ConnectionPull.TableApproval> decided = run.get(30, TimeUnit.SECONDS);
      assertEquals(List.of("not_needed", "approved"), decided.stream()
          .map(ConnectionPull.TableApproval::status).toList());
      assertEquals(Rows.all(link.source, "books"), Rows.all(link.target, "books"));
      waitFor(() -> only(link.sender, "send", "books").status() == TransferStatus.COMPLETED);
      TransferRecord sent = only(link.sender, "send", "books");
      assertEquals("bob", sent.approvedBy());
      assertEquals(List.of("created", "pending -> pending_approval",
          "pending_approval -> approved", "approved -> in_progress",
          "in_progress -> completed"), moves(link.sender, sent.id()));
      TransferRecord got = only(link.receiver, "receive", "books");
      assertEquals(List.of("created", "pending -> pending_approval",
          "pending_approval -> approved", "approved -> in_progress",
          "in_progress -> completed"), moves(link.receiver, got.id()));
      assertEquals(500, got.created());
    }
  }

  @Test
  void aDeniedRequestIsToldWithItsReasonAndReadsNothing() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 500)) {
      link.create("ann-laptop", approvalExcept(), null);
      CompletableFuture<List<ConnectionPull.TableApproval>> run = CompletableFuture
          .supplyAsync(() -> pullWaiting(link, Duration.ofSeconds(30), "books"));
      waitFor(() -> link.sender.count(new HistoryQuery("send", TransferStatus.PENDING_APPROVAL,
          null, null, null, null, 0, 1)) == 1);
      link.sender.approvals().deny(only(link.sender, "send", "books").id(), "bob",
          "not during the audit");
      ConnectionPull.TableApproval books = run.get(30, TimeUnit.SECONDS).get(0);
      assertEquals("denied", books.status());
      assertEquals("not during the audit", books.reason());
      assertTrue(!link.target.tableExists("books") || Rows.all(link.target, "books").isEmpty());
      TransferRecord mine = only(link.receiver, "receive", "books");
      assertEquals(TransferStatus.DENIED, mine.status());
      assertEquals("not during the audit", mine.denialReason());
      assertEquals("bob", only(link.sender, "send", "books").deniedBy());
    }
  }

  @Test
  void anUnansweredRequestExpiresAfterADayAndTheReceiverLearnsItWhenItReturns()
      throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 50)) {
      link.create("ann-laptop", approvalExcept(), null);
      assertEquals("pending_approval", pullWaiting(link, Duration.ZERO, "books").get(0)
          .status());
      long first = only(link.receiver, "receive", "books").id();
      link.clock.advance(Duration.ofHours(25));
      waitFor(() -> link.sender.count(new HistoryQuery("send", TransferStatus.EXPIRED, null,
          null, null, null, 0, 1)) == 1);
      TransferRecord expired = only(link.sender, "send", "books");
      assertEquals(TransferStatus.EXPIRED, expired.status());
      assertEquals(List.of("created", "pending -> pending_approval",
          "pending_approval -> expired"), moves(link.sender, expired.id()));

      // the receiver comes back: its mirror becomes expired, and it asks again
      assertEquals("pending_approval", pullWaiting(link, Duration.ZERO, "books").get(0)
          .status());
      assertEquals(TransferStatus.EXPIRED, link.receiver.get(first).orElseThrow().status());
      assertEquals(2, link.sender.count(new HistoryQuery("send", null, "books", null, null,
          null, 0, 10)));
    }
  }

  @Test
  void aReceiverThatWasAwayWhenTheSenderApprovedRunsWhenItReturns() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 50)) {
      link.create("ann-laptop", approvalExcept(), null);
      assertEquals("pending_approval", pullWaiting(link, Duration.ZERO, "books").get(0)
          .status());
      link.sender.approvals().approve(only(link.sender, "send", "books").id(), "bob");
      assertEquals("approved", pullWaiting(link, Duration.ZERO, "books").get(0).status());
      assertEquals(50, Rows.all(link.target, "books").size());
      assertEquals(1, link.receiver.count(new HistoryQuery("receive", null, "books", null,
          null, null, 0, 10)), "the run carried the approved request on, no second row");
      assertEquals(TransferStatus.COMPLETED, only(link.receiver, "receive", "books").status());
    }
  }

  @Test
  void aReadWithoutApprovalIsRefusedWithPendingApproval() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 50)) {
      link.create("ann-laptop", approvalExcept(), null);
      try (SyncClient client = link.connect()) {
        var outcome = link.run(client, "books").tables().get(0);
        assertTrue(outcome.error().contains("waits for the sender's approval"),
            outcome.error());
      }
      assertEquals(TransferStatus.PENDING_APPROVAL, only(link.sender, "send", "books")
          .status());
    }
  }
}

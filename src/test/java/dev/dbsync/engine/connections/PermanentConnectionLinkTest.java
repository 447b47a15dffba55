package dev.dbsync.engine.connections;

import static dev.dbsync.engine.connections.PermanentLink.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.history.AuditEntry;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Rows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permanent connections over a real link: a saved token instead of a code, each limit
 * enforced mid-session (not only at connect), status changes told to the receiver, and the
 * receiver's saved copy reconciled when it next connects.
 */
class PermanentConnectionLinkTest {
  @TempDir
  Path dir;

  static ConnectionSettings settings(List<String> tables, Instant expires, Long downloads,
      Long total, Long perRequest, Integer rate, List<String> from, String hours) {
    return new ConnectionSettings(tables, null, null, expires, downloads, total, perRequest,
        rate, from, hours, null);
  }

  static ConnectionSettings none() {
    return ConnectionSettings.none();
  }

  @Test
  void aSavedConnectionPullsWithoutACodeAndBothSidesCountIt() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 2500)) {
      link.create("ann-laptop", none(), "s3cret pass");
      try (SyncClient client = link.connect()) {
        assertEquals("ann-laptop", client.connectionName());
        assertTrue(client.features().contains("connections"));
        assertTrue(link.run(client, "authors", "books").succeeded());
      }
      assertEquals(Rows.all(link.source, "books"), Rows.all(link.target, "books"));
      waitFor(() -> Connections.of(link.sender).get("ann-laptop").orElseThrow().downloads() == 2);
      Connection c = Connections.of(link.sender).get("ann-laptop").orElseThrow();
      assertEquals(2, c.downloads());
      assertEquals(2503, c.recordsTotal());
      List<TransferRecord> sent = link.sender.list(HistoryQuery.recent(10));
      assertEquals(2, sent.size());
      assertTrue(sent.stream().allMatch(t -> "ann-laptop".equals(t.connectionName())
          && t.sessionCode() == null), sent.toString());
      SavedConnection saved = SavedConnections.of(link.receiver).require("prod");
      assertEquals("active", saved.status());
      assertEquals("ann-laptop", saved.remoteName());
      assertTrue(saved.lastConnectedAt() != null);
    }
  }

  @Test
  void aWrongTokenOrPasswordIsRefusedAtTheDoor() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", none(), "s3cret pass");
      SavedConnections.of(link.receiver).save("prod", dev.dbsync.support.Sharing.url(link.server),
          "x".repeat(43), "s3cret pass", null, "ann");
      LinkException gone = assertThrows(LinkException.class, link::connect);
      assertEquals(LinkException.Kind.CONNECTION_CHANGED, gone.kind());
      assertEquals("gone", link.savedStatus());
      String token = Connections.of(link.sender).rotateToken("ann-laptop", "bob").token();
      SavedConnections.of(link.receiver).save("prod",
          dev.dbsync.support.Sharing.url(link.server), token, "wrong", null, "ann");
      assertEquals(LinkException.Kind.WRONG_PASSWORD,
          assertThrows(LinkException.class, link::connect).kind());
    }
  }

  @Test
  void theRecordLimitStopsAReadThatCrossesIt() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 60_000)) {
      link.create("ann-laptop", settings(null, null, null, 20_000L, null, null, null, null),
          null);
      TransferReport r;
      try (SyncClient client = link.connect()) {
        r = link.run(client, "books");
        TableOutcome books = r.tables().get(0);
        assertEquals(TableOutcome.Status.FAILED, books.status(), r.toString());
        assertTrue(books.error().contains("limit of 20000 records is reached"), books.error());
        waitFor(() -> client.connectionStatus() != null);
        link.pull().learn(client);
      }
      // counted per 256 KiB chunk of COPY text: the chunk that would cross it is not sent
      Connection c = Connections.of(link.sender).get("ann-laptop").orElseThrow();
      assertEquals(ConnectionStatus.EXPIRED, c.status());
      assertTrue(c.recordsTotal() > 0 && c.recordsTotal() <= 20_000, c.toString());
      int kept = Rows.all(link.target, "books").size();
      assertTrue(kept > 0 && kept <= c.recordsTotal(), "the batches before it stay: " + kept
          + " " + c + " " + r);
      assertEquals("expired", link.savedStatus());
      assertEquals(LinkException.Kind.CONNECTION_CHANGED,
          assertThrows(LinkException.class, link::connect).kind());
    }
  }

  @Test
  void theRecordsPerRequestLimitRefusesABigReadButNotAPreview() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 2500)) {
      link.create("ann-laptop", settings(null, null, null, null, 100L, null, null, null), null);
      try (SyncClient client = link.connect()) {
        assertEquals(50, client.fetchRecords("books",
            dev.dbsync.engine.model.ExportRequest.page(0, 50)).records().size());
        TableOutcome books = link.run(client, "books").tables().get(0);
        assertEquals(TableOutcome.Status.FAILED, books.status());
        assertTrue(books.error().contains("at most 100 records; this one asked for 2500"),
            books.error());
        assertTrue(client.isConnected(), "a refused request does not end the session");
      }
    }
  }

  @Test
  void theRequestRateIsCheckedOnEveryRequest() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", settings(null, null, null, null, null, 3, null, null), null);
      try (SyncClient client = link.connect()) { // admission and capabilities: 2
        client.getCount("books"); // 3
        LinkException e = assertThrows(LinkException.class, () -> client.getCount("books"));
        assertTrue(e.getMessage().contains("this connection allows 3 a minute"), e.getMessage());
        link.clock.advance(Duration.ofSeconds(61));
        assertEquals(10, client.getCount("books"));
      }
    }
  }

  @Test
  void onlyTheAllowedTablesAreListedOrRead() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", settings(List.of("authors"), null, null, null, null, null, null,
          null), null);
      try (SyncClient client = link.connect()) {
        assertEquals(List.of("authors"), client.listTables().stream().map(TableInfo::name)
            .toList());
        LinkException e = assertThrows(LinkException.class, () -> client.getSchema("books"));
        assertTrue(e.getMessage().contains("'books' is not shared on this connection"),
            e.getMessage());
      }
    }
  }

  @Test
  void changedSettingsApplyFromTheNextRequest() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", none(), null);
      try (SyncClient client = link.connect()) {
        assertEquals(10, client.getCount("books"));
        Connections.of(link.sender).update("ann-laptop", settings(null, null, null, null, null,
            null, List.of("10.0.0.0/8"), null), null, "bob");
        LinkException e = assertThrows(LinkException.class, () -> client.getCount("books"));
        assertTrue(e.getMessage().contains("may not be used from 127.0.0.1"), e.getMessage());
      }
      LinkException door = assertThrows(LinkException.class, link::connect);
      assertEquals("IP not allowed", door.remoteCode());
    }
  }

  @Test
  void allowedHoursAreCheckedAtTheDoorAndOnEachRequest() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", settings(null, null, null, null, null, null, null, "08-18"),
          null);
      assertEquals("Outside allowed hours", assertThrows(LinkException.class, link::connect)
          .remoteCode()); // 00:00 UTC
      link.clock.advance(Duration.ofHours(9));
      try (SyncClient client = link.connect()) {
        assertEquals(10, client.getCount("books"));
        link.clock.advance(Duration.ofHours(9)); // 18:00
        LinkException e = assertThrows(LinkException.class, () -> client.getCount("books"));
        assertTrue(e.getMessage().contains("only between 08-18 UTC"), e.getMessage());
      }
    }
  }

  @Test
  void theDownloadLimitEndsTheConnectionAfterTheLastDownload() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", settings(null, null, 1L, null, null, null, null, null), null);
      try (SyncClient client = link.connect()) {
        assertTrue(link.run(client, "authors").succeeded());
        waitFor(() -> client.connectionStatus() != null);
        assertEquals("expired", client.connectionStatus().path("status").asText());
        waitFor(() -> !client.isConnected());
        assertFalse(client.isConnected());
      }
      assertEquals(ConnectionStatus.EXPIRED,
          Connections.of(link.sender).get("ann-laptop").orElseThrow().status());
    }
  }

  @Test
  void anExpiredConnectionIsToldAndClosedMidSession() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", settings(null, link.clock.instant().plus(Duration.ofHours(1)),
          null, null, null, null, null, null), null);
      try (SyncClient client = link.connect()) {
        link.clock.advance(Duration.ofHours(2));
        waitFor(() -> client.connectionStatus() != null);
        assertEquals("expired", client.connectionStatus().path("status").asText());
        link.pull().learn(client);
      }
      assertEquals("expired", link.savedStatus());
    }
  }

  @Test
  void suspendReactivateRevokeAreToldToAConnectedReceiverAndReconciledAtTheNextConnect()
      throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", none(), null);
      try (SyncClient client = link.connect()) {
        Connections.of(link.sender).move("ann-laptop", ConnectionStatus.SUSPENDED, "bob",
            "holiday");
        waitFor(() -> client.connectionStatus() != null);
        assertEquals("suspended", client.connectionStatus().path("status").asText());
        waitFor(() -> !client.isConnected());
        assertFalse(client.isConnected());
        link.pull().learn(client);
      }
      assertEquals("suspended", link.savedStatus());
      assertEquals(LinkException.Kind.NOT_ACCEPTING,
          assertThrows(LinkException.class, link::connect).kind());
      Connections.of(link.sender).move("ann-laptop", ConnectionStatus.ACTIVE, "bob", "back");
      try (SyncClient client = link.connect()) {
        assertEquals("active", link.savedStatus());
      }
      Connections.of(link.sender).move("ann-laptop", ConnectionStatus.REVOKED, "bob", "left");
      assertEquals("Connection revoked", assertThrows(LinkException.class, link::connect)
          .remoteCode());
      assertEquals("revoked", link.savedStatus());
      List<String> audit = link.receiver.savedConnectionAudit(SavedConnections
          .of(link.receiver).require("prod").id()).stream().map(AuditEntry::action).toList();
      assertTrue(audit.containsAll(List.of("saved", "active -> suspended", "suspended -> active",
          "active -> revoked")), audit.toString());
    }
  }

  @Test
  void aRotatedOrDeletedConnectionIsToldAndTheOldTokenIsGone() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", none(), null);
      try (SyncClient client = link.connect()) {
        Connections.of(link.sender).rotateToken("ann-laptop", "bob");
        waitFor(() -> client.connectionStatus() != null);
        assertEquals("rotated", client.connectionStatus().path("status").asText());
      }
      assertThrows(LinkException.class, link::connect);
      assertEquals("gone", link.savedStatus());
      String fresh = Connections.of(link.sender).rotateToken("ann-laptop", "bob").token();
      SavedConnections.of(link.receiver).save("prod",
          dev.dbsync.support.Sharing.url(link.server), fresh, null, null, "ann");
      try (SyncClient client = link.connect()) {
        Connections.of(link.sender).delete("ann-laptop", "bob");
        waitFor(() -> client.connectionStatus() != null);
        assertEquals("deleted", client.connectionStatus().path("status").asText());
        link.pull().learn(client);
      }
      assertEquals("gone", link.savedStatus());
    }
  }

  @Test
  void aReceiverThatForgetsItsCopyTellsTheSenderWhichRevokesIt() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", none(), null);
      assertTrue(link.pull().forget(dev.dbsync.engine.link.receiver.ConnectOptions.defaults()));
      assertTrue(SavedConnections.of(link.receiver).get("prod").isEmpty());
      Connection c = Connections.of(link.sender).get("ann-laptop").orElseThrow();
      assertEquals(ConnectionStatus.REVOKED, c.status());
      AuditEntry last = link.sender.connectionAudit(c.id()).get(1);
      assertEquals("active -> revoked", last.action());
      assertEquals("receiver", last.actor());
    }
  }

  @Test
  void forgettingWhileTheSenderIsAwayStillDeletesTheCopyHere() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 10)) {
      link.create("ann-laptop", none(), null);
      link.server.close();
      assertFalse(link.pull().forget(dev.dbsync.engine.link.receiver.ConnectOptions
          .defaults()));
      assertTrue(SavedConnections.of(link.receiver).get("prod").isEmpty());
      assertEquals(ConnectionStatus.ACTIVE, Connections.of(link.sender).get("ann-laptop")
          .orElseThrow().status());
    }
  }

  @Test
  void pagingRecordsCountsAgainstTheRecordLimitLikeAStream() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 20_000)) {
      link.create("ann-laptop", settings(null, null, null, 1_000L, null, null, null, null),
          null);
      long read = 0;
      LinkException refused = null;
      try (SyncClient client = link.connect()) {
        dev.dbsync.engine.model.ExportRequest req =
            dev.dbsync.engine.model.ExportRequest.page(0, 500);
        for (int i = 0; i < 40 && refused == null; i++) {
          try {
            dev.dbsync.engine.model.Page p = client.fetchRecords("books", req);
            read += p.records().size();
            req = dev.dbsync.engine.model.ExportRequest.after(p.lastKey(), 500);
          } catch (LinkException e) {
            refused = e;
          }
        }
      }
      assertTrue(refused != null && refused.getMessage().contains("1000 records"),
          String.valueOf(refused));
      assertEquals(1_000, read, "the page that would cross the limit is not sent");
      Connection c = Connections.of(link.sender).get("ann-laptop").orElseThrow();
      assertEquals(1_000, c.recordsTotal());
      assertTrue(c.lastUsedAt() != null, "paging counts as use");
    }
  }

  @Test
  void aConnectionsMasksApplyToEveryReadOfIt() throws Exception {
    try (PermanentLink link = new PermanentLink(dir, 200)) {
      // the sender of PermanentLink masks nothing itself: the connection's rule needs a key
      link.create("ann-laptop", none().withMasks(List.of("books.title=redact")), null);
      try (SyncClient client = link.connect()) {
        assertEquals("redact", client.getSchema("books") == null ? null
            : client.maskedColumns("books").get("title"));
        TransferReport r = link.run(client, "authors", "books");
        assertTrue(r.succeeded(), r.toString());
      }
      List<String> titles = Rows.all(link.target, "books").stream()
          .map(b -> b.get("title").asText()).toList();
      assertEquals(200, titles.size());
      assertTrue(titles.stream().noneMatch(t -> t.startsWith("Book ")), titles.toString());
      assertTrue(titles.stream().allMatch(t -> t.matches("[A-Z][a-z]{3} \\d+")),
          titles.toString());
    }
  }
}

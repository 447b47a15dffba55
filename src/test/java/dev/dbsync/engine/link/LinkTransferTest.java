package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkTransferTest {
  @TempDir
  Path dir;

  @Test
  void receiverPullsEverySharedTableIntoPostgres() throws Exception {
    try (Database source = Sample.open(Sample.create(dir.resolve("s.db"), 2500));
         ShareServer server = Sharing.start(source);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults());
         Database target = Pg.open(Pg.newDatabase())) {
      List<String> names = client.listTables().stream().map(TableInfo::name).toList();
      assertEquals(List.of("authors", "books"), names); // user_tokens is never shared
      TransferReport report = client.transferAll(target, TransferOptions.defaults(), null);
      assertTrue(report.succeeded(), report::toString);
      assertEquals(List.of("authors", "books"),
          report.tables().stream().map(TableOutcome::table).toList());
      assertEquals(Rows.all(source, "books"), Rows.all(target, "books"));
      assertEquals(2500, report.tables().get(1).result().created());
    }
  }

  @Test
  void receiverFallsBackToOffsetPagingWithABaseLayerSender() throws Exception {
    try (Database source = Sample.open(Sample.create(dir.resolve("s.db"), 2345));
         ShareServer server = new ShareServer(source, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null)
             .withExtensions(false), null)) {
      server.start();
      try (SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults());
           Database target = Sample.open(dir.resolve("t.db"))) {
        assertEquals(java.util.Set.of("list_tables", "get_schema", "fetch_records"),
            client.features());
        TransferReport report = client.transferAll(target, TransferOptions.defaults(), null);
        assertTrue(report.succeeded(), report::toString);
        assertEquals(Rows.all(source, "books"), Rows.all(target, "books"));
      }
    }
  }

  @Test
  void fetchRecordsPagesByKeyAndByOffset() throws Exception {
    try (Database source = Sample.open(Sample.create(dir.resolve("s.db"), 250));
         ShareServer server = Sharing.start(source);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      Page first = client.fetchRecords("books", ExportRequest.page(0, 100));
      assertTrue(first.hasMore());
      Page byKey = client.fetchRecords("books", ExportRequest.after(first.lastKey(), 100));
      Page byOffset = client.fetchRecords("books", ExportRequest.page(100, 100));
      assertEquals(byOffset.records(), byKey.records());
      assertEquals(101, byKey.records().get(0).get("id").asInt());
      Page last = client.fetchRecords("books", ExportRequest.page(200, 100));
      assertFalse(last.hasMore());
      assertEquals(50, last.records().size());
    }
  }
}

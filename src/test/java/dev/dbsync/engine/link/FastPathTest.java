package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's table at 50,000 rows, over a real link, compared value by value. */
class FastPathTest {
  static final int ROWS = 50_000;
  static String source;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() {
    source = Pg.newDatabase();
    Pg.exec(source, "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, note text, "
        + "price numeric(12,2), created_at timestamptz NOT NULL, active boolean, attrs jsonb, "
        + "ref uuid, score double precision, qty integer, tags text[], blob bytea);"
        + "INSERT INTO items SELECT g, 'name ' || g || E'\\twith\\ttabs\\nand lines \\\\ ✓', "
        + "CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN '' ELSE repeat('x', g % 40) END, "
        + "(g % 100000) / 100.0, timestamptz '2024-01-01' + g * interval '1 second', "
        + "CASE WHEN g % 5 = 0 THEN NULL ELSE g % 2 = 0 END, "
        + "jsonb_build_object('k', g, 'tag', 't' || (g % 10)), md5(g::text)::uuid, "
        + "CASE WHEN g % 1000 = 0 THEN 'NaN'::float8 ELSE g * 1.5 END, g % 1000, "
        + "ARRAY['a' || g, NULL, 'x,\"y\"'], decode(lpad(to_hex(g), 8, '0'), 'hex') "
        + "FROM generate_series(1, " + ROWS + ") g;");
  }

  TransferReport pull(Database target, Strategy strategy) {
    try (Database src = Pg.open(source);
         ShareServer server = Sharing.start(src);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      assertTrue(client.canCopy());
      return client.transferAll(target, TransferOptions.defaults().withStrategy(strategy, null),
          null);
    }
  }

  @Test
  void copyPathIntoAnEmptyTargetKeepsEveryValue() {
    try (Database target = Pg.open(Pg.newDatabase()); Database src = Pg.open(source)) {
      TransferReport r = pull(target, Strategy.SKIP);
      assertTrue(r.succeeded(), r::toString);
      assertEquals(ROWS, r.tables().get(0).result().created());
      assertEquals(Rows.all(src, "items"), Rows.all(target, "items"));
    }
  }

  @Test
  void copyPathIntoAFullTargetSkipsOrOverwritesExactly() {
    String t = Pg.newDatabase();
    try (Database target = Pg.open(t); Database src = Pg.open(source)) {
      pull(target, Strategy.SKIP);
      Pg.exec(t, "UPDATE items SET name = 'changed' WHERE id % 10 = 0; "
          + "DELETE FROM items WHERE id % 7 = 0");
      long deleted = ROWS / 7;
      TransferReport skip = pull(target, Strategy.SKIP);
      assertEquals(deleted, skip.tables().get(0).result().created());
      assertEquals(ROWS - deleted, skip.tables().get(0).result().skipped());
      assertEquals("[[" + (ROWS / 10 - ROWS / 70) + "]]",
          Pg.query(t, "SELECT count(*) FROM items WHERE name = 'changed'").toString());
      TransferReport over = pull(target, Strategy.OVERWRITE);
      // only the rows that differ are updated; identical ones are left alone
      long changed = ROWS / 10 - ROWS / 70;
      assertEquals(changed, over.tables().get(0).result().updated());
      assertEquals(ROWS - changed, over.tables().get(0).result().skipped());
      assertEquals(Rows.all(src, "items"), Rows.all(target, "items"));
    }
  }

  @Test
  void copyCutOffMidwayResumesWithoutSendingAnythingTwice() {
    String t = Pg.newDatabase();
    try (Database target = Pg.open(t); Database src = Pg.open(source)) {
      ShareServer server = Sharing.start(src);
      try (SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        TransferReport cut = client.transferAll(target, TransferOptions.defaults()
            .withBatchSize(5000), new dev.dbsync.engine.transfer.TransferListener() {
              @Override
              public void progress(dev.dbsync.engine.transfer.TransferProgress p) {
                if (p.rowsDone() == 5_000) {
                  server.end("Gone.");
                }
              }
            });
        assertEquals(dev.dbsync.engine.transfer.TableOutcome.Status.FAILED,
            cut.tables().get(0).status());
      }
      long kept = target.getCount("items");
      assertTrue(kept >= 5_000 && kept < ROWS, "kept " + kept);
      try (ShareServer again = Sharing.start(src);
           SyncClient client = SyncClient.connect(Sharing.url(again), again.currentCode(),
               ConnectOptions.defaults())) {
        TransferReport resumed = client.transferAll(target, TransferOptions.defaults(), null);
        assertTrue(resumed.succeeded(), resumed::toString);
        assertEquals(kept, resumed.tables().get(0).resumedFrom());
        assertEquals(ROWS - kept, resumed.tables().get(0).result().created());
        assertEquals(0, resumed.tables().get(0).result().skipped());
      }
      assertEquals(Rows.all(src, "items"), Rows.all(target, "items"));
    }
  }

  @Test
  void copyTextIntoSqliteKeepsEveryValue() {
    try (Database target = Sample.open(dir.resolve("t.db")); Database src = Pg.open(source)) {
      TransferReport r = pull(target, Strategy.SKIP);
      assertTrue(r.succeeded(), r::toString);
      assertEquals(Rows.all(src, "items"), Rows.all(target, "items"));
    }
  }
}

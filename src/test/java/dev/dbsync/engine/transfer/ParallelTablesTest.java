package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareLimits;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.Pg;
import dev.dbsync.support.RawClient;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables in parallel ({@code --jobs}, the link's "lanes"): a real PostgreSQL sender offering
 * four lanes, a real link, real targets. Parents finish before their children start, every
 * lane reads the one snapshot, a SQLite target is written one table at a time, and a wrong
 * lane is refused without harm.
 */
class ParallelTablesTest {
  static final int TABLES = 24;
  static final int ROWS = 500;
  static String source;

  @TempDir
  Path dir;

  /** t0..t23; every third table after the first references the one before it. */
  @BeforeAll
  static void load() {
    source = Pg.newDatabase();
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < TABLES; i++) {
      boolean child = i > 0 && i % 3 == 0;
      sql.append("CREATE TABLE t").append(i).append(" (id bigint PRIMARY KEY, name text, ")
          .append("price numeric(10,2), at timestamptz")
          .append(child ? ", parent bigint REFERENCES t" + (i - 1) + "(id)" : "")
          .append("); INSERT INTO t").append(i).append(" SELECT g, 'row ' || g, g / 7.0, ")
          .append("timestamptz '2026-01-01' + g * interval '1 minute'")
          .append(child ? ", g" : "").append(" FROM generate_series(1, ").append(ROWS)
          .append(") g;");
    }
    Pg.exec(source, sql.toString());
  }

  ShareServer share(Database db, int lanes) {
    ShareServer s = new ShareServer(db, ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withMode(IncomingMode.AUTO_ACCEPT, null)
        .withLimits(ShareLimits.defaults().withMaxLanes(lanes)), null);
    s.start();
    return s;
  }

  /** What a listener saw: the order of starts and ends, and how many ran at once. */
  static class Watch implements TransferListener {
    final List<String> events = new ArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final Map<String, Integer> jobs = new ConcurrentHashMap<>();
    Runnable onFirstStart = () -> {};
    private final AtomicBoolean first = new AtomicBoolean(true);

    @Override
    public void started(int tables, int jobCount) {
      jobs.put("jobs", jobCount);
    }

    @Override
    public void tableStarted(String table, long expectedRows) {
      if (first.getAndSet(false)) {
        onFirstStart.run();
      }
      events.add("start " + table);
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    @Override
    public void tableWritten(TableOutcome outcome) {
      running.decrementAndGet();
      events.add("end " + outcome.table());
    }
  }

  TransferReport pull(Database target, int jobs, Watch watch) {
    try (Database src = Pg.open(source);
         ShareServer server = share(src, 4);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      assertEquals(4, client.lanes());
      return client.transferAll(target, TransferOptions.defaults().withJobs(jobs), watch);
    }
  }

  @Test
  void tablesRunAtOnceAndParentsFinishBeforeTheirChildrenStart() {
    String t = Pg.newDatabase();
    Watch watch = new Watch();
    try (Database target = Pg.open(t); Database src = Pg.open(source)) {
      TransferReport r = pull(target, 4, watch);
      assertTrue(r.succeeded(), r::toString);
      assertEquals(4, watch.jobs.get("jobs"));
      assertTrue(watch.most.get() > 1, "tables ran one after another: " + watch.events);
      for (int i = 0; i < TABLES; i++) {
        assertEquals(Rows.all(src, "t" + i), Rows.all(target, "t" + i), "t" + i);
        if (i > 0 && i % 3 == 0) {
          int parentEnd = watch.events.indexOf("end t" + (i - 1));
          int childStart = watch.events.indexOf("start t" + i);
          assertTrue(parentEnd >= 0 && parentEnd < childStart, "t" + i + " started before "
              + "its parent was in: " + watch.events);
        }
      }
      // the created tables keep their keys, added once every table is in
      assertEquals("[[" + (TABLES / 3 - 1) + "]]", Pg.query(t, "SELECT count(*) FROM "
          + "pg_constraint WHERE contype = 'f'").toString());
      // per-table bytes are each table's own, not the whole link's while it ran
      long sum = r.tables().stream().mapToLong(TableOutcome::bytes).sum();
      assertTrue(sum > 0 && sum <= r.bytes(), sum + " of " + r.bytes());
    }
  }

  @Test
  void everyLaneReadsTheOneSnapshot() {
    Watch watch = new Watch();
    // once the transfer runs, every source table gets more rows: none may arrive
    watch.onFirstStart = () -> {
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < TABLES; i++) {
        sql.append("INSERT INTO t").append(i).append(" (id, name) SELECT g, 'late' FROM ")
            .append("generate_series(").append(ROWS + 1).append(", ").append(ROWS + 50)
            .append(") g;");
      }
      Pg.exec(source, sql.toString());
    };
    String t = Pg.newDatabase();
    try (Database target = Pg.open(t)) {
      TransferReport r = pull(target, 4, watch);
      assertTrue(r.succeeded(), r::toString);
      for (int i = 0; i < TABLES; i++) {
        assertEquals("[[" + ROWS + "]]", Pg.query(t, "SELECT count(*) FROM t" + i).toString(),
            "t" + i + " saw rows committed after its snapshot");
      }
    } finally {
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < TABLES; i++) {
        sql.append("DELETE FROM t").append(i).append(" WHERE id > ").append(ROWS).append(';');
      }
      Pg.exec(source, sql.toString());
    }
  }

  @Test
  void aCancelStopsEveryLaneAndTheNextRunFinishesTheRest() {
    String t = Pg.newDatabase();
    try (Database target = Pg.open(t); Database src = Pg.open(source);
         ShareServer server = share(src, 4)) {
      TransferReport first;
      try (SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        TransferRunner[] runner = new TransferRunner[1];
        Watch watch = new Watch() {
          int written;

          @Override
          public void tableWritten(TableOutcome outcome) {
            super.tableWritten(outcome);
            if (++written == 6) {
              runner[0].cancel();
            }
          }
        };
        runner[0] = client.runner(target, TransferOptions.defaults().withJobs(4), watch);
        first = runner[0].run();
      }
      long done = first.tables().stream()
          .filter(o -> o.status() == TableOutcome.Status.COMPLETED).count();
      long stopped = first.tables().stream()
          .filter(o -> o.status() == TableOutcome.Status.CANCELLED).count();
      assertTrue(done >= 6 && done < TABLES, first.toString());
      assertEquals(TABLES, done + stopped, first.toString());
      try (SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        TransferReport second = client.transferAll(target, TransferOptions.defaults()
            .withJobs(4), null);
        assertTrue(second.succeeded(), second.toString());
      }
      for (int i = 0; i < TABLES; i++) {
        assertEquals(Rows.all(src, "t" + i), Rows.all(target, "t" + i), "t" + i);
      }
    }
  }

  @Test
  void aSqliteTargetIsWrittenOneTableAtATime() {
    Watch watch = new Watch();
    try (Database target = JdbcDatabase.open(DatabaseLocator.sqlite(dir.resolve("t.db")),
        TableFilter.defaults(), true); Database src = Pg.open(source)) {
      TransferReport r = pull(target, 4, watch);
      assertTrue(r.succeeded(), r::toString);
      assertEquals(1, watch.jobs.get("jobs"));
      assertEquals(1, watch.most.get());
      assertEquals(Rows.all(src, "t5").size(), Rows.all(target, "t5").size());
    }
  }

  @Test
  void aWrongLaneIsRefusedAndTheLinkGoesOn() throws Exception {
    try (Database src = Pg.open(source); ShareServer server = share(src, 4)) {
      String code = server.currentCode();
      String topic = "transfer:" + code;
      try (RawClient raw = RawClient.open(Sharing.wsUrl(server, code))) {
        raw.send("[null,\"1\",\"" + topic + "\",\"phx_join\",{}]");
        assertTrue(raw.next().contains("\"status\":\"ok\""));
        raw.send("[null,\"2\",\"" + topic + "\",\"request:capabilities\",{\"ref\":\"2\"}]");
        JsonNode caps = WireValues.JSON.readTree(raw.next()).get(4).get("capabilities");
        assertEquals(4, caps.get("lanes").asInt());
        assertTrue(caps.get("features").toString().contains("\"lanes\""));
        for (String lane : List.of("99", "-1", "\"2\"", "1.5")) {
          raw.send("[null,\"3\",\"" + topic + "\",\"request:copy\",{\"table\":\"t1\","
              + "\"lane\":" + lane + ",\"ref\":\"3\"}]");
          JsonNode e = WireValues.JSON.readTree(raw.next());
          assertEquals("response:error", e.get(3).asText(), e.toString());
          assertEquals("lane must be a whole number from 0 to 3.",
              e.get(4).get("error").asText());
        }
        raw.send("[null,\"4\",\"" + topic + "\",\"request:count\",{\"table\":\"t1\","
            + "\"ref\":\"4\"}]");
        assertEquals(ROWS, WireValues.JSON.readTree(raw.next()).get(4).get("count").asInt());
      }
    }
  }
}

package dev.dbsync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.DbsyncProcess;
import dev.dbsync.support.FreezingProxy;
import dev.dbsync.support.Pg;
import dev.dbsync.support.ShareProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with real processes and real sockets: a sender (share) and receivers (pull) as their
 * own processes, killed with SIGKILL, a link frozen by an in-test TCP proxy, a target
 * PostgreSQL stopped mid-transfer, eight receivers at once. Each case ends with the target
 * compared to the source row by row (an md5 over every row in key order) and nothing of ours
 * left in the target or in the receiver's data folder.
 *
 * <p>{@code mvn test} runs it small (100,000 rows, heartbeat every 2 s). The full run, as the
 * issue measured it (2,500,000 rows, the product's 20 s heartbeat, so the 60 s bounds are
 * checked as shipped):
 * {@code mvn -B test -Dtest='dev.dbsync.faults.*Test' -Dfaults.rows=2500000 -Dfaults.ping=20}.
 */
@Timeout(600)
class FaultSuiteTest {
  static final int ROWS = Integer.getInteger("faults.rows", 100_000);
  static final int PING = Integer.getInteger("faults.ping", 2);
  /** How long a side may take to notice a dead peer: 2.5 heartbeats, plus start-up slack. */
  static final long BOUND = Math.round(PING * 2.5) + 10;
  static String source;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() {
    source = Pg.newDatabase();
    Pg.exec(source, "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, n int, "
        + "note text); CREATE TABLE notes (line text, n int);"
        + "INSERT INTO items SELECT g, 'item ' || g, g % 97, CASE WHEN g % 3 = 0 THEN NULL "
        + "ELSE repeat('x', g % 50) END FROM generate_series(1, " + ROWS + ") g;"
        + "INSERT INTO notes SELECT 'note ' || g, g FROM generate_series(1, " + ROWS / 4
        + ") g;");
  }

  List<String> jvm() {
    return List.of("-Ddbsync.link.ping-seconds=" + PING);
  }

  ShareProcess share() throws Exception {
    return new ShareProcess(dir.resolve("sender"), source, jvm());
  }

  Process pull(String url, String code, String target) throws Exception {
    return DbsyncProcess.start(dir.resolve("receiver"), true, jvm(), "pull", "--from", url,
        "--code", code, "--db", target, "--batch-size", "2000");
  }

  /** Prints a measured figure (the full run's output is where docs/testing.md takes them). */
  static void figure(String format, long since) {
    System.out.printf("FIGURE " + format + " (%,d rows, heartbeat %d s)%n",
        (System.nanoTime() - since) / 1e9, ROWS, PING);
  }

  static String fingerprint(String url, String table, String order) {
    return Pg.query(url, "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY "
        + order + "), '')) FROM " + table + " t").toString();
  }

  /** The target equals the source row by row, and holds nothing of ours; no resume is left. */
  void identicalAndClean(String target) throws Exception {
    assertEquals(fingerprint(source, "items", "id"), fingerprint(target, "items", "id"));
    assertEquals(fingerprint(source, "notes", "t::text"), fingerprint(target, "notes",
        "t::text"));
    assertEquals("[[items], [notes]]", Pg.query(target, "SELECT tablename FROM pg_tables "
        + "WHERE schemaname = 'public' ORDER BY 1").toString());
    Path resume = dir.resolve("receiver").resolve("resume");
    if (Files.exists(resume)) {
      try (Stream<Path> left = Files.list(resume)) {
        assertEquals(List.of(), left.toList(), "resume points left behind");
      }
    }
  }

  static long rows(String target) {
    try {
      return Long.parseLong(Pg.query(target, "SELECT count(*) FROM items").get(0).get(0));
    } catch (IllegalStateException notYet) {
      return 0; // the table is not created yet
    }
  }

  static void waitFor(long seconds, String what, BooleanSupplier c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + seconds + " s for " + what);
      }
      Thread.sleep(10);
    }
  }

  static String finish(Process p, long seconds) throws Exception {
    boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(ended, "still running after " + seconds + " s: " + out);
    return out;
  }

  /** Pulls again and checks that it finishes with exit 0 (resuming items when it must). */
  void pullAgain(ShareProcess s, String target, boolean resumes) throws Exception {
    Process again = pull(s.url(), s.nextCode(), target);
    String out = finish(again, 300);
    assertEquals(0, again.exitValue(), out);
    assertTrue(!resumes || out.contains("items: resuming from row"), out);
  }

  /**
   * Mid-transfer: batches of items are committed, and their resume point saved (a point of
   * items: the table without a key, notes, saves one before its first batch, and a kill right
   * after items' first commit would leave items nothing to resume from).
   */
  boolean midTransfer(String target, Process pull) {
    if (!pull.isAlive()) {
      return true;
    }
    try (Stream<Path> points = Files.list(dir.resolve("receiver").resolve("resume"))) {
      // a written point (.json), not one being written (.tmp): a kill between the two would
      // leave nothing to resume from
      return points.filter(f -> f.getFileName().toString().endsWith(".json"))
          .anyMatch(FaultSuiteTest::ofItems) && rows(target) >= 2000;
    } catch (java.io.IOException notYet) {
      return false;
    }
  }

  private static boolean ofItems(Path point) {
    try {
      String json = Files.readString(point);
      return json.contains("\"table\":\"items\"") && !json.contains("\"rows_done\":0,");
    } catch (java.io.IOException replacedMeanwhile) {
      return false;
    }
  }

  @Test
  void aReceiverKilledMidTransferResumesIdentical() throws Exception {
    String target = Pg.newDatabase();
    try (ShareProcess s = share()) {
      Process first = pull(s.url(), s.nextCode(), target);
      waitFor(120, "rows in the target", () -> midTransfer(target, first));
      assertTrue(first.isAlive(), "the pull ended before it could be killed");
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long kept = rows(target);
      assertTrue(kept < ROWS, "killed mid-transfer: " + kept);
      pullAgain(s, target, true);
    }
    identicalAndClean(target);
  }

  @Test
  void aSenderKilledMidTransferEndsThePullAndANewShareFinishesIt() throws Exception {
    String target = Pg.newDatabase();
    Process first;
    try (ShareProcess s = share()) {
      first = pull(s.url(), s.nextCode(), target);
      waitFor(120, "rows in the target", () -> midTransfer(target, first));
      assertTrue(first.isAlive(), "the pull ended before the sender could be killed");
      s.kill();
    }
    long killed = System.nanoTime();
    String out = finish(first, BOUND);
    figure("sender killed: the pull exited after %.1f s", killed);
    assertEquals(1, first.exitValue(), out);
    assertTrue(out.contains("lost") || out.contains("stopped answering"), out);
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed) <= BOUND);
    try (ShareProcess again = share()) {
      pullAgain(again, target, true);
    }
    identicalAndClean(target);
  }

  @Test
  void aFrozenLinkEndsBothSidesWithinTheBoundAndARunAgainFinishesIt() throws Exception {
    String target = Pg.newDatabase();
    try (ShareProcess s = share(); FreezingProxy proxy = new FreezingProxy(s.port())) {
      Process first = pull(proxy.url(), s.nextCode(), target);
      waitFor(120, "rows in the target", () -> midTransfer(target, first));
      assertTrue(first.isAlive(), "the pull ended before the link could freeze");
      proxy.freeze();
      long frozen = System.nanoTime();
      String out = finish(first, BOUND);
      figure("frozen link: the pull exited after %.1f s", frozen);
      long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozen);
      assertEquals(1, first.exitValue(), out);
      assertTrue(out.contains("stopped answering") || out.contains("sent nothing"), out);
      assertTrue(took <= BOUND, "the receiver took " + took + " s");
      s.next("left", BOUND); // the sender let it go too (and with it its snapshot)
      figure("frozen link: the sender let the receiver go after %.1f s", frozen);
      // what was in flight when the link froze may have finished items: no resume to check
      pullAgain(s, target, false);
    }
    identicalAndClean(target);
  }

  @Test
  void aTargetDatabaseStoppedMidTransferFailsThePullWithinTheBound() throws Exception {
    Path data = dir.resolve("target-pg");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data)
        .setCleanDataDirectory(false).start();
    int port = pg.getPort();
    String target = "postgres://postgres@localhost:" + port + "/postgres";
    try (ShareProcess s = share()) {
      Process first = pull(s.url(), s.nextCode(), target);
      waitFor(120, "rows in the target", () -> midTransfer(target, first));
      assertTrue(first.isAlive(), "the pull ended before the target could stop");
      pg.close();
      long stopped = System.nanoTime();
      String out = finish(first, 60 + 15);
      figure("target stopped: the pull exited after %.1f s", stopped);
      assertEquals(1, first.exitValue(), out);
      assertTrue(out.contains("PostgreSQL"), out);
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped) <= 75);
      pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
          .setPort(port).start();
      pullAgain(s, target, true);
      identicalAndClean(target);
    } finally {
      pg.close();
    }
  }

  @Test
  void eightReceiversAtOnceAllFinishIdentical() throws Exception {
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      targets.add(Pg.newDatabase());
    }
    try (ShareProcess s = share()) {
      List<String> codes = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<TransferReport>> runs = new ArrayList<>();
        for (String t : targets) {
          String code = s.nextCode();
          runs.add(pool.submit(() -> {
            try (SyncClient c = SyncClient.connect(s.url(), code, ConnectOptions.defaults());
                 Database to = Pg.open(t)) {
              return c.transferAll(to, TransferOptions.defaults(), null);
            }
          }));
          codes.add(code);
        }
        for (Future<TransferReport> r : runs) {
          assertTrue(r.get(300, TimeUnit.SECONDS).succeeded());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(8, codes.stream().distinct().count());
    }
    for (String t : targets) {
      identicalAndClean(t);
    }
  }
}

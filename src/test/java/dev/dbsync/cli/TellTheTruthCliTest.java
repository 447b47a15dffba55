package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.DbsyncProcess;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pull command says and returns matches what happened. */
class TellTheTruthCliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out) {}

  Run dbsync(String... args) throws Exception {
    Process p = DbsyncProcess.start(dir.resolve("home"), true, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  @Test
  void aMalformedCodeOrDatabaseIsBadUsage() throws Exception {
    Run code = dbsync("pull", "--from", "ws://127.0.0.1:9", "--code", "abc", "--db",
        dir.resolve("t.db").toString());
    assertEquals(2, code.exit(), code.out());
    assertTrue(code.out().contains("'abc' is not one"), code.out());
    Run db = dbsync("pull", "--from", "ws://127.0.0.1:9", "--code", "ABCDEFGH", "--db",
        "mysql://nowhere/x");
    assertEquals(2, db.exit(), db.out());
    assertTrue(db.out().contains("is not a database address"), db.out());
  }

  @Test
  void appendWithRefusedRowsIsCompletedWithErrorsAndExitsOne() throws Exception {
    Path source = Sample.create(dir.resolve("s.db"), 50);
    Path target = dir.resolve("t.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target)) {
      c.createStatement().execute("CREATE TABLE books (id INTEGER PRIMARY KEY, author_id "
          + "INTEGER, title TEXT UNIQUE, price TEXT)");
      c.createStatement().execute("INSERT INTO books (title) SELECT 'Book ' || value FROM "
          + "json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,"
          + "26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50]')");
    }
    try (Database src = Sample.open(source); ShareServer server = Sharing.start(src)) {
      Run r = dbsync("pull", "--from", Sharing.url(server), "--code", server.currentCode(),
          "--db", target.toString(), "--tables", "books", "--strategy", "append");
      assertEquals(1, r.exit(), r.out());
      assertTrue(r.out().contains("completed with errors"), r.out());
      assertTrue(r.out().contains("50 rows refused"), r.out());
      assertTrue(r.out().contains("UNIQUE"), r.out());
    }
  }

  @Test
  void ctrlCStopsAfterTheBatchAndStillPrintsTheSummary() throws Exception {
    Path source = Sample.create(dir.resolve("s.db"), 400_000);
    try (Database src = Sample.open(source); ShareServer server = Sharing.start(src)) {
      Process p = DbsyncProcess.start(dir.resolve("home"), true, "pull", "--from",
          Sharing.url(server), "--code", server.currentCode(), "--db",
          dir.resolve("t.db").toString(), "--tables", "books", "--batch-size", "500");
      java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
          p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("books: ") && line.contains("/400000 rows")) {
          break; // rows are flowing
        }
      }
      p.toHandle().destroy(); // SIGTERM, like Ctrl-C: the shutdown hooks run
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String all = seen.toString();
      assertTrue(all.contains("cancelled") && all.matches("(?s).*\\d+ rows in [0-9.]+ s.*"),
          all);
    }
  }

  @Test
  void shareAsksForApprovalByDefaultLikeTheApp() {
    ShareCommand share = new ShareCommand();
    new picocli.CommandLine(share).parseArgs("--db", "x.db");
    assertEquals(dev.dbsync.engine.link.sender.IncomingMode.REQUIRE_APPROVAL,
        dev.dbsync.engine.link.sender.IncomingMode.parse(share.mode));
    assertEquals(dev.dbsync.engine.link.sender.ShareOptions.defaults().mode(),
        dev.dbsync.engine.link.sender.IncomingMode.parse(share.mode), "the app's default");
  }

  @Test
  void aShareThatCannotReachItsDatabaseSaysConnectNotWrite() throws Exception {
    String missing = dev.dbsync.support.Pg.newDatabase() + "_missing";
    Run r = dbsync("share", "--db", missing, "--port", "0", "--bind", "127.0.0.1");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("Could not connect to"), r.out());
    assertTrue(!r.out().contains("write"), r.out());
  }
}

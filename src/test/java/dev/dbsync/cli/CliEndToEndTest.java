package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.support.DbsyncProcess;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code share} and {@code pull} as separate processes on loopback. */
class CliEndToEndTest {
  @TempDir
  Path dir;

  Process start(String... args) throws Exception {
    return DbsyncProcess.start(dir.resolve("home"), false, args);
  }

  static String all(Process p) throws Exception {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void shareAndPullAsSeparateProcesses() throws Exception {
    Path source = Sample.create(dir.resolve("source.db"), 1200);
    Process share = start("share", "--db", source.toString(), "--mode", "auto_accept", "--port", "0",
        "--bind", "127.0.0.1", "--once", "--json");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(share.getInputStream(),
          StandardCharsets.UTF_8));
      JsonNode listening = WireValues.JSON.readTree(out.readLine());
      JsonNode code = WireValues.JSON.readTree(out.readLine());
      assertEquals("listening", listening.get("event").asText());
      assertEquals("code", code.get("event").asText());
      String target = Pg.newDatabase();
      Process pull = start("pull", "--from", listening.get("url").asText(), "--code",
          code.get("code").asText(), "--db", target, "--strategy-for", "authors=overwrite",
          "--json");
      if (!pull.waitFor(90, TimeUnit.SECONDS)) {
        pull.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("The pull did not finish in 90 s; it printed: " + all(pull));
      }
      String pulled = all(pull);
      assertEquals(0, pull.exitValue(), pulled);
      JsonNode summary = WireValues.JSON.readTree(pulled.lines()
          .filter(l -> l.startsWith("{")).findFirst().orElseThrow());
      assertEquals("authors", summary.get("tables").get(0).get("table").asText());
      assertEquals("overwrite", summary.get("tables").get(0).get("strategy").asText());
      assertEquals(1200, summary.get("tables").get(1).get("result").get("created").asLong());
      try (Database s = Sample.open(source); Database t = Pg.open(target)) {
        assertEquals(Rows.all(s, "books"), Rows.all(t, "books"));
        assertTrue(!t.tableExists("user_tokens"));
      }
      // --once: the sender issues no second code and leaves when its receiver has gone
      assertTrue(share.waitFor(30, TimeUnit.SECONDS), "share exits after its one receiver");
      String rest = all(share);
      assertTrue(rest.contains("\"event\":\"joined\""), rest);
      assertTrue(rest.contains("\"event\":\"left\""), rest);
      assertTrue(!rest.contains("\"event\":\"code\""), rest);
    } finally {
      share.destroyForcibly();
    }
  }

  @Test
  void tablesInParallelPrintALinePerTableAndATotal() throws Exception {
    String source = Pg.newDatabase();
    Pg.chain(source, "p", 6, 100);
    Process share = start("share", "--db", source, "--mode", "auto_accept", "--port", "0",
        "--bind", "127.0.0.1", "--once", "--json", "--max-lanes", "3");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(share.getInputStream(),
          StandardCharsets.UTF_8));
      JsonNode listening = WireValues.JSON.readTree(out.readLine());
      JsonNode code = WireValues.JSON.readTree(out.readLine());
      Process wrong = start("pull", "--from", listening.get("url").asText(), "--code",
          code.get("code").asText(), "--db", Pg.newDatabase(), "--jobs", "99");
      assertTrue(wrong.waitFor(60, TimeUnit.SECONDS));
      String said = all(wrong);
      assertEquals(2, wrong.exitValue(), said);
      assertTrue(said.contains("--jobs takes 1 to 32 tables at once, not 99."), said);
      String target = Pg.newDatabase();
      Process pull = start("pull", "--from", listening.get("url").asText(), "--code",
          code.get("code").asText(), "--db", target, "--jobs", "3");
      assertTrue(pull.waitFor(90, TimeUnit.SECONDS), "the pull did not finish in 90 s");
      String err = new String(pull.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, pull.exitValue(), err);
      assertTrue(err.contains("6 tables, up to 3 at once"), err);
      assertTrue(err.contains("total: "), err);
      for (int i = 1; i <= 6; i++) {
        int n = i;
        assertEquals(1, err.lines().filter(l -> l.matches("p" + n + ": completed, 100 rows in "
            + "[0-9.]+ s")).count(), err);
      }
      assertEquals("[[100]]", Pg.query(target, "SELECT count(*) FROM p6").toString());
    } finally {
      share.destroyForcibly();
    }
  }

  @Test
  void pullWithAWrongCodeExitsWithOneAndSaysWhy() throws Exception {
    Path source = Sample.create(dir.resolve("source.db"), 1);
    Process share = start("share", "--db", source.toString(), "--mode", "auto_accept", "--port", "0",
        "--bind", "127.0.0.1");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(share.getInputStream(),
          StandardCharsets.UTF_8));
      String url = out.readLine().substring("url: ".length());
      Process pull = start("pull", "--from", url, "--code", "ABCDEFGH", "--db",
          dir.resolve("t.db").toString());
      assertTrue(pull.waitFor(60, TimeUnit.SECONDS));
      String said = all(pull);
      assertEquals(1, pull.exitValue(), said);
      assertTrue(said.contains("The code is not valid"), said);
    } finally {
      share.destroy();
      assertTrue(share.waitFor(10, TimeUnit.SECONDS), "share stops cleanly on SIGTERM");
    }
  }

  @Test
  void badUsageExitsWithTwo() throws Exception {
    Process p = start("pull", "--from", "ws://127.0.0.1:1", "--code", "ABCDEFGH", "--db",
        dir.resolve("t.db").toString(), "--strategy", "sideways");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String said = all(p);
    assertEquals(2, p.exitValue(), said);
    assertTrue(said.contains("Unknown strategy 'sideways'"), said);
    Process q = start("pull", "--code", "X");
    assertTrue(q.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, q.exitValue());
  }
}

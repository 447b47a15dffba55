package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.DbsyncProcess;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sharing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run, --strategy mirror and --add-columns as a user types them. */
class DryRunCliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out) {
    JsonNode json() throws Exception {
      String[] lines = out.trim().split("\n");
      return WireValues.JSON.readTree(lines[lines.length - 1]);
    }
  }

  Run dbsync(String source, String... args) throws Exception {
    try (Database src = Pg.open(source); ShareServer server = Sharing.start(src)) {
      List<String> all = new java.util.ArrayList<>(List.of(args));
      if (args[0].equals("pull")) {
        all.addAll(1, List.of("--from", Sharing.url(server), "--code", server.currentCode()));
      }
      Process p = DbsyncProcess.start(dir.resolve("home"), true, all.toArray(String[]::new));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(90, TimeUnit.SECONDS));
      return new Run(p.exitValue(), out);
    }
  }

  static String source() {
    String url = Pg.newDatabase();
    Pg.exec(url, """
        CREATE TABLE accounts (id integer PRIMARY KEY, email text, plan text);
        INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 'free'
          FROM generate_series(1, 1000) g;
        """);
    return url;
  }

  static String md5(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest(Files.readAllBytes(f)));
  }

  static JsonNode table(JsonNode report, String name) {
    for (JsonNode t : report.get("tables")) {
      if (t.get("table").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError(name + " not in " + report);
  }

  @Test
  void aDryRunPrintsTheContractsJsonAndTouchesNothingThenAMirrorAppliesIt() throws Exception {
    String src = source();
    Path target = dir.resolve("dev.db");
    Path absent = dir.resolve("absent.db");
    Run first = dbsync(src, "pull", "--db", absent.toString(), "--dry-run", "--json");
    assertEquals(0, first.exit(), first.out());
    JsonNode a = table(first.json(), "accounts");
    assertTrue(a.get("create_table").asBoolean(), first.out());
    assertEquals(1000, a.get("diff").get("new").asLong());
    assertEquals(1000, a.get("would").get("created").asLong());
    assertFalse(Files.exists(absent), "a dry run makes no file");

    assertEquals(0, dbsync(src, "pull", "--db", target.toString()).exit());
    Pg.exec(src, """
        INSERT INTO accounts VALUES (1001, 'new@example.com', 'pro'), (1002, 'b@x.io', 'pro');
        UPDATE accounts SET plan = 'pro' WHERE id IN (5, 6, 7);
        DELETE FROM accounts WHERE id IN (100, 200, 300, 400);
        ALTER TABLE accounts ADD COLUMN country text DEFAULT 'NZ';
        """);
    String before = md5(target);
    Run dry = dbsync(src, "pull", "--db", target.toString(), "--strategy", "mirror",
        "--dry-run", "--json", "--sample", "2");
    assertEquals(0, dry.exit(), dry.out());
    assertEquals(before, md5(target), "the dry run wrote nothing");
    JsonNode report = dry.json();
    assertTrue(report.has("bytes") && report.has("seconds"), dry.out());
    JsonNode t = table(report, "accounts");
    assertEquals("{\"new\":2,\"changed\":3,\"identical\":993,\"only_target\":4}",
        t.get("diff").toString());
    assertEquals("{\"created\":2,\"updated\":3,\"skipped\":0,\"deleted\":4}",
        t.get("would").toString());
    assertFalse(t.get("create_table").asBoolean());
    assertEquals(2, t.get("sample").get("changed").size());
    assertEquals("{\"old\":\"free\",\"new\":\"pro\"}",
        t.get("sample").get("changed").get(0).get("columns").get("plan").toString());
    assertEquals("[\"country\"]", t.get("drift").get("added").toString());
    Run none = dbsync(src, "pull", "--db", target.toString(), "--strategy", "mirror",
        "--dry-run", "--json", "--sample", "0");
    assertEquals("{\"new\":[],\"changed\":[],\"only_target\":[]}",
        table(none.json(), "accounts").get("sample").toString(), "the same shape, no rows");

    Run human = dbsync(src, "pull", "--db", target.toString(), "--strategy", "mirror",
        "--dry-run");
    assertEquals(0, human.exit(), human.out());
    assertTrue(human.out().contains("add 2, update 3, delete 4"), human.out());
    assertTrue(human.out().contains("only in the source: country"), human.out());
    assertTrue(human.out().contains("Nothing was written."), human.out());

    Run mirror = dbsync(src, "pull", "--db", target.toString(), "--strategy", "mirror",
        "--add-columns", "--json");
    assertEquals(0, mirror.exit(), mirror.out());
    JsonNode m = table(mirror.json(), "accounts");
    assertEquals(4, m.get("result").get("deleted").asLong(), mirror.out());
    Run again = dbsync(src, "pull", "--db", target.toString(), "--strategy", "mirror",
        "--dry-run", "--json");
    JsonNode same = table(again.json(), "accounts").get("diff");
    assertEquals("{\"new\":0,\"changed\":0,\"identical\":998,\"only_target\":0}",
        same.toString(), "added columns came with their values");

    // a table the sender does not have: said, and the others still compared (exit 1)
    Run missing = dbsync(src, "pull", "--db", target.toString(), "--tables", "accounts,nosuch",
        "--dry-run", "--json");
    assertEquals(1, missing.exit(), missing.out());
    assertEquals("{\"new\":0,\"changed\":0,\"identical\":998,\"only_target\":0}",
        table(missing.json(), "accounts").get("diff").toString());
    assertTrue(table(missing.json(), "nosuch").get("error").asText().contains("nosuch"),
        missing.out());

    Run history = dbsync(src, "history", "--json");
    assertTrue(history.out().contains("\"kind\":\"compare\""), history.out());
    assertTrue(history.out().contains("\"compared\":{\"new\":2,\"changed\":3"),
        history.out());
  }

  @Test
  void aBareSampleWithoutDryRunIsBadUsage() throws Exception {
    Run r = dbsync(source(), "pull", "--db", dir.resolve("x.db").toString(), "--sample", "5");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.out().contains("--sample"), r.out());
  }
}

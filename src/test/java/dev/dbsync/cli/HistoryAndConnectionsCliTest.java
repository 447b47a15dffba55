package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.support.DbsyncProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbsync history} and {@code dbsync connections} as a user runs them. */
class HistoryAndConnectionsCliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out) {}

  Run run(String... args) throws Exception {
    return runIn(dir, args);
  }

  static Run runIn(Path home, String... args) throws Exception {
    Process p = DbsyncProcess.start(home, true, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  @Test
  void connectionsAreCreatedWithATokenShownOnceAndMovedThroughTheirStatuses() throws Exception {
    Run created = run("connections", "create", "ann-laptop", "--max-records", "5000",
        "--allow-from", "10.0.0.0/8");
    assertEquals(0, created.exit(), created.out());
    String token = created.out().lines().filter(l -> l.startsWith("token: ")).findFirst()
        .orElseThrow().substring(7);
    Run list = run("connections", "list", "--json");
    JsonNode ann = WireValues.JSON.readTree(list.out()).get("incoming").get(0);
    assertEquals("active", ann.get("status").asText());
    assertEquals(5000, ann.at("/settings/max_records_total").asLong());
    assertFalse(list.out().contains(token), "the token is never shown again");
    assertEquals(0, run("connections", "suspend", "ann-laptop", "--reason", "holiday").exit());
    assertEquals(0, run("connections", "revoke", "ann-laptop").exit());
    Run refused = run("connections", "reactivate", "ann-laptop");
    assertEquals(1, refused.exit());
    assertTrue(refused.out().contains("Connection 'ann-laptop' is revoked; it cannot become "
        + "active."), refused.out());
  }

  @Test
  void historyPrintsAsTableJsonAndStatistics() throws Exception {
    Run empty = run("history");
    assertEquals(0, empty.exit(), empty.out());
    assertTrue(empty.out().contains("nothing has been sent or received"), empty.out());
    assertEquals("[]", run("history", "--json").out().trim());
    Run stats = run("history", "--stats");
    assertTrue(stats.out().contains("transfers completed"), stats.out());
    Run bad = run("history", "--since", "yesterday");
    assertEquals(2, bad.exit());
    assertTrue(bad.out().contains("--since takes an ISO instant"), bad.out());
  }

  @Test
  void aServerServesAPermanentConnectionAndTheReceiverPullsByNameAfterApproval()
      throws Exception {
    Path sender = dir.resolve("sender");
    Path receiver = dir.resolve("receiver");
    Path source = dev.dbsync.support.Sample.create(dir.resolve("source.db"), 300);
    Run created = runIn(sender, "connections", "create", "ann-laptop", "--approval",
        "--no-approval-tables", "authors");
    assertEquals(0, created.exit(), created.out());
    String token = created.out().lines().filter(l -> l.startsWith("token: ")).findFirst()
        .orElseThrow().substring(7);
    Process share = DbsyncProcess.start(sender, false, "share", "--db", source.toString(),
        "--port", "0", "--bind", "127.0.0.1", "--connections", "--json");
    try {
      java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(
          share.getInputStream(), StandardCharsets.UTF_8));
      String url = WireValues.JSON.readTree(events.readLine()).get("url").asText();
      Path tokenFile = dir.resolve("token.txt");
      java.nio.file.Files.writeString(tokenFile, token + "\n");
      Run saved = runIn(receiver, "connections", "save", "prod", "--address", url,
          "--token-file", tokenFile.toString());
      assertEquals(0, saved.exit(), saved.out());
      Path target = dir.resolve("target.db");
      Process pull = DbsyncProcess.start(receiver, true, "pull", "--connection", "prod",
          "--db", target.toString(), "--approval-wait", "60");
      long transfer = -1;
      for (String line; transfer < 0 && (line = events.readLine()) != null; ) {
        JsonNode e = WireValues.JSON.readTree(line);
        if (e.path("event").asText().equals("transfer_waits")) {
          assertEquals("books", e.get("table").asText());
          assertEquals("ann-laptop", e.get("connection").asText());
          transfer = e.get("transfer_id").asLong();
        }
      }
      Run approved = runIn(sender, "history", "approve", String.valueOf(transfer));
      assertEquals(0, approved.exit(), approved.out());
      assertTrue(pull.waitFor(60, TimeUnit.SECONDS));
      String pulled = new String(pull.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, pull.exitValue(), pulled);
      assertTrue(pulled.contains("waits for the sender's approval"), pulled);
      try (var s = dev.dbsync.support.Sample.open(source);
           var t = dev.dbsync.support.Sample.open(target)) {
        assertEquals(dev.dbsync.support.Rows.all(s, "books"),
            dev.dbsync.support.Rows.all(t, "books"));
      }
      Run list = runIn(receiver, "connections", "list");
      assertTrue(list.out().contains("prod") && list.out().contains("active"), list.out());
      Run history = runIn(receiver, "history", "--table", "books", "--json");
      JsonNode books = WireValues.JSON.readTree(history.out()).get(0);
      assertEquals("completed", books.get("status").asText());
      assertEquals("prod", books.get("connectionName").asText());
    } finally {
      share.destroyForcibly();
    }
  }
}

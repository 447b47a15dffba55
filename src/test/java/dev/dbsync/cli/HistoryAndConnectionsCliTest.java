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
    Process p = DbsyncProcess.start(dir, true, args);
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
}

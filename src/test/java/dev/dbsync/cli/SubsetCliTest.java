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
import dev.dbsync.support.Shop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --where, --limit, --sample and --no-references as a user types them. */
class SubsetCliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out) {}

  Run pull(String... args) throws Exception {
    try (Database src = Pg.open(Shop.database()); ShareServer server = Sharing.start(src)) {
      List<String> all = new java.util.ArrayList<>(List.of("pull", "--from",
          Sharing.url(server), "--code", server.currentCode()));
      all.addAll(List.of(args));
      Process p = DbsyncProcess.start(dir.resolve("home"), true, all.toArray(String[]::new));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      return new Run(p.exitValue(), out);
    }
  }

  @Test
  void aWhereCarriesItsReferencesAndTheSummarySaysWhichTablesCameAlong() throws Exception {
    Path target = dir.resolve("shop.db");
    Run r = pull("--db", target.toString(), "--tables", "orders,order_items", "--where",
        "orders:created_at >= 2026-10-01 and status != cancelled", "--json");
    assertEquals(0, r.exit(), r.out());
    String[] lines = r.out().trim().split("\n");
    JsonNode report = WireValues.JSON.readTree(lines[lines.length - 1]);
    assertEquals("[\"customers\",\"products\"]", report.get("added_for_references").toString());
    long orders = Long.parseLong(Pg.query(Shop.database(), "SELECT count(*) FROM orders "
        + "WHERE created_at >= '2026-10-01' AND status <> 'cancelled'").get(0).get(0));
    JsonNode o = null;
    for (JsonNode t : report.get("tables")) {
      if (t.get("table").asText().equals("orders")) {
        o = t;
      }
    }
    assertEquals(orders, o.get("result").get("created").asLong(), r.out());

    Run human = pull("--db", dir.resolve("again.db").toString(), "--tables", "order_items",
        "--limit", "order_items=10");
    assertEquals(0, human.exit(), human.out());
    assertTrue(human.out().contains("added for references: "), human.out());
  }

  @Test
  void aValueThatDoesNotParseIsBadUsageAndWritesNothing() throws Exception {
    Path target = dir.resolve("untouched.db");
    Run r = pull("--db", target.toString(), "--tables", "orders", "--where",
        "orders:created_at >= yesterday-ish");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.out().contains("orders.created_at: 'yesterday-ish' is not a timestamp"),
        r.out());
    assertFalse(Files.exists(target) && Files.size(target) > 0
        && new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1)
            .contains("CREATE TABLE"), "no table was created");
    Run limit = pull("--db", target.toString(), "--tables", "orders", "--limit", "orders=ten");
    assertEquals(2, limit.exit(), limit.out());
    assertTrue(limit.out().contains("--limit orders=ten"), limit.out());
  }
}

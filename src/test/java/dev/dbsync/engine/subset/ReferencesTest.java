package dev.dbsync.engine.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.mask.MaskKey;
import dev.dbsync.engine.mask.MaskRules;
import dev.dbsync.engine.mask.Masking;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sharing;
import dev.dbsync.support.Shop;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Self references, cycles, text keys, every strategy, and masked keys that still join. */
class ReferencesTest {

  static Set<String> ids(String url, String sql) {
    Set<String> out = new TreeSet<>();
    Pg.query(url, sql).forEach(r -> out.add(String.join("|", r)));
    return out;
  }

  static TransferReport pull(String src, Database target, List<String> tables, Strategy s,
      String... where) {
    try (Database db = Pg.open(src); ShareServer server = Sharing.start(db);
         SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      return c.transferAll(target, TransferOptions.defaults().withTables(tables)
          .withStrategy(s, null).withScope(Subsets.scope(SubsetSpec.parse(List.of(where), null,
              null, null, true))), null);
    }
  }

  static void allCompleted(TransferReport r) {
    assertTrue(r.tables().stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED),
        r.toString());
  }

  @Test
  void aSelfReferenceBringsTheWholeChainOfManagers() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE staff (code text PRIMARY KEY, boss text REFERENCES staff);"
        + "INSERT INTO staff VALUES ('ceo', NULL);"
        + "INSERT INTO staff SELECT 'e' || g, CASE WHEN g = 1 THEN 'ceo' ELSE 'e' || (g / 2) "
        + "END FROM generate_series(1, 64) g;");
    String dst = Pg.newDatabase();
    try (Database target = Pg.open(dst)) {
      allCompleted(pull(src, target, List.of("staff"), Strategy.SKIP, "staff:code = e40"));
    }
    assertEquals(Set.of("ceo", "e1", "e2", "e5", "e10", "e20", "e40"),
        ids(dst, "SELECT code FROM staff"));
    assertEquals(Set.of("t"), ids(dst, "SELECT convalidated FROM pg_constraint WHERE "
        + "contype = 'f'"));
  }

  @Test
  void aCycleBetweenTwoTablesIsClosed() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE teams (id int PRIMARY KEY, name text, lead_id int);"
        + "CREATE TABLE people (id int PRIMARY KEY, team_id int REFERENCES teams);"
        + "ALTER TABLE teams ADD FOREIGN KEY (lead_id) REFERENCES people;"
        + "INSERT INTO teams SELECT g, 'team ' || g, NULL FROM generate_series(1, 10) g;"
        + "INSERT INTO people SELECT g, 1 + g % 10 FROM generate_series(1, 100) g;"
        + "UPDATE teams SET lead_id = 10 + id + 1 WHERE id < 10;");
    String dst = Pg.newDatabase();
    try (Database target = Pg.open(dst)) {
      allCompleted(pull(src, target, List.of("people", "teams"), Strategy.SKIP,
          "people:id = 3"));
    }
    // person 3 is in team 4, led by person 15, who is in team 6, led by 17 in team 8, led by
    // 19 in team 10, which has no lead
    assertEquals(Set.of("3", "15", "17", "19"), ids(dst, "SELECT id FROM people"));
    assertEquals(Set.of("4", "6", "8", "10"), ids(dst, "SELECT id FROM teams"));
    assertEquals(Set.of("t"), ids(dst, "SELECT DISTINCT convalidated FROM pg_constraint "
        + "WHERE contype = 'f'"));
  }

  @ParameterizedTest
  @EnumSource(value = Strategy.class, names = {"SKIP", "OVERWRITE", "MERGE"})
  void everyKeyedStrategyMovesTheSubsetIntoExistingTables(Strategy s) {
    String src = Shop.database();
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE customers (id uuid PRIMARY KEY, email text, name text);"
        + "CREATE TABLE products (id int PRIMARY KEY, name text, price numeric(10,2));"
        + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id uuid REFERENCES customers, "
        + "created_at timestamp, status text);"
        + "CREATE TABLE order_items (order_id bigint REFERENCES orders, line_no int, "
        + "product_id int REFERENCES products, qty int, PRIMARY KEY (order_id, line_no));");
    try (Database target = Pg.open(dst)) {
      TransferReport r = pull(src, target, List.of("orders", "order_items"), s,
          "orders:status = shipped and created_at < 2026-03-01");
      allCompleted(r);
    }
    String orders = "SELECT id FROM orders WHERE status = 'shipped' AND created_at < "
        + "'2026-03-01'";
    assertEquals(ids(src, orders), ids(dst, "SELECT id FROM orders"));
    assertEquals(ids(src, "SELECT order_id, line_no FROM order_items WHERE order_id IN ("
        + orders + ")"), ids(dst, "SELECT order_id, line_no FROM order_items"));
  }

  @Test
  void appendAddsTheSubsetAsNewRows() {
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id uuid, "
        + "created_at timestamp, status text); INSERT INTO orders (status) VALUES ('mine');");
    try (Database db = Pg.open(Shop.database()); ShareServer server = Sharing.start(db);
         SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults());
         Database target = Pg.open(dst)) {
      allCompleted(c.transferAll(target, TransferOptions.defaults()
          .withTables(List.of("orders")).withStrategy(Strategy.APPEND, null)
          .withScope(Subsets.scope(SubsetSpec.parse(List.of("orders:status = paid"), null,
              null, null, false))), null));
    }
    assertEquals(Pg.query(Shop.database(), "SELECT count(*) + 1 FROM orders WHERE status "
        + "= 'paid'"), Pg.query(dst, "SELECT count(*) FROM orders"));
  }

  @Test
  void aMaskedKeyStillJoins() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE accounts (email text PRIMARY KEY, plan text);"
        + "CREATE TABLE logins (id int PRIMARY KEY, account text REFERENCES accounts);"
        + "INSERT INTO accounts SELECT 'u' || g || '@corp.example', 'free' "
        + "FROM generate_series(1, 50) g;"
        + "INSERT INTO logins SELECT g, 'u' || (1 + g % 50) || '@corp.example' "
        + "FROM generate_series(1, 500) g;");
    String dst = Pg.newDatabase();
    Masking masking = new Masking(MaskRules.parse(List.of("accounts.email=email",
        "logins.account=email"), null), MaskKey.of(new byte[32]));
    try (Database db = Pg.open(src);
         ShareServer server = new ShareServer(db, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null)
             .withMasking(masking), null)) {
      server.start();
      try (SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults());
           Database target = Pg.open(dst)) {
        allCompleted(c.transferAll(target, TransferOptions.defaults()
            .withTables(List.of("logins")).withScope(Subsets.scope(SubsetSpec.parse(
                List.of("logins:id <= 20"), null, null, null, true))), null));
      }
    }
    assertEquals(20, ids(dst, "SELECT id FROM logins").size());
    // every login's (masked) account is there, and no other account
    Set<String> accounts = ids(dst, "SELECT email FROM accounts");
    assertEquals(ids(dst, "SELECT DISTINCT account FROM logins"), accounts);
    assertEquals(20, accounts.size());
    assertTrue(accounts.stream().noneMatch(a -> a.matches("u\\d+@corp.example")), accounts
        .toString());
  }
}

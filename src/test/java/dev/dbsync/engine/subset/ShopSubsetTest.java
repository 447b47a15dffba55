package dev.dbsync.engine.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sharing;
import dev.dbsync.support.Shop;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop: customers, products, orders, order_items (a composite key) and reviews. A subset of
 * orders brings exactly their items, the customers and products they reference and nothing
 * else, into PostgreSQL and SQLite, with the foreign keys made and valid.
 */
class ShopSubsetTest {
  static String shop;

  @TempDir
  Path dir;

  @BeforeAll
  static void shop() {
    shop = Shop.database();
  }
  static final String SINCE = "2026-10-01";

  TransferReport pull(Database target, List<String> tables, SubsetSpec spec) {
    try (Database src = Pg.open(shop); ShareServer server = Sharing.start(src);
         SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      return c.transferAll(target, TransferOptions.defaults().withTables(tables)
          .withStrategy(Strategy.SKIP, null).withScope(Subsets.scope(spec)), null);
    }
  }

  static SubsetSpec where(String... conditions) {
    return SubsetSpec.parse(List.of(conditions), null, null, null, true);
  }

  static Set<String> ids(String url, String sql) {
    Set<String> out = new TreeSet<>();
    Pg.query(url, sql).forEach(r -> out.add(String.join("|", r)));
    return out;
  }

  static Set<String> sqliteIds(Path db, String sql) throws Exception {
    Set<String> out = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> r = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          r.add(rs.getString(i));
        }
        out.add(String.join("|", r));
      }
    }
    return out;
  }

  static final String ORDERS = "SELECT id FROM orders WHERE created_at >= '" + SINCE + "'";
  static final String ITEMS = "SELECT order_id, line_no FROM order_items WHERE order_id IN ("
      + ORDERS + ")";
  static final String CUSTOMERS = "SELECT DISTINCT customer_id FROM orders WHERE id IN ("
      + ORDERS + ")";
  static final String PRODUCTS = "SELECT DISTINCT product_id FROM order_items WHERE order_id IN ("
      + ORDERS + ")";

  @Test
  void ordersSinceADateBringTheirItemsCustomersAndProductsIntoPostgres() {
    String dst = Pg.newDatabase();
    TransferReport r;
    try (Database target = Pg.open(dst)) {
      r = pull(target, List.of("orders", "order_items"),
          where("orders:created_at >= " + SINCE));
    }
    assertTrue(r.tables().stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED),
        r.toString());
    assertEquals(List.of("customers", "products"), r.addedForReferences().stream().sorted()
        .toList());
    assertEquals(ids(shop, ORDERS), ids(dst, "SELECT id FROM orders"));
    assertEquals(ids(shop, ITEMS), ids(dst, "SELECT order_id, line_no FROM order_items"));
    assertEquals(ids(shop, CUSTOMERS), ids(dst, "SELECT id FROM customers"));
    assertEquals(ids(shop, PRODUCTS), ids(dst, "SELECT id FROM products"));
    assertTrue(ids(shop, ORDERS).size() > 20 && ids(shop, PRODUCTS).size() < 40);
    assertTrue(ids(dst, "SELECT tablename FROM pg_tables WHERE tablename = 'reviews'")
        .isEmpty());
    assertEquals(Set.of("order_items|orders|t", "order_items|products|t",
        "orders|customers|t"), ids(dst, "SELECT c.conrelid::regclass, c.confrelid::regclass, "
        + "c.convalidated FROM pg_constraint c WHERE c.contype = 'f'"));
    assertEquals(Set.of("order_items_product", "orders_created_at"), ids(dst,
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE "
        + "'%pkey'"));
  }

  @Test
  void theSameSubsetIntoSqliteDeclaresAndKeepsItsForeignKeys() throws Exception {
    Path db = dir.resolve("shop.db");
    TransferReport r;
    try (Database target = JdbcDatabase.open(DatabaseLocator.parse(db.toString(), null),
        TableFilter.defaults(), true)) {
      r = pull(target, List.of("orders", "order_items"),
          where("orders:created_at >= " + SINCE));
    }
    assertTrue(r.tables().stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED
        && t.result().warnings().isEmpty()), r.toString());
    assertEquals(ids(shop, ORDERS), sqliteIds(db, "SELECT id FROM orders"));
    assertEquals(ids(shop, ITEMS), sqliteIds(db, "SELECT order_id, line_no FROM order_items"));
    assertEquals(ids(shop, CUSTOMERS), sqliteIds(db, "SELECT id FROM customers"));
    assertEquals(ids(shop, PRODUCTS), sqliteIds(db, "SELECT id FROM products"));
    assertEquals(Set.of("order_items|orders", "order_items|products", "orders|customers"),
        sqliteIds(db, "SELECT m.name, f.\"table\" FROM sqlite_master m, "
            + "pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"));
    assertTrue(sqliteIds(db, "SELECT * FROM pragma_foreign_key_check").isEmpty());
    assertTrue(sqliteIds(db, "SELECT name FROM sqlite_master WHERE type = 'index'")
        .containsAll(Set.of("orders_created_at", "order_items_product")));
  }

  @Test
  void aChildChosenAloneBringsOnlyTheParentsItsRowsReference() {
    String dst = Pg.newDatabase();
    TransferReport r;
    try (Database target = Pg.open(dst)) {
      r = pull(target, List.of("order_items"), where("order_items:qty = 3"));
    }
    assertEquals(List.of("customers", "orders", "products"), r.addedForReferences().stream()
        .sorted().toList());
    String items = "SELECT order_id FROM order_items WHERE qty = 3";
    assertEquals(ids(shop, "SELECT DISTINCT order_id FROM order_items WHERE qty = 3"),
        ids(dst, "SELECT id FROM orders"));
    assertEquals(ids(shop, "SELECT DISTINCT customer_id FROM orders WHERE id IN (" + items
        + ")"), ids(dst, "SELECT id FROM customers"));
  }

  @Test
  void limitAndSampleAreTheSameRowsEveryTime() {
    SubsetSpec spec = SubsetSpec.parse(null, List.of("orders=25"), List.of("order_items=30"),
        7L, true);
    String a = Pg.newDatabase();
    String b = Pg.newDatabase();
    try (Database ta = Pg.open(a); Database tb = Pg.open(b)) {
      pull(ta, List.of("orders", "order_items"), spec);
      pull(tb, List.of("orders", "order_items"), spec);
    }
    assertEquals(ids(shop, "SELECT id FROM orders ORDER BY id LIMIT 25"),
        ids(a, "SELECT id FROM orders"));
    Set<String> items = ids(a, "SELECT order_id, line_no FROM order_items");
    assertEquals(items, ids(b, "SELECT order_id, line_no FROM order_items"));
    long all = Long.parseLong(Pg.query(shop, "SELECT count(*) FROM order_items WHERE order_id "
        + "<= 25").get(0).get(0));
    assertTrue(items.size() > 0 && items.size() < all, items.size() + " of " + all);
    assertTrue(ids(a, "SELECT order_id FROM order_items WHERE order_id > 25").isEmpty());
  }

  @Test
  void withoutReferencesOnlyTheAskedRowsMove() {
    String dst = Pg.newDatabase();
    TransferReport r;
    try (Database target = Pg.open(dst)) {
      r = pull(target, List.of("orders"), SubsetSpec.parse(List.of("orders:status = paid"),
          null, null, null, false));
    }
    assertTrue(r.addedForReferences().isEmpty());
    assertEquals(ids(shop, "SELECT id FROM orders WHERE status = 'paid'"),
        ids(dst, "SELECT id FROM orders"));
    // the key to customers could not be kept: the report says so
    assertTrue(r.tables().get(0).result().warnings().stream()
        .anyMatch(w -> w.contains("customers")), r.toString());
  }

  @Test
  void badConditionsFailBeforeAnythingIsWrittenNamingTableColumnAndValue() {
    String dst = Pg.newDatabase();
    try (Database target = Pg.open(dst)) {
      String m = assertThrows(IllegalArgumentException.class, () -> pull(target,
          List.of("orders"), where("orders:created_at >= yesterday-ish"))).getMessage();
      assertTrue(m.contains("orders.created_at") && m.contains("yesterday-ish"), m);
      m = assertThrows(IllegalArgumentException.class, () -> pull(target, List.of("orders"),
          where("orders:colour = red"))).getMessage();
      assertTrue(m.contains("orders") && m.contains("colour"), m);
      m = assertThrows(IllegalArgumentException.class, () -> pull(target, List.of("orders"),
          where("orders:id like 1%"))).getMessage();
      assertTrue(m.contains("orders.id") && m.contains("like"), m);
      m = assertThrows(IllegalArgumentException.class, () -> pull(target, List.of("orders"),
          where("customers:name = x"))).getMessage();
      assertTrue(m.contains("customers") && m.contains("not among"), m);
      m = assertThrows(IllegalArgumentException.class, () -> pull(target, List.of("orders"),
          where("nothing:name = x"))).getMessage();
      assertTrue(m.contains("nothing"), m);
    }
    assertTrue(ids(dst, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        .isEmpty());
  }

  @Test
  void aClosureIntoATableTheSenderDoesNotShareIsRefused() {
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(shop, null),
        new TableFilter(List.of(), List.of("customers")), false);
         ShareServer server = Sharing.start(src);
         SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults());
         Database target = Pg.open(Pg.newDatabase())) {
      String m = assertThrows(IllegalArgumentException.class, () -> c.transferAll(target,
          TransferOptions.defaults().withTables(List.of("orders"))
              .withScope(Subsets.scope(where("orders:status = paid"))), null)).getMessage();
      assertTrue(m.contains("customers") && m.contains("does not share"), m);
      assertFalse(target.tableExists("orders"));
    }
  }
}

package dev.dbsync.bench;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.subset.SubsetSpec;
import dev.dbsync.engine.subset.Subsets;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The subset benchmark (docs/performance.md): a shop of N orders, 3N order items, N/10
 * customers and N/100 products; 1% of the orders by date, with their items, customers and
 * products, three ways in the same run: hand-written {@code COPY (SELECT ... WHERE ...)}
 * queries piped from source to target, DB Sync's subset over the link, and the four tables
 * pulled whole.
 * {@code mvn -q -B test-compile exec:java -Pbench -Dbench.main=dev.dbsync.bench.SubsetBench
 * -Dorders=1000000}
 */
public final class SubsetBench {
  public static final String SHOP = """
      CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text,
          created_at timestamptz NOT NULL);
      CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL, title text, price numeric(10,2));
      CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers,
          created_at timestamptz NOT NULL, status text NOT NULL, total numeric(12,2));
      CREATE TABLE order_items (order_id bigint NOT NULL REFERENCES orders, line_no int,
          product_id int NOT NULL REFERENCES products, qty int NOT NULL, price numeric(10,2),
          PRIMARY KEY (order_id, line_no));
      """;

  static String fill(int orders) {
    int customers = Math.max(1, orders / 10);
    int products = Math.max(1, orders / 100);
    return "INSERT INTO customers SELECT g, 'c' || g || '@shop.example', 'Customer ' || g, "
        + "timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, "
        + customers + ") g;"
        + "INSERT INTO products SELECT g, 'SKU-' || g, 'Product ' || g, 1 + g % 500 "
        + "FROM generate_series(1, " + products + ") g;"
        + "INSERT INTO orders SELECT g, 1 + (g * 37) % " + customers + ", "
        + "timestamptz '2026-01-01' + g * interval '30 seconds', "
        + "(ARRAY['paid','shipped','cancelled'])[1 + g % 3], g % 1000 FROM generate_series(1, "
        + orders + ") g;"
        + "INSERT INTO order_items SELECT o, l, 1 + (o * 7 + l * 13) % " + products + ", l, "
        + "1 + o % 90 FROM generate_series(1, " + orders + ") o, generate_series(1, 3) l;"
        + "CREATE INDEX orders_created_at ON orders (created_at);"
        + "CREATE INDEX order_items_product ON order_items (product_id);"
        + "ANALYZE";
  }

  public static void main(String[] args) throws Exception {
    int orders = Integer.getInteger("orders", 1_000_000);
    int reps = Integer.getInteger("repeat", 3);
    Benchmark out = new Benchmark();
    try (EmbeddedPostgres a = EmbeddedPostgres.builder().start();
         EmbeddedPostgres b = EmbeddedPostgres.builder().start()) {
      System.err.println("loading the shop: " + orders + " orders...");
      Benchmark.exec(a, SHOP + fill(orders));
      // the newest 1% of the orders
      String since = "timestamptz '2026-01-01' + " + (orders - orders / 100) + " * interval "
          + "'30 seconds'";
      String sinceText = query(a, "SELECT to_char((" + since + ") AT TIME ZONE 'UTC', "
          + "'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00'");
      long subsetRows = 0;
      double base = 1;
      for (int i = 0; i < reps; i++) {
        base = handWritten(a, b, since, out);
      }
      for (int i = 0; i < reps; i++) {
        drop(b);
        subsetRows = pull(a, b, List.of("orders", "order_items"), SubsetSpec.parse(
            List.of("orders:created_at >= " + sinceText), null, null, null, true),
            "link, subset: 1% of orders + references", base, out);
      }
      drop(b);
      long whole = pull(a, b, List.of("customers", "products", "orders", "order_items"),
          SubsetSpec.none(), "link, the four tables whole", base, out);
      System.out.println("subset rows " + subsetRows + " of " + whole);
      out.print();
    }
  }

  static String query(EmbeddedPostgres pg, String sql) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
         var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static void drop(EmbeddedPostgres b) throws Exception {
    Benchmark.exec(b, "DROP TABLE IF EXISTS order_items, orders, products, customers");
  }

  /** What a user would write by hand: one COPY (SELECT ...) per table, parents first. */
  static double handWritten(EmbeddedPostgres a, EmbeddedPostgres b, String since,
      Benchmark out) throws Exception {
    drop(b);
    Benchmark.exec(b, SHOP.replace(" REFERENCES customers", "").replace(" REFERENCES orders", "")
        .replace(" REFERENCES products", ""));
    String orders = "SELECT id FROM orders WHERE created_at >= " + since;
    String[][] copies = {
        {"customers", "SELECT * FROM customers WHERE id IN (SELECT customer_id FROM orders "
            + "WHERE created_at >= " + since + ")"},
        {"products", "SELECT * FROM products WHERE id IN (SELECT i.product_id FROM order_items i "
            + "WHERE i.order_id IN (" + orders + "))"},
        {"orders", "SELECT * FROM orders WHERE created_at >= " + since},
        {"order_items", "SELECT * FROM order_items WHERE order_id IN (" + orders + ")"}};
    long rows = 0;
    long t0 = System.nanoTime();
    try (Connection src = a.getPostgresDatabase().getConnection();
         Connection dst = b.getPostgresDatabase().getConnection()) {
      for (String[] c : copies) {
        rows += pipe(src, dst, "COPY (" + c[1] + ") TO STDOUT", "COPY " + c[0] + " FROM STDIN");
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    out.results.add(new Benchmark.Result("baseline: hand-written COPY (SELECT ... WHERE)", rows,
        s, s));
    return s;
  }

  static long pipe(Connection src, Connection dst, String copyOut, String copyIn)
      throws Exception {
    CopyManager from = src.unwrap(PGConnection.class).getCopyAPI();
    CopyManager into = dst.unwrap(PGConnection.class).getCopyAPI();
    PipedOutputStream po = new PipedOutputStream();
    PipedInputStream pi = new PipedInputStream(po, 1 << 20);
    Thread reader = new Thread(() -> {
      try (po) {
        from.copyOut(copyOut, po);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    reader.start();
    long n = into.copyIn(copyIn, pi);
    reader.join();
    return n;
  }

  static long pull(EmbeddedPostgres a, EmbeddedPostgres b, List<String> tables,
      SubsetSpec spec, String name, double base, Benchmark out) throws Exception {
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(Benchmark.url(a), null),
        TableFilter.defaults(), false);
         Database dst = JdbcDatabase.open(DatabaseLocator.parse(Benchmark.url(b), null),
             TableFilter.defaults(), false);
         ShareServer server = new ShareServer(src, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null), null)) {
      server.start();
      long t0 = System.nanoTime();
      TransferReport r;
      try (SyncClient c = SyncClient.connect("ws://127.0.0.1:" + server.port(),
          server.currentCode(), ConnectOptions.defaults())) {
        r = c.transferAll(dst, TransferOptions.defaults().withTables(tables).withResume(false)
            .withScope(Subsets.scope(spec)), null);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (!r.tables().stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED)) {
        throw new IllegalStateException("the pull failed: " + r);
      }
      out.results.add(new Benchmark.Result(name, r.rows(), s, base));
      return r.rows();
    }
  }
}

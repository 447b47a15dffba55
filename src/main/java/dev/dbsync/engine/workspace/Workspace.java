package dev.dbsync.engine.workspace;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.DatabaseLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded default: a SQLite database in the data folder, seeded on first use with a
 * small sample (customers, products, orders, order items) so there is something to share and
 * somewhere to pull into without any server.
 */
public final class Workspace {
  public static final String FILE = "workspace.db";

  private Workspace() {}

  public static DatabaseLocator locator() {
    return DatabaseLocator.sqlite(ensure(DataDirs.dataDir().resolve(FILE)));
  }

  /** Creates and seeds the workspace file if it does not exist yet. */
  public static Path ensure(Path file) {
    if (Files.exists(file)) {
      return file;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        seed(c);
      }
      if (file.getFileName().toString().equals(FILE)) {
        DataDirs.secure(file.toAbsolutePath().getParent()); // the data folder's: owner-only
      }
      return file;
    } catch (Exception e) {
      throw new DbSyncException("Could not create the workspace database " + file + ": "
          + e.getMessage(), e);
    }
  }

  static void seed(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          + "email VARCHAR(200) UNIQUE, country CHARACTER(2), created_at TIMESTAMPTZ "
          + "DEFAULT CURRENT_TIMESTAMP, notes TEXT)");
      s.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, sku VARCHAR(32) NOT NULL UNIQUE, "
          + "title TEXT NOT NULL, price NUMERIC_TEXT(10,2) NOT NULL, in_stock BOOLEAN NOT NULL "
          + "DEFAULT 1, attributes JSON)");
      s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id BIGINT NOT NULL "
          + "REFERENCES customers(id), placed_at TIMESTAMPTZ NOT NULL, status VARCHAR(20) NOT "
          + "NULL)");
      s.execute("CREATE TABLE order_items (order_id BIGINT NOT NULL REFERENCES orders(id), "
          + "product_id BIGINT NOT NULL REFERENCES products(id), quantity INT NOT NULL, "
          + "PRIMARY KEY (order_id, product_id))");
    }
    String[] names = {"Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra",
        "Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Radia Perlman",
        "Linus Torvalds", "Frances Allen", "John Backus"};
    String[] countries = {"GB", "GB", "US", "NL", "US", "US", "US", "US", "US", "FI", "US", "US"};
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (id, name, email, "
        + "country, created_at, notes) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < names.length; i++) {
        ps.setInt(1, i + 1);
        ps.setString(2, names[i]);
        ps.setString(3, names[i].toLowerCase().replace(' ', '.') + "@example.com");
        ps.setString(4, countries[i]);
        ps.setString(5, String.format("2024-%02d-%02dT09:30:00Z", 1 + i % 12, 1 + i));
        ps.setString(6, i % 3 == 0 ? null : i % 3 == 1 ? "" : "Prefers e-mail ✉");
        ps.executeUpdate();
      }
    }
    String[] products = {"Mechanical keyboard", "USB-C hub", "27\" monitor", "Desk lamp",
        "Notebook (dotted)", "Fountain pen", "Headphones", "Webcam"};
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?, "
        + "?)")) {
      for (int i = 0; i < products.length; i++) {
        ps.setInt(1, i + 1);
        ps.setString(2, String.format("SKU-%04d", 1000 + i * 7));
        ps.setString(3, products[i]);
        ps.setString(4, String.format("%d.%02d", 9 + i * 23, (i * 37) % 100));
        ps.setInt(5, i % 4 == 3 ? 0 : 1);
        ps.setString(6, "{\"color\": \"" + (i % 2 == 0 ? "black" : "white")
            + "\", \"weight_g\": " + (150 + i * 90) + "}");
        ps.executeUpdate();
      }
    }
    try (PreparedStatement o = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)");
         PreparedStatement it = c.prepareStatement("INSERT INTO order_items VALUES (?, ?, ?)")) {
      String[] statuses = {"placed", "paid", "shipped", "delivered", "cancelled"};
      for (int i = 1; i <= 40; i++) {
        o.setInt(1, i);
        o.setInt(2, 1 + (i * 5) % names.length);
        o.setString(3, String.format("2024-%02d-%02dT%02d:15:00Z", 1 + i % 12, 1 + i % 28,
            8 + i % 10));
        o.setString(4, statuses[i % statuses.length]);
        o.executeUpdate();
        for (int k = 0; k <= i % 3; k++) {
          it.setInt(1, i);
          it.setInt(2, 1 + (i + k * 3) % products.length);
          it.setInt(3, 1 + (i + k) % 4);
          it.executeUpdate();
        }
      }
    }
    c.commit();
  }
}

package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sharing;
import dev.dbsync.support.WatchedSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite sender writes its rows as binary COPY for a PostgreSQL target, and every value
 * arrives as the same row's COPY text would have made it: the same table pulled both ways into
 * two databases is the same, row for row. A value whose binary form is not certain (SQLite
 * keeps anything anywhere) sends the rest of the table as text, nothing lost or written twice.
 */
class SqliteBinaryCopyTest {
  static final int ROWS = 3_000;
  static final String DDL = "CREATE TABLE kinds (id INTEGER PRIMARY KEY, i2 SMALLINT, i4 INT, "
      + "i8 BIGINT, f DOUBLE PRECISION, n NUMERIC(12,2), nt NUMERIC_TEXT, nd DECIMAL_TEXT(20,6), "
      + "b BOOLEAN, t TEXT, v VARCHAR(10), c CHAR(3), j JSON, jb JSONB, raw BLOB, d DATE, "
      + "ts TIMESTAMP, tz TIMESTAMPTZ, u UUID)";

  /** Every kind a SQLite sender writes, in spellings and storage classes SQLite lets in. */
  static void fill(Path file, int rows, long seed) throws Exception {
    Random r = new Random(seed);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute(DDL);
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kinds VALUES (?, ?, ?, ?, ?, "
          + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int id = 1; id <= rows; id++) {
          Object[] v = {id, r.nextInt(65536) - 32768, r.nextInt(),
              id % 50 == 0 ? Long.MIN_VALUE : r.nextLong(), floatValue(r), numeric(r, 9, 3),
              numeric(r, 30, r.nextInt(12)), numeric(r, 14, 6), bool(r), text(r),
              "abcdefghij   ".substring(0, r.nextInt(14)), "ab", json(r),
              "{\"b\": " + r.nextInt(100) + ", \"a\": \"ü\"}", blob(r), date(r),
              timestamp(r, false), timestamp(r, true), uuid(r)};
          for (int i = 0; i < v.length; i++) {
            boolean isNull = i > 0 && r.nextInt(23) == 0;
            ps.setObject(i + 1, isNull ? null : v[i]);
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  static Object floatValue(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> r.nextInt(1000); // an integer stored in a REAL column
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> -0.0;
      case 3 -> Double.MIN_VALUE;
      default -> {
        double d = Double.longBitsToDouble(r.nextLong());
        yield Double.isNaN(d) ? 1.5 : d;
      }
    };
  }

  /** A decimal of up to {@code digits} whole digits and {@code scale} after the point. */
  static Object numeric(Random r, int digits, int scale) {
    StringBuilder s = new StringBuilder(r.nextBoolean() ? "-" : "");
    int whole = 1 + r.nextInt(digits);
    for (int i = 0; i < whole; i++) {
      s.append(r.nextInt(i == 0 && whole > 1 && r.nextBoolean() ? 3 : 10));
    }
    if (scale > 0 && r.nextInt(4) > 0) {
      s.append('.');
      for (int i = 0; i < 1 + r.nextInt(scale); i++) {
        s.append(r.nextInt(10));
      }
    }
    return switch (r.nextInt(5)) {
      case 0 -> r.nextInt(100_000); // stored as an integer
      case 1 -> r.nextDouble() * 1000; // stored as a float
      default -> s.toString();
    };
  }

  static Object bool(Random r) {
    return List.<Object>of(1, 0, 2, "true", "t", "yes", "no", "false", "0", 0.5).get(
        r.nextInt(10));
  }

  static Object text(Random r) {
    return List.<Object>of("tab\tback\\slash\nnew\rline", "ünï ✓ 𝄞", "", "0.30000000000000004",
        "12", "-7", "1e5", "plain text " + r.nextInt(), "\\x41", "Inf").get(r.nextInt(10));
  }

  static Object json(Random r) {
    return List.<Object>of("{\"a\": [1, 2]}", "12", "0.30000000000000004", "\"x\"",
        "{\"ü\": \"✓\"}", "[]", "null", "-3.5e2").get(r.nextInt(8));
  }

  static Object blob(Random r) {
    byte[] b = new byte[r.nextInt(40)];
    r.nextBytes(b);
    return switch (r.nextInt(4)) {
      case 0 -> "text in a blob column";
      case 1 -> r.nextInt(1000);
      default -> b;
    };
  }

  static Object date(Random r) {
    return String.format(Locale.ROOT, "%04d-%02d-%02d", 1 + r.nextInt(9999), 1 + r.nextInt(12),
        1 + r.nextInt(28));
  }

  static Object timestamp(Random r, boolean zoned) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d%c%02d:%02d",
        1 + r.nextInt(9999), 1 + r.nextInt(12), 1 + r.nextInt(28),
        r.nextBoolean() ? ' ' : 'T', r.nextInt(24), r.nextInt(60)));
    if (r.nextInt(5) > 0) {
      s.append(String.format(Locale.ROOT, ":%02d", r.nextInt(60)));
      int digits = r.nextInt(7);
      if (digits > 0) {
        s.append('.');
        for (int i = 0; i < digits; i++) {
          s.append(r.nextInt(10));
        }
      }
    }
    if (zoned) {
      int h = r.nextInt(16);
      int m = r.nextInt(4) * 15;
      String sign = r.nextBoolean() ? "+" : "-";
      s.append(switch (r.nextInt(5)) {
        case 0 -> "";
        case 1 -> "Z";
        case 2 -> String.format(Locale.ROOT, "%s%02d", sign, h);
        case 3 -> String.format(Locale.ROOT, "%s%02d%02d", sign, h, m);
        default -> String.format(Locale.ROOT, "%s%02d:%02d", sign, h, m);
      });
    }
    return s.toString();
  }

  static Object uuid(Random r) {
    String u = new java.util.UUID(r.nextLong(), r.nextLong() | 0xa).toString();
    return switch (r.nextInt(3)) {
      case 0 -> u.toUpperCase(Locale.ROOT);
      case 1 -> u.replace("-", "");
      default -> u;
    };
  }

  static TransferReport pull(Database from, String target, boolean binary, Set<String> called) {
    try (Database to = Pg.open(target)) {
      return new TransferRunner(WatchedSource.of(new LocalSource(from), called, binary), to,
          TransferOptions.defaults().withBatchSize(700), null).run();
    }
  }

  static Database open(Path file) {
    return JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(), false);
  }

  @Test
  void everyValueArrivesAsItsCopyTextWouldHaveMadeIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kinds.db");
    fill(file, ROWS, 7);
    String viaText = Pg.newDatabase();
    String viaBinary = Pg.newDatabase();
    Set<String> text = ConcurrentHashMap.newKeySet();
    Set<String> binary = ConcurrentHashMap.newKeySet();
    try (Database from = open(file)) {
      TransferReport t = pull(from, viaText, false, text);
      TransferReport b = pull(from, viaBinary, true, binary);
      assertTrue(t.succeeded(), t::toString);
      assertTrue(b.succeeded(), b::toString);
      assertEquals(t.tables().get(0).result().created(), b.tables().get(0).result().created());
    }
    assertFalse(text.contains("copyBinary"), text::toString);
    assertTrue(binary.contains("copyBinary"), binary::toString);
    assertFalse(binary.contains("copy"), "every row went as binary: " + binary);
    assertEquals(List.of(List.of(Integer.toString(ROWS))),
        Pg.query(viaBinary, "SELECT count(*) FROM kinds"));
    assertEquals(Pg.query(viaText, "SELECT * FROM kinds ORDER BY id"),
        Pg.query(viaBinary, "SELECT * FROM kinds ORDER BY id"));
  }

  /**
   * Values whose binary form is not certain, in the middle of the table: the rows before them
   * go as binary, the rest as text after the last committed row, and the target ends as the
   * text alone would have left it (the row PostgreSQL refuses refused alike).
   */
  @Test
  void aValueWithoutACertainBinaryFormSendsTheRestAsText(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("odd.db");
    fill(file, ROWS, 11);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         var s = c.createStatement()) {
      s.execute("UPDATE kinds SET i4 = 'abc' WHERE id = 1500"); // PostgreSQL refuses the row
      s.execute("UPDATE kinds SET tz = '2024-01-02 03:04:05 Europe/Paris' WHERE id = 2100");
      s.execute("UPDATE kinds SET u = '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}' WHERE id = 2101");
      s.execute("UPDATE kinds SET ts = '2024-01-02 03:04:05.1234567' WHERE id = 2500");
    }
    String viaText = Pg.newDatabase();
    String viaBinary = Pg.newDatabase();
    Set<String> binary = ConcurrentHashMap.newKeySet();
    try (Database from = open(file)) {
      TableOutcome t = pull(from, viaText, false, ConcurrentHashMap.newKeySet()).tables().get(0);
      TableOutcome b = pull(from, viaBinary, true, binary).tables().get(0);
      assertEquals(ROWS - 1, t.result().created(), t::toString);
      assertEquals(t.result().created(), b.result().created(), b::toString);
      assertEquals(1, b.result().errors().size(), b::toString);
    }
    assertTrue(binary.contains("copyBinary") && binary.contains("copy"), binary::toString);
    assertEquals(Pg.query(viaText, "SELECT * FROM kinds ORDER BY id"),
        Pg.query(viaBinary, "SELECT * FROM kinds ORDER BY id"));
  }

  /**
   * Over the link: a SQLite sender offers binary COPY, the receiver asks for it where the
   * sender writes every column, and a refusal in the middle of the stream (after frames of
   * it arrived) goes on as text; a table with a column the sender does not write goes as text
   * from the start.
   */
  @Test
  void overTheLinkTheSameRowsArriveAndARefusalGoesOnAsText(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("link.db");
    fill(file, ROWS, 13);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         var s = c.createStatement()) {
      s.execute("UPDATE kinds SET d = '03/04/2024' WHERE id = 2222");
      s.execute("CREATE TABLE clock (id INTEGER PRIMARY KEY, at TIME, label TEXT)");
      s.execute("INSERT INTO clock VALUES (1, '10:11:12', 'a'), (2, '23:59:59.5', 'b')");
    }
    String viaText = Pg.newDatabase();
    String viaLink = Pg.newDatabase();
    try (Database from = open(file)) {
      assertTrue(pull(from, viaText, false, ConcurrentHashMap.newKeySet()).succeeded());
      try (ShareServer server = Sharing.start(from);
           SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
               ConnectOptions.defaults()); Database to = Pg.open(viaLink)) {
        assertTrue(client.canCopyBinary("kinds"));
        Set<String> called = ConcurrentHashMap.newKeySet();
        TransferReport r = new TransferRunner(WatchedSource.of(client, called), to,
            TransferOptions.defaults().withBatchSize(700), null).run();
        assertTrue(r.succeeded(), r::toString);
        assertTrue(called.contains("copyBinary") && called.contains("copy"), called::toString);
        var time = from.getSchema("clock").column("at").orElseThrow();
        assertFalse(client.copiesBinary(time));
        for (int lane = 0; lane < client.lanes(); lane++) {
          assertFalse(client.lane(lane).copiesBinary(time), "lane " + lane);
        }
      }
    }
    for (String table : List.of("kinds", "clock")) {
      assertEquals(Pg.query(viaText, "SELECT * FROM " + table + " ORDER BY id"),
          Pg.query(viaLink, "SELECT * FROM " + table + " ORDER BY id"), table);
    }
    assertEquals(List.of(List.of(Integer.toString(ROWS))),
        Pg.query(viaLink, "SELECT count(*) FROM kinds"));
  }
}

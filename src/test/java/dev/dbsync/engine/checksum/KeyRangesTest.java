package dev.dbsync.engine.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.RowHash;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key ranges cut the same way in PostgreSQL and in DB Sync's canonical form, to the extreme
 * whole numbers, and a bucket's rows read through the index are the rows of that bucket.
 */
class KeyRangesTest {

  static HashSpec spec(boolean inDatabase) {
    return new HashSpec(List.of("id"), List.of("id", "v"), List.of("integer", "text"), 8,
        inDatabase, -100L, 50L);
  }

  @Test
  void rangesAgreeInTheDatabaseAndInTheCanonicalFormToTheExtremes() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE r (id bigint PRIMARY KEY, v text);"
        + "INSERT INTO r SELECT g, 'v' || g FROM generate_series(-300, 600, 7) g;"
        + "INSERT INTO r VALUES (-9223372036854775808, 'min'), (9223372036854775807, 'max')");
    try (Database db = Pg.open(url); TableReader reader = db.openReader()) {
      Map<Integer, Long> inDb = counts(Checksums.buckets(reader, "r", spec(true)));
      Map<Integer, Long> canonical = counts(Checksums.buckets(reader, "r", spec(false)));
      assertEquals(canonical, inDb);
      assertEquals(8, inDb.size(), inDb.toString());
      for (int b : new int[] {0, 3, 7}) {
        List<RowHash> rows = new ArrayList<>();
        Checksums.rows(reader, "r", spec(true), new int[] {b}, rows::add);
        assertEquals(inDb.get(b).longValue(), rows.size(), "bucket " + b);
        for (RowHash row : rows) {
          assertEquals(b, spec(true).rangeBucket(row.key().get(0).longValue()));
        }
      }
    }
    assertEquals(0, spec(true).rangeBucket(Long.MIN_VALUE));
    assertEquals(7, spec(true).rangeBucket(Long.MAX_VALUE));
    assertEquals(1, spec(true).rangeBucket(-50));
    assertEquals(0, spec(true).rangeBucket(-51));
  }

  @Test
  void aBucketReadByItsKeyRangesHoldsWhatAScanOfEveryRowFinds(@TempDir Path dir)
      throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE r (id bigint PRIMARY KEY, v text);"
        + "INSERT INTO r SELECT g, 'v' || g FROM generate_series(-300, 600, 7) g;"
        + "INSERT INTO r VALUES (-9223372036854775808, 'min'), (9223372036854775807, 'max')");
    try (Database db = Pg.open(url); TableReader reader = db.openReader()) {
      assertTrue(reader.wholeNumberKeys("r"));
      assertSameRowsEitherWay(reader, "r");
    }
    Path file = dir.resolve("r.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement st = c.createStatement()) {
      st.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, v TEXT)");
      st.execute("CREATE TABLE loose (id BIGINT PRIMARY KEY, v TEXT)");
      for (int i = -300; i <= 600; i += 7) {
        st.execute("INSERT INTO r VALUES (" + i + ", 'v" + i + "')");
        st.execute("INSERT INTO loose VALUES (" + i + ", 'v" + i + "')");
      }
      // SQLite keeps what it is given in a key declared BIGINT: these rows have no range
      st.execute("INSERT INTO loose VALUES ('abc', 'text'), (2.5, 'real'), ('-x', 'minus')");
    }
    try (Database db = Sample.open(file); TableReader reader = db.openReader()) {
      assertTrue(reader.wholeNumberKeys("r"));
      assertSameRowsEitherWay(reader, "r");
      assertFalse(reader.wholeNumberKeys("loose"));
      assertSameRowsEitherWay(reader, "loose");
    }
  }

  @Test
  void rangesNamedByOneDivisionSumTheRowsTheirKeyRangesHold() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE b (id bigint PRIMARY KEY, v text);"
        + "CREATE TABLE i (id integer PRIMARY KEY, v text);"
        + "CREATE TABLE s (id smallint PRIMARY KEY, v text);"
        + "CREATE TABLE far (id bigint PRIMARY KEY, v text);"
        + "CREATE TABLE empty (id bigint PRIMARY KEY, v text);"
        + "INSERT INTO b SELECT g, 'v' || g FROM generate_series(0, 9000, 7) g;"
        + "INSERT INTO i SELECT * FROM b; INSERT INTO s SELECT * FROM b;"
        + "INSERT INTO far SELECT * FROM b; INSERT INTO far VALUES (9223372036854775807, 'x');"
        // a column named as the bucket query's own output column (found by hand: the query
        // grouped by this column and failed)
        + "CREATE TABLE \"Named g\" (id bigint PRIMARY KEY, v text, g int);"
        + "INSERT INTO \"Named g\" SELECT id, v, id % 3 FROM b");
    // ranges from 1,000 in steps of 100: keys below go to the first bucket, from 5,900 on to
    // the last; "far" spans more ranges than twice the buckets and is bucketed in SQL
    HashSpec spec = new HashSpec(List.of("id"), List.of("id", "v"), List.of("integer", "text"),
        50, true, 1000L, 100L);
    try (Database db = Pg.open(url); TableReader reader = db.openReader()) {
      for (String table : List.of("b", "i", "s", "far", "empty", "Named g")) {
        Map<Integer, Long> counts = new TreeMap<>();
        Map<Integer, java.math.BigInteger> sums = new TreeMap<>();
        for (BucketSum sum : Checksums.buckets(reader, table, spec)) {
          counts.put(sum.bucket(), sum.count());
          sums.put(sum.bucket(), new java.math.BigInteger(sum.sum()));
        }
        Map<Integer, Long> rowCounts = new TreeMap<>();
        Map<Integer, java.math.BigInteger> rowSums = new TreeMap<>();
        for (int bucket = 0; bucket < spec.buckets(); bucket++) {
          int b = bucket;
          Checksums.rows(reader, table, spec, new int[] {b}, row -> {
            assertEquals(b, spec.rangeBucket(row.key().get(0).longValue()));
            rowCounts.merge(b, 1L, Long::sum);
            rowSums.merge(b, java.math.BigInteger.valueOf(row.hash()),
                java.math.BigInteger::add);
          });
        }
        assertEquals(rowCounts, counts, table);
        assertEquals(rowSums, sums, table);
        assertEquals(table.equals("empty") ? 0 : 50, counts.size(), table);
      }
    }
  }

  /** Each bucket alone (read by key range where it can be) against all buckets at once. */
  private static void assertSameRowsEitherWay(TableReader reader, String table) {
    HashSpec spec = spec(false);
    int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
    Map<Integer, Map<String, Long>> scanned = new TreeMap<>();
    Canonical.Hasher h = new Canonical.Hasher(List.of("integer"));
    Checksums.rows(reader, table, spec, all, row -> scanned.computeIfAbsent(
        h.bucket(row.key(), List.of("integer"), spec), b -> new TreeMap<>())
        .put(row.key().toString(), row.hash()));
    assertEquals(8, scanned.size(), scanned.keySet().toString());
    for (int b : all) {
      Map<String, Long> alone = new TreeMap<>();
      Checksums.rows(reader, table, spec, new int[] {b}, row -> alone.put(row.key().toString(),
          row.hash()));
      assertEquals(scanned.get(b), alone, table + ", bucket " + b);
    }
  }

  private static Map<Integer, Long> counts(List<BucketSum> sums) {
    Map<Integer, Long> out = new TreeMap<>();
    sums.forEach(s -> out.put(s.bucket(), s.count()));
    return out;
  }
}

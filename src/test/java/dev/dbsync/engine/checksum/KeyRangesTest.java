package dev.dbsync.engine.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.RowHash;
import dev.dbsync.support.Pg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

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

  private static Map<Integer, Long> counts(List<BucketSum> sums) {
    Map<Integer, Long> out = new TreeMap<>();
    sums.forEach(s -> out.put(s.bucket(), s.count()));
    return out;
  }
}

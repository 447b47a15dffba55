package dev.dbsync.engine.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.support.Pg;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A big table's bucket pass (which keeps the server's {@code jit} setting) hashes under the
 * same fixed settings as a small table's: an interval and a date column, hashed as their text
 * (IntervalStyle postgres, ISO dates, where the connection itself writes intervals in ISO
 * 8601), and a timestamptz shifted to UTC, give the same sum of every row's hash however
 * many buckets hold them.
 */
class BucketPassSettingsTest {
  private static final List<String> COLUMNS = List.of("id", "d", "t", "day");
  private static final List<String> KINDS = List.of("integer", "interval", "timestamptz",
      "date");

  @Test
  void aBigPassHashesEveryRowAsASmallPassDoes() {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE iv (id bigint PRIMARY KEY, d interval, t timestamptz, "
        + "day date);"
        + "INSERT INTO iv SELECT g, g * interval '1 hour 1 second', "
        + "timestamptz '2026-01-01 00:00+00' + g * interval '61 minutes', "
        + "date '2026-01-01' + g FROM generate_series(1, 3000) g");
    List<BucketSum> small = sums(url, spec(8));
    // past the number of buckets from which the pass keeps the server's jit setting
    List<BucketSum> big = sums(url, spec(40_000));
    // the same, grouped by key ranges of one key each (the receiver's cut of a whole-number key)
    List<BucketSum> bigRanges = sums(url, new HashSpec(List.of("id"), COLUMNS, KINDS, 40_000, true, 0L, 1L));
    assertEquals(8, small.size());
    assertEquals(3000, big.size()); // one row a bucket
    assertEquals(total(small), total(big));
    assertEquals(3000, bigRanges.size());
    assertEquals(total(small), total(bigRanges));
  }

  private static HashSpec spec(int buckets) {
    return new HashSpec(List.of("id"), COLUMNS, KINDS, buckets, true);
  }

  private static List<BucketSum> sums(String url, HashSpec spec) {
    try (Database db = Pg.open(url); TableReader reader = db.openReader()) {
      return Checksums.buckets(reader, "iv", spec);
    }
  }

  private static BigInteger total(List<BucketSum> sums) {
    return sums.stream().map(b -> new BigInteger(b.sum())).reduce(BigInteger.ZERO,
        BigInteger::add);
  }
}

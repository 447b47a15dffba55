package dev.dbsync.engine.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.support.Pg;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The row hash PostgreSQL computes is the form docs/protocol.md publishes ("compare",
 * {@code in_database: true}), value for value: a sender of an earlier version computes that
 * form, and a receiver that computed another would find every row changed.
 */
class InDatabaseFormTest {

  @Test
  void eachRowHashesAsThePublishedFormWhateverTheColumnsWidthOrZone() {
    String url = Pg.newDatabase();
    Pg.exec(url, """
        CREATE TABLE h (id bigint PRIMARY KEY, s smallint, i integer, r real,
          d double precision, t timestamptz, l timestamp);
        INSERT INTO h VALUES
          (1, -32768, -2147483648, '-0', 'NaN', '-infinity', '-infinity'),
          (2, 32767, 2147483647, 'Infinity', '-0', 'infinity', 'infinity'),
          (3, 0, 0, 'NaN', 1e308, '4713-01-01 00:00:00+00 BC', '4713-01-01 00:00:00 BC'),
          (4, -1, -1, 1.5, -2.5, '2026-03-29 01:30:00+02', '2026-03-29 01:30:00'),
          (5, NULL, NULL, NULL, NULL, NULL, NULL),
          (6, 7, 7, 3.4e38, 0.1, '294276-12-31 23:59:59.999999+00', '2000-01-01');
        """);
    // what a sender of the previous version ran: each value widened, the instant cast to a
    // timestamp under TimeZone UTC
    List<List<String>> published = Pg.query(url, """
        SELECT id, (coalesce(hashint8extended(id::int8, 1), 6148914691236517205)
          # coalesce(hashint8extended(s::int8, 2), 6148914691236517206)
          # coalesce(hashint8extended(i::int8, 3), 6148914691236517207)
          # coalesce(hashfloat8extended(r::float8, 4), 6148914691236517208)
          # coalesce(hashfloat8extended(d::float8, 5), 6148914691236517209)
          # coalesce(timestamp_hash_extended(
              (t AT TIME ZONE 'UTC')::timestamp, 6), 6148914691236517210)
          # coalesce(timestamp_hash_extended(l::timestamp, 7), 6148914691236517211))::text
        FROM h ORDER BY id""");
    Map<Long, Long> expected = new TreeMap<>();
    for (List<String> row : published) {
      expected.put(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)));
    }
    HashSpec spec = new HashSpec(List.of("id"), List.of("id", "s", "i", "r", "d", "t", "l"),
        List.of("integer", "integer", "integer", "float", "float", "timestamptz",
            "timestamp"), 1, true);
    Map<Long, Long> computed = new TreeMap<>();
    try (Database db = Pg.open(url); TableReader reader = db.openReader()) {
      Checksums.rows(reader, "h", spec, new int[] {0},
          r -> computed.put(r.key().get(0).longValue(), r.hash()));
    }
    assertEquals(expected, computed);
  }
}

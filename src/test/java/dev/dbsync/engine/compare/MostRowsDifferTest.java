package dev.dbsync.engine.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.LocalSource;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.engine.transfer.TransferRunner;
import dev.dbsync.support.Pg;
import dev.dbsync.support.WatchedSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * An overwrite that compares first looks at a sample of key ranges before both ends sum every
 * bucket: when most rows' ranges differ there (a tenth of the rows changed, scattered), the
 * table moves whole at once; when few do, the bucket sums find the rows that changed.
 */
class MostRowsDifferTest {
  private static final String TABLE = "CREATE TABLE big (id bigint PRIMARY KEY, v int, t text);"
      + "INSERT INTO big SELECT g, g, 'row ' || g FROM generate_series(1, 100000) g;";

  /** Two equal tables, {@code change} made to the source's, then an overwrite comparing first. */
  private static TransferReport overwriteAfter(String change, String src, String dst,
      Set<String> called) {
    Pg.exec(src, TABLE + change);
    Pg.exec(dst, TABLE);
    TransferOptions o = TransferOptions.defaults().withStrategy(Strategy.OVERWRITE, null);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(WatchedSource.of(new LocalSource(s), called), t,
          o.withScope(Compare.changesOnly(t, o)), null).run();
      assertTrue(r.succeeded(), r::toString);
      return r;
    }
  }

  @Test
  void aTenthOfTheRowsChangedMovesTheTableWholeWithoutSummingEveryBucket() {
    String src = Pg.newDatabase();
    String dst = Pg.newDatabase();
    Set<String> called = ConcurrentHashMap.newKeySet();
    TransferReport r = overwriteAfter("UPDATE big SET v = v + 1 WHERE id % 10 = 3;", src, dst,
        called);
    assertFalse(r.compared().containsKey("big"), "moved whole, not by keys");
    assertTrue(called.contains("hashRows:big"), "a sample was read: " + called);
    assertFalse(called.contains("hashBuckets:big"), "no bucket sums: " + called);
    assertEquals(10_000, r.tables().get(0).result().updated(), "the rows that differ");
    assertEquals(Pg.query(src, "SELECT md5(string_agg(b::text, ',' ORDER BY id)) FROM big b"),
        Pg.query(dst, "SELECT md5(string_agg(b::text, ',' ORDER BY id)) FROM big b"));
  }

  @Test
  void aFewRowsChangedAreFoundByTheBucketSums() {
    Set<String> called = ConcurrentHashMap.newKeySet();
    TransferReport r = overwriteAfter("UPDATE big SET t = 'changed' WHERE id % 5000 = 17;",
        Pg.newDatabase(), Pg.newDatabase(), called);
    assertTrue(called.contains("hashBuckets:big"), called.toString());
    TableOutcome o = r.tables().get(0);
    assertEquals(20, o.result().updated(), o.toString());
    assertEquals(20, r.compared().get("big").changed());
  }
}

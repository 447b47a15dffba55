package dev.dbsync.engine.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.RowHash;
import dev.dbsync.engine.transfer.LocalSource;
import dev.dbsync.support.Pg;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A target holding a few of a big source table's keys (a development copy): the source's rows
 * beyond the target's keys are counted from the one bucket pass and only the few wanted for
 * their keys are read, nearest the target's, through the key's index; never a second bucket
 * pass over them. Counts exact, in the database's hash and in the canonical one, dense and
 * sparse, above the target's keys and below them (a copy of the newest rows).
 */
class FewRowsInTheTargetTest {
  static final String DDL = "CREATE TABLE t (id bigint PRIMARY KEY, v text);";

  /** A side that counts its bucket passes and the rows it reads. */
  static final class Counted implements Differ.Side {
    final Differ.Side inner;
    final AtomicInteger passes = new AtomicInteger();
    final AtomicLong rowsRead = new AtomicLong();

    Counted(Differ.Side inner) {
      this.inner = inner;
    }

    @Override
    public List<BucketSum> buckets(HashSpec spec) {
      passes.incrementAndGet();
      return inner.buckets(spec);
    }

    @Override
    public Long probe() {
      return inner.probe();
    }

    @Override
    public List<RowHash> rows(HashSpec spec, int[] buckets) {
      List<RowHash> out = inner.rows(spec, buckets);
      rowsRead.addAndGet(out.size());
      return out;
    }
  }

  record Found(TableDiff diff, Counted source, Counted target) {}

  static Found diff(String src, String tgt, boolean inDatabase, int keep) {
    try (Database s = Pg.open(src); Database t = Pg.open(tgt);
         TableReader sourceReader = s.openReader(); TableReader reader = t.openReader()) {
      long rows = Math.max(sourceReader.getCount("t"), reader.getCount("t"));
      HashSpec spec = Compare.ranged(new HashSpec(List.of("id"), List.of("id", "v"),
          List.of("integer", "text"), Differ.bucketsFor(rows), inDatabase), reader, "t",
          reader.getCount("t"));
      assertTrue(spec.ranged(), "the target's keys cut in ranges");
      Counted from = new Counted(Differ.hashing(new LocalSource(s), "t"));
      Counted to = new Counted(Differ.local(reader, "t"));
      return new Found(Differ.diff(from, to, spec, true, false, keep, keep), from, to);
    }
  }

  static long id(List<JsonNode> key) {
    return key.get(0).asLong();
  }

  /**
   * 300,000 source rows; the target holds 1,000 of them, the lowest (a development copy of a
   * few rows: the source's other keys above the target's) or the newest (below), one of them
   * changed, one lost, and one key of its own beyond them.
   */
  @ParameterizedTest(name = "hashed in the database: {0}, the newest rows: {1}")
  @CsvSource({"true, false", "false, false", "true, true", "false, true"})
  void keysBeyondTheTargetsAreCountedAndOnlyTheSamplesRead(boolean inDatabase, boolean newest) {
    String src = Pg.newDatabase();
    Pg.exec(src, DDL + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 300000) g");
    long first = newest ? 299_001 : 1;
    long lost = first + (newest ? 599 : 7);
    String tgt = Pg.newDatabase();
    Pg.exec(tgt, DDL + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(" + first + ", "
        + (first + 999) + ") g; UPDATE t SET v = 'old' WHERE id = " + (first + 6)
        + "; DELETE FROM t WHERE id = " + lost + "; INSERT INTO t VALUES ("
        + (newest ? 300_005 : -5) + ", 'only here')");
    Found f = diff(src, tgt, inDatabase, 5);
    assertEquals(new TableComparison.Counts(299_001, 1, 998, 1), counts(f.diff()));
    assertEquals(1, f.source().passes.get(), "one bucket pass, none over the new keys");
    assertEquals(1, f.target().passes.get());
    assertTrue(f.source().rowsRead.get() < 20_000, f.source().rowsRead + " rows read");
    // the sample's new keys: the one the target lost, then some right beyond its keys
    List<Long> keys = f.diff().newKeys().stream().map(FewRowsInTheTargetTest::id).toList();
    assertEquals(5, keys.size(), keys.toString());
    assertEquals(lost, keys.get(0), keys.toString());
    assertTrue(keys.subList(1, 5).stream().allMatch(newest ? k -> k > 298_900 && k < first
        : k -> k > 1000 && k < 1100), keys.toString());
  }

  @Test
  void keysTooSparseToReachByRangesAreCutInRangesOfTheirOwnAndStillCountExactly() {
    String src = Pg.newDatabase();
    // the target's keys, then 60,000 keys 1,000 apart from a million up (more than a group)
    Pg.exec(src, DDL + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g;"
        + "INSERT INTO t SELECT 1000000 + g * 1000, 'v' || g FROM generate_series(1, 60000) g");
    String tgt = Pg.newDatabase();
    Pg.exec(tgt, DDL + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");
    Found f = diff(src, tgt, true, 10);
    assertEquals(new TableComparison.Counts(60_000, 0, 1_000, 0), counts(f.diff()));
    List<Long> keys = f.diff().newKeys().stream().map(FewRowsInTheTargetTest::id).toList();
    assertEquals(10, keys.size(), keys.toString());
    assertTrue(keys.stream().allMatch(k -> k > 1_000_000 && k % 1000 == 0), keys.toString());
    assertTrue(f.source().passes.get() > 1, "the ranges of their own: a bucket pass more");
  }

  @Test
  void withoutASampleNoNewRowIsRead() {
    String src = Pg.newDatabase();
    Pg.exec(src, DDL + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 300000) g");
    String tgt = Pg.newDatabase();
    Pg.exec(tgt, DDL + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");
    Found f = diff(src, tgt, true, 0);
    assertEquals(new TableComparison.Counts(299_000, 0, 1_000, 0), counts(f.diff()));
    assertEquals(1, f.source().passes.get());
    assertEquals(0, f.source().rowsRead.get(), "no row read: every new one counted");
    assertEquals(List.of(), f.diff().newKeys());
  }

  static TableComparison.Counts counts(TableDiff d) {
    return new TableComparison.Counts(d.fresh(), d.changed(), d.identical(), d.onlyTarget());
  }
}

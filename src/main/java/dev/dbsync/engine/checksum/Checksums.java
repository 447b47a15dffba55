package dev.dbsync.engine.checksum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.RowHash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checksums of a table read through a {@link TableReader}: the one entry the sender (for a
 * receiver's request) and the receiver (for its own target) use, so both ends compute them
 * alike. Inside PostgreSQL when the spec says so; otherwise the rows are read as wire values
 * (masked where the reader masks) and hashed in their {@link Canonical} form.
 */
public final class Checksums {
  private static final int READ_BATCH = 2000;

  private Checksums() {}

  /** Per non-empty bucket, its rows' count and the sum of their hashes. */
  public static List<BucketSum> buckets(TableReader reader, String table, HashSpec spec) {
    if (spec.inDatabase()) {
      requireInDatabase(reader, table, spec);
      return reader.hashBuckets(table, spec);
    }
    long[] counts = new long[spec.buckets()];
    long[] sums = new long[spec.buckets()];
    read(reader, table, spec, (bucket, row) -> {
      counts[bucket]++;
      sums[bucket] += row.hash();
    });
    List<BucketSum> out = new ArrayList<>();
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] > 0) {
        out.add(new BucketSum(b, counts[b], Long.toString(sums[b])));
      }
    }
    return out;
  }

  /**
   * The key and hash of every row in {@code buckets}.
   *
   * @return the number of rows handed over
   */
  public static long rows(TableReader reader, String table, HashSpec spec, int[] buckets,
      Consumer<RowHash> sink) {
    for (int b : buckets) {
      if (b < 0 || b >= spec.buckets()) {
        throw new DbSyncException("Bucket " + b + " is not one of the " + spec.buckets()
            + " buckets.");
      }
    }
    if (spec.inDatabase()) {
      requireInDatabase(reader, table, spec);
      return reader.hashRows(table, spec, buckets, sink);
    }
    boolean[] wanted = new boolean[spec.buckets()];
    for (int b : buckets) {
      wanted[b] = true;
    }
    long[] n = {0};
    Each keep = (bucket, row) -> {
      if (wanted[bucket]) {
        sink.accept(row);
        n[0]++;
      }
    };
    List<int[]> runs = spec.ranged() ? HashSpec.runs(buckets) : List.of();
    if (spec.ranged() && runs.size() <= MAX_RANGE_READS
        && buckets.length <= spec.buckets() / 4 && reader.wholeNumberKeys(table)) {
      // only the key ranges of these buckets, through the key's index: a few differing
      // buckets of a million rows no longer read the million
      for (int[] run : runs) {
        hashAll((req, size, s) -> reader.stream(table, new ExportRequest(req.columns(),
            rangeOf(spec, run), null, 0, 1), size, s), spec, keep);
      }
    } else {
      read(reader, table, spec, keep);
    }
    return n[0];
  }

  /** Most key ranges read one by one; beyond, or past a quarter of the buckets, one scan. */
  static final int MAX_RANGE_READS = 256;

  /** The conditions on the key of a run of buckets: [first, last]. */
  private static List<RowFilter> rangeOf(HashSpec spec, int[] run) {
    String k = spec.key().get(0);
    List<RowFilter> out = new ArrayList<>(2);
    if (run[0] > 0) {
      out.add(new RowFilter(k, RowFilter.Op.GE, number(spec.firstKey(run[0]))));
    }
    BigInteger end = spec.firstKey(run[1] + 1);
    if (run[1] < spec.buckets() - 1 && end.bitLength() < 64) { // past the last long: no end
      out.add(new RowFilter(k, RowFilter.Op.LT, number(end)));
    }
    return out;
  }

  private static JsonNode number(BigInteger n) {
    return n.bitLength() < 64 ? LongNode.valueOf(n.longValue()) : BigIntegerNode.valueOf(n);
  }

  private static void requireInDatabase(TableReader reader, String table, HashSpec spec) {
    if (!reader.hashesInDatabase(table, spec)) {
      throw new DbSyncException("Rows of " + table + " cannot be hashed in this database; "
          + "ask for the canonical form.");
    }
  }

  /** Receives each row's bucket and hash. */
  @FunctionalInterface
  public interface Each {
    void row(int bucket, RowHash row);
  }

  /** Where rows are read from for hashing: a table reader, a link, any stream of rows. */
  @FunctionalInterface
  public interface RowStream {
    long stream(ExportRequest request, int batchSize, TableReader.BatchSink sink);
  }

  private static void read(TableReader reader, String table, HashSpec spec, Each each) {
    hashAll((req, n, sink) -> reader.stream(table, req, n, sink), spec, each);
  }

  /** Reads every row as wire values and hashes it in its canonical form. */
  public static void hashAll(RowStream rows, HashSpec spec, Each each) {
    Canonical.Hasher hasher = new Canonical.Hasher(spec.kinds());
    List<String> keyKinds = spec.key().stream().map(spec::kindOf).toList();
    List<String> columns = spec.columns();
    int[] keyAt = spec.key().stream().mapToInt(columns::indexOf).toArray();
    rows.stream(new ExportRequest(columns, null, null, 0, 1), READ_BATCH, batch -> {
      for (ObjectNode r : batch) {
        List<JsonNode> values = new ArrayList<>(columns.size());
        java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = r.fields();
        for (String c : columns) {
          // a row holds the columns asked for in that order: taken in turn, each checked by
          // name, looked up only where another order came (a tenth of a canonical hash)
          java.util.Map.Entry<String, JsonNode> f = fields.hasNext() ? fields.next() : null;
          values.add(f != null && f.getKey().equals(c) ? f.getValue() : r.get(c));
        }
        long hash = hasher.hash(values);
        List<JsonNode> key = new ArrayList<>(keyAt.length);
        for (int i = 0; i < keyAt.length; i++) {
          key.add(keyAt[i] >= 0 ? values.get(keyAt[i]) : r.get(spec.key().get(i)));
        }
        int bucket = key.isEmpty() ? (int) ((hash & 0x7fffffffL) % spec.buckets())
            : hasher.bucket(key, keyKinds, spec);
        each.row(bucket, new RowHash(key, hash));
      }
      return true;
    });
  }

  private static void checkBucket(BucketSum s, int buckets) {
    if (s.bucket() < 0 || s.bucket() >= buckets) {
      throw new DbSyncException("Bucket " + s.bucket() + " is not one of the " + buckets
          + " buckets.");
    }
  }

  /** The buckets whose count or sum differ between two answers (either side may lack one). */
  public static int[] differing(List<BucketSum> a, List<BucketSum> b, int buckets) {
    long[] ca = new long[buckets];
    long[] cb = new long[buckets];
    String[] sa = new String[buckets];
    String[] sb = new String[buckets];
    for (BucketSum s : a) {
      checkBucket(s, buckets);
      ca[s.bucket()] = s.count();
      sa[s.bucket()] = s.sum();
    }
    for (BucketSum s : b) {
      checkBucket(s, buckets);
      cb[s.bucket()] = s.count();
      sb[s.bucket()] = s.sum();
    }
    int[] out = new int[buckets];
    int n = 0;
    for (int i = 0; i < buckets; i++) {
      if (ca[i] != cb[i] || !java.util.Objects.equals(sa[i], sb[i])) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }
}

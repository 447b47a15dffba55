package dev.dbsync.engine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.checksum.Canonical;
import dev.dbsync.engine.checksum.Checksums;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.RowHash;
import dev.dbsync.engine.transfer.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Finds the rows that differ between a source table and a target table without moving rows:
 * both ends spread their rows over buckets by key and answer each bucket's count and hash sum
 * (computed in their own database where they can); only the buckets that differ are read
 * again, as keys and row hashes, a group of buckets at a time, and matched here by key.
 * Both ends work at once: the source over the link, the target on a thread of its own.
 */
final class Differ {
  /** Rows per bucket aimed at: a bucket that differs costs its rows' keys and hashes. */
  static final int ROWS_PER_BUCKET = 256;
  static final int MAX_BUCKETS = 1 << 16;
  /**
   * Rows of both ends read again per group of buckets, at most: bounds the memory held. Both
   * ends' keys and hashes of a group live until it is matched: 200,000 outgrew the young
   * generation and were copied into the old one (on 1M rows with 100 scattered changes, 25,600
   * rows a side: 0.33 s of collector pauses, 0.17-0.19 s at 50,000, 0.12 s at 20,000, whose
   * more requests cost more than that).
   */
  static final int GROUP_ROWS = 50_000;
  /**
   * The same where each group costs the sender a read of every row, each hashed by DB Sync
   * (buckets that are not key ranges, in the canonical form: SQLite at either end, a masked
   * or retyped column): fewer, fuller groups, within the sender's 250,000 rows per answer
   * (Protocol.MAX_HASH_ROWS), which the exact bucket counts keep to. Where the database
   * hashes (a scan of 1M rows about 0.2 s) fuller groups bought nothing: 7.1-8.3 s against
   * 7.1-7.4 s for 1M new rows.
   */
  static final int READ_GROUP_ROWS = 240_000;
  /** Buckets named in one request (a request is at most 1 MiB). */
  static final int GROUP_BUCKETS = 20_000;

  private Differ() {}

  /** One end of a compare. */
  interface Side {
    List<BucketSum> buckets(HashSpec spec);

    /** The probe hash of this end's database (after {@link #buckets}), or null. */
    default Long probe() {
      return null;
    }

    List<RowHash> rows(HashSpec spec, int[] buckets);

    /** True when each {@link #rows} may cost a read of every row: fewer, fuller groups. */
    default boolean readsWhole() {
      return false;
    }
  }

  static int bucketsFor(long rows) {
    return (int) Math.max(1, Math.min(MAX_BUCKETS, (rows + ROWS_PER_BUCKET - 1)
        / ROWS_PER_BUCKET));
  }

  /** The source, computing its checksums itself (the "compare" extension, a local database). */
  static Side hashing(Source source, String table) {
    return new Side() {
      @Override
      public List<BucketSum> buckets(HashSpec spec) {
        return source.hashBuckets(table, spec);
      }

      @Override
      public Long probe() {
        return source.hashProbe();
      }

      @Override
      public List<RowHash> rows(HashSpec spec, int[] buckets) {
        return source.hashRows(table, spec, buckets);
      }
    };
  }

  /**
   * Rows of a source that cannot hash kept from its read for the second look, at most (over
   * every spec asked for: a compare may cut the keys beyond the target's again). Beyond them a
   * second look reads the source again, keeping only the rows of the buckets asked for: slower,
   * in bounded memory (every row of 10M held would not fit a heap of 256 MB).
   */
  static final int KEPT_READ_ROWS = 500_000;

  /**
   * A source that cannot compute checksums (an older sender, a base-layer one): its rows are
   * read and hashed here, and their keys and hashes kept for the second look, each under the
   * spec they were bucketed by, up to {@code keptRows} rows in all.
   */
  static Side reading(Source source, String table) {
    return reading(source, table, KEPT_READ_ROWS);
  }

  static Side reading(Source source, String table, int keptRows) {
    return new Side() {
      private final Map<HashSpec, Map<Integer, List<RowHash>>> kept = new HashMap<>();
      private long keptInAll;

      @Override
      public List<BucketSum> buckets(HashSpec spec) {
        long[] counts = new long[spec.buckets()];
        long[] sums = new long[spec.buckets()];
        Map<Integer, List<RowHash>> keeping = new HashMap<>();
        kept.remove(spec);
        boolean[] whole = {true};
        long[] n = {0};
        read(spec, (b, row) -> {
          counts[b]++;
          sums[b] += row.hash();
          if (whole[0] && keptInAll + n[0] < keptRows) {
            keeping.computeIfAbsent(b, k -> new ArrayList<>()).add(row);
            n[0]++;
          } else if (whole[0]) {
            whole[0] = false; // too many to keep: a second look reads again
            keeping.clear();
          }
        });
        if (whole[0]) {
          kept.put(spec, keeping);
          keptInAll += n[0];
        }
        List<BucketSum> out = new ArrayList<>();
        for (int b = 0; b < counts.length; b++) {
          if (counts[b] > 0) {
            out.add(new BucketSum(b, counts[b], Long.toString(sums[b])));
          }
        }
        return out;
      }

      @Override
      public boolean readsWhole() {
        return true;
      }

      @Override
      public List<RowHash> rows(HashSpec spec, int[] buckets) {
        List<RowHash> out = new ArrayList<>();
        Map<Integer, List<RowHash>> rows = kept.get(spec);
        if (rows != null) {
          for (int b : buckets) {
            out.addAll(rows.getOrDefault(b, List.of()));
          }
          return out;
        }
        boolean[] wanted = new boolean[spec.buckets()];
        for (int b : buckets) {
          wanted[b] = true;
        }
        read(spec, (b, row) -> {
          if (wanted[b]) {
            out.add(row);
          }
        });
        return out;
      }

      /** Every row, whole (a sender without extensions reads no column subset), hashed. */
      private void read(HashSpec spec, Checksums.Each each) {
        Checksums.hashAll((req, n, sink) -> source.stream(table,
            new dev.dbsync.engine.model.ExportRequest(null, null, null, 0, 1), n, sink), spec,
            each);
      }
    };
  }

  /** The target, read in its own read-only snapshot. */
  static Side local(TableReader reader, String table) {
    return new Side() {
      @Override
      public List<BucketSum> buckets(HashSpec spec) {
        return Checksums.buckets(reader, table, spec);
      }

      @Override
      public Long probe() {
        return reader.hashProbe();
      }

      @Override
      public List<RowHash> rows(HashSpec spec, int[] buckets) {
        List<RowHash> out = new ArrayList<>();
        Checksums.rows(reader, table, spec, buckets, out::add);
        return out;
      }
    };
  }

  /**
   * @param orWhole stop after the bucket sums and answer null when buckets holding more than
   *     half the source's rows differ: moving the whole table then costs less than reading
   *     every row's key and hash first (the known weak spot of bucket checksums)
   * @param keep keys of new and of changed rows held at most, and {@code keepOnlyTarget} of
   *     rows only the target has (the counts stay exact): what the caller can use of them, so
   *     that millions of rows that differ do not each hold a key in memory
   */
  static TableDiff diff(Side source, Side target, HashSpec spec, boolean fast,
      boolean orWhole, int keep, int keepOnlyTarget) {
    return diff(source, target, spec, fast, orWhole, keep, keep, keepOnlyTarget);
  }

  /**
   * As above, holding at most {@code keepChanged} keys of changed rows (more than of new rows
   * costs no read: a changed row's key is read with its bucket anyway; a merge's dry run
   * reads those rows to count what merge would leave alone).
   */
  static TableDiff diff(Side source, Side target, HashSpec spec, boolean fast,
      boolean orWhole, int keep, int keepChanged, int keepOnlyTarget) {
    if (orWhole && mostDifferInSample(source, target, spec)) {
      return null;
    }
    Pair<List<BucketSum>> sums = both(() -> source.buckets(spec), () -> target.buckets(spec));
    if (spec.inDatabase() && (source.probe() == null
        || !source.probe().equals(target.probe()))) {
      throw new NotAlike();
    }
    int[] differing = Checksums.differing(sums.first(), sums.second(), spec.buckets());
    long[] size = new long[spec.buckets()];
    long[] sourceCount = counts(sums.first(), spec.buckets());
    long[] targetCount = counts(sums.second(), spec.buckets());
    long identical = 0;
    boolean[] differs = new boolean[spec.buckets()];
    for (int b : differing) {
      differs[b] = true;
    }
    for (BucketSum s : sums.first()) {
      if (!differs[s.bucket()]) {
        identical += s.count();
      }
    }
    for (int b = 0; b < size.length; b++) {
      size[b] = Math.max(sourceCount[b], targetCount[b]);
    }
    long sourceRows = sums.first().stream().mapToLong(BucketSum::count).sum();
    long targetRows = sums.second().stream().mapToLong(BucketSum::count).sum();
    if (orWhole) {
      long differingRows = 0;
      for (BucketSum s : sums.first()) {
        if (differs[s.bucket()]) {
          differingRows += s.count();
        }
      }
      if (differingRows * 2 > sourceRows) {
        return null;
      }
    }
    List<Reading> reads = new ArrayList<>();
    List<List<RowHash>> newRead = new ArrayList<>(); // source rows known new, read for keys
    long countedNew = 0; // source rows known new, not read
    if (spec.ranged() && Arrays.stream(differing).anyMatch(b -> size[b] > GROUP_ROWS)) {
      // the first or last key range far fuller than its share: the source's keys beyond the
      // target's (a copy of a table that grew since), gathered there. Those keys are cut in
      // ranges of their own, the rest read as cut
      List<Reading> ends = new ArrayList<>();
      long[] endIdentical = {0};
      int last = spec.buckets() - 1;
      boolean inner = Arrays.stream(differing)
          .anyMatch(b -> size[b] > GROUP_ROWS && b != 0 && b != last);
      for (int end : new int[] {0, last}) {
        if (!inner && last > 0 && differs[end] && size[end] > GROUP_ROWS
            && targetCount[end] == 0 && sourceCount[end] > keep && !source.readsWhole()) {
          // the target has no key out there (a development copy of a few rows, or of the
          // newest only): every source row there is new, counted from the sums; only the
          // first keep of them are read, nearest the edge, for their keys (a dry run's
          // sample). Keys too sparse to find them so: cut in ranges of their own, as below
          int want = Math.min(keep, GROUP_ROWS);
          List<List<RowHash>> read = new ArrayList<>();
          long n = firstNew(source, spec, end == 0, want, read);
          if (n >= want) {
            newRead.addAll(read);
            countedNew += sourceCount[end] - n;
            continue;
          }
        }
        if (inner || last == 0 || differs[end] && size[end] > GROUP_ROWS
            && !beyond(source, target, spec, end == 0, size[end], targetRows, ends,
                endIdentical)) {
          // keys too sparse for ranges, or more rows than the catalog said (buckets too
          // few): buckets by the key's value modulo as many as the rows counted ask for
          HashSpec byValue = new HashSpec(spec.key(), spec.columns(), spec.kinds(),
              Math.max(spec.buckets(), bucketsFor(Math.max(sourceRows, targetRows))),
              spec.inDatabase());
          return diff(source, target, byValue, fast, false, keep, keepChanged,
              keepOnlyTarget);
        }
      }
      int[] rest = Arrays.stream(differing).filter(b -> size[b] <= GROUP_ROWS).toArray();
      reads.add(new Reading(spec, rest, size, sourceCount, targetCount));
      reads.addAll(ends);
      identical += endIdentical[0];
    } else {
      reads.add(new Reading(spec, differing, size, sourceCount, targetCount));
    }
    Tally tally = new Tally(spec, keep, keepChanged, keepOnlyTarget);
    tally.identical = identical;
    tally.fresh = countedNew;
    reads = counted(reads, tally, spec.key().isEmpty() ? 0 : keep,
        spec.key().isEmpty() ? 0 : keepOnlyTarget);
    int groupRows = (spec.ranged() || spec.inDatabase()) && !source.readsWhole() ? GROUP_ROWS
        : READ_GROUP_ROWS;
    for (Reading r : reads) {
      int from = 0;
      while (from < r.buckets().length) {
        int to = from;
        long rows = 0;
        while (to < r.buckets().length && to - from < GROUP_BUCKETS
            && (to == from || rows + r.size()[r.buckets()[to]] <= groupRows)) {
          rows += r.size()[r.buckets()[to]];
          to++;
        }
        int[] group = Arrays.copyOfRange(r.buckets(), from, to);
        Pair<List<RowHash>> rowsOf = both(() -> source.rows(r.spec(), group),
            () -> target.rows(r.spec(), group));
        tally.add(rowsOf.first(), rowsOf.second());
        from = to;
      }
    }
    for (List<RowHash> rows : newRead) { // after the rest: their keys come last, if kept
      tally.add(rows, List.of()); // the target has no key in their ranges (its counts)
    }
    return new TableDiff(tally.fresh, tally.changed, tally.identical, tally.onlyTarget,
        tally.newKeys, tally.changedKeys, tally.onlyTargetKeys, fast, sourceRows, targetRows);
  }

  /**
   * Buckets of one spec whose rows are to be read and matched; size: rows per bucket (the
   * fuller end's), then each end's.
   */
  private record Reading(HashSpec spec, int[] buckets, long[] size, long[] source,
      long[] target) {}

  private static long[] counts(List<BucketSum> sums, int buckets) {
    long[] out = new long[buckets];
    sums.forEach(x -> out[x.bucket()] = x.count());
    return out;
  }

  /**
   * The reads left once the differing buckets one end has no row in are counted instead of
   * read, where their keys would not be kept anyway: every row of a bucket the target lacks
   * is new, every row of one the source lacks is only the target's. Only where such rows
   * outnumber the keys kept of their kind (the caller then moves the table whole, or leaves
   * a mirror alone, or wants a sample), and the first such buckets are still read for the
   * keys that are kept (a dry run's sample). A copy of a few rows of a big table (10M source rows, 1,000 in the target)
   * otherwise had every key and row hash read and matched only to learn that they are new.
   */
  private static List<Reading> counted(List<Reading> reads, Tally tally, int keep,
      int keepOnlyTarget) {
    long onlySource = 0;
    long onlyTarget = 0;
    for (Reading r : reads) {
      for (int b : r.buckets()) {
        if (r.target()[b] == 0) {
          onlySource += r.source()[b];
        } else if (r.source()[b] == 0) {
          onlyTarget += r.target()[b];
        }
      }
    }
    boolean countNew = onlySource > keep;
    boolean countOnlyTarget = onlyTarget > keepOnlyTarget;
    if (!countNew && !countOnlyTarget) {
      return reads;
    }
    long[] toRead = {keep, keepOnlyTarget}; // rows still read of each kind, for the keys kept
    List<Reading> out = new ArrayList<>();
    for (Reading r : reads) {
      int[] left = Arrays.stream(r.buckets()).filter(b -> {
        int kind = r.target()[b] == 0 ? 0 : r.source()[b] == 0 ? 1 : -1;
        if (kind < 0 || !(kind == 0 ? countNew : countOnlyTarget)) {
          return true;
        }
        if (toRead[kind] > 0) {
          toRead[kind] -= kind == 0 ? r.source()[b] : r.target()[b];
          return true;
        }
        if (kind == 0) {
          tally.fresh += r.source()[b];
        } else {
          tally.onlyTarget += r.target()[b];
        }
        return false;
      }).toArray();
      out.add(new Reading(r.spec(), left, r.size(), r.source(), r.target()));
    }
    return out;
  }

  /** Key ranges {@link #firstNew} reads at most. */
  static final int FIRST_NEW_READS = 12;

  /**
   * Reads up to about {@code want} source rows of the last bucket of {@code spec}, from its
   * start upwards (or of the first, {@code below}, from its end downwards), through the key's
   * index: a range of {@code want} keys, then four times wider each time (at most
   * {@link #GROUP_ROWS} keys, so at most as many rows, a read), up to {@link #FIRST_NEW_READS}
   * reads. For a bucket the target has no row in: no bucket pass over its keys, which may be
   * nearly all of a big table's.
   *
   * @return the rows read, each list added to {@code out}
   */
  private static long firstNew(Side source, HashSpec spec, boolean below, int want,
      List<List<RowHash>> out) {
    long got = 0;
    try {
      // the edge: the first key of the last bucket, or of the second
      long at = Math.addExact(spec.keyFrom(), Math.multiplyExact(spec.keyStep(),
          below ? 1L : spec.buckets() - 1L));
      long width = Math.max(1, want);
      for (int read = 0; read < FIRST_NEW_READS && got < want; read++) {
        long w = Math.min(GROUP_ROWS, width);
        // eight ranges of w keys, the second [at, at + w) upwards, [at - w, at) downwards: a
        // run of one bucket in eight, read by key range at either end (Checksums,
        // PostgresHashing)
        long from = Math.subtractExact(at, below ? 2 * w : w);
        HashSpec sub = new HashSpec(spec.key(), spec.columns(), spec.kinds(), 8,
            spec.inDatabase(), from, w);
        List<RowHash> rows = source.rows(sub, new int[] {1});
        out.add(rows);
        got += rows.size();
        at = below ? Math.subtractExact(at, w) : Math.addExact(at, w);
        width = Math.multiplyExact(width, 4);
      }
    } catch (ArithmeticException pastTheWholeNumbers) {
      // no keys beyond a bigint: what was read is all there is to read
    }
    return got;
  }

  /** Rounds of {@link #beyond} before keys are taken for too sparse for ranges. */
  private static final int BEYOND_ROUNDS = 4;

  /**
   * The keys beyond the first ({@code below}) or last key range of {@code spec}, where
   * {@code rows} rows gathered, cut in ranges of their own: a bucket pass of a spec whose
   * ranges continue past that edge, about 256 rows a range where those keys are as dense as
   * the target's ({@code targetRows} over the ranges' span), one bucket holding every key on
   * the side already compared (left out) and one every key further out, cut again when it is
   * still too full, with ranges four times wider each round. Adds the buckets that differ to
   * {@code reads} and the rows of those that do not to {@code identical}; false when the keys
   * are too sparse for that (ranges wider than a group would hold, or after
   * {@link #BEYOND_ROUNDS} rounds).
   */
  private static boolean beyond(Side source, Side target, HashSpec spec, boolean below,
      long rows, long targetRows, List<Reading> reads, long[] identical) {
    double keysPerRow = (double) spec.keyStep() * spec.buckets() / Math.max(1, targetRows);
    long step = Math.max(1, (long) Math.ceil(keysPerRow * ROWS_PER_BUCKET));
    try {
      // the first key past the edge (upwards), or the first key of the compared side
      long edge = below ? Math.addExact(spec.keyFrom(), spec.keyStep())
          : Math.addExact(spec.keyFrom(), Math.multiplyExact(spec.keyStep(),
              spec.buckets() - 1L));
      for (int round = 0; round < BEYOND_ROUNDS && step <= GROUP_ROWS; round++) {
        int n = (int) Math.min(HashSpec.MAX_BUCKETS, rows / ROWS_PER_BUCKET + 3);
        long from = below ? Math.subtractExact(edge, Math.multiplyExact(step, n - 1L))
            : Math.subtractExact(edge, step);
        HashSpec sub = new HashSpec(spec.key(), spec.columns(), spec.kinds(), n,
            spec.inDatabase(), from, step);
        Pair<List<BucketSum>> sums = both(() -> source.buckets(sub),
            () -> target.buckets(sub));
        int[] differing = Checksums.differing(sums.first(), sums.second(), n);
        long[] size = new long[n];
        long[] sourceCount = counts(sums.first(), n);
        long[] targetCount = counts(sums.second(), n);
        boolean[] differs = new boolean[n];
        for (int b : differing) {
          differs[b] = true;
        }
        for (int b = 0; b < n; b++) {
          size[b] = Math.max(sourceCount[b], targetCount[b]);
        }
        int compared = below ? n - 1 : 0; // every key on the side already compared
        int further = below ? 0 : n - 1;
        boolean again = differs[further] && size[further] > GROUP_ROWS;
        for (BucketSum x : sums.first()) {
          if (!differs[x.bucket()] && x.bucket() != compared) {
            identical[0] += x.count();
          }
        }
        int[] read = Arrays.stream(differing)
            .filter(b -> b != compared && !(again && b == further)).toArray();
        reads.add(new Reading(sub, read, size, sourceCount, targetCount));
        if (!again) {
          return true;
        }
        rows = size[further];
        edge = below ? Math.addExact(from, step)
            : Math.addExact(from, Math.multiplyExact(step, n - 1L));
        step = Math.multiplyExact(step, 4);
      }
    } catch (ArithmeticException pastTheWholeNumbers) {
      // ranges that would reach past a bigint: too sparse for ranges
    }
    return false;
  }

  /** Buckets looked at before the bucket sums when most rows may differ (see below). */
  static final int SAMPLE_BUCKETS = 32;

  /**
   * Whether buckets holding most of the rows differ, judged from {@link #SAMPLE_BUCKETS}
   * buckets spread over the key's range, read as keys and row hashes through its index: when
   * they do (every bucket differs when a tenth of the rows changed, scattered), the table moves
   * whole without both ends first hashing every row for the bucket sums (1M rows, 10% changed:
   * that pass made an overwrite 1.07-1.20 x the one that moves every row). Only where the
   * buckets are key ranges of at most some 256 rows each ({@link #ROWS_PER_BUCKET}: fewer
   * than {@link #MAX_BUCKETS} buckets), so that the sample stays small; not where the two
   * databases hash unlike (the bucket sums find that out); and a sample that cannot be read
   * (a key range far fuller than its share) leaves the decision to the bucket sums.
   */
  private static boolean mostDifferInSample(Side source, Side target, HashSpec spec) {
    if (!spec.ranged() || spec.buckets() < 8 * SAMPLE_BUCKETS
        || spec.buckets() >= MAX_BUCKETS) {
      return false;
    }
    int[] sample = new int[SAMPLE_BUCKETS];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = (int) ((2L * i + 1) * spec.buckets() / (2L * sample.length));
    }
    Pair<List<RowHash>> rows;
    try {
      rows = both(() -> source.rows(spec, sample), () -> target.rows(spec, sample));
    } catch (DbSyncException tooMany) {
      return false;
    }
    if (spec.inDatabase() && (source.probe() == null
        || !source.probe().equals(target.probe()))) {
      return false;
    }
    Map<Integer, long[]> from = sums(rows.first(), spec);
    Map<Integer, long[]> to = sums(rows.second(), spec);
    long all = 0;
    long differing = 0;
    for (int b : sample) {
      long[] f = from.getOrDefault(b, new long[2]);
      long[] t = to.getOrDefault(b, new long[2]);
      all += f[0];
      if (f[0] != t[0] || f[1] != t[1]) {
        differing += f[0];
      }
    }
    return all > 0 && differing * 2 > all;
  }

  /** Each bucket's count and hash sum of these rows (a ranged spec: by their key). */
  private static Map<Integer, long[]> sums(List<RowHash> rows, HashSpec spec) {
    Map<Integer, long[]> out = new HashMap<>();
    for (RowHash r : rows) {
      long[] s = out.computeIfAbsent(spec.rangeBucket(r.key().get(0).asLong()),
          b -> new long[2]);
      s[0]++;
      s[1] += r.hash();
    }
    return out;
  }

  /** Matches the rows of one group of buckets, by key (or, without a key, by row hash). */
  private static final class Tally {
    private final HashSpec spec;
    private final Canonical.Hasher hasher;
    private final List<String> keyKinds;
    private final int keep;
    private final int keepChanged;
    private final int keepOnlyTarget;
    long fresh;
    long changed;
    long identical;
    long onlyTarget;
    final List<List<JsonNode>> newKeys = new ArrayList<>();
    final List<List<JsonNode>> changedKeys = new ArrayList<>();
    final List<List<JsonNode>> onlyTargetKeys = new ArrayList<>();

    Tally(HashSpec spec, int keep, int keepChanged, int keepOnlyTarget) {
      this.spec = spec;
      this.keep = keep;
      this.keepChanged = keepChanged;
      this.keepOnlyTarget = keepOnlyTarget;
      this.hasher = new Canonical.Hasher(spec.kinds());
      this.keyKinds = spec.key().stream().map(spec::kindOf).toList();
    }

    void add(List<RowHash> source, List<RowHash> target) {
      if (spec.key().isEmpty()) {
        multiset(source, target);
        return;
      }
      // in the source's order, so that what is left after the target's rows are matched
      // are the new rows, each key's text made once
      Map<List<String>, RowHash> bySource = new java.util.LinkedHashMap<>(source.size() * 2);
      for (RowHash r : source) {
        if (bySource.put(hasher.texts(r.key(), keyKinds), r) != null) {
          throw new DbSyncException("Two rows of the source have the same key "
              + r.key() + ": the key does not name one row.");
        }
      }
      for (RowHash t : target) {
        RowHash s = bySource.remove(hasher.texts(t.key(), keyKinds));
        if (s == null) {
          onlyTarget++;
          if (onlyTargetKeys.size() < keepOnlyTarget) {
            onlyTargetKeys.add(t.key());
          }
        } else if (s.hash() == t.hash()) {
          identical++;
        } else {
          changed++;
          if (changedKeys.size() < keepChanged) {
            changedKeys.add(s.key());
          }
        }
      }
      for (RowHash s : bySource.values()) {
        fresh++;
        if (newKeys.size() < keep) {
          newKeys.add(s.key());
        }
      }
    }

    /** A table without a key: rows are compared as a multiset of whole rows. */
    private void multiset(List<RowHash> source, List<RowHash> target) {
      Map<Long, long[]> n = new HashMap<>();
      source.forEach(r -> n.computeIfAbsent(r.hash(), k -> new long[2])[0]++);
      target.forEach(r -> n.computeIfAbsent(r.hash(), k -> new long[2])[1]++);
      for (long[] c : n.values()) {
        identical += Math.min(c[0], c[1]);
        fresh += Math.max(0, c[0] - c[1]);
        onlyTarget += Math.max(0, c[1] - c[0]);
      }
    }
  }

  record Pair<T>(T first, T second) {}

  /** Where the target's end of a compare runs: named daemon threads, kept while in use. */
  private static final java.util.concurrent.ExecutorService TARGET_SIDE =
      java.util.concurrent.Executors.newCachedThreadPool(
          dev.dbsync.engine.Threads.named("dbsync-compare-target"));

  /** The two databases do not hash rows alike: compare in the canonical form instead. */
  static final class NotAlike extends RuntimeException {
    NotAlike() {
      super("the two databases hash rows differently", null, false, false);
    }
  }

  /** Runs both ends at once: the second on a thread of its own. */
  static <T> Pair<T> both(Supplier<T> first, Supplier<T> second) {
    CompletableFuture<T> other = CompletableFuture.supplyAsync(second, TARGET_SIDE);
    T a;
    try {
      a = first.get();
    } catch (RuntimeException e) {
      try {
        other.join();
      } catch (CompletionException ignored) {
        // the first failure is the one to report
      }
      throw e;
    }
    try {
      return new Pair<>(a, other.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}

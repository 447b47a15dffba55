package dev.dbsync.engine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.checksum.Canonical;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.subset.Subsets;
import dev.dbsync.engine.transfer.LocalSource;
import dev.dbsync.engine.transfer.Scope;
import dev.dbsync.engine.transfer.Selection;
import dev.dbsync.engine.transfer.Source;
import dev.dbsync.engine.transfer.TransferOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compare before importing, and move only what changed: the one entry the command line, the
 * app and the benchmark use. {@link #dryRun} compares and writes nothing; {@link #changesOnly}
 * is the scope of a pull that moves only the rows that differ (and, for a mirror, deletes the
 * rows the source lacks). Rows are matched by key through checksums ({@link Differ}), never
 * moved to be compared when the sender can compute its own.
 */
public final class Compare {
  /** A mirror of a table without a key replaces it whole, holding this many rows at most. */
  static final long MAX_REPLACED_ROWS = 1_000_000;

  /**
   * New and changed rows moved by their keys, at most: more move as the whole table does (the
   * strategy keeps what is already there), so that a pull holds no more keys than this in
   * memory (each some 150 bytes with its selection; a mirror of 10M new rows under
   * {@code -Xmx256m} ran out of memory holding them).
   */
  static final int MAX_MOVED_BY_KEY = 500_000;

  /**
   * Rows only the target has that a mirror deletes by key, at most (each key held until the
   * rows are in): with more, the mirror leaves the table alone and says why.
   */
  static final int MAX_DELETED_BY_KEY = 1_000_000;

  private Compare() {}

  /** No row: a mirror of a table that already equals its source. */
  private static final Selection NOTHING = new Selection() {
    @Override
    public long size() {
      return 0;
    }

    @Override
    public long stream(Source source, String table, List<String> columns, int batchSize,
        TableReader.BatchSink sink) {
      return 0;
    }
  };

  /**
   * @param target the target, read in a read-only snapshot; null for one that does not exist
   *     yet (a SQLite file a pull would create)
   * @param tables the tables to compare (empty: every table the source lists)
   * @param options the pull's options: strategies, and whether missing columns are added
   * @param sample rows of each kind to show per table
   */
  public static CompareReport dryRun(Source source, Database target, List<String> tables,
      TransferOptions options, int sample) {
    long started = System.nanoTime();
    long bytesBefore = source.bytesReceived();
    List<TableComparison> out = new ArrayList<>();
    if (target != null) {
      target.readAhead(); // its snapshot's connection opens while the sender answers
    }
    source.beginSnapshot();
    try {
      // sizes from the catalogs (exact below 100,000 rows): they set the number of buckets,
      // and the bucket sums count every row exactly; no count(*) of a big table on either end
      Map<String, Long> sizes = sizes(source.listTables());
      List<String> wanted = tables.isEmpty() ? List.copyOf(sizes.keySet()) : tables;
      Map<String, Source.Described> described = new LinkedHashMap<>();
      source.describe(wanted).forEach(d -> described.put(d.table(), d));
      Set<String> inTarget = target == null ? Set.of() : Set.copyOf(target.allTableNames());
      try (TableReader reader = inTarget.isEmpty() ? null : target.openReader()) {
        for (String t : wanted) {
          Source.Described d = described.get(t);
          if (d.error() != null) {
            // a table the sender cannot read (absent, not shared): said, the others compared
            out.add(new TableComparison(t, options.strategyFor(t), null, null, false, null, null,
                source.canHash(), 0, 0, String.valueOf(d.error().getMessage()),
                null));
            continue;
          }
          boolean there = inTarget.contains(t);
          boolean merge = options.strategyFor(t) == Strategy.MERGE;
          TableComparison c = table(source, target, reader, there, d.schema(),
              sizes.containsKey(t) ? sizes.get(t) : source.getCount(t),
              !there ? 0 : reader.estimateCount(t), options.strategyFor(t), false, sample,
              merge ? Math.max(sample, MERGE_KEYS) : sample, sample);
          if (merge) {
            c = merged(c, source, target, reader, d.schema());
          }
          if (c.strategy() == Strategy.MIRROR && c.diff() != null && !c.diff().equals(
              new TableComparison.Counts(0, 0, c.diff().identical(), 0))) {
            // what the mirror would do instead: leave the table alone, and why
            String why = mirrorLeavesAlone(c, d.schema().hasPrimaryKey(), MAX_DELETED_BY_KEY);
            if (why != null) {
              c = new TableComparison(t, c.strategy(), c.diff(), new TableComparison.Would(0, 0,
                  0, 0), false, null, c.drift(), c.fastCompare(), c.rowsSource(),
                  c.rowsTarget(), why, c.found());
            }
          }
          out.add(sample > 0 ? withSample(c, source, target, reader, d.schema(), sample)
              : sampled(c, new LinkedHashMap<>()));
        }
      }
    } finally {
      source.endSnapshot();
    }
    boolean fast = source.canHash();
    return new CompareReport(out, source.bytesReceived() - bytesBefore,
        (System.nanoTime() - started) / 1e9, fast, fast ? null
        : "The sender does not offer the fast compare (the \"compare\" extension): its rows "
        + "were read to compare them.");
  }

  /**
   * The scope of a pull that moves only what changed: for every table the target already
   * holds rows of, with a strategy that keeps them (skip, overwrite, merge, mirror), the rows
   * are compared first and only new rows (and changed ones, but for skip) move; a mirror
   * also deletes the target's rows the source lacks, and leaves alone a table whose key
   * differs. Wraps the options' own scope (a subset's tables are not compared).
   */
  public static Scope changesOnly(Database target, TransferOptions options) {
    return changesOnly(target, options, MAX_MOVED_BY_KEY, MAX_DELETED_BY_KEY);
  }

  /**
   * {@link #changesOnly(Database, TransferOptions)} with other bounds on the keys held (tests
   * cross them with a few rows).
   */
  static Scope changesOnly(Database target, TransferOptions options, int movedByKey,
      int deletedByKey) {
    Scope inner = options.scope();
    return (source, tables) -> {
      Scope.Resolved r = inner.resolve(source, tables);
      Set<String> inTarget = Set.copyOf(target.allTableNames());
      List<String> toCompare = r.tables().stream()
          .filter(t -> (!r.selections().containsKey(t) || referencedByKeys(r, t, source))
              && inTarget.contains(t))
          .filter(t -> options.strategyFor(t) != Strategy.APPEND)
          // a sender without checksums would have every row read twice and their keys held
          // here: its tables move as before, unless a mirror must know what to delete
          .filter(t -> source.canHash() || options.strategyFor(t) == Strategy.MIRROR)
          .filter(t -> options.strategyFor(t) == Strategy.MIRROR
              || !options.resumes(target, source.sourceId(), t))
          // nothing to compare with in a table never written (a plain copy, as when empty):
          // 300 such tables had a snapshot of the target opened only to count them
          .filter(t -> !target.emptyAtStart(t))
          .toList();
      if (toCompare.isEmpty()) {
        return r;
      }
      target.readAhead(); // its snapshot's connection opens while the sender answers
      Map<String, TableSchema> schemas = new HashMap<>(r.schemas());
      List<String> unknown = toCompare.stream().filter(t -> !schemas.containsKey(t)).toList();
      source.describe(unknown).forEach(d -> {
        if (d.schema() != null) {
          schemas.put(d.table(), d.schema());
        }
      });
      Map<String, Long> counts = sizes(source.listTables());
      Map<String, Selection> selections = new HashMap<>(r.selections());
      Map<String, List<List<JsonNode>>> deletions = new HashMap<>(r.deletions());
      Map<String, String> leftAlone = new HashMap<>(r.leftAlone());
      Map<String, Scope.Compared> compared = new HashMap<>(r.compared());
      List<String> replaced = new ArrayList<>(r.replaced());
      try (TableReader reader = target.openReader()) {
        // only the compared tables, from the statistics when big (no count of every row, and
        // none of the target's other tables), all asked at once
        Map<String, Long> targetCounts = reader.estimateCounts(toCompare.stream()
            .filter(t -> schemas.get(t) != null && counts.containsKey(t)).toList());
        for (String t : toCompare) {
          TableSchema src = schemas.get(t);
          if (src == null || !counts.containsKey(t)) {
            continue; // the runner reports the table's own error
          }
          Strategy strategy = options.strategyFor(t);
          long rows = counts.get(t);
          long targetRows = targetCounts.get(t);
          if (targetRows == 0) {
            continue; // an empty target: a plain copy
          }
          if (r.selections().containsKey(t)) {
            narrowReferenced(source, target, reader, src, rows, targetRows, strategy,
                r.selections().get(t), options.addColumns(), movedByKey)
                .ifPresent(s -> selections.put(t, s));
            continue;
          }
          // most rows differing: overwrite and merge move the table whole; skip, and a mirror
          // (which must know the rows the source lacks), compare every row
          boolean orWhole = strategy == Strategy.OVERWRITE || strategy == Strategy.MERGE;
          TableComparison c = table(source, target, reader, true, src, rows, targetRows,
              strategy, orWhole && src.hasPrimaryKey(), movedByKey,
              strategy == Strategy.MIRROR ? deletedByKey : 0);
          if (c.error() != null) {
            if (strategy == Strategy.MIRROR) {
              leftAlone.put(t, c.error());
            }
            continue;
          }
          TableDiff d = c.found();
          if (d == null) {
            continue; // most rows differ: the table moves whole, as without a compare
          }
          if (!src.hasPrimaryKey()) {
            // nothing to pick rows by: the same rows move nothing, whatever the strategy;
            // otherwise a mirror replaces the table and the others insert every row
            compared.put(t, found(d, !d.same()));
            if (strategy == Strategy.MIRROR && !d.same()) {
              String why = mirrorLeavesAlone(c, false, deletedByKey);
              if (why != null) {
                leftAlone.put(t, why);
              } else {
                replaced.add(t);
              }
            } else if (d.same()) {
              selections.put(t, NOTHING); // a re-run with nothing changed writes nothing
            }
            continue;
          }
          String why = strategy == Strategy.MIRROR ? mirrorLeavesAlone(c, true, deletedByKey)
              : null;
          if (why != null) {
            leftAlone.put(t, why);
            continue;
          }
          long moved = d.fresh() + (strategy == Strategy.SKIP ? 0 : d.changed());
          boolean addsColumns = options.addColumns() && !c.drift().added().isEmpty();
          // most rows differ: the whole table moves faster as one read than by keys; and more
          // than a pull holds keys for move that way too (the strategy keeps the rest)
          boolean whole = addsColumns || strategy != Strategy.SKIP
              && moved > c.rowsSource() / 2 || moved > movedByKey;
          compared.put(t, found(d, whole));
          if (!whole) {
            List<List<JsonNode>> move = new ArrayList<>(d.newKeys());
            if (strategy != Strategy.SKIP) {
              move.addAll(d.changedKeys());
            }
            selections.put(t, Subsets.byKeys(source, src, move));
          }
          if (strategy == Strategy.MIRROR && !d.onlyTargetKeys().isEmpty()) {
            deletions.put(t, d.onlyTargetKeys());
          }
        }
      }
      return new Scope.Resolved(r.tables(), selections, r.addedForReferences(), schemas,
          deletions, leftAlone, compared, replaced);
    };
  }

  /**
   * True for a table the pull takes only the referenced rows of (added for the chosen rows'
   * references, by key), at least {@link #REFERENCED_COMPARED_FROM} of them, from a sender
   * that hashes: those rows may be compared first.
   */
  private static boolean referencedByKeys(Scope.Resolved r, String t, Source source) {
    java.util.Collection<?> keys = Subsets.keysOf(r.selections().get(t));
    // a few referenced rows just move: no catalog, count or snapshot of the target for them
    return r.addedForReferences().contains(t) && source.canHash() && keys != null
        && keys.size() >= REFERENCED_COMPARED_FROM;
  }

  /** Fewest referenced rows worth a compare of their table (below, they just move). */
  static final int REFERENCED_COMPARED_FROM = 1_000;

  /**
   * The referenced rows of a parent table that are new or changed (or only new, for skip),
   * found by comparing the whole table when they are a fifth of it or more (each end then
   * hashes every row, cheaper than moving them all): a pull of a child table alone no longer
   * moves every parent row it references on each run. Nothing is deleted (the table is not
   * the user's choice), and every referenced row still moves when the compare cannot run or
   * columns are being added (their values must be written).
   */
  private static java.util.Optional<Selection> narrowReferenced(Source source, Database target,
      TableReader reader, TableSchema src, long rows, long targetRows, Strategy strategy,
      Selection referenced, boolean addColumns, int movedByKey) {
    java.util.Collection<List<JsonNode>> keys = Subsets.keysOf(referenced);
    if (keys.size() < rows / 5) {
      return java.util.Optional.empty();
    }
    TableComparison c = table(source, target, reader, true, src, rows, targetRows, strategy,
        false, movedByKey, 0);
    TableDiff d = c.found();
    if (c.error() != null || d == null || addColumns && !c.drift().added().isEmpty()
        || d.fresh() + (strategy == Strategy.SKIP ? 0 : d.changed()) > movedByKey) {
      return java.util.Optional.empty(); // every referenced row moves, as before
    }
    List<List<JsonNode>> move = new ArrayList<>(d.newKeys());
    if (strategy != Strategy.SKIP) {
      move.addAll(d.changedKeys());
    }
    return java.util.Optional.of(Subsets.byKeys(source, src, Subsets.both(keys, move)));
  }

  /**
   * Why a mirror leaves this compared table alone, or null when it does not: a table without a
   * key is replaced in one transaction, up to {@link #MAX_REPLACED_ROWS} rows; a keyed one has
   * the rows the source lacks deleted by key, up to {@code deletedByKey} of them.
   */
  private static String mirrorLeavesAlone(TableComparison c, boolean keyed, int deletedByKey) {
    String t = c.table();
    if (!keyed && c.rowsSource() > MAX_REPLACED_ROWS) {
      return t + " has no primary key and " + c.rowsSource() + " rows: a mirror replaces such "
          + "a table in one transaction, up to " + MAX_REPLACED_ROWS + " rows. Give it a key, "
          + "or pull it with another strategy.";
    }
    if (keyed && c.diff().onlyTarget() > deletedByKey) {
      return "The target's " + t + " holds " + c.diff().onlyTarget() + " rows the source "
          + "lacks: a mirror deletes up to " + deletedByKey + " rows by key. The table was "
          + "left alone; empty it first, or pull it with another strategy.";
    }
    return null;
  }

  /** What the compare found, as the transfer reports it. */
  private static Scope.Compared found(TableDiff d, boolean movedWhole) {
    return new Scope.Compared(d.fresh(), d.changed(), d.identical(), d.onlyTarget(), d.fast(),
        movedWhole);
  }

  private static Map<String, Long> sizes(List<TableInfo> tables) {
    Map<String, Long> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t.name(), t.rowCount()));
    return out;
  }

  /**
   * Compares one table (reader: the target's read-only snapshot).
   *
   * @param rowsSource the source's size as its catalog tells it (it sets the number of
   *     buckets); the comparison reports the exact one its bucket sums counted
   * @param targetSize the same for the target
   * @param orWhole answer a comparison without counts ({@code found} null) when most rows
   *     differ, and the table had better move whole
   * @param keep keys of new and of changed rows to hold at most, {@code keepOnlyTarget} of the
   *     target's rows the source lacks (the counts are exact whatever they are)
   */
  static TableComparison table(Source source, Database target, TableReader reader,
      boolean inTarget, TableSchema src, long rowsSource, long targetSize, Strategy strategy,
      boolean orWhole, int keep, int keepOnlyTarget) {
    return table(source, target, reader, inTarget, src, rowsSource, targetSize, strategy,
        orWhole, keep, keep, keepOnlyTarget);
  }

  /** As above, holding up to {@code keepChanged} keys of changed rows. */
  static TableComparison table(Source source, Database target, TableReader reader,
      boolean inTarget, TableSchema src, long rowsSource, long targetSize, Strategy strategy,
      boolean orWhole, int keep, int keepChanged, int keepOnlyTarget) {
    String t = src.table();
    boolean keyless = !src.hasPrimaryKey();
    if (!inTarget) {
      rowsSource = source.getCount(t); // the size given may be an estimate
      TableComparison.Counts counts = new TableComparison.Counts(rowsSource, 0, 0, 0);
      return new TableComparison(t, strategy, counts, new TableComparison.Would(rowsSource, 0,
          0, 0), true, null, null, source.canHash(), rowsSource, 0, null, null);
    }
    TableSchema tgt = reader.getSchema(t);
    Drift drift = Drift.of(src, tgt);
    if (drift.keyDiffers() || src.columns().stream().noneMatch(c -> tgt.column(c.name())
        .isPresent())) {
      rowsSource = source.getCount(t);
    }
    long rowsTarget = drift.keyDiffers() ? reader.getCount(t) : targetSize;
    if (drift.keyDiffers()) {
      return new TableComparison(t, strategy, null, null, false, null, drift, source.canHash(),
          rowsSource, rowsTarget, "The key of " + t + " differs: (" + String.join(", ",
          drift.sourceKey()) + ") in the source, (" + String.join(", ", drift.targetKey())
          + ") in the target. The table was left alone.", null);
    }
    List<ColumnInfo> common = src.columns().stream()
        .filter(c -> tgt.column(c.name()).isPresent()).toList();
    if (common.isEmpty()) {
      rowsTarget = reader.getCount(t);
      return new TableComparison(t, strategy, null, null, false, null, drift, source.canHash(),
          rowsSource, rowsTarget, "The source's " + t + " and the target's have no column in "
          + "common. The table was left alone.", null);
    }
    List<String> kinds = common.stream()
        .map(c -> ValueKind.of(c).name().toLowerCase(java.util.Locale.ROOT)).toList();
    HashSpec probe = new HashSpec(src.primaryKey(), common.stream().map(ColumnInfo::name)
        .toList(), kinds, Differ.bucketsFor(Math.max(rowsSource, rowsTarget)), false);
    boolean inDatabase = source.hashesInDatabase(t) && Drift.hashesAlike(src, tgt)
        && target.locator().kind() == DatabaseLocator.Kind.POSTGRESQL
        && reader.hashesInDatabase(t, probe);
    HashSpec spec = ranged(probe.inDatabase(inDatabase), reader, t, targetSize);
    Differ.Side from = source.canHash() ? Differ.hashing(source, t) : Differ.reading(source, t);
    TableDiff d;
    try {
      d = Differ.diff(from, Differ.local(reader, t), spec, source.canHash(), orWhole, keep,
          keepChanged, keepOnlyTarget);
    } catch (Differ.NotAlike e) {
      // another version's or byte order's hashes: DB Sync hashes both ends itself
      d = Differ.diff(from, Differ.local(reader, t), spec.inDatabase(false), source.canHash(),
          orWhole, keep, keepChanged, keepOnlyTarget);
    }
    if (d == null) {
      return new TableComparison(t, strategy, null, null, false, null, drift, source.canHash(),
          rowsSource, rowsTarget, null, null);
    }
    // the exact sizes: what the bucket sums counted, in each end's snapshot
    rowsSource = d.sourceRows();
    rowsTarget = d.targetRows();
    TableComparison.Counts counts = new TableComparison.Counts(d.fresh(), d.changed(),
        d.identical(), d.onlyTarget());
    if (d.fresh() + d.changed() + d.identical() != rowsSource
        || d.changed() + d.identical() + d.onlyTarget() != rowsTarget) {
      throw new DbSyncException("The compare of " + t + " does not add up (source "
          + rowsSource + " rows, target " + rowsTarget + "; found " + counts + "). Run it "
          + "again; if it persists, pull with --no-compare and report it.");
    }
    TableComparison.Would would = TableComparison.would(strategy, counts, rowsSource,
        rowsTarget, keyless, source.canHash());
    return new TableComparison(t, strategy, counts, would, false, null, drift, d.fast(),
        rowsSource, rowsTarget, null, d);
  }

  /**
   * A single whole-number key is cut in ranges of the target's keys (lowest to highest over
   * the buckets; at an end whose last 256 keys are spread far thinner than the rest, a few far
   * ones, from the body of the keys; keys beyond either end go to the first or last bucket),
   * so that the rows of the buckets that differ are read through the key's index on both
   * ends. The first range starts on a multiple of the step, one step below the target's
   * lowest key where the keys are not near zero, so that the first bucket holds none of the
   * target's rows: the source's keys below them (a copy holding only the newest rows) are then
   * all new, counted from the bucket sums (see {@link Differ}). Not where a range would span
   * more keys than a group of buckets holds rows ({@link Differ#GROUP_ROWS}: keys that sparse,
   * or a far outlier among them); and a range that turns out far fuller than that (the
   * source's keys beyond the target's) makes {@link Differ} compare again by key value.
   *
   * @param targetRows the target's rows, as the statistics count them
   */
  static HashSpec ranged(HashSpec spec, TableReader reader, String table, long targetRows) {
    if (spec.key().size() != 1 || !spec.kindOf(spec.key().get(0)).equals("integer")) {
      return spec;
    }
    long[] range = reader.keyRange(table);
    if (range == null) {
      return spec;
    }
    if (spec.buckets() >= 16) { // not in a table of a few buckets, whose tails are most of it
      long[] body = reader.keyBody(table, Differ.ROWS_PER_BUCKET);
      if (body != null) {
        range = withoutFarEnds(range, body, targetRows);
      }
    }
    try {
      long width = Math.addExact(Math.subtractExact(range[1], range[0]), 1);
      long step = Math.max(1, Math.addExact(width, spec.buckets() - 1) / spec.buckets());
      if (step > Differ.GROUP_ROWS) {
        // keys this sparse (a far outlier among them) crowd most rows into a few ranges,
        // whose rows a group could not hold: buckets by key value spread them evenly
        return spec;
      }
      // the first range starts on a multiple of the step, so that a database names a key's
      // range by one division (PostgresHashing); the last bucket still takes every higher key
      long from = Math.multiplyExact(Math.floorDiv(range[0], step), step);
      if (from >= step) {
        from -= step; // the first bucket: keys below the target's only
      }
      return new HashSpec(spec.key(), spec.columns(), spec.kinds(), spec.buckets(),
          spec.inDatabase(), from, step);
    } catch (ArithmeticException tooWide) {
      return spec;
    }
  }

  /**
   * The lowest and highest key to cut ranges over: a few far keys (a test row at 10^12, rows a
   * mirror brought above the rest) would widen every range, so at such an end the ranges stop
   * at the body of the keys ({@code body}: the keys 256 rows in from either end), and the rows
   * beyond it (a bucket's worth at most) go to the first or last bucket. An end is cut where
   * its last 256 keys span four times the keys that as many rows of the body do (not a small
   * table's ends, whose keys are as dense as the rest); where the statistics do not know the
   * rows yet (a table written a moment ago), both ends when the whole span is half as wide
   * again as the body's.
   */
  private static long[] withoutFarEnds(long[] range, long[] body, long targetRows) {
    double bodyKeys = (double) body[1] - body[0];
    long bodyRows = targetRows - 2L * Differ.ROWS_PER_BUCKET;
    if (bodyRows < Differ.ROWS_PER_BUCKET) {
      return (double) range[1] - range[0] > 1.5 * bodyKeys ? body : range;
    }
    double far = 4.0 * Differ.ROWS_PER_BUCKET * Math.max(1, bodyKeys / bodyRows);
    return new long[] {(double) body[0] - range[0] > far ? body[0] : range[0],
        (double) range[1] - body[1] > far ? body[1] : range[1]};
  }

  /**
   * Changed rows whose keys a merge's dry run holds to count exactly: merge leaves a changed
   * row as it is when every value that differs is NULL at the source (it keeps the target's),
   * which the row hashes cannot tell, so those rows are read at both ends. Beyond this many
   * the dry run counts every changed row as updated (at most that many).
   */
  static final int MERGE_KEYS = 50_000;

  /**
   * A merge's comparison with what merge would really do to the changed rows: those whose
   * differences are all NULLs at the source counted as skipped, not updated (the pull counts
   * them so: its upsert leaves them alone).
   */
  private static TableComparison merged(TableComparison c, Source source, Database target,
      TableReader reader, TableSchema src) {
    TableDiff d = c.found();
    if (d == null || d.changed() == 0 || !src.hasPrimaryKey()
        || d.changedKeys().size() < d.changed() || c.would() == null) {
      return c;
    }
    LocalSource local = reader == null ? new LocalSource(target)
        : LocalSource.reading(target, reader);
    TableSchema tgt = local.getSchema(src.table());
    long[] unchanged = {0};
    changedPairs(source, local, src, tgt, d.changedKeys(), (now, before) -> {
      if (changedRow(now, before, src, tgt, true).get("columns").isEmpty()) {
        unchanged[0]++;
      }
      return true;
    });
    TableComparison.Would w = c.would();
    return new TableComparison(c.table(), c.strategy(), c.diff(), new TableComparison.Would(
        w.created(), w.updated() - unchanged[0], w.skipped() + unchanged[0], w.deleted()),
        c.createTable(), c.sample(), c.drift(), c.fastCompare(), c.rowsSource(),
        c.rowsTarget(), c.error(), c.found());
  }

  /**
   * Reads the rows of these keys at both ends, 1,000 keys a read, and hands each pair (the
   * source's row, the target's) to {@code each} until it answers false.
   */
  private static void changedPairs(Source source, LocalSource local, TableSchema src,
      TableSchema tgt, List<List<JsonNode>> keys,
      java.util.function.BiPredicate<ObjectNode, ObjectNode> each) {
    List<String> key = src.primaryKey();
    List<String> keyKinds = key.stream().map(k -> kind(src, k)).toList();
    Canonical.Hasher h = new Canonical.Hasher(keyKinds);
    for (int from = 0; from < keys.size(); from += 1000) {
      List<List<JsonNode>> some = keys.subList(from, Math.min(keys.size(), from + 1000));
      Map<List<String>, ObjectNode> old = new HashMap<>();
      for (ObjectNode r : read(local, tgt, some)) {
        old.put(h.texts(values(r, key), keyKinds), r);
      }
      for (ObjectNode r : read(source, src, some)) {
        ObjectNode before = old.get(h.texts(values(r, key), keyKinds));
        if (before != null && !each.test(r, before)) {
          return;
        }
      }
    }
  }

  /**
   * Up to {@code n} rows of each kind, changed rows with the columns that differ; the
   * target's rows read through {@code reader}, the snapshot the counts came from (a new one
   * when it is null).
   */
  static TableComparison withSample(TableComparison c, Source source, Database target,
      TableReader reader, TableSchema src, int n) {
    Map<String, List<ObjectNode>> sample = new LinkedHashMap<>();
    String t = src.table();
    if (c.createTable()) {
      List<ObjectNode> rows = new ArrayList<>();
      source.stream(t, new ExportRequest(null, null, null, 0, 1), n, batch -> {
        batch.stream().limit(n - rows.size()).forEach(r -> rows.add(valued(r, src, r)));
        return rows.size() < n;
      });
      sample.put("new", rows);
    } else if (c.found() != null && src.hasPrimaryKey()) {
      TableDiff d = c.found();
      LocalSource local = reader == null ? new LocalSource(target)
          : LocalSource.reading(target, reader);
      sample.put("new", read(source, src, first(d.newKeys(), n)).stream()
          .map(r -> valued(r, src, r)).toList());
      TableSchema tgt = local.getSchema(t);
      List<ObjectNode> changed = new ArrayList<>();
      // for merge, the first n of the changed rows it would write, with the values it would
      // write (not those whose differences are all NULLs at the source: it keeps the target's)
      boolean merge = c.strategy() == Strategy.MERGE;
      changedPairs(source, local, src, tgt, merge ? d.changedKeys() : first(d.changedKeys(), n),
          (now, before) -> {
            ObjectNode row = changedRow(now, before, src, tgt, merge);
            if (!merge || !row.get("columns").isEmpty()) {
              changed.add(row);
            }
            return changed.size() < n;
          });
      sample.put("changed", changed);
      sample.put("only_target", read(local, tgt, first(d.onlyTargetKeys(), n)).stream()
          .map(r -> valued(r, tgt, r)).toList());
    }
    return sampled(c, sample);
  }

  /**
   * The comparison with its sample: each kind present (an empty list when there is none to
   * show, or none was asked: {@code --sample 0}), so readers of the JSON find the same shape
   * for every compared table. A table left alone has none.
   */
  static TableComparison sampled(TableComparison c, Map<String, List<ObjectNode>> sample) {
    if (c.error() == null) {
      for (String kind : List.of("new", "changed", "only_target")) {
        sample.putIfAbsent(kind, List.of());
      }
    }
    return new TableComparison(c.table(), c.strategy(), c.diff(), c.would(), c.createTable(),
        sample.isEmpty() ? null : sample, c.drift(), c.fastCompare(), c.rowsSource(),
        c.rowsTarget(), c.error(), c.found());
  }

  private static List<List<JsonNode>> first(List<List<JsonNode>> keys, int n) {
    return keys.subList(0, Math.min(n, keys.size()));
  }

  private static List<ObjectNode> read(Source from, TableSchema schema,
      List<List<JsonNode>> keys) {
    List<ObjectNode> rows = new ArrayList<>();
    if (keys.isEmpty()) {
      return rows;
    }
    Subsets.byKeys(from, schema, keys).stream(from, schema.table(), List.of(), 1000,
        batch -> rows.addAll(batch));
    return rows;
  }

  private static ObjectNode valued(ObjectNode row, TableSchema schema, ObjectNode values) {
    ObjectNode out = WireValues.NODES.objectNode();
    ObjectNode k = out.putObject("key");
    schema.primaryKey().forEach(c -> k.set(c, row.get(c)));
    out.set("values", values);
    return out;
  }

  /**
   * A changed row's key and the columns that differ, old and new; for {@code merge}, only
   * those merge would write (it keeps the target's value where the source's is NULL).
   */
  private static ObjectNode changedRow(ObjectNode now, ObjectNode before, TableSchema src,
      TableSchema tgt, boolean merge) {
    ObjectNode out = WireValues.NODES.objectNode();
    ObjectNode k = out.putObject("key");
    src.primaryKey().forEach(c -> k.set(c, now.get(c)));
    ObjectNode cols = out.putObject("columns");
    for (ColumnInfo c : src.columns()) {
      if (tgt.column(c.name()).isEmpty()) {
        continue;
      }
      String kind = kind(src, c.name());
      JsonNode value = now.get(c.name());
      if (merge && (value == null || value.isNull())) {
        continue;
      }
      if (!java.util.Objects.equals(Canonical.text(now.get(c.name()), kind),
          Canonical.text(before.get(c.name()), kind))) {
        ObjectNode v = cols.putObject(c.name());
        v.set("old", before.get(c.name()));
        v.set("new", now.get(c.name()));
      }
    }
    return out;
  }

  private static String kind(TableSchema s, String column) {
    return ValueKind.of(s.column(column).orElseThrow()).name()
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static List<JsonNode> values(ObjectNode row, List<String> columns) {
    List<JsonNode> out = new ArrayList<>();
    columns.forEach(c -> out.add(row.get(c)));
    return out;
  }
}

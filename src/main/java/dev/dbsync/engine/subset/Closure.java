package dev.dbsync.engine.subset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.transfer.Selection;
import dev.dbsync.engine.transfer.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs a {@link SubsetPlan} against a source and finds the rows of every narrowed table: the
 * user's rows (conditions, then children whose parents are in, parents first), then every row
 * they reference, transitively, until no new row appears. Only keys and foreign-key columns
 * are read here, in batches of keys; the rows themselves move later, by key.
 */
final class Closure {
  /** Rows per read while the keys are gathered. */
  static final int READ_BATCH = 5000;

  private final Source source;
  private final SubsetPlan plan;
  private final long seed;
  private final Lookup lookup;
  private final Map<String, Found> found = new LinkedHashMap<>();

  Closure(Source source, SubsetPlan plan, long seed) {
    this.source = source;
    this.plan = plan;
    this.seed = seed;
    this.lookup = new Lookup(source, READ_BATCH);
  }

  /** The rows found in one table, by key. */
  private static final class Found {
    final SubsetPlan.Part part;
    /** What identifies a row: the primary key, a unique key, or else the whole row. */
    final List<String> id;
    final Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
    /** Per column list that other tables reference: the tuples in (or asked for). */
    final Map<List<String>, Map<String, List<JsonNode>>> known = new HashMap<>();
    List<ObjectNode> pending = new ArrayList<>();
    boolean grown;

    Found(SubsetPlan.Part part) {
      this.part = part;
      TableSchema s = part.schema();
      this.id = s.hasPrimaryKey() ? s.primaryKey()
          : s.uniqueConstraints().isEmpty() ? List.of() : s.uniqueConstraints().get(0);
    }

    String idOf(ObjectNode row) {
      return id.isEmpty() ? Keys.wholeRow(row) : Keys.tuple(row, id);
    }
  }

  /** Finds the rows, then says how each narrowed table's rows are read again to move them. */
  Map<String, Selection> run() {
    for (String t : plan.order()) {
      SubsetPlan.Part p = plan.tables().get(t);
      if (!p.whole()) {
        found.put(t, new Found(p));
      }
    }
    for (SubsetPlan.Part p : plan.tables().values()) {
      List<ForeignKey> fks = new ArrayList<>(p.up());
      fks.addAll(p.down());
      for (ForeignKey fk : fks) {
        Found parent = found.get(fk.refTable());
        if (parent != null) {
          parent.known.putIfAbsent(fk.refColumns(), new LinkedHashMap<>());
        }
      }
    }
    for (String t : plan.order()) {
      Found f = found.get(t);
      if (f != null && (f.part.chosen())) {
        seed(t, f, needed(f), row -> {
          add(f, row);
          return true;
        });
      }
    }
    for (String t : plan.order()) {
      SubsetPlan.Part p = plan.tables().get(t);
      if (p.whole() && !p.up().isEmpty()) {
        Set<String> cols = new LinkedHashSet<>(p.schema().primaryKey());
        p.up().forEach(fk -> cols.addAll(fk.columns()));
        // the parents are asked once the stream has ended: one request at a time on the link
        Map<ForeignKey, Map<String, List<JsonNode>>> need = new LinkedHashMap<>();
        source.stream(t, new ExportRequest(List.copyOf(cols), null, null, 0, 1), READ_BATCH,
            batch -> {
              collect(p, batch, need);
              return true;
            });
        fetch(need);
      }
    }
    boolean more = true;
    while (more) {
      more = false;
      for (String t : plan.order()) {
        Found f = found.get(t);
        if (f != null && !f.pending.isEmpty()) {
          List<ObjectNode> rows = f.pending;
          f.pending = new ArrayList<>();
          follow(f.part, rows);
          more = true;
        }
      }
    }
    Map<String, Selection> out = new LinkedHashMap<>();
    found.forEach((t, f) -> out.put(t, selection(t, f)));
    return out;
  }

  private Selection selection(String table, Found f) {
    boolean exact = f.part.down().isEmpty() && f.part.limit() == null
        && f.part.sample() == null && !f.grown && f.part.chosen();
    if (exact && !f.id.isEmpty()) {
      return new FilterSelection(f.part.filters(), f.rows.size());
    }
    if (exact || (f.id.isEmpty() && !f.grown)) {
      // the user's own rows and nothing more (or rows with nothing to find them by): read again
      // the way they were found
      long size = f.rows.size();
      return new Selection() {
        @Override
        public long size() {
          return size;
        }

        @Override
        public long stream(Source src, String t, List<String> columns, int batchSize,
            TableReader.BatchSink sink) {
          return readAgain(t, f, columns, batchSize, sink);
        }
      };
    }
    Map<String, String> masked = source.maskedColumns(table);
    boolean plain = f.id.size() == 1 || f.id.stream().allMatch(c -> f.part.schema().column(c)
        .map(col -> switch (dev.dbsync.engine.db.ValueKind.of(col)) {
          case INTEGER, TEXT, UUID -> true;
          default -> false;
        }).orElse(false));
    return new KeySelection(f.id, f.rows, plain && f.id.stream().noneMatch(masked::containsKey));
  }

  private long readAgain(String table, Found f, List<String> columns, int batchSize,
      TableReader.BatchSink sink) {
    long[] n = {0};
    Set<String> seen = new java.util.HashSet<>();
    Lookup.Batches out = new Lookup.Batches(sink, batchSize);
    TableReader.BatchSink into = out.filtered(r -> true);
    seed(table, f, columns, row -> {
      // a table without a key may hold the same row twice: both move, as at the source
      if (f.id.isEmpty() || seen.add(f.idOf(row))) {
        n[0]++;
        try {
          into.accept(List.of(row));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new dev.dbsync.engine.DbSyncException("Reading was interrupted.", e);
        }
      }
      return !out.stopped();
    });
    out.finish();
    return n[0];
  }

  /** Columns read while finding rows: the key, keys to parents, columns children reference. */
  private List<String> needed(Found f) {
    TableSchema s = f.part.schema();
    if (f.id.isEmpty()) {
      return List.of(); // the whole row is what identifies it
    }
    Set<String> cols = new LinkedHashSet<>(f.id);
    f.part.up().forEach(fk -> cols.addAll(fk.columns()));
    f.part.down().forEach(fk -> cols.addAll(fk.columns()));
    f.known.keySet().forEach(cols::addAll);
    cols.retainAll(s.columnNames());
    return List.copyOf(cols);
  }

  /** A row consumer that may stop the reading. */
  private interface RowSink {
    boolean accept(ObjectNode row);
  }

  /**
   * The user's rows of one chosen table: its conditions, children only of parents that are in
   * (looked up by the parents' keys), then the sample and the first N by key.
   */
  private void seed(String table, Found f, List<String> columns, RowSink sink) {
    SubsetPlan.Part p = f.part;
    if (p.limit() != null && p.limit() == 0) {
      return;
    }
    Predicate<ObjectNode> sampled = p.sample() == null ? r -> true
        : r -> Keys.sampled(seed, f.idOf(r), p.sample());
    long[] n = {0};
    if (p.down().isEmpty()) {
      source.stream(table, new ExportRequest(columns, p.filters(), null, 0, 1), READ_BATCH,
          batch -> {
            for (ObjectNode r : batch) {
              if (sampled.test(r)) {
                if (!sink.accept(r) || (p.limit() != null && ++n[0] >= p.limit())) {
                  return false;
                }
              }
            }
            return true;
          });
      return;
    }
    // the most selective parent is asked by key; the others are checked here
    ForeignKey by = p.down().stream().min(java.util.Comparator.comparingInt(
        fk -> found.get(fk.refTable()).known.get(fk.refColumns()).size())).orElseThrow();
    Predicate<ObjectNode> parentsIn = r -> {
      for (ForeignKey fk : p.down()) {
        String t = Keys.tuple(r, fk.columns());
        if (fk != by && t != null
            && !found.get(fk.refTable()).known.get(fk.refColumns()).containsKey(t)) {
          return false;
        }
      }
      return true;
    };
    List<ObjectNode> rows = new ArrayList<>();
    List<String> read = columns.isEmpty() ? columns : withAll(columns, f.id);
    lookup.rows(table, by.columns(), found.get(by.refTable()).known.get(by.refColumns()),
        p.filters(), read, parentsIn.and(sampled), batch -> {
          rows.addAll(batch);
          return true;
        });
    if (p.limit() != null && !f.id.isEmpty()) {
      rows.sort((a, b) -> Keys.ORDER.compare(Keys.values(a, f.id), Keys.values(b, f.id)));
    }
    for (ObjectNode r : rows) {
      if (!sink.accept(r) || (p.limit() != null && ++n[0] >= p.limit())) {
        return;
      }
    }
  }

  private static List<String> withAll(List<String> columns, List<String> more) {
    Set<String> s = new LinkedHashSet<>(columns);
    s.addAll(more);
    return List.copyOf(s);
  }

  /** Takes a row found in {@code f}'s table; false when it was there already. */
  private boolean add(Found f, ObjectNode row) {
    String id = f.idOf(row);
    if (id == null || f.rows.containsKey(id)) {
      return false;
    }
    f.rows.put(id, f.id.isEmpty() ? List.of() : Keys.values(row, f.id));
    f.known.forEach((cols, tuples) -> {
      String t = Keys.tuple(row, cols);
      if (t != null) {
        tuples.putIfAbsent(t, Keys.values(row, cols));
      }
    });
    if (!f.part.up().isEmpty()) {
      f.pending.add(row);
    }
    return true;
  }

  /** Brings in the parents of {@code rows} that are not in yet. */
  private void follow(SubsetPlan.Part part, List<ObjectNode> rows) {
    Map<ForeignKey, Map<String, List<JsonNode>>> need = new LinkedHashMap<>();
    collect(part, rows, need);
    fetch(need);
  }

  /** Adds to {@code need} the parent keys of {@code rows} not asked for yet. */
  private void collect(SubsetPlan.Part part, List<ObjectNode> rows,
      Map<ForeignKey, Map<String, List<JsonNode>>> need) {
    for (ForeignKey fk : part.up()) {
      Map<String, List<JsonNode>> known = found.get(fk.refTable()).known.get(fk.refColumns());
      Map<String, List<JsonNode>> n = need.computeIfAbsent(fk, k -> new LinkedHashMap<>());
      for (ObjectNode r : rows) {
        String t = Keys.tuple(r, fk.columns());
        if (t != null && !known.containsKey(t)) {
          n.putIfAbsent(t, Keys.values(r, fk.columns()));
        }
      }
    }
  }

  private void fetch(Map<ForeignKey, Map<String, List<JsonNode>>> need) {
    need.forEach((fk, tuples) -> {
      Found parent = found.get(fk.refTable());
      Map<String, List<JsonNode>> known = parent.known.get(fk.refColumns());
      tuples.keySet().removeAll(known.keySet());
      if (tuples.isEmpty()) {
        return;
      }
      known.putAll(tuples); // asked once, even if the source has no such parent
      if (parent.part.up().isEmpty() && fk.refColumns().equals(parent.id)
          && parent.known.keySet().stream().allMatch(parent.id::equals)) {
        // a parent that references nothing, asked for by its key: the keys are all there is
        // to know; its rows are read once, when they move
        tuples.forEach(parent.rows::putIfAbsent);
        parent.grown = true;
        return;
      }
      lookup.rows(fk.refTable(), fk.refColumns(), tuples, List.of(),
          needed(parent), r -> true, batch -> {
            for (ObjectNode r : batch) {
              parent.grown |= add(parent, r);
            }
            return true;
          });
    });
  }
}

package dev.dbsync.engine.subset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.transfer.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the rows of a table whose columns hold one of a set of values, in batches of keys
 * (never a request per row): {@code column in (v1, ..., v1000)} on the column with the most
 * distinct values, the rest of a composite tuple checked here. A column the sender masks
 * cannot be filtered on: then the table is read and the masked values matched here.
 */
final class Lookup {
  /**
   * Values per {@code in} list, and their text in all: well within a request's size (1 MiB)
   * and a statement's parameters.
   */
  static final int IN_BATCH = 4000;
  static final int IN_BYTES = 256 * 1024;

  private final Source source;
  private final int batchSize;

  Lookup(Source source, int batchSize) {
    this.source = source;
    this.batchSize = batchSize;
  }

  /**
   * Hands over, in batches, the rows of {@code table} whose {@code match} columns hold one of
   * {@code tuples} (normalised text to the values as they arrived), for which every filter
   * holds and {@code keep} says yes.
   *
   * @param columns the columns to read (empty: all); the match columns are added
   */
  void rows(String table, List<String> match, Map<String, List<JsonNode>> tuples,
      List<RowFilter> filters, List<String> columns, Predicate<ObjectNode> keep,
      TableReader.BatchSink sink) {
    if (tuples.isEmpty()) {
      return;
    }
    List<String> read = columns;
    if (!columns.isEmpty() && !columns.containsAll(match)) {
      read = new ArrayList<>(columns);
      for (String m : match) {
        if (!read.contains(m)) {
          read.add(m);
        }
      }
    }
    Set<String> wanted = tuples.keySet();
    int lead = lead(source.maskedColumns(table), match, tuples);
    // one column asked with "in" needs no second look; a tuple or a masked column does
    Predicate<ObjectNode> inSet = match.size() == 1 && lead >= 0
        ? keep : r -> wanted.contains(Keys.tuple(r, match)) && keep.test(r);
    Batches out = new Batches(sink, batchSize);
    if (lead < 0) {
      // every match column is masked: read the table and match the masked values here
      source.stream(table, new ExportRequest(read, filters, null, 0, 1), batchSize,
          out.filtered(inSet));
      out.finish();
      return;
    }
    List<String> columnsRead = read;
    inLists(match.get(lead), leadValues(tuples, lead), () -> !out.stopped(), in -> {
      List<RowFilter> fs = new ArrayList<>(filters);
      fs.add(in);
      source.stream(table, new ExportRequest(columnsRead, fs, null, 0, 1), batchSize,
          out.filtered(inSet));
    });
    out.finish();
  }

  /**
   * Cuts the tuples into {@code in} filters on the column with the most distinct values that
   * the sender does not mask: what {@link #rows} asks, for a reader of COPY text.
   */
  static void inLists(Map<String, String> masked, List<String> match,
      Map<String, List<JsonNode>> tuples, java.util.function.Consumer<RowFilter> each) {
    int lead = lead(masked, match, tuples);
    if (lead < 0) {
      throw new IllegalStateException("every column of the key is masked");
    }
    inLists(match.get(lead), leadValues(tuples, lead), () -> true, each);
  }

  private static List<JsonNode> leadValues(Map<String, List<JsonNode>> tuples, int lead) {
    Map<String, JsonNode> leadValues = new LinkedHashMap<>();
    for (List<JsonNode> t : tuples.values()) {
      JsonNode v = t.get(lead);
      leadValues.putIfAbsent(Keys.text(v), v);
    }
    return new ArrayList<>(leadValues.values());
  }

  private static void inLists(String column, List<JsonNode> all,
      java.util.function.BooleanSupplier go, java.util.function.Consumer<RowFilter> each) {
    int from = 0;
    while (from < all.size() && go.getAsBoolean()) {
      ArrayNode in = WireValues.NODES.arrayNode();
      int bytes = 0;
      while (from < all.size() && in.size() < IN_BATCH && bytes < IN_BYTES) {
        JsonNode v = all.get(from++);
        in.add(v);
        String t = Keys.text(v);
        bytes += 8 + (t == null ? 0 : t.length());
      }
      each.accept(new RowFilter(column, RowFilter.Op.IN, in));
    }
  }

  /** The match column with the most distinct values that the sender does not mask, or -1. */
  private static int lead(Map<String, String> masked, List<String> match,
      Map<String, List<JsonNode>> tuples) {
    int best = -1;
    int bestCount = -1;
    for (int i = 0; i < match.size(); i++) {
      if (masked.containsKey(match.get(i))) {
        continue;
      }
      Set<String> distinct = new HashSet<>();
      for (List<JsonNode> t : tuples.values()) {
        distinct.add(Keys.text(t.get(i)));
      }
      if (distinct.size() > bestCount) {
        best = i;
        bestCount = distinct.size();
      }
    }
    return best;
  }

  /** Gathers kept rows into full batches, whatever size the reads come in. */
  static final class Batches {
    private final TableReader.BatchSink sink;
    private final int size;
    private List<ObjectNode> batch = new ArrayList<>();
    private boolean stopped;

    Batches(TableReader.BatchSink sink, int size) {
      this.sink = sink;
      this.size = size;
    }

    TableReader.BatchSink filtered(Predicate<ObjectNode> keep) {
      return rows -> {
        for (ObjectNode r : rows) {
          if (keep.test(r)) {
            batch.add(r);
            if (batch.size() >= size && !flush()) {
              return false;
            }
          }
        }
        return !stopped;
      };
    }

    boolean stopped() {
      return stopped;
    }

    private boolean flush() throws InterruptedException {
      List<ObjectNode> full = batch;
      batch = new ArrayList<>();
      stopped = !sink.accept(full);
      return !stopped;
    }

    /** Hands over the last rows; false when the sink stopped the reading. */
    boolean finish() {
      if (!stopped && !batch.isEmpty()) {
        try {
          flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new dev.dbsync.engine.DbSyncException("Reading was interrupted.", e);
        }
      }
      return !stopped;
    }
  }
}

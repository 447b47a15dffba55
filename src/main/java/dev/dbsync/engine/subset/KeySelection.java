package dev.dbsync.engine.subset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.transfer.Selection;
import dev.dbsync.engine.transfer.Source;
import java.util.List;
import java.util.Map;

/** The rows of a table with these keys, read by batches of keys. */
final class KeySelection implements Selection {
  private final List<String> key;
  private final Map<String, List<JsonNode>> keys;
  private final boolean copyable;

  /**
   * @param copyable the rows may be read as COPY text: the key is not masked (it is asked for
   *     by value) and, when composite, its columns read the same as COPY text and as row
   *     values (whole numbers, text, uuids), so the rest of the key is checked in the text
   */
  KeySelection(List<String> key, Map<String, List<JsonNode>> keys, boolean copyable) {
    this.key = List.copyOf(key);
    this.keys = keys;
    this.copyable = copyable;
  }

  @Override
  public long size() {
    return keys.size();
  }

  /** The selected keys, as values. */
  java.util.Collection<List<JsonNode>> keys() {
    return java.util.Collections.unmodifiableCollection(keys.values());
  }

  @Override
  public long stream(Source source, String table, List<String> columns, int batchSize,
      TableReader.BatchSink sink) {
    if (!source.canFilter()) {
      return picked(source, table, columns, batchSize, sink);
    }
    long[] n = {0};
    new Lookup(source, batchSize).rows(table, key, keys, List.of(), columns, r -> true,
        batch -> {
          n[0] += batch.size();
          return sink.accept(batch);
        });
    return n[0];
  }

  /**
   * From a sender that cannot filter (a base-layer one): every row read, those with a selected
   * key kept (with the columns asked for), until each key was found.
   */
  private long picked(Source source, String table, List<String> columns, int batchSize,
      TableReader.BatchSink sink) {
    java.util.Set<String> left = new java.util.HashSet<>(keys.keySet());
    long[] n = {0};
    boolean[] more = {true};
    source.stream(table, new dev.dbsync.engine.model.ExportRequest(null, null, null, 0, 1),
        batchSize, batch -> {
          List<com.fasterxml.jackson.databind.node.ObjectNode> out = new java.util.ArrayList<>();
          for (com.fasterxml.jackson.databind.node.ObjectNode r : batch) {
            if (left.remove(Keys.tuple(r, key))) {
              out.add(columns.isEmpty() ? r : r.retain(columns));
            }
          }
          if (!out.isEmpty()) {
            n[0] += out.size();
            more[0] = sink.accept(out);
          }
          return more[0] && !left.isEmpty();
        });
    return n[0];
  }

  @Override
  public boolean canCopy(Source source) {
    return copyable && source.canCopyWhere();
  }

  @Override
  public long copy(Source source, String table, List<String> columns, Source.ChunkSink sink) {
    long[] n = {0};
    if (key.size() == 1) {
      Lookup.inLists(source.maskedColumns(table), key, keys, in ->
          n[0] += source.copyWhere(table, columns, List.of(in), sink));
      return n[0];
    }
    // asked by one column of the key, the rest of it checked in the text
    KeyLines into = new KeyLines(key.stream().mapToInt(columns::indexOf).toArray(),
        keys.keySet(), sink);
    Lookup.inLists(source.maskedColumns(table), key, keys, in ->
        source.copyWhere(table, columns, List.of(in), into));
    return into.lines();
  }
}

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

  KeySelection(List<String> key, Map<String, List<JsonNode>> keys) {
    this.key = List.copyOf(key);
    this.keys = keys;
  }

  @Override
  public long size() {
    return keys.size();
  }

  @Override
  public long stream(Source source, String table, List<String> columns, int batchSize,
      TableReader.BatchSink sink) {
    long[] n = {0};
    new Lookup(source, batchSize).rows(table, key, keys, List.of(), columns, r -> true,
        batch -> {
          n[0] += batch.size();
          return sink.accept(batch);
        });
    return n[0];
  }
}

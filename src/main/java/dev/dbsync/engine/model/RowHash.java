package dev.dbsync.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One row of a checksum's bucket: its key as wire values (empty for a table without a key) and
 * the 64-bit hash of its compared columns.
 */
public record RowHash(List<JsonNode> key, long hash) {
  public RowHash {
    key = List.copyOf(key);
  }
}

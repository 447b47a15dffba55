package dev.dbsync.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What to read from a table: a column subset (empty: all), row filters (all must hold), and
 * where to start: after a primary key ({@code after}, key-based paging) or at an offset.
 *
 * @param after the primary key values of the last row already seen, in key order, or null
 */
public record ExportRequest(
    List<String> columns, List<RowFilter> filters, List<JsonNode> after, long offset, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_PAGE = 1000;

  public ExportRequest {
    columns = columns == null ? List.of() : List.copyOf(columns);
    filters = filters == null ? List.of() : List.copyOf(filters);
    after = after == null ? null : List.copyOf(after);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }

  public static ExportRequest page(long offset, int limit) {
    return new ExportRequest(null, null, null, offset, limit);
  }

  public static ExportRequest after(List<JsonNode> key, int limit) {
    return new ExportRequest(null, null, key, 0, limit);
  }

  public ExportRequest withAfter(List<JsonNode> key) {
    return new ExportRequest(columns, filters, key, 0, limit);
  }

  public ExportRequest withLimit(int newLimit) {
    return new ExportRequest(columns, filters, after, offset, newLimit);
  }
}

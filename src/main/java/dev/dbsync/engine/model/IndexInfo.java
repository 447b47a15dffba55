package dev.dbsync.engine.model;

import java.util.List;

/**
 * A plain index on columns of a table (not a key or a unique constraint, which the schema
 * lists on their own): what a created table needs to be as fast to query as the source's.
 */
public record IndexInfo(String name, List<String> columns) {
  public IndexInfo {
    columns = List.copyOf(columns);
  }
}

package dev.dbsync.engine.db;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;

/**
 * A table of this database as the adapters use it: its schema plus, per column, the type
 * written in this database's own SQL (PostgreSQL's {@code format_type}, SQLite's declared
 * type). Those types come from the local catalog, never from the other side.
 */
public record LocalTable(TableSchema schema, List<String> sqlTypes, List<String> sequences,
    java.util.Map<String, Integer> index) {

  public LocalTable(TableSchema schema, List<String> sqlTypes, List<String> sequences) {
    this(schema, sqlTypes, sequences, indexOf(schema));
  }

  private static java.util.Map<String, Integer> indexOf(TableSchema schema) {
    java.util.Map<String, Integer> m = new java.util.HashMap<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      m.put(schema.columns().get(i).name(), i);
    }
    return java.util.Map.copyOf(m);
  }

  public int indexOf(String column) {
    return index.getOrDefault(column, -1);
  }

  public String sqlType(String column) {
    return sqlTypes.get(indexOf(column));
  }

  public ColumnInfo column(String name) {
    return schema.columns().get(indexOf(name));
  }

  public boolean hasColumn(String name) {
    return indexOf(name) >= 0;
  }
}

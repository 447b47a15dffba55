package dev.dbsync.engine.db;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;

/**
 * A table of this database as the adapters use it: its schema plus, per column, the type
 * written in this database's own SQL (PostgreSQL's {@code format_type}, SQLite's declared
 * type). Those types come from the local catalog, never from the other side.
 */
public record LocalTable(TableSchema schema, List<String> sqlTypes, List<String> sequences) {

  public int indexOf(String column) {
    return schema.columnNames().indexOf(column);
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

package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** The shape of a table as both sides of the link describe it. */
public record TableSchema(
    String table,
    String schema,
    List<ColumnInfo> columns,
    @JsonProperty("primary_key") List<String> primaryKey,
    @JsonProperty("unique_constraints") List<List<String>> uniqueConstraints,
    @JsonProperty("foreign_keys") List<ForeignKey> foreignKeys,
    List<IndexInfo> indexes) {

  public TableSchema(String table, String schema, List<ColumnInfo> columns,
      List<String> primaryKey, List<List<String>> uniqueConstraints,
      List<ForeignKey> foreignKeys) {
    this(table, schema, columns, primaryKey, uniqueConstraints, foreignKeys, List.of());
  }

  public TableSchema {
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    columns = List.copyOf(columns);
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    uniqueConstraints = uniqueConstraints == null ? List.of() : List.copyOf(uniqueConstraints);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
  }

  public Optional<ColumnInfo> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  @JsonIgnore
  public boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  @JsonIgnore
  public List<String> columnNames() {
    return columns.stream().map(ColumnInfo::name).toList();
  }
}

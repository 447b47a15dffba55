package dev.dbsync.engine.db;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.IndexInfo;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a SQLite table's description with the pragma table functions. */
final class SqliteCatalog {
  private SqliteCatalog() {}

  static LocalTable load(Connection c, String table) throws SQLException {
    record Col(String name, String type, boolean notNull, String def, int pk) {}
    List<Col> raw = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          raw.add(new Col(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4),
              rs.getInt(5)));
        }
      }
    }
    if (raw.isEmpty()) {
      return null;
    }
    TreeMap<Integer, String> pkOrder = new TreeMap<>();
    raw.stream().filter(r -> r.pk() > 0).forEach(r -> pkOrder.put(r.pk(), r.name()));
    List<String> pk = new ArrayList<>(pkOrder.values());
    List<ColumnInfo> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (Col r : raw) {
      boolean rowidAlias = pk.size() == 1 && r.pk() > 0 && "INTEGER".equalsIgnoreCase(r.type());
      columns.add(TypeMapper.fromSqlite(r.name(), r.type(), r.notNull(), r.def(), r.pk() > 0,
          rowidAlias));
      types.add(r.type());
    }
    return new LocalTable(new TableSchema(table, "main", columns, pk, uniques(c, table),
        foreignKeys(c, table), indexes(c, table)), types, List.of());
  }

  private static List<List<String>> uniques(Connection c, String table) throws SQLException {
    return indexColumns(c, table, "\"unique\" = 1 AND origin <> 'pk'");
  }

  /** Plain indexes made with CREATE INDEX on columns (no expression, no WHERE). */
  static List<IndexInfo> indexes(Connection c, String table) throws SQLException {
    List<IndexInfo> out = new ArrayList<>();
    List<String> names = indexNames(c, table, "\"unique\" = 0 AND origin = 'c' AND partial = 0");
    List<List<String>> cols = indexColumns(c, table, names);
    for (int i = 0; i < names.size(); i++) {
      if (!cols.get(i).contains(null)) {
        out.add(new IndexInfo(names.get(i), cols.get(i)));
      }
    }
    return out;
  }

  private static List<List<String>> indexColumns(Connection c, String table, String where)
      throws SQLException {
    return indexColumns(c, table, indexNames(c, table, where));
  }

  private static List<String> indexNames(Connection c, String table, String where)
      throws SQLException {
    List<String> indexes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name FROM pragma_index_list(?) WHERE " + where + " ORDER BY name")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
      }
    }
    return indexes;
  }

  private static List<List<String>> indexColumns(Connection c, String table, List<String> names)
      throws SQLException {
    List<List<String>> out = new ArrayList<>();
    for (String index : names) {
      List<String> cols = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
        ps.setString(1, index);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            cols.add(rs.getString(1));
          }
        }
      }
      out.add(cols);
    }
    return out;
  }

  private static List<ForeignKey> foreignKeys(Connection c, String table) throws SQLException {
    Map<Integer, ForeignKey> fks = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, \"table\", \"from\", \"to\" "
        + "FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int id = rs.getInt(1);
          ForeignKey fk = fks.computeIfAbsent(id, k -> new ForeignKey(
              table + "_fk" + k, new ArrayList<>(), rsString(rs, 2), new ArrayList<>()));
          fk.columns().add(rs.getString(3));
          fk.refColumns().add(rs.getString(4));
        }
      }
    }
    return new ArrayList<>(fks.values());
  }

  private static String rsString(ResultSet rs, int i) {
    try {
      return rs.getString(i);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

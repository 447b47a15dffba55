package dev.dbsync.ui.receive.preview;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of the remote table beside the local one.
 *
 * @param localType the local column's type, or null when the local table lacks it
 * @param note what differs, in a word or two, or empty
 */
public record SchemaRow(String column, String remoteType, boolean key, boolean nullable,
    String localType, String note) {

  /** The remote columns in order, then any local column the remote table lacks. */
  public static List<SchemaRow> compare(TableSchema remote, TableSchema local) {
    List<SchemaRow> rows = new ArrayList<>();
    for (ColumnInfo c : remote.columns()) {
      ColumnInfo l = local == null ? null : local.column(c.name()).orElse(null);
      String note = local == null ? ""
          : l == null ? "missing here"
          : !typeName(c).equalsIgnoreCase(typeName(l)) ? "type differs" : "";
      rows.add(new SchemaRow(c.name(), typeName(c), c.primaryKey(), c.nullable(),
          l == null ? null : typeName(l), note));
    }
    if (local != null) {
      for (ColumnInfo l : local.columns()) {
        if (remote.column(l.name()).isEmpty()) {
          rows.add(new SchemaRow(l.name(), null, l.primaryKey(), l.nullable(), typeName(l),
              l.nullable() || l.defaultValue() != null ? "only here" : "only here, needs a value"));
        }
      }
    }
    return rows;
  }

  static String typeName(ColumnInfo c) {
    String t = c.isArray() ? c.elementType() + "[]" : c.isEnum() ? c.udt() : c.type();
    if (c.maxLength() != null && t.startsWith("character")) {
      t += "(" + c.maxLength() + ")";
    } else if (c.precision() != null && "numeric".equals(t)) {
      t += "(" + c.precision() + (c.scale() == null ? "" : "," + c.scale()) + ")";
    }
    return t;
  }
}

package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.model.ColumnInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds wire values into SQLite statements, storing each as docs/types.md describes. */
final class SqliteValues {
  private SqliteValues() {}

  static void bind(PreparedStatement ps, int i, JsonNode v, ColumnInfo column)
      throws SQLException {
    if (v == null || v.isNull()) {
      ps.setNull(i, Types.NULL);
      return;
    }
    switch (ValueKind.of(column)) {
      case INTEGER -> {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
          ps.setLong(i, v.longValue());
        } else if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
          ps.setLong(i, Long.parseLong(v.asText())); // a key from COPY text
        } else if (v.isBoolean()) {
          ps.setLong(i, v.booleanValue() ? 1 : 0);
        } else {
          ps.setString(i, WireValues.textOf(v));
        }
      }
      case BOOLEAN -> {
        if (v.isBoolean()) {
          ps.setInt(i, v.booleanValue() ? 1 : 0);
        } else if (v.isNumber()) {
          ps.setInt(i, v.doubleValue() != 0 ? 1 : 0);
        } else {
          String t = v.asText().trim().toLowerCase(java.util.Locale.ROOT);
          ps.setInt(i, t.equals("true") || t.equals("t") || t.equals("1") ? 1 : 0);
        }
      }
      case FLOAT -> {
        setFloat(ps, i, v.isNumber() ? v.doubleValue() : parse(v.asText()));
      }
      case BINARY -> ps.setBytes(i, WireValues.bytesOf(v));
      case JSON, ARRAY -> ps.setString(i, WireValues.jsonText(v));
      default -> ps.setString(i, WireValues.textOf(v));
    }
  }

  /**
   * A float into SQLite: NaN (which SQLite stores as NULL) is kept as text, read back as NaN.
   * -0.0 is bound as text too, but a column of REAL affinity turns it back into the number
   * 0 (SQLite keeps no sign of zero there; -0 equals 0, as in PostgreSQL); a column without
   * that affinity keeps "-0.0".
   */
  static void setFloat(PreparedStatement ps, int i, double d) throws SQLException {
    if (Double.isNaN(d)) {
      ps.setString(i, "NaN");
    } else if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      ps.setString(i, "-0.0");
    } else {
      ps.setDouble(i, d);
    }
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }
}

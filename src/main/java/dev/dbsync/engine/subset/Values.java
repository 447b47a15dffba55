package dev.dbsync.engine.subset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a clause into a filter the link carries: the column checked against the table, the
 * operator against the column's type, each value parsed as that type. Every refusal names the
 * table, the column and the value, before anything is read or written.
 */
public final class Values {
  private Values() {}

  public static List<RowFilter> filters(TableSchema schema, List<Clause> clauses,
      Map<String, String> masked) {
    List<RowFilter> out = new ArrayList<>();
    for (Clause c : clauses) {
      out.add(filter(schema, c, masked));
    }
    return out;
  }

  public static RowFilter filter(TableSchema schema, Clause clause, Map<String, String> masked) {
    String where = schema.table() + "." + clause.column();
    ColumnInfo col = schema.column(clause.column()).orElseThrow(() -> new SubsetException(
        "Table " + schema.table() + " has no column '" + clause.column() + "' (it has "
            + String.join(", ", schema.columnNames()) + ")."));
    if (masked.containsKey(col.name())) {
      throw new SubsetException(where + " is masked by the sender (" + masked.get(col.name())
          + ") and cannot be filtered on.");
    }
    ValueKind kind = ValueKind.of(col);
    RowFilter.Op op = clause.op();
    if (!op.takesValue()) {
      return new RowFilter(col.name(), op, null);
    }
    boolean textual = kind == ValueKind.TEXT || kind == ValueKind.OTHER;
    if (op == RowFilter.Op.LIKE && !textual) {
      throw new SubsetException(where + ": 'like' compares text; " + where + " is "
          + col.type() + ".");
    }
    boolean ordered = op != RowFilter.Op.EQ && op != RowFilter.Op.NE && op != RowFilter.Op.IN
        && op != RowFilter.Op.LIKE;
    if (kind == ValueKind.JSON || kind == ValueKind.ARRAY || kind == ValueKind.BINARY
        || (ordered && kind == ValueKind.BOOLEAN)) {
      throw new SubsetException(where + ": '" + opWord(op) + "' does not apply to a "
          + col.type() + " column (use is null / is not null).");
    }
    if (op == RowFilter.Op.IN) {
      ArrayNode list = WireValues.NODES.arrayNode();
      for (String v : clause.values()) {
        list.add(value(where, col, kind, v));
      }
      return new RowFilter(col.name(), op, list);
    }
    String v = clause.values().get(0);
    return new RowFilter(col.name(), op, op == RowFilter.Op.LIKE
        ? WireValues.NODES.textNode(v) : value(where, col, kind, v));
  }

  private static String opWord(RowFilter.Op op) {
    return op == RowFilter.Op.NE ? "!=" : op.sql().toLowerCase(Locale.ROOT);
  }

  /** One value as the column's type, in the form the link carries that type. */
  static JsonNode value(String where, ColumnInfo col, ValueKind kind, String text) {
    String v = text.trim();
    try {
      return switch (kind) {
        case INTEGER -> WireValues.NODES.numberNode(new java.math.BigInteger(v).longValueExact());
        case NUMERIC -> WireValues.NODES.numberNode(new BigDecimal(v));
        case FLOAT -> WireValues.NODES.numberNode(Double.parseDouble(v));
        case BOOLEAN -> WireValues.NODES.booleanNode(bool(v));
        case DATE -> WireValues.NODES.textNode(LocalDate.parse(v).toString());
        case TIME -> WireValues.NODES.textNode(LocalTime.parse(v).toString());
        case TIMESTAMP -> WireValues.NODES.textNode(timestamp(v).format(ISO));
        case TIMESTAMPTZ -> WireValues.NODES.textNode(timestamptz(v));
        case UUID -> WireValues.NODES.textNode(uuid(v));
        default -> {
          if (col.isEnum() && !col.enumValues().contains(v)) {
            throw new SubsetException(where + ": '" + v + "' is not one of "
                + String.join(", ", col.enumValues()) + ".");
          }
          yield WireValues.NODES.textNode(text);
        }
      };
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new SubsetException(where + ": '" + text + "' is not " + example(kind) + ".");
    }
  }

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

  private static String example(ValueKind kind) {
    return switch (kind) {
      case INTEGER -> "a whole number (as in 42)";
      case NUMERIC, FLOAT -> "a number (as in 12.50)";
      case BOOLEAN -> "true or false";
      case DATE -> "a date (as in 2026-11-01)";
      case TIME -> "a time (as in 14:30:00)";
      case TIMESTAMP -> "a timestamp (as in 2026-11-01 or 2026-11-01 14:30:00)";
      case TIMESTAMPTZ -> "a timestamp (as in 2026-11-01 14:30:00+01:00; no offset means UTC)";
      case UUID -> "a uuid (as in 3f2504e0-4f89-11d3-9a0c-0305e82c3301)";
      default -> "a value of this column";
    };
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "t", "yes", "1" -> true;
      case "false", "f", "no", "0" -> false;
      default -> throw new NumberFormatException(v);
    };
  }

  private static LocalDateTime timestamp(String v) {
    if (v.length() == 10) {
      return LocalDate.parse(v).atStartOfDay();
    }
    return LocalDateTime.parse(v.replace(' ', 'T'));
  }

  private static String timestamptz(String v) {
    String t = v.replace(' ', 'T');
    if (t.length() == 10) {
      return LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
    }
    try {
      return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("Z", "+00:00");
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(t).atOffset(ZoneOffset.UTC)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("Z", "+00:00");
    }
  }

  private static String uuid(String v) {
    if (v.length() != 36) {
      throw new NumberFormatException(v);
    }
    try {
      return UUID.fromString(v).toString();
    } catch (IllegalArgumentException e) {
      throw new NumberFormatException(v);
    }
  }
}

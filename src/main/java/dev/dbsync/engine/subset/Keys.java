package dev.dbsync.engine.subset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.WireValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Values of key and foreign-key columns as comparable text: 5 read from an int4 column and 5
 * read from an int8 column are the same key, as are 1.50 and 1.5.
 */
final class Keys {
  private Keys() {}

  /** A separator no value holds in practice; tuples are compared as whole strings. */
  private static final char SEP = '\u0001';

  static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      return v.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    return WireValues.textOf(v);
  }

  /** The tuple of {@code columns} in {@code row}, or null when any of them is NULL. */
  static String tuple(ObjectNode row, List<String> columns) {
    if (columns.size() == 1) {
      return text(row.get(columns.get(0)));
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      String t = text(row.get(columns.get(i)));
      if (t == null) {
        return null;
      }
      if (i > 0) {
        b.append(SEP);
      }
      b.append(t);
    }
    return b.toString();
  }

  /** The tuple of these values, as {@link #tuple(ObjectNode, List)} writes a row's. */
  static String tuple(List<JsonNode> values) {
    if (values.size() == 1) {
      return text(values.get(0));
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(SEP);
      }
      b.append(text(values.get(i)));
    }
    return b.toString();
  }

  /** The values of {@code columns} in {@code row}, as they arrived. */
  static List<JsonNode> values(ObjectNode row, List<String> columns) {
    List<JsonNode> out = new ArrayList<>(columns.size());
    for (String c : columns) {
      out.add(row.get(c));
    }
    return out;
  }

  /** The whole row as text: what identifies a row of a table without a key. */
  static String wholeRow(ObjectNode row) {
    return row.toString();
  }

  /** Orders tuples value by value: whole numbers as numbers, the rest as text. */
  static final Comparator<List<JsonNode>> ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      JsonNode x = a.get(i);
      JsonNode y = b.get(i);
      int c;
      if (x != null && y != null && x.isIntegralNumber() && y.isIntegralNumber()) {
        c = x.bigIntegerValue().compareTo(y.bigIntegerValue());
      } else if (x != null && y != null && x.isNumber() && y.isNumber()) {
        c = x.decimalValue().compareTo(y.decimalValue());
      } else {
        c = String.valueOf(text(x)).compareTo(String.valueOf(text(y)));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  /**
   * True when a row with this key falls in a sample of {@code percent}: a 64-bit hash of the
   * seed and the key, the same on every run and every machine.
   */
  static boolean sampled(long seed, String key, double percent) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    double u = (h >>> 11) * 0x1.0p-53;
    return u * 100 < percent;
  }
}

package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dbsync.engine.model.ColumnInfo;
import java.math.BigDecimal;

/**
 * Turns PostgreSQL COPY text (as a PostgreSQL sender writes it, session time zone UTC,
 * interval style ISO 8601) into rows of wire values, the same values the row path would have
 * carried: ISO timestamps, typed numbers and booleans, parsed json, arrays as JSON arrays.
 */
final class CopyValues {
  private CopyValues() {}

  static JsonNode value(String text, ColumnInfo column) {
    if (text == null) {
      return NullNode.instance;
    }
    ValueKind kind = ValueKind.of(column);
    if (kind == ValueKind.ARRAY) {
      ValueKind element = column.elementType() == null ? ValueKind.TEXT
          : ValueKind.ofDataType(column.elementType());
      int[] pos = {0};
      return array(text, pos, element);
    }
    if (kind == ValueKind.JSON) {
      return WireValues.rawJson(text); // stored as it came; no parse and re-serialise
    }
    if ("character".equals(column.type())) {
      return WireValues.NODES.textNode(text.replaceFirst(" +$", "")); // char(n) padding
    }
    return scalar(text, kind);
  }

  private static JsonNode scalar(String text, ValueKind kind) {
    return switch (kind) {
      case TIMESTAMP, TIMESTAMPTZ -> WireValues.NODES.textNode(isoTimestamp(text));
      default -> WireValues.fromText(text, kind);
    };
  }

  /** As {@link #isoTimestamp(String)}, from the ASCII text {@code b[from, to)} of COPY. */
  static String isoTimestamp(byte[] b, int from, int to) {
    int n = to - from;
    if (n < 11 || b[from + 10] != ' ') {
      return new String(b, from, n, java.nio.charset.StandardCharsets.UTF_8);
    }
    // an offset of whole hours ("+05") gets its minutes; the text is built once (a pull into
    // SQLite converts every timestamp: substrings and concatenations were a seventh of what
    // it allocated)
    boolean hours = n > 13 && (b[to - 3] == '+' || b[to - 3] == '-')
        && b[to - 1] >= '0' && b[to - 1] <= '9';
    byte[] iso = new byte[hours ? n + 3 : n];
    System.arraycopy(b, from, iso, 0, n);
    iso[10] = 'T';
    if (hours) {
      iso[n] = ':';
      iso[n + 1] = '0';
      iso[n + 2] = '0';
    }
    return new String(iso, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** "2024-06-01 10:00:00.5+00" as ISO 8601: "2024-06-01T10:00:00.5+00:00". */
  static String isoTimestamp(String t) {
    if (t.length() < 11 || t.charAt(10) != ' ') {
      return t; // infinity, -infinity, or a year beyond 9999
    }
    byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // digits and signs
    return isoTimestamp(b, 0, b.length);
  }

  /** A PostgreSQL array literal ({@code {1,NULL,"a b"}}) as a JSON array. */
  private static JsonNode array(String s, int[] pos, ValueKind element) {
    ArrayNode out = WireValues.NODES.arrayNode();
    if (s.charAt(pos[0]) != '{') {
      // a dimension prefix such as [0:2]={...}
      pos[0] = s.indexOf('{', pos[0]);
    }
    pos[0]++; // '{'
    while (pos[0] < s.length() && s.charAt(pos[0]) != '}') {
      char c = s.charAt(pos[0]);
      if (c == '{') {
        out.add(array(s, pos, element));
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        pos[0]++;
        while (s.charAt(pos[0]) != '"') {
          if (s.charAt(pos[0]) == '\\') {
            pos[0]++;
          }
          sb.append(s.charAt(pos[0]++));
        }
        pos[0]++;
        out.add(element(sb.toString(), element));
      } else {
        int end = pos[0];
        while (s.charAt(end) != ',' && s.charAt(end) != '}') {
          end++;
        }
        String token = s.substring(pos[0], end).trim();
        pos[0] = end;
        out.add(token.equalsIgnoreCase("NULL") ? NullNode.instance : element(token, element));
      }
      if (s.charAt(pos[0]) == ',') {
        pos[0]++;
      }
    }
    pos[0]++; // '}'
    return out;
  }

  /** An element as array_to_json writes it: numbers as JSON numbers. */
  private static JsonNode element(String text, ValueKind kind) {
    if (kind == ValueKind.NUMERIC) {
      try {
        return WireValues.NODES.numberNode(new BigDecimal(text));
      } catch (NumberFormatException e) {
        return WireValues.NODES.textNode(text); // NaN, Infinity
      }
    }
    return scalar(text, kind);
  }
}

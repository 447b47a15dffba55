package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ColumnInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of COPY text as rows for SQLite: each line's fields decoded and turned into the
 * values SQLite stores (exactly as the wire values of {@link CopyValues} would be stored), a
 * column whose target kind differs from the source's going through those wire values. Rows
 * are {@linkplain #prepare prepared} in groups, which may run on another thread while the
 * rows before them are written; a row not prepared (or whose values did not convert) is
 * converted when it is bound, so that its error is its own.
 */
final class SqliteCopyRows implements SqliteImporter.Rows {
  private final byte[] text;
  /** Where each line starts; the line ends at the next start's newline. */
  private final int[] starts;
  private final int count;
  private final List<ColumnInfo> source;
  /** The columns written, in the order the values are kept. */
  private final List<String> columns;
  private final Map<String, Integer> position = new HashMap<>();
  private final int[] at;
  private final ValueKind[] kinds;
  private final boolean[] converts;
  private final ColumnInfo[] from;
  private final ColumnInfo[] to;
  /** Each row's values, in {@link #columns} order, once prepared. */
  private final Object[][] values;

  SqliteCopyRows(byte[] text, int length, List<ColumnInfo> source, List<String> columns,
      LocalTable target) {
    this.text = text;
    int[] lineStarts = new int[1024];
    int n = 0;
    for (int i = 0; i < length; i++) {
      if (text[i] == '\n') {
        if (++n == lineStarts.length) {
          lineStarts = java.util.Arrays.copyOf(lineStarts, 2 * n);
        }
        lineStarts[n] = i + 1;
      }
    }
    starts = lineStarts;
    count = n;
    this.source = source;
    this.columns = columns;
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < source.size(); i++) {
      index.put(source.get(i).name(), i);
    }
    int k = columns.size();
    at = new int[k];
    kinds = new ValueKind[k];
    converts = new boolean[k];
    from = new ColumnInfo[k];
    to = new ColumnInfo[k];
    for (int i = 0; i < k; i++) {
      position.put(columns.get(i), i);
      at[i] = index.get(columns.get(i));
      from[i] = source.get(at[i]);
      to[i] = target.column(columns.get(i));
      kinds[i] = ValueKind.of(from[i]);
      converts[i] = kinds[i] != ValueKind.of(to[i]) || kinds[i] == ValueKind.ARRAY
          || "character".equals(from[i].type());
    }
    values = new Object[n][];
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public boolean preparesAhead() {
    return true;
  }

  /**
   * Converts rows {@code [from, to)}; a row that does not convert is left for its bind to
   * report. Safe on another thread as long as nothing binds those rows meanwhile.
   */
  @Override
  public void prepare(int first, int end) {
    for (int r = first; r < end; r++) {
      try {
        values[r] = convert(r);
      } catch (RuntimeException e) {
        values[r] = null;
      }
    }
  }

  @Override
  public void release(int first, int end) {
    java.util.Arrays.fill(values, first, end, null);
  }

  private String[] fields(int row) {
    return CopyText.decodeLine(text, starts[row], starts[row + 1] - 1);
  }

  /**
   * One row's values. Whole numbers, booleans and timestamps are read straight from the COPY
   * bytes, the other fields decoded to text first: a String per field was the largest part of
   * what a pull into SQLite allocates (730 of 1,655 MB for 1M rows, async-profiler).
   */
  private Object[] convert(int row) {
    int lineEnd = starts[row + 1] - 1;
    // each field's bounds [2k, 2k + 1) and whether it holds a backslash
    int[] bounds = new int[2 * source.size()];
    boolean[] escaped = new boolean[source.size()];
    int field = 0;
    int start = starts[row];
    for (int i = start; i <= lineEnd && field < escaped.length; i++) {
      if (i == lineEnd || text[i] == '\t') {
        bounds[2 * field] = start;
        bounds[2 * field + 1] = i;
        field++;
        start = i + 1;
      } else if (text[i] == '\\') {
        escaped[field] = true;
      }
    }
    if (field != escaped.length) {
      return convert(CopyText.decodeLine(text, starts[row], lineEnd)); // as it always was
    }
    Object[] out = new Object[at.length];
    for (int i = 0; i < at.length; i++) {
      int f = at[i];
      int s = bounds[2 * f];
      int e = bounds[2 * f + 1];
      if (escaped[f] && e - s == 2 && text[s + 1] == 'N') {
        out[i] = null;
      } else if (!escaped[f] && !converts[i] && kinds[i] == ValueKind.INTEGER) {
        out[i] = wholeNumber(s, e);
      } else if (!escaped[f] && !converts[i] && kinds[i] == ValueKind.BOOLEAN) {
        out[i] = (e - s == 1 && text[s] == 't') || (e - s == 4 && text[s] == 't'
            && text[s + 1] == 'r' && text[s + 2] == 'u' && text[s + 3] == 'e') ? 1 : 0;
      } else if (!escaped[f] && !converts[i] && (kinds[i] == ValueKind.TIMESTAMP
          || kinds[i] == ValueKind.TIMESTAMPTZ)) {
        out[i] = CopyValues.isoTimestamp(text, s, e);
      } else {
        out[i] = value(i, escaped[f] ? CopyText.unescapeField(text, s, e) : asText(s, e));
      }
    }
    return out;
  }

  /** A whole number's digits as a Long (anything else parsed as text: its error is Long's). */
  private Long wholeNumber(int s, int e) {
    boolean negative = e - s > 1 && text[s] == '-';
    long n = 0;
    if (e - s > 0 && e - s < 19) { // fewer than 19 digits cannot overflow
      for (int i = negative ? s + 1 : s; i < e; i++) {
        int d = text[i] - '0';
        if (d < 0 || d > 9) {
          return Long.parseLong(asText(s, e));
        }
        n = n * 10 + d;
      }
      return negative ? -n : n;
    }
    return Long.parseLong(asText(s, e));
  }

  private String asText(int s, int e) {
    return new String(text, s, e - s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A row's values from its fields decoded as text (null for NULL). */
  private Object[] convert(String[] f) {
    Object[] out = new Object[at.length];
    for (int i = 0; i < at.length; i++) {
      String v = f[at[i]];
      out[i] = v == null ? null : value(i, v);
    }
    return out;
  }

  /** The value of column {@code i} from its text. */
  private Object value(int i, String v) {
    if (converts[i]) {
      return CopyValues.value(v, from[i]);
    }
    return switch (kinds[i]) {
      case INTEGER -> Long.parseLong(v);
      case FLOAT -> Double.parseDouble(v);
      case BOOLEAN -> v.equals("t") || v.equals("true") ? 1 : 0;
      case BINARY -> WireValues.bytesOf(WireValues.NODES.textNode(v));
      case TIMESTAMP, TIMESTAMPTZ -> CopyValues.isoTimestamp(v);
      default -> v; // text, numeric, json as it came, dates, uuid, ...
    };
  }

  @Override
  public void bind(PreparedStatement ps, int row, List<String> cols) throws SQLException {
    Object[] v = values[row];
    if (v == null) {
      v = convert(row);
      values[row] = v;
    }
    boolean same = cols == columns;
    for (int i = 0; i < cols.size(); i++) {
      int p = same ? i : position.get(cols.get(i));
      set(ps, i + 1, v[p], p);
    }
  }

  private void set(PreparedStatement ps, int i, Object v, int column) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.NULL);
    } else if (v instanceof JsonNode node) {
      SqliteValues.bind(ps, i, node, to[column]);
    } else if (v instanceof Long l) {
      ps.setLong(i, l);
    } else if (v instanceof Double d) {
      SqliteValues.setFloat(ps, i, d);
    } else if (v instanceof Integer n) {
      ps.setInt(i, n);
    } else if (v instanceof byte[] b) {
      ps.setBytes(i, b);
    } else {
      ps.setString(i, (String) v);
    }
  }

  @Override
  public ObjectNode node(int row) {
    String[] f = fields(row);
    ObjectNode n = WireValues.NODES.objectNode();
    for (int i = 0; i < source.size(); i++) {
      n.set(source.get(i).name(), CopyValues.value(f[i], source.get(i)));
    }
    return n;
  }
}

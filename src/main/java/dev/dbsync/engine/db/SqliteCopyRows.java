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

  private Object[] convert(int row) {
    String[] f = fields(row);
    Object[] out = new Object[at.length];
    for (int i = 0; i < at.length; i++) {
      String v = f[at[i]];
      if (v == null) {
        out[i] = null;
      } else if (converts[i]) {
        out[i] = CopyValues.value(v, from[i]);
      } else {
        out[i] = switch (kinds[i]) {
          case INTEGER -> Long.parseLong(v);
          case FLOAT -> Double.parseDouble(v);
          case BOOLEAN -> v.equals("t") || v.equals("true") ? 1 : 0;
          case BINARY -> WireValues.bytesOf(WireValues.NODES.textNode(v));
          case TIMESTAMP, TIMESTAMPTZ -> CopyValues.isoTimestamp(v);
          default -> v; // text, numeric, json as it came, dates, uuid, ...
        };
      }
    }
    return out;
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

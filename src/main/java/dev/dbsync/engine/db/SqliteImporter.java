package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.RowError;
import dev.dbsync.engine.model.Strategy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a batch into SQLite inside the caller's transaction: one batched
 * {@code INSERT ... ON CONFLICT (key) DO NOTHING} (SQLite runs the batch in one native loop);
 * for overwrite and merge, a batched UPDATE of the rows whose key existed. If a batch fails,
 * its rows are written one at a time so that only the bad ones are refused. Rows come as
 * wire values or, from a COPY stream, as the fields of COPY text.
 */
final class SqliteImporter {
  private final Connection c;
  private final LocalTable t;

  SqliteImporter(Connection c, LocalTable t) {
    this.c = c;
    this.t = t;
  }

  ImportResult run(List<ObjectNode> records, Strategy strategy) throws SQLException {
    ImportResult result = new ImportResult();
    ImportPlan plan = ImportPlan.of(t, records, strategy, result);
    if (plan == null) {
      return result;
    }
    return write(new NodeRows(records), plan, result);
  }

  /** Rows of COPY text (whole lines of the source's {@code columns}). */
  ImportResult runCopy(List<ColumnInfo> columns, byte[] text, int length, Strategy strategy)
      throws SQLException {
    ImportResult result = new ImportResult();
    List<String[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (text[i] == '\n') {
        lines.add(CopyText.decodeLine(text, start, i));
        start = i + 1;
      }
    }
    ImportPlan plan = ImportPlan.of(t, columns.stream().map(ColumnInfo::name).toList(),
        strategy, result);
    if (plan == null || lines.isEmpty()) {
      return result;
    }
    return write(new FieldRows(lines, columns), plan, result);
  }

  private ImportResult write(Rows rows, ImportPlan plan, ImportResult result)
      throws SQLException {
    Strategy strategy = plan.strategy();
    String table = Sql.quote(t.schema().table());
    String insert = "INSERT INTO " + table + " (" + Sql.quoteAll(plan.columns()) + ") VALUES ("
        + Sql.placeholders(plan.columns().size()) + ")"
        + (plan.upsert() ? " ON CONFLICT (" + Sql.quoteAll(plan.key()) + ") DO NOTHING" : "");
    boolean updates = plan.upsert() && strategy != Strategy.SKIP && !plan.updated().isEmpty();
    String update = "UPDATE " + table + " SET " + plan.updated().stream()
        .map(col -> strategy == Strategy.MERGE
            ? Sql.quote(col) + " = COALESCE(?, " + Sql.quote(col) + ")"
            : Sql.quote(col) + " = ?")
        .collect(Collectors.joining(", "))
        + " WHERE " + plan.key().stream().map(k -> Sql.quote(k) + " = ?")
        .collect(Collectors.joining(" AND "))
        // a row that would not change is left alone: unchanged, not updated
        + " AND (" + plan.updated().stream().map(col -> Sql.quote(col) + " IS NOT "
            + (strategy == Strategy.MERGE ? "COALESCE(?, " + Sql.quote(col) + ")" : "?"))
        .collect(Collectors.joining(" OR ")) + ")";
    List<String> updCols = new ArrayList<>(plan.updated());
    updCols.addAll(plan.key());
    updCols.addAll(plan.updated());
    try (PreparedStatement insPs = c.prepareStatement(insert);
         PreparedStatement updPs = updates ? c.prepareStatement(update) : null) {
      int[] counts;
      try {
        for (int i = 0; i < rows.size(); i++) {
          rows.bind(insPs, i, plan.columns());
          insPs.addBatch();
        }
        counts = insPs.executeBatch();
      } catch (SQLException | IllegalArgumentException e) {
        insPs.clearBatch();
        oneByOne(rows, plan, insPs, updPs, updCols, result);
        return result;
      }
      List<Integer> existing = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          result.addCreated(1);
        } else {
          existing.add(i);
        }
      }
      if (updPs == null) {
        if (strategy == Strategy.SKIP) {
          result.addSkipped(existing.size());
        } else {
          result.addUpdated(existing.size()); // a table whose only columns are the key
        }
        return result;
      }
      for (int i : existing) {
        rows.bind(updPs, i, updCols);
        updPs.addBatch();
      }
      int[] changed = updPs.executeBatch();
      long n = java.util.Arrays.stream(changed).filter(x -> x > 0).count();
      result.addUpdated(n);
      result.addSkipped(existing.size() - n);
    }
    return result;
  }

  private void oneByOne(Rows rows, ImportPlan plan, PreparedStatement ins,
      PreparedStatement upd, List<String> updCols, ImportResult result) {
    for (int i = 0; i < rows.size(); i++) {
      try {
        rows.bind(ins, i, plan.columns());
        if (ins.executeUpdate() == 1) {
          result.addCreated(1);
        } else if (upd == null) {
          if (plan.strategy() == Strategy.SKIP) {
            result.addSkipped(1);
          } else {
            result.addUpdated(1);
          }
        } else {
          rows.bind(upd, i, updCols);
          if (upd.executeUpdate() > 0) {
            result.addUpdated(1);
          } else {
            result.addSkipped(1);
          }
        }
      } catch (SQLException | IllegalArgumentException e) {
        String reason = e instanceof SQLException s ? Errors.describe(s) : e.getMessage();
        boolean fk = e instanceof SQLException s && !(e instanceof BatchUpdateException)
            && Errors.isForeignKeyViolation(s);
        ObjectNode row = rows.node(i);
        if (fk) {
          result.addForeignKeyFailure(row, new RowError(plan.keyOf(row), reason, true));
        } else {
          result.addError(new RowError(plan.keyOf(row), reason));
        }
      }
    }
  }

  /** The rows of a batch, bound by column name. */
  private interface Rows {
    int size();

    void bind(PreparedStatement ps, int row, List<String> cols) throws SQLException;

    /** The row as wire values, for error reports and retries. */
    ObjectNode node(int row);
  }

  private final class NodeRows implements Rows {
    private final List<ObjectNode> records;

    NodeRows(List<ObjectNode> records) {
      this.records = records;
    }

    @Override
    public int size() {
      return records.size();
    }

    @Override
    public void bind(PreparedStatement ps, int row, List<String> cols) throws SQLException {
      ObjectNode r = records.get(row);
      for (int i = 0; i < cols.size(); i++) {
        SqliteValues.bind(ps, i + 1, r.get(cols.get(i)), t.column(cols.get(i)));
      }
    }

    @Override
    public ObjectNode node(int row) {
      return records.get(row);
    }
  }

  /**
   * COPY fields bound straight into SQLite, stored exactly as the wire values of
   * {@link CopyValues} would be; a column whose target kind differs from the source's goes
   * through those wire values.
   */
  private final class FieldRows implements Rows {
    private final List<String[]> lines;
    private final List<ColumnInfo> source;
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();

    FieldRows(List<String[]> lines, List<ColumnInfo> source) {
      this.lines = lines;
      this.source = source;
      for (int i = 0; i < source.size(); i++) {
        index.put(source.get(i).name(), i);
      }
    }

    @Override
    public int size() {
      return lines.size();
    }

    /** For the column list last bound: each column's field, kind, and whether it converts. */
    private List<String> planned;
    private int[] at;
    private ValueKind[] kinds;
    private boolean[] converts;
    private ColumnInfo[] from;
    private ColumnInfo[] to;

    private void plan(List<String> cols) {
      int n = cols.size();
      at = new int[n];
      kinds = new ValueKind[n];
      converts = new boolean[n];
      from = new ColumnInfo[n];
      to = new ColumnInfo[n];
      for (int i = 0; i < n; i++) {
        at[i] = index.get(cols.get(i));
        from[i] = source.get(at[i]);
        to[i] = t.column(cols.get(i));
        kinds[i] = ValueKind.of(from[i]);
        converts[i] = kinds[i] != ValueKind.of(to[i]) || kinds[i] == ValueKind.ARRAY
            || "character".equals(from[i].type());
      }
      planned = cols;
    }

    @Override
    public void bind(PreparedStatement ps, int row, List<String> cols) throws SQLException {
      if (cols != planned) {
        plan(cols);
      }
      String[] f = lines.get(row);
      for (int i = 0; i < at.length; i++) {
        String v = f[at[i]];
        if (v == null) {
          ps.setNull(i + 1, Types.NULL);
        } else if (converts[i]) {
          SqliteValues.bind(ps, i + 1, CopyValues.value(v, from[i]), to[i]);
        } else {
          direct(ps, i + 1, v, kinds[i]);
        }
      }
    }

    private void direct(PreparedStatement ps, int i, String v, ValueKind kind)
        throws SQLException {
      switch (kind) {
        case INTEGER -> ps.setLong(i, Long.parseLong(v));
        case FLOAT -> {
          SqliteValues.setFloat(ps, i, Double.parseDouble(v));
        }
        case BOOLEAN -> ps.setInt(i, v.equals("t") || v.equals("true") ? 1 : 0);
        case BINARY -> ps.setBytes(i, WireValues.bytesOf(WireValues.NODES.textNode(v)));
        case TIMESTAMP, TIMESTAMPTZ -> ps.setString(i, CopyValues.isoTimestamp(v));
        default -> ps.setString(i, v); // text, numeric, json as it came, dates, uuid, ...
      }
    }

    @Override
    public ObjectNode node(int row) {
      String[] f = lines.get(row);
      ObjectNode n = WireValues.NODES.objectNode();
      for (int i = 0; i < source.size(); i++) {
        n.set(source.get(i).name(), CopyValues.value(f[i], source.get(i)));
      }
      return n;
    }
  }
}

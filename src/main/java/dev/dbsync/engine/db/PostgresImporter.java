package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.RowError;
import dev.dbsync.engine.model.Strategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a batch into PostgreSQL with COPY (straight into the table, or into a staging table
 * followed by one {@code INSERT ... SELECT ... ON CONFLICT} that applies the strategy with the
 * target's own column types). If the batch fails, rows are retried one at a time inside
 * savepoints so that only the bad ones are refused.
 */
final class PostgresImporter {
  private final Connection c;
  private final LocalTable t;

  PostgresImporter(Connection c, LocalTable t) {
    this.c = c;
    this.t = t;
  }

  /**
   * Writes a batch.
   *
   * @param fresh the table was empty when this transfer began, so no incoming row can meet
   *     an existing key
   */
  ImportResult run(List<ObjectNode> records, Strategy strategy, boolean fresh)
      throws SQLException {
    ImportResult result = new ImportResult();
    ImportPlan plan = ImportPlan.of(t, records, strategy, result);
    if (plan == null) {
      return result;
    }
    Savepoint sp = c.setSavepoint();
    try {
      copyBatch(plan, records, fresh, result);
      c.releaseSavepoint(sp);
    } catch (SQLException batchFailure) {
      c.rollback(sp);
      // find the rows that do not fit, one at a time; the others are written
      try (PreparedStatement ps = c.prepareStatement(sql(plan))) {
        for (ObjectNode row : records) {
          oneRow(ps, plan, row, result);
        }
      }
    }
    moveSequences(plan);
    return result;
  }

  /**
   * The fast path: the batch goes in with COPY. Straight into the table when nothing can
   * conflict (the table was empty when the transfer began, or every row is new by design);
   * otherwise into a temporary all-text staging table, then one INSERT ... SELECT that casts
   * to the table's own types and applies the strategy.
   */
  private void copyBatch(ImportPlan plan, List<ObjectNode> records, boolean fresh,
      ImportResult result) throws SQLException {
    CopyText text = buffer();
    text.reset();
    ValueKind[] kinds = new ValueKind[plan.columns().size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = ValueKind.of(t.column(plan.columns().get(i)));
    }
    for (ObjectNode r : records) {
      for (int i = 0; i < kinds.length; i++) {
        if (i > 0) {
          text.tab();
        }
        text.value(r.get(plan.columns().get(i)), kinds[i]);
      }
      text.newline();
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    boolean direct = !plan.upsert() || fresh;
    if (direct) {
      CopyIn in = copy.copyIn("COPY " + Sql.quote(t.schema().table()) + " ("
          + Sql.quoteAll(plan.columns()) + ") FROM STDIN");
      in.writeToCopy(text.bytes(), 0, text.length());
      result.addCreated(in.endCopy());
      return;
    }
    String stage = stage(kinds.length);
    CopyIn in = copy.copyIn("COPY " + stage + " FROM STDIN");
    in.writeToCopy(text.bytes(), 0, text.length());
    in.endCopy();
    try (PreparedStatement ps = c.prepareStatement("WITH ins AS (" + merge(plan, stage)
        + ") SELECT count(*) FILTER (WHERE created), count(*) FROM ins");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      long created = rs.getLong(1);
      long touched = rs.getLong(2);
      result.addCreated(created);
      result.addUpdated(touched - created);
      result.addSkipped(records.size() - touched);
    }
  }

  /** The type to cast staged text to: without length, and never a one-character char. */
  static String castType(String sqlType) {
    String base = TYPMOD.matcher(sqlType).replaceAll("");
    return switch (base) {
      case "character" -> "text";
      case "character[]" -> "text[]";
      case "bit" -> "bit varying";
      case "bit[]" -> "bit varying[]";
      default -> base;
    };
  }

  private static CopyText buffer() {
    return BUFFER.get();
  }

  private static final java.util.regex.Pattern TYPMOD =
      java.util.regex.Pattern.compile("\\(\\d+(,\\s*\\d+)?\\)");

  private static final ThreadLocal<CopyText> BUFFER = ThreadLocal.withInitial(CopyText::new);

  /** A temporary all-text table of n columns, emptied at every commit. */
  private String stage(int n) throws SQLException {
    String name = "pg_temp.dbsync_stage_" + n;
    StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE IF NOT EXISTS dbsync_stage_")
        .append(n).append(" (");
    for (int i = 1; i <= n; i++) {
      ddl.append(i > 1 ? ", " : "").append('c').append(i).append(" text");
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(") ON COMMIT DELETE ROWS").toString());
    }
    return name;
  }

  /** INSERT ... SELECT from the staging table with the strategy's conflict clause. */
  private String merge(ImportPlan plan, String stage) {
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < plan.columns().size(); i++) {
      // cast to the type without its length: an explicit cast to varchar(5) would cut a
      // longer value silently, where the assignment to the column refuses it
      select.append(i > 0 ? ", " : "").append("CAST(c").append(i + 1).append(" AS ")
          .append(castType(t.sqlType(plan.columns().get(i)))).append(")");
    }
    return insertHead(plan) + " SELECT " + select + " FROM " + stage + conflict(plan)
        + " RETURNING (xmax = 0) AS created";
  }

  private void oneRow(PreparedStatement ps, ImportPlan plan, ObjectNode row, ImportResult result)
      throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      count(ps, payload(plan, List.of(row)), 1, plan, result);
      c.releaseSavepoint(sp);
    } catch (SQLException e) {
      c.rollback(sp);
      if (Errors.isForeignKeyViolation(e)) {
        result.addForeignKeyFailure(row, new RowError(plan.keyOf(row), Errors.describe(e), true));
      } else {
        result.addError(new RowError(plan.keyOf(row), Errors.describe(e)));
      }
    }
  }

  private static void count(PreparedStatement ps, String json, int rows, ImportPlan plan,
      ImportResult result) throws SQLException {
    ps.setString(1, json);
    long created = 0;
    long updated = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getBoolean(1)) {
          created++;
        } else {
          updated++;
        }
      }
    }
    result.addCreated(created);
    result.addUpdated(updated);
    result.addSkipped(rows - created - updated);
  }

  /** The one-row statement of the fallback: the row travels as a JSON parameter. */
  private String sql(ImportPlan plan) {
    String defs = plan.columns().stream()
        .map(col -> Sql.quote(col) + " " + t.sqlType(col))
        .collect(Collectors.joining(", "));
    return insertHead(plan) + " SELECT " + Sql.quoteAll(plan.columns())
        + " FROM jsonb_to_recordset(CAST(? AS jsonb)) AS x(" + defs + ")" + conflict(plan)
        + " RETURNING (xmax = 0)";
  }

  private String insertHead(ImportPlan plan) {
    boolean identity = plan.columns().stream()
        .anyMatch(col -> "identity".equals(t.column(col).defaultValue()));
    return "INSERT INTO " + Sql.quote(t.schema().table()) + " AS tgt ("
        + Sql.quoteAll(plan.columns()) + ")" + (identity ? " OVERRIDING SYSTEM VALUE" : "");
  }

  private static String conflict(ImportPlan plan) {
    if (!plan.upsert()) {
      return "";
    }
    String on = " ON CONFLICT (" + Sql.quoteAll(plan.key()) + ")";
    if (plan.strategy() == Strategy.SKIP) {
      return on + " DO NOTHING";
    }
    List<String> set = plan.updated().isEmpty() ? plan.key() : plan.updated();
    return on + " DO UPDATE SET " + set.stream().map(col -> {
      String q = Sql.quote(col);
      return plan.strategy() == Strategy.MERGE
          ? q + " = COALESCE(EXCLUDED." + q + ", tgt." + q + ")"
          : q + " = EXCLUDED." + q;
    }).collect(Collectors.joining(", "));
  }

  /** The rows as one JSON array, holding only the planned columns, binary as hex text. */
  private String payload(ImportPlan plan, List<ObjectNode> records) {
    ArrayNode out = WireValues.NODES.arrayNode(records.size());
    for (ObjectNode r : records) {
      ObjectNode row = out.addObject();
      for (String col : plan.columns()) {
        JsonNode v = r.get(col);
        if (v != null && !v.isNull()) {
          row.set(col, ValueKind.of(t.column(col)) == ValueKind.BINARY ? hex(v) : v);
        }
      }
    }
    return out.toString();
  }

  private static JsonNode hex(JsonNode v) {
    return TextNode.valueOf(WireValues.pgHex(WireValues.bytesOf(v)));
  }

  /** Moves each sequence behind an explicitly written id past the highest id in the table. */
  private void moveSequences(ImportPlan plan) throws SQLException {
    for (String col : t.sequences()) {
      if (!plan.columns().contains(col)) {
        continue;
      }
      String q = Sql.quote(col);
      try (PreparedStatement ps = c.prepareStatement("SELECT setval(s.seq, m.v) FROM "
          + "(SELECT pg_get_serial_sequence(?, ?) AS seq) s, (SELECT max(" + q + ") AS v FROM "
          + Sql.quote(t.schema().table()) + ") m WHERE m.v IS NOT NULL AND m.v > "
          + "COALESCE(pg_sequence_last_value(CAST(s.seq AS regclass)), 0)")) {
        ps.setString(1, Sql.quote(t.schema().schema()) + "." + Sql.quote(t.schema().table()));
        ps.setString(2, col);
        ps.execute();
      }
    }
  }
}

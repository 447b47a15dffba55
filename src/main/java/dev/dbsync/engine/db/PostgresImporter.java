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
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a batch into PostgreSQL with one set-based statement: the rows travel as one JSON
 * parameter, {@code jsonb_to_recordset} turns them into typed rows using the target's own
 * column types, and {@code INSERT ... ON CONFLICT} applies the strategy. If the batch fails,
 * rows are retried one at a time inside savepoints so that only the bad ones are refused.
 */
final class PostgresImporter {
  private final Connection c;
  private final LocalTable t;

  PostgresImporter(Connection c, LocalTable t) {
    this.c = c;
    this.t = t;
  }

  ImportResult run(List<ObjectNode> records, Strategy strategy) throws SQLException {
    ImportResult result = new ImportResult();
    ImportPlan plan = ImportPlan.of(t, records, strategy, result);
    if (plan == null) {
      return result;
    }
    String sql = sql(plan);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Savepoint sp = c.setSavepoint();
      try {
        count(ps, payload(plan, records), records.size(), plan, result);
        c.releaseSavepoint(sp);
      } catch (SQLException batchFailure) {
        c.rollback(sp);
        for (ObjectNode row : records) {
          oneRow(ps, plan, row, result);
        }
      }
    }
    moveSequences(plan);
    return result;
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

  private String sql(ImportPlan plan) {
    String cols = Sql.quoteAll(plan.columns());
    String defs = plan.columns().stream()
        .map(col -> Sql.quote(col) + " " + t.sqlType(col))
        .collect(Collectors.joining(", "));
    boolean identity = plan.columns().stream()
        .anyMatch(col -> "identity".equals(t.column(col).defaultValue()));
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(Sql.quote(t.schema().table()))
        .append(" AS tgt (").append(cols).append(")")
        .append(identity ? " OVERRIDING SYSTEM VALUE" : "")
        .append(" SELECT ").append(cols).append(" FROM jsonb_to_recordset(CAST(? AS jsonb)) AS x(")
        .append(defs).append(")");
    if (!plan.upsert()) {
      return sql.append(" RETURNING true").toString();
    }
    sql.append(" ON CONFLICT (").append(Sql.quoteAll(plan.key())).append(")");
    if (plan.strategy() == Strategy.SKIP) {
      return sql.append(" DO NOTHING RETURNING true").toString();
    }
    List<String> set = plan.updated().isEmpty() ? plan.key() : plan.updated();
    String assignments = set.stream().map(col -> {
      String q = Sql.quote(col);
      return plan.strategy() == Strategy.MERGE
          ? q + " = COALESCE(EXCLUDED." + q + ", tgt." + q + ")"
          : q + " = EXCLUDED." + q;
    }).collect(Collectors.joining(", "));
    return sql.append(" DO UPDATE SET ").append(assignments).append(" RETURNING (xmax = 0)")
        .toString();
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

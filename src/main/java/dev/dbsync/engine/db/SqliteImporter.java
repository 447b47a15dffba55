package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.RowError;
import dev.dbsync.engine.model.Strategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a batch into SQLite inside the caller's transaction with prepared statements reused
 * for every row (SQLite is in-process: a statement per row inside one transaction is its fast
 * path). An insert that meets an existing key is followed, for overwrite and merge, by an
 * update of that row.
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
        .collect(Collectors.joining(" AND "));
    try (PreparedStatement ins = c.prepareStatement(insert);
         PreparedStatement upd = updates ? c.prepareStatement(update) : null) {
      for (ObjectNode row : records) {
        try {
          bindAll(ins, row, plan.columns(), 1);
          if (ins.executeUpdate() == 1) {
            result.addCreated(1);
          } else if (upd == null) {
            // skip, or overwrite/merge of a table whose only columns are the key
            if (strategy == Strategy.SKIP) {
              result.addSkipped(1);
            } else {
              result.addUpdated(1);
            }
          } else {
            int next = bindAll(upd, row, plan.updated(), 1);
            bindAll(upd, row, plan.key(), next);
            upd.executeUpdate();
            result.addUpdated(1);
          }
        } catch (SQLException | IllegalArgumentException e) {
          String reason = e instanceof SQLException s ? Errors.describe(s) : e.getMessage();
          if (e instanceof SQLException s && Errors.isForeignKeyViolation(s)) {
            result.addForeignKeyFailure(row, new RowError(plan.keyOf(row), reason, true));
          } else {
            result.addError(new RowError(plan.keyOf(row), reason));
          }
        }
      }
    }
    return result;
  }

  private int bindAll(PreparedStatement ps, ObjectNode row, List<String> cols, int from)
      throws SQLException {
    int i = from;
    for (String col : cols) {
      SqliteValues.bind(ps, i++, row.get(col), t.column(col));
    }
    return i;
  }
}

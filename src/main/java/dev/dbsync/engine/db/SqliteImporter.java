package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.RowError;
import dev.dbsync.engine.model.Strategy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a batch into SQLite inside the caller's transaction: one batched
 * {@code INSERT ... ON CONFLICT (key) DO NOTHING} (SQLite runs the batch in one native loop);
 * for overwrite and merge, a batched UPDATE of the rows whose key existed. If a batch fails,
 * its rows are written one at a time so that only the bad ones are refused.
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
    Binder ins = new Binder(plan.columns());
    List<String> updCols = new ArrayList<>(plan.updated());
    updCols.addAll(plan.key());
    Binder upd = new Binder(updCols);
    try (PreparedStatement insPs = c.prepareStatement(insert);
         PreparedStatement updPs = updates ? c.prepareStatement(update) : null) {
      int[] counts;
      try {
        for (ObjectNode row : records) {
          ins.bind(insPs, row);
          insPs.addBatch();
        }
        counts = insPs.executeBatch();
      } catch (SQLException | IllegalArgumentException e) {
        insPs.clearBatch();
        oneByOne(records, plan, insPs, updPs, ins, upd, result);
        return result;
      }
      List<ObjectNode> existing = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          result.addCreated(1);
        } else {
          existing.add(records.get(i));
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
      for (ObjectNode row : existing) {
        upd.bind(updPs, row);
        updPs.addBatch();
      }
      updPs.executeBatch();
      result.addUpdated(existing.size());
    }
    return result;
  }

  private void oneByOne(List<ObjectNode> records, ImportPlan plan, PreparedStatement ins,
      PreparedStatement upd, Binder insBinder, Binder updBinder, ImportResult result) {
    for (ObjectNode row : records) {
      try {
        insBinder.bind(ins, row);
        if (ins.executeUpdate() == 1) {
          result.addCreated(1);
        } else if (upd == null) {
          if (plan.strategy() == Strategy.SKIP) {
            result.addSkipped(1);
          } else {
            result.addUpdated(1);
          }
        } else {
          updBinder.bind(upd, row);
          upd.executeUpdate();
          result.addUpdated(1);
        }
      } catch (SQLException | IllegalArgumentException e) {
        String reason = e instanceof SQLException s ? Errors.describe(s) : e.getMessage();
        boolean fk = e instanceof SQLException s && !(e instanceof BatchUpdateException)
            && Errors.isForeignKeyViolation(s);
        if (fk) {
          result.addForeignKeyFailure(row, new RowError(plan.keyOf(row), reason, true));
        } else {
          result.addError(new RowError(plan.keyOf(row), reason));
        }
      }
    }
  }

  /** Binds a row's values for a fixed list of columns, with their kinds looked up once. */
  private final class Binder {
    private final List<String> cols;
    private final dev.dbsync.engine.model.ColumnInfo[] infos;

    Binder(List<String> cols) {
      this.cols = cols;
      this.infos = cols.stream().map(t::column)
          .toArray(dev.dbsync.engine.model.ColumnInfo[]::new);
    }

    void bind(PreparedStatement ps, ObjectNode row) throws SQLException {
      for (int i = 0; i < infos.length; i++) {
        SqliteValues.bind(ps, i + 1, row.get(cols.get(i)), infos[i]);
      }
    }
  }
}

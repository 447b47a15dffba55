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
    ImportPlan plan = ImportPlan.of(t, columns.stream().map(ColumnInfo::name).toList(),
        strategy, result);
    if (plan == null) {
      return result;
    }
    SqliteCopyRows rows = new SqliteCopyRows(text, length, columns, plan.columns(), t);
    return rows.size() == 0 ? result : write(rows, plan, result);
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
      savepoint("SAVEPOINT");
      try {
        counts = insert(rows, plan, insPs);
        savepoint("RELEASE");
      } catch (SQLException | IllegalArgumentException e) {
        // the rows before the one refused went in: none of the batch stays, and each row is
        // written again on its own so that only the bad ones are refused
        insPs.clearBatch();
        savepoint("ROLLBACK TO");
        savepoint("RELEASE");
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

  /** Rows inserted a group at a time, the next group made ready meanwhile on another thread. */
  private static int[] insert(Rows rows, ImportPlan plan, PreparedStatement ps)
      throws SQLException {
    int n = rows.size();
    int[] counts = new int[n];
    java.util.concurrent.Future<?> ahead = null;
    try {
      for (int first = 0; first < n; first += GROUP) {
        int end = Math.min(n, first + GROUP);
        if (ahead != null) {
          finish(ahead);
        } else {
          rows.prepare(first, end);
        }
        ahead = null;
        if (end < n && rows.preparesAhead()) {
          int next = end;
          ahead = PREPARING.submit(() -> rows.prepare(next, Math.min(n, next + GROUP)));
        }
        for (int i = first; i < end; i++) {
          rows.bind(ps, i, plan.columns());
          ps.addBatch();
        }
        int[] part = ps.executeBatch();
        System.arraycopy(part, 0, counts, first, part.length);
        rows.release(first, end);
      }
    } finally {
      if (ahead != null) {
        finish(ahead); // nothing binds a row while it is being prepared
      }
    }
    return counts;
  }

  private static void finish(java.util.concurrent.Future<?> task) {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.dbsync.engine.DbSyncException("Interrupted while writing rows.");
    } catch (java.util.concurrent.ExecutionException e) {
      // a row that did not convert is converted again, and reported, when it is bound
    }
  }

  private void savepoint(String verb) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.execute(verb + " dbsync_batch");
    }
  }

  /** Rows per executed batch: each group is prepared while the one before it is written. */
  static final int GROUP = 2000;

  /** Where the next group's COPY fields are decoded and converted. */
  private static final java.util.concurrent.ExecutorService PREPARING =
      java.util.concurrent.Executors.newCachedThreadPool(
          dev.dbsync.engine.Threads.named("dbsync-sqlite-rows"));

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
  interface Rows {
    int size();

    /** Makes rows {@code [from, to)} ready to bind; may run on another thread. */
    default void prepare(int from, int to) {}

    /**
     * Rows {@code [from, to)} are written: what {@link #prepare} made of them may go (a row
     * bound again, to be updated or reported, is made again). A batch of 4 MiB kept its rows'
     * values to its end, long enough for the collector to copy them into the old generation:
     * 2.2 s of pauses in a 1M-row pull, 0.6 s without them.
     */
    default void release(int from, int to) {}

    /** True when {@link #prepare} does work worth doing on another thread. */
    default boolean preparesAhead() {
      return false;
    }

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
}

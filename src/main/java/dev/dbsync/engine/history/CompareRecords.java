package dev.dbsync.engine.history;

import dev.dbsync.engine.compare.CompareReport;
import dev.dbsync.engine.compare.TableComparison;
import dev.dbsync.engine.db.WireValues;

/** Keeps a dry run in the local history: a compare row per table. */
public final class CompareRecords {
  private CompareRecords() {}

  /** Where the compare ran: the link, the target, who asked. */
  public record Context(String connectionName, String code, String address, String target,
      String user) {}

  /** A compare row per table of the report. */
  public static void record(HistoryStore history, CompareReport report, Context ctx) {
    int n = Math.max(1, report.tables().size());
    for (TableComparison t : report.tables()) {
      String summary = t.diff() == null ? null : WireValues.JSON.valueToTree(t.diff())
          .toString();
      history.compared(new NewTransfer("receive", ctx.connectionName(), ctx.code(),
          ctx.address(), t.table(), t.strategy().wireName(), ctx.target(), t.rowsSource(),
          null, null, ctx.user()), summary, report.bytes() / n, t.error(), ctx.user());
    }
  }
}

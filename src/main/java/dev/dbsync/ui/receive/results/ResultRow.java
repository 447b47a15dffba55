package dev.dbsync.ui.receive.results;

import dev.dbsync.engine.model.RowError;
import dev.dbsync.engine.transfer.TableOutcome;
import java.util.List;

/** One table's outcome as the results step lists it. */
public record ResultRow(String table, String status, long created, long updated, long skipped,
    long failed, List<RowError> errors, String message, long deleted) {

  static ResultRow of(TableOutcome o, boolean forReferences) {
    String status = o.status().words() + (o.created() ? " (table created)" : "")
        + (o.resumedFrom() > 0 ? " (resumed)" : "") + (forReferences ? " · for references" : "");
    return new ResultRow(o.table(), status, o.result().created(), o.result().updated(),
        o.result().skipped(), o.result().failed(), o.result().errors(),
        o.error() == null ? String.join(" ", o.result().warnings()) : o.error(),
        o.result().deleted());
  }

  /** The error rows as lines to read or paste: key, then reason. */
  public String errorText() {
    StringBuilder b = new StringBuilder();
    if (message != null && !message.isBlank()) {
      b.append(table).append(": ").append(message).append('\n');
    }
    for (RowError e : errors) {
      b.append(table).append(' ').append(e.key()).append(": ").append(e.reason()).append('\n');
    }
    if (failed > errors.size()) {
      b.append("(").append(failed - errors.size()).append(" more errors not kept)\n");
    }
    return b.toString();
  }
}

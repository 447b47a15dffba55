package dev.dbsync.ui.receive.run;

import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferProgress;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.RemoteTable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One table in the review-and-run step: the plan, then its live progress. */
public final class TableProgressRow {
  private final String table;
  private final StringProperty plan = new SimpleStringProperty();
  private final long remoteCount;
  private final String strategyText;
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty detail = new SimpleStringProperty("Waiting");

  TableProgressRow(RemoteTable t, boolean createMissing) {
    this.table = t.name();
    String target = t.localSchema() != null ? ""
        : createMissing ? " · the table will be created here"
        : " · no such table here: it will fail (allow creating missing tables)";
    this.remoteCount = t.remoteCount();
    this.strategyText = t.strategyProperty().get().wireName() + ": "
        + t.strategyProperty().get().explanation() + target;
    this.plan.set((t.rows().isWhole() ? Formats.count(t.remoteCount()) + " rows"
        : t.rows().summary()) + " · " + strategyText);
  }

  /** A table the user did not choose, brought in by references. */
  TableProgressRow(String table, String plan) {
    this.table = table;
    this.remoteCount = -1;
    this.strategyText = "";
    this.plan.set(plan);
  }

  /** The subset is known: this many of the table's rows will move. */
  void narrowed(long rows, String why) {
    if (strategyText.isEmpty()) {
      return;
    }
    plan.set(Formats.count(rows) + " of " + Formats.count(remoteCount) + " rows (" + why
        + ") · " + strategyText);
  }

  void started(long expected) {
    detail.set("Starting · " + Formats.count(expected) + " rows");
    progress.set(expected == 0 ? 1 : -1);
  }

  void update(TransferProgress p) {
    if (p.rowsExpected() > 0) {
      progress.set(Math.min(1.0, (double) p.rowsDone() / p.rowsExpected()));
    }
    String left = Formats.duration(p.secondsLeft());
    detail.set(Formats.count(p.rowsDone()) + " of " + Formats.count(p.rowsExpected()) + " rows · "
        + Formats.rate(p.rowsPerSecond()) + (left.isEmpty() ? "" : " · " + left + " left"));
  }

  void finished(TableOutcome o) {
    if (o.status() == TableOutcome.Status.COMPLETED
        || o.status() == TableOutcome.Status.COMPLETED_WITH_ERRORS) {
      progress.set(1);
    }
    detail.set(switch (o.status()) {
      case COMPLETED -> "Done · " + Formats.count(o.result().processed()) + " rows in "
          + String.format(java.util.Locale.US, "%.1f s", o.seconds());
      case COMPLETED_WITH_ERRORS -> "Done with errors · " + Formats.count(o.result().failed())
          + " of " + Formats.count(o.result().processed()) + " rows refused";
      case CANCELLED -> "Cancelled · committed batches kept";
      case FAILED -> "Failed: " + o.error();
    });
  }

  public String table() {
    return table;
  }

  public String plan() {
    return plan.get();
  }

  public StringProperty planProperty() {
    return plan;
  }

  public DoubleProperty progressProperty() {
    return progress;
  }

  public StringProperty detailProperty() {
    return detail;
  }
}

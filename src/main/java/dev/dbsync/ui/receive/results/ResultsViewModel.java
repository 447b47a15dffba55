package dev.dbsync.ui.receive.results;

import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.StepViewModel;
import java.util.Locale;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Step 5: per table created, updated, skipped and errors, with the error rows. */
public final class ResultsViewModel implements StepViewModel {
  private final ReceiveWizardModel wizard;
  private final ObservableList<ResultRow> rows = FXCollections.observableArrayList();
  private final ObjectProperty<ResultRow> selected = new SimpleObjectProperty<>();
  private final StringProperty summary = new SimpleStringProperty("");
  private final StringProperty errors = new SimpleStringProperty("");
  private final SimpleBooleanProperty good = new SimpleBooleanProperty();

  public ResultsViewModel(ReceiveWizardModel wizard) {
    this.wizard = wizard;
    selected.addListener((o, a, r) -> errors.set(r == null ? "No table was selected."
        : r.errorText().isEmpty() ? "No row of " + r.table() + " was refused." : r.errorText()));
  }

  @Override
  public String title() {
    return "Results";
  }

  @Override
  public BooleanExpression canAdvance() {
    return BooleanExpression.booleanExpression(new SimpleBooleanProperty(true));
  }

  @Override
  public String nextLabel() {
    return "Start another";
  }

  /** Start another: back to the tables of the same sender while the link lasts. */
  @Override
  public void next(Runnable advance) {
    if (wizard.client() != null && wizard.client().isConnected()) {
      wizard.pullAgain();
    } else {
      wizard.startOver();
    }
  }

  @Override
  public void activate() {
    TransferReport r = wizard.reportProperty().get();
    rows.setAll(r == null ? java.util.List.of() : r.tables().stream().map(o -> ResultRow.of(o,
        r.addedForReferences().contains(o.table()))).toList());
    String error = wizard.transferErrorProperty().get();
    if (r == null) {
      good.set(false);
      summary.set("The transfer stopped: " + error + (error != null && error.contains(
          "approv") ? "" : " Batches committed before that are kept; run it again to resume "
              + "where it stopped."));
    } else {
      long failed = r.tables().stream().mapToLong(t -> t.result().failed()).sum();
      boolean cancelled = r.tables().stream()
          .anyMatch(t -> t.status() == TableOutcome.Status.CANCELLED);
      boolean broke = r.tables().stream().anyMatch(t -> t.status() == TableOutcome.Status.FAILED);
      good.set(r.succeeded());
      summary.set((cancelled ? "Cancelled. " : broke ? "Finished with failures. "
          : failed > 0 ? "Finished; some rows were refused. " : "Finished. ")
          + Formats.count(r.rows()) + " rows in " + String.format(Locale.US, "%.1f s", r.seconds())
          + " (" + Formats.bytes(r.bytes()) + " received)"
          + (failed > 0 ? "; " + Formats.count(failed) + " rows refused: see below." : ".")
          + (error == null || error.isBlank() ? "" : "\nNot read: " + error));
      if (error != null && !error.isBlank()) {
        good.set(false);
      }
    }
    selected.set(rows.stream().filter(x -> x.failed() > 0 || !x.message().isBlank())
        .findFirst().orElse(null));
    if (selected.get() == null) {
      errors.set(rows.isEmpty() ? "" : "No row was refused. Choose a table to see its "
          + "messages.");
    }
  }

  /** Copies the selected table's error rows (or every table's) to the clipboard. */
  public void copyErrors() {
    String text = selected.get() != null ? selected.get().errorText()
        : rows.stream().map(ResultRow::errorText).reduce("", String::concat);
    wizard.dialogs().copyToClipboard(text);
  }

  public void openHistory() {
    wizard.openHistory();
  }

  public void newConnection() {
    wizard.startOver();
  }

  public ObservableList<ResultRow> rows() {
    return rows;
  }

  public ObjectProperty<ResultRow> selectedProperty() {
    return selected;
  }

  public StringProperty summaryProperty() {
    return summary;
  }

  public StringProperty errorsProperty() {
    return errors;
  }

  public SimpleBooleanProperty goodProperty() {
    return good;
  }
}

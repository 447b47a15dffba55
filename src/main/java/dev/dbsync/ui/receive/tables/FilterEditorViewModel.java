package dev.dbsync.ui.receive.tables;

import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.subset.Clause;
import dev.dbsync.engine.subset.Subsets;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.RowChoice;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The filter editor of the table in focus: its conditions, limit and sample, and a live count
 * of the rows they match, asked of the sender (a count with filters, no rows read).
 */
public final class FilterEditorViewModel {
  private final ReceiveWizardModel wizard;
  private final ObjectProperty<RemoteTable> table = new SimpleObjectProperty<>();
  private final ObservableList<String> columns = FXCollections.observableArrayList();
  private final StringProperty title = new SimpleStringProperty("");
  private final StringProperty count = new SimpleStringProperty("");
  private long generation;

  public FilterEditorViewModel(ReceiveWizardModel wizard) {
    this.wizard = wizard;
    table.addListener((o, was, t) -> {
      columns.setAll(t == null || t.remoteSchema() == null ? List.of()
          : t.remoteSchema().columnNames());
      title.set(t == null ? "Choose a table to pull only some of its rows"
          : "Rows of " + t.name());
      count.set("");
      if (t != null) {
        recount();
      }
    });
    title.set("Choose a table to pull only some of its rows");
  }

  /** Adds an empty condition on the first column. */
  public void addCondition() {
    RemoteTable t = table.get();
    if (t != null) {
      t.rows().conditions().add(new RowChoice.Condition(columns.isEmpty() ? null
          : columns.get(0)));
    }
  }

  public void remove(RowChoice.Condition c) {
    RemoteTable t = table.get();
    if (t != null) {
      t.rows().conditions().remove(c);
      recount();
    }
  }

  /** The conditions are being edited: the count shown is no longer theirs. */
  public void editing() {
    if (table.get() != null) {
      generation++;
      count.set("Counting…");
    }
  }

  /** Asks the sender how many rows the conditions match; a newer ask wins. */
  public void recount() {
    RemoteTable t = table.get();
    SyncClient client = wizard.client();
    if (t == null || client == null || t.remoteSchema() == null) {
      return;
    }
    long asked = ++generation;
    List<Clause> clauses = t.rows().clauses();
    String limit = t.rows().limitProperty().get();
    String sample = t.rows().sampleProperty().get();
    count.set("Counting…");
    wizard.executor().execute(BackgroundTask.of(() -> Subsets.count(client, t.remoteSchema(),
        clauses))
        .onSuccess(n -> {
          if (asked == generation) {
            count.set(describe(n, t.remoteCount(), limit, sample));
          }
        }).onError(e -> {
          if (asked == generation) {
            count.set(Formats.problem(e));
          }
        }));
  }

  static String describe(long matching, long total, String limit, String sample) {
    StringBuilder b = new StringBuilder(Formats.count(matching)).append(" of ")
        .append(Formats.count(Math.max(total, matching))).append(" rows match");
    if (limit != null && !limit.isBlank()) {
      b.append(" · the first ").append(limit.trim()).append(" by key");
    }
    if (sample != null && !sample.isBlank()) {
      b.append(" · a ").append(sample.trim().replace("%", "")).append("% sample");
    }
    return b.toString();
  }

  public ObjectProperty<RemoteTable> tableProperty() {
    return table;
  }

  public ObservableList<String> columns() {
    return columns;
  }

  public StringProperty titleProperty() {
    return title;
  }

  public StringProperty countProperty() {
    return count;
  }
}

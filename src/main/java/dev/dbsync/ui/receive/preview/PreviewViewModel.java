package dev.dbsync.ui.receive.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.compare.Compare;
import dev.dbsync.engine.compare.CompareReport;
import dev.dbsync.engine.compare.TableComparison;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.history.CompareRecords;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.StepViewModel;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Step 3: a chosen table's schema beside the local one, and its rows 50 at a time. */
public final class PreviewViewModel implements StepViewModel {
  public static final int PAGE = 50;
  private final ReceiveWizardModel wizard;
  private final ObservableList<RemoteTable> tables = FXCollections.observableArrayList();
  private final ObjectProperty<RemoteTable> table = new SimpleObjectProperty<>();
  private final ObservableList<SchemaRow> schema = FXCollections.observableArrayList();
  private final ObservableList<String> columns = FXCollections.observableArrayList();
  private final ObservableList<ObjectNode> rows = FXCollections.observableArrayList();
  private final StringProperty pageText = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("");
  private final BooleanProperty hasNext = new SimpleBooleanProperty();
  private final BooleanProperty hasPrevious = new SimpleBooleanProperty();
  private final BooleanProperty loading = new SimpleBooleanProperty();
  /** Where each page seen so far starts: a key (key paging) or an offset. */
  private final List<Start> starts = new ArrayList<>();
  private List<JsonNode> nextKey;
  private int request;

  private record Start(List<JsonNode> after, long offset) {}

  /** Rows of each kind the compare shows. */
  public static final int COMPARE_SAMPLE = 10;
  private final StringProperty compareText = new SimpleStringProperty("");
  private final StringProperty effectText = new SimpleStringProperty("");
  private final BooleanProperty comparing = new SimpleBooleanProperty();
  private final BooleanProperty canCompare = new SimpleBooleanProperty();
  private final ObservableList<ChangeRow> changes = FXCollections.observableArrayList();
  private int compares;

  public PreviewViewModel(ReceiveWizardModel wizard) {
    this.wizard = wizard;
    table.addListener((o, was, now) -> show(now));
  }

  @Override
  public String title() {
    return "Preview";
  }

  @Override
  public BooleanExpression canAdvance() {
    return BooleanExpression.booleanExpression(new SimpleBooleanProperty(true));
  }

  @Override
  public void activate() {
    RemoteTable was = table.get();
    tables.setAll(wizard.selectedTables());
    table.set(tables.contains(was) ? was : tables.isEmpty() ? null : tables.get(0));
  }

  private void show(RemoteTable t) {
    schema.clear();
    rows.clear();
    columns.clear();
    starts.clear();
    compareText.set("");
    effectText.set("");
    changes.clear();
    compares++;
    canCompare.set(t != null && t.localSchema() != null && !comparing.get());
    if (t == null) {
      return;
    }
    if (t.localSchema() == null) {
      compareText.set("Not here yet: all " + Formats.count(t.remoteCount())
          + " rows would be new.");
    }
    schema.setAll(SchemaRow.compare(t.remoteSchema(), t.localSchema()));
    columns.setAll(t.remoteSchema().columnNames());
    load(new Start(null, 0));
  }

  /**
   * Compares the shown table with the local one (in the background, nothing written): the
   * four counts, what its strategy would do, and a sample of the rows that differ. Kept in
   * the history as a compare.
   */
  public void compare() {
    RemoteTable t = table.get();
    SyncClient client = wizard.client();
    if (t == null || client == null || wizard.targetDb() == null || t.localSchema() == null) {
      return;
    }
    int mine = ++compares;
    Strategy strategy = t.strategyProperty().get();
    comparing.set(true);
    canCompare.set(false);
    compareText.set("Comparing with the local table…");
    effectText.set("");
    changes.clear();
    TransferOptions options = TransferOptions.defaults().withStrategy(strategy, null);
    wizard.executor().execute(BackgroundTask.of(() -> {
      CompareReport r = Compare.dryRun(client, wizard.targetDb(), List.of(t.name()), options,
          COMPARE_SAMPLE);
      if (wizard.history() != null) {
        CompareRecords.record(wizard.history(), r, new CompareRecords.Context(
            wizard.connectionName(), wizard.code(), wizard.address(),
            wizard.targetProperty().get() == null ? null : wizard.targetProperty().get().name(),
            System.getProperty("user.name")));
      }
      return r;
    }).onSuccess(r -> {
      if (mine == compares) {
        compared(r.tables().get(0), r);
      }
    }).onError(e -> {
      if (mine == compares) {
        compareText.set(Formats.problem(e));
      }
    }).andFinally(() -> {
      comparing.set(false);
      canCompare.set(table.get() != null && table.get().localSchema() != null);
    }));
  }

  private void compared(TableComparison c, CompareReport r) {
    if (c.diff() == null) {
      compareText.set(c.error());
      return;
    }
    TableComparison.Counts d = c.diff();
    compareText.set(Formats.count(d.fresh()) + " new · " + Formats.count(d.changed())
        + " changed · " + Formats.count(d.identical()) + " identical · "
        + Formats.count(d.onlyTarget()) + " only here"
        + (r.fastCompare() ? "" : " (the sender's rows were read to compare them)"));
    String strategy = c.strategy().wireName();
    effectText.set(c.error() != null ? c.error() : Character.toUpperCase(strategy.charAt(0))
        + strategy.substring(1) + " " + c.would().words() + (c.drift() != null
        && !c.drift().isEmpty() ? ". Columns: " + c.drift().words() : "") + ".");
    List<ChangeRow> out = new ArrayList<>();
    if (c.sample() != null) {
      for (ObjectNode row : c.sample().getOrDefault("changed", List.of())) {
        String key = keyText(row);
        row.path("columns").fields().forEachRemaining(e -> out.add(new ChangeRow("changed",
            key, e.getKey(), text(e.getValue().get("old")), text(e.getValue().get("new")))));
      }
      for (ObjectNode row : c.sample().getOrDefault("new", List.of())) {
        out.add(new ChangeRow("new", keyText(row), "", "", "whole row"));
      }
      for (ObjectNode row : c.sample().getOrDefault("only_target", List.of())) {
        out.add(new ChangeRow("only here", keyText(row), "", "whole row",
            c.strategy() == Strategy.MIRROR ? "deleted" : "kept"));
      }
    }
    changes.setAll(out);
  }

  private static String keyText(ObjectNode row) {
    List<String> parts = new ArrayList<>();
    row.path("key").fields().forEachRemaining(e -> parts.add(e.getKey() + "="
        + text(e.getValue())));
    return String.join(", ", parts);
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? "NULL" : v.isValueNode() ? v.asText()
        : WireValues.isBinary(v) ? WireValues.pgHex(WireValues.bytesOf(v)) : v.toString();
  }

  public StringProperty compareTextProperty() {
    return compareText;
  }

  /** "Mirror will add 25, update 50, delete 20." */
  public StringProperty effectTextProperty() {
    return effectText;
  }

  public BooleanProperty comparingProperty() {
    return comparing;
  }

  public BooleanProperty canCompareProperty() {
    return canCompare;
  }

  public ObservableList<ChangeRow> changes() {
    return changes;
  }

  public void nextPage() {
    if (!hasNext.get() || loading.get()) {
      return;
    }
    Start cur = starts.get(starts.size() - 1);
    load(nextKey != null ? new Start(nextKey, 0) : new Start(null, cur.offset() + PAGE));
  }

  public void previousPage() {
    if (starts.size() < 2 || loading.get()) {
      return;
    }
    starts.remove(starts.size() - 1);
    Start s = starts.remove(starts.size() - 1);
    load(s);
  }

  private void load(Start start) {
    RemoteTable t = table.get();
    SyncClient client = wizard.client();
    if (t == null || client == null) {
      return;
    }
    int mine = ++request;
    loading.set(true);
    ExportRequest req = start.after() != null ? ExportRequest.after(start.after(), PAGE)
        : ExportRequest.page(start.offset(), PAGE);
    wizard.executor().execute(BackgroundTask.of(() -> client.fetchRecords(t.name(), req))
        .onSuccess(page -> {
          if (mine == request) {
            shown(t, start, page);
          }
        }).onError(e -> message.set(Formats.problem(e)))
        .andFinally(() -> loading.set(false)));
  }

  private void shown(RemoteTable t, Start start, Page page) {
    starts.add(start);
    rows.setAll(page.records());
    nextKey = t.remoteSchema().hasPrimaryKey() ? page.lastKey() : null;
    hasNext.set(page.hasMore());
    hasPrevious.set(starts.size() > 1);
    long first = (long) (starts.size() - 1) * PAGE + 1;
    pageText.set(page.records().isEmpty() ? "No rows" : "Page " + starts.size() + " · rows "
        + Formats.count(first) + "–" + Formats.count(first + page.records().size() - 1) + " of "
        + Formats.count(t.remoteCount()));
    message.set("");
  }

  /**
   * The rule the sender masks {@code column} of the shown table with, or null when it comes as
   * it is (the preview marks masked columns).
   */
  public String maskedBy(String column) {
    RemoteTable t = table.get();
    SyncClient client = wizard.client();
    return t == null || client == null ? null : client.maskedColumns(t.name()).get(column);
  }

  /** True when {@code column} holds JSON, so that text in it is shown as JSON. */
  public boolean isJson(String column) {
    RemoteTable t = table.get();
    return t != null && t.remoteSchema().column(column).map(ColumnInfo::type)
        .map(x -> x.equals("json") || x.equals("jsonb")).orElse(false);
  }

  public ObservableList<RemoteTable> tables() {
    return tables;
  }

  public ObjectProperty<RemoteTable> tableProperty() {
    return table;
  }

  public ObservableList<SchemaRow> schema() {
    return schema;
  }

  public ObservableList<String> columns() {
    return columns;
  }

  public ObservableList<ObjectNode> rows() {
    return rows;
  }

  public StringProperty pageTextProperty() {
    return pageText;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public BooleanProperty hasNextProperty() {
    return hasNext;
  }

  public BooleanProperty hasPreviousProperty() {
    return hasPrevious;
  }

  public BooleanProperty loadingProperty() {
    return loading;
  }
}

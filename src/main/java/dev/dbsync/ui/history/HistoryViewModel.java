package dev.dbsync.ui.history;

import dev.dbsync.engine.history.AuditEntry;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.Stats;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The history screen: transfers by filter, 50 a page, one in detail, and statistics. */
public final class HistoryViewModel {
  public static final int PAGE = 50;
  public static final String ANY = "any";
  private final TaskExecutor executor;
  private final HistoryStore store;
  private final StringProperty direction = new SimpleStringProperty(ANY);
  private final StringProperty status = new SimpleStringProperty(ANY);
  private final StringProperty table = new SimpleStringProperty("");
  private final StringProperty connection = new SimpleStringProperty("");
  private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
  private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
  private final ObservableList<TransferRecord> rows = FXCollections.observableArrayList();
  private final ObjectProperty<TransferRecord> selected = new SimpleObjectProperty<>();
  private final StringProperty detail = new SimpleStringProperty("");
  private final StringProperty pageText = new SimpleStringProperty("");
  private final BooleanProperty hasNext = new SimpleBooleanProperty();
  private final BooleanProperty hasPrevious = new SimpleBooleanProperty();
  private final ObservableList<Stats> byConnection = FXCollections.observableArrayList();
  private final ObservableList<Stats> byTable = FXCollections.observableArrayList();
  private final StringProperty message = new SimpleStringProperty("");
  private final BooleanProperty canRunAgain = new SimpleBooleanProperty();
  private final BooleanProperty canDecide = new SimpleBooleanProperty();
  private final StringProperty waiting = new SimpleStringProperty("");
  private final dev.dbsync.ui.common.DialogService dialogs;
  private java.util.function.Consumer<TransferRecord> runAgain = r -> { };
  private int offset;
  private boolean loading;

  public HistoryViewModel(TaskExecutor executor, HistoryStore store,
      dev.dbsync.ui.common.DialogService dialogs) {
    this.executor = executor;
    this.store = store;
    this.dialogs = dialogs;
    selected.addListener((o, a, r) -> {
      showDetail(r);
      canRunAgain.set(r != null && "receive".equals(r.direction()) && r.status().isFinal()
          && r.remoteAddress() != null);
      canDecide.set(r != null && "send".equals(r.direction())
          && r.status() == TransferStatus.PENDING_APPROVAL);
    });
    for (var p : List.of(direction, status, table, connection)) {
      p.addListener((o, a, b) -> firstPage());
    }
    from.addListener((o, a, b) -> firstPage());
    to.addListener((o, a, b) -> firstPage());
  }

  HistoryQuery query() {
    ZoneId zone = ZoneId.systemDefault();
    return new HistoryQuery(ANY.equals(direction.get()) ? null : direction.get(),
        ANY.equals(status.get()) ? null : TransferStatus.parse(status.get()),
        table.get().isBlank() ? null : table.get().trim(),
        connection.get().isBlank() ? null : connection.get().trim(),
        from.get() == null ? null : from.get().atStartOfDay(zone).toInstant(),
        to.get() == null ? null : to.get().plusDays(1).atStartOfDay(zone).toInstant(),
        offset, PAGE);
  }

  public void firstPage() {
    offset = 0;
    refresh();
  }

  public void nextPage() {
    if (hasNext.get()) {
      offset += PAGE;
      refresh();
    }
  }

  public void previousPage() {
    if (offset > 0) {
      offset = Math.max(0, offset - PAGE);
      refresh();
    }
  }

  /** Reads the current page and the statistics again (a running transfer moves on). */
  public void refresh() {
    if (loading) {
      return;
    }
    loading = true;
    HistoryQuery q = query();
    long keep = selected.get() == null ? -1 : selected.get().id();
    HistoryQuery asking = new HistoryQuery("send", TransferStatus.PENDING_APPROVAL, null, null,
        null, null, 0, 1);
    executor.execute(BackgroundTask.of(() -> new Loaded(store.list(q), store.count(q),
        store.statsByConnection(), store.statsByTable(), store.count(asking)))
        .onSuccess(l -> {
          waiting.set(l.waiting == 0 ? "" : l.waiting == 1
              ? "1 request waits for your approval." : l.waiting
                  + " requests wait for your approval.");
          rows.setAll(l.rows);
          byConnection.setAll(l.byConnection);
          byTable.setAll(l.byTable);
          hasPrevious.set(q.offset() > 0);
          hasNext.set(q.offset() + l.rows.size() < l.total);
          pageText.set(l.total == 0 ? "No transfer matches." : "Transfers "
              + (q.offset() + 1) + "–" + (q.offset() + l.rows.size()) + " of " + l.total);
          selected.set(l.rows.stream().filter(r -> r.id() == keep).findFirst().orElse(null));
          message.set("");
        }).onError(e -> message.set(Formats.problem(e))).andFinally(() -> loading = false));
  }

  private record Loaded(List<TransferRecord> rows, long total, List<Stats> byConnection,
      List<Stats> byTable, long waiting) {}

  /** Approves the selected request: the receiver may read the table (now, or when back). */
  public void approve() {
    TransferRecord r = selected.get();
    if (r == null || !canDecide.get()) {
      return;
    }
    String me = System.getProperty("user.name", "someone");
    executor.execute(BackgroundTask.run(() -> store.approvals().approve(r.id(), me))
        .onSuccess(v -> {
          message.set("Approved: " + r.clientName() + " may read " + r.table() + ".");
          refresh();
        }).onError(e -> message.set(Formats.problem(e))));
  }

  /** Denies the selected request, with a reason the receiver is told. */
  public void deny() {
    TransferRecord r = selected.get();
    if (r == null || !canDecide.get()) {
      return;
    }
    java.util.Optional<String> reason = dialogs.askText("Deny the request",
        "Why? " + r.clientName() + " is told this reason (you may leave it empty).", false);
    if (reason.isEmpty()) {
      return;
    }
    String me = System.getProperty("user.name", "someone");
    executor.execute(BackgroundTask.run(() -> store.approvals().deny(r.id(), me,
        reason.get())).onSuccess(v -> {
          message.set("Denied: " + r.table() + " for " + r.clientName() + ".");
          refresh();
        }).onError(e -> message.set(Formats.problem(e))));
  }

  /** Whether the selected transfer is a request waiting for this user's decision. */
  public BooleanProperty canDecideProperty() {
    return canDecide;
  }

  /** How many requests wait for approval ("" when none). */
  public StringProperty waitingProperty() {
    return waiting;
  }

  private void showDetail(TransferRecord r) {
    if (r == null) {
      detail.set("");
      return;
    }
    executor.execute(BackgroundTask.of(() -> store.audit(r.id())).onSuccess(audit ->
        detail.set(TransferDetail.text(r, audit))).onError(e -> detail.set(
            TransferDetail.text(r, List.<AuditEntry>of()))));
  }

  /** What "Run again" does with the selected finished receive (the main window's wizard). */
  public void onRunAgain(java.util.function.Consumer<TransferRecord> action) {
    runAgain = action;
  }

  public void runAgain() {
    if (canRunAgain.get()) {
      runAgain.accept(selected.get());
    }
  }

  public BooleanProperty canRunAgainProperty() {
    return canRunAgain;
  }

  public StringProperty directionProperty() {
    return direction;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public StringProperty tableProperty() {
    return table;
  }

  public StringProperty connectionProperty() {
    return connection;
  }

  public ObjectProperty<LocalDate> fromProperty() {
    return from;
  }

  public ObjectProperty<LocalDate> toProperty() {
    return to;
  }

  public ObservableList<TransferRecord> rows() {
    return rows;
  }

  public ObjectProperty<TransferRecord> selectedProperty() {
    return selected;
  }

  public StringProperty detailProperty() {
    return detail;
  }

  public StringProperty pageTextProperty() {
    return pageText;
  }

  public BooleanProperty hasNextProperty() {
    return hasNext;
  }

  public BooleanProperty hasPreviousProperty() {
    return hasPrevious;
  }

  public ObservableList<Stats> byConnection() {
    return byConnection;
  }

  public ObservableList<Stats> byTable() {
    return byTable;
  }

  public StringProperty messageProperty() {
    return message;
  }
}

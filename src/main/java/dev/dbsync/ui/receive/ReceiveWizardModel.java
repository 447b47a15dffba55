package dev.dbsync.ui.receive;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.TaskExecutor;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The receive wizard's shared state (the link, the target, the tables and choices, the report)
 * and its navigation: which step shows, and whether Back and Next may be used.
 */
public final class ReceiveWizardModel {
  private final TaskExecutor executor;
  private final DialogService dialogs;
  private final SavedDatabases saved;
  private final ObservableList<SavedDatabase> targets = FXCollections.observableArrayList();
  private final ObjectProperty<SavedDatabase> target = new SimpleObjectProperty<>();
  private final ObservableList<RemoteTable> tables = FXCollections.observableArrayList();
  private final BooleanProperty createMissing = new SimpleBooleanProperty(true);
  private final BooleanProperty references = new SimpleBooleanProperty(true);
  private final BooleanProperty addColumns = new SimpleBooleanProperty(false);
  private final IntegerProperty jobs = new SimpleIntegerProperty(
      dev.dbsync.engine.transfer.TransferOptions.AUTOMATIC);
  private final ObjectProperty<TransferReport> report = new SimpleObjectProperty<>();
  private final StringProperty transferError = new SimpleStringProperty("");
  private final IntegerProperty index = new SimpleIntegerProperty(0);
  private final BooleanProperty working = new SimpleBooleanProperty();
  private final StringProperty nextLabel = new SimpleStringProperty("Next");
  private final BooleanProperty stepReady = new SimpleBooleanProperty();
  private final BooleanBinding nextDisabled;
  private final BooleanBinding backVisible;
  private final List<StepViewModel> steps;
  private final HistoryStore history;
  private Runnable openHistory = () -> { };
  private String address = "";
  private String code = "";
  private String connectionName;
  private volatile SyncClient client;
  private volatile Database targetDb;

  /**
   * The wizard with the steps {@code makeSteps} makes on it ({@link ReceiveSteps#of} in the app),
   * starting on the first.
   */
  public ReceiveWizardModel(TaskExecutor executor, DialogService dialogs,
      SavedDatabases saved, HistoryStore history,
      java.util.function.Function<ReceiveWizardModel, List<StepViewModel>> makeSteps) {
    this.history = history;
    this.executor = executor;
    this.dialogs = dialogs;
    this.saved = saved;
    this.steps = List.copyOf(makeSteps.apply(this));
    nextDisabled = working.or(stepReady.not());
    backVisible = Bindings.createBooleanBinding(() -> index.get() > 0
        && index.get() < steps.size() - 1, index);
    enter(0);
  }

  public void reloadDatabases() {
    executor.execute(BackgroundTask.of(saved::list).onSuccess(list -> {
      SavedDatabase was = target.get();
      targets.setAll(list);
      target.set(list.stream().filter(d -> was != null && d.id().equals(was.id())).findFirst()
          .orElse(list.isEmpty() ? null : list.get(0)));
    }));
  }

  public void next() {
    if (nextDisabled.get()) {
      return;
    }
    int at = index.get();
    steps.get(at).next(() -> {
      if (index.get() == at && at < steps.size() - 1) {
        go(at + 1);
      }
    });
  }

  public void back() {
    if (backVisible.get() && !working.get()) {
      go(index.get() - 1);
    }
  }

  /** Esc / Cancel: stops what runs, or else leaves the wizard and starts over. */
  public void cancel() {
    if (steps.get(index.get()).cancel()) {
      return;
    }
    startOver();
  }

  /** Forgets the link and the choices and shows the first step again. */
  public void startOver() {
    close();
    tables.clear();
    report.set(null);
    transferError.set("");
    go(0);
  }

  /**
   * "Run again" from the history: a fresh start with the sender's address, the same target
   * and the same tables and strategies chosen once the tables load; only a new code is needed
   * (a code works once).
   */
  public void prepareRunAgain(String address, String targetName,
      java.util.Map<String, dev.dbsync.engine.model.Strategy> choices) {
    prepareRunAgain(address, null, targetName, choices);
  }

  /**
   * The same for a transfer made on the saved permanent connection {@code connection}: no
   * code is needed, the connection is chosen again.
   */
  public void prepareRunAgain(String address, String connection, String targetName,
      java.util.Map<String, dev.dbsync.engine.model.Strategy> choices) {
    startOver();
    targets.stream().filter(t -> t.name().equals(targetName)).findFirst()
        .ifPresent(target::set);
    RunAgain again = new RunAgain(address, connection, choices);
    steps.forEach(s -> s.prepareRunAgain(again));
  }

  /** Back to the tables of the same sender, with fresh counts, for another transfer. */
  public void pullAgain() {
    report.set(null);
    transferError.set("");
    steps.forEach(StepViewModel::pullAgain);
    go(1);
  }

  /** Shows the results step (the run step's way out, whatever the outcome). */
  public void showResults() {
    go(steps.size() - 1);
  }

  private void go(int i) {
    steps.get(index.get()).deactivate();
    enter(i);
  }

  private void enter(int i) {
    index.set(i);
    StepViewModel s = steps.get(i);
    s.activate();
    stepReady.unbind();
    stepReady.bind(s.canAdvance());
    nextLabel.set(s.nextLabel());
  }

  /** Closes the link and the target database; safe to call more than once. */
  public void close() {
    SyncClient c = client;
    Database d = targetDb;
    client = null;
    targetDb = null;
    if (c != null || d != null) {
      executor.execute(BackgroundTask.run(() -> {
        try (SyncClient a = c; Database b = d) {
          // closed by try-with-resources
        }
      }));
    }
  }

  /** Called by the connect step once the link is up and the target is open. */
  public void connected(SyncClient newClient, Database newTarget, String newAddress,
      String newCode) {
    connected(newClient, newTarget, newAddress, newCode, null);
  }

  /** The same, on a saved permanent connection ({@code newConnection}; no code then). */
  public void connected(SyncClient newClient, Database newTarget, String newAddress,
      String newCode, String newConnection) {
    this.client = newClient;
    this.targetDb = newTarget;
    this.address = newAddress;
    this.code = newCode;
    this.connectionName = newConnection;
  }

  /** The saved permanent connection in use, or null for a one-time code. */
  public String connectionName() {
    return connectionName;
  }

  /** The sender's address and the code used, for the history. */
  public String address() {
    return address;
  }

  public String code() {
    return code;
  }

  public HistoryStore history() {
    return history;
  }

  /** What "Open history" does (the main window shows its History screen). */
  public void onOpenHistory(Runnable r) {
    openHistory = r;
  }

  public void openHistory() {
    openHistory.run();
  }

  public SyncClient client() {
    return client;
  }

  public Database targetDb() {
    return targetDb;
  }

  public List<RemoteTable> selectedTables() {
    return tables.stream().filter(t -> t.selectedProperty().get()).toList();
  }

  public TaskExecutor executor() {
    return executor;
  }

  public DialogService dialogs() {
    return dialogs;
  }

  public SavedDatabases saved() {
    return saved;
  }

  public List<StepViewModel> steps() {
    return steps;
  }

  @SuppressWarnings("unchecked")
  public <T extends StepViewModel> T step(Class<T> type) {
    return (T) steps.stream().filter(type::isInstance).findFirst().orElseThrow();
  }

  public ObservableList<SavedDatabase> targets() {
    return targets;
  }

  public ObjectProperty<SavedDatabase> targetProperty() {
    return target;
  }

  public ObservableList<RemoteTable> tables() {
    return tables;
  }

  public BooleanProperty createMissingProperty() {
    return createMissing;
  }

  /** Bring the rows the chosen rows reference (and narrow children to their parents). */
  /** Add to a local table the columns the sender's has and it lacks. */
  public BooleanProperty addColumnsProperty() {
    return addColumns;
  }

  /** Tables written at once (0: as many as the sender offers, at most two per core here). */
  public IntegerProperty jobsProperty() {
    return jobs;
  }

  public BooleanProperty referencesProperty() {
    return references;
  }

  /**
   * The rows the chosen tables' filters ask for, as a pull takes them.
   *
   * @throws IllegalArgumentException when a limit or sample is not a number
   */
  public dev.dbsync.engine.subset.SubsetSpec subsetSpec() {
    java.util.Map<String, List<dev.dbsync.engine.subset.Clause>> conditions =
        new java.util.LinkedHashMap<>();
    List<String> limits = new java.util.ArrayList<>();
    List<String> samples = new java.util.ArrayList<>();
    for (RemoteTable t : selectedTables()) {
      List<dev.dbsync.engine.subset.Clause> c = t.rows().clauses();
      if (!c.isEmpty()) {
        conditions.put(t.name(), c);
      }
      java.util.Optional.ofNullable(t.rows().limitSpec(t.name())).ifPresent(limits::add);
      java.util.Optional.ofNullable(t.rows().sampleSpec(t.name())).ifPresent(samples::add);
    }
    dev.dbsync.engine.subset.SubsetSpec parsed = dev.dbsync.engine.subset.SubsetSpec.parse(
        null, limits, samples, null, references.get());
    return new dev.dbsync.engine.subset.SubsetSpec(conditions, parsed.limits(), parsed.samples(),
        parsed.seed(), parsed.references());
  }

  public ObjectProperty<TransferReport> reportProperty() {
    return report;
  }

  /** Why a transfer stopped before it could report, or empty. */
  public StringProperty transferErrorProperty() {
    return transferError;
  }

  public IntegerProperty indexProperty() {
    return index;
  }

  public BooleanProperty workingProperty() {
    return working;
  }

  public StringProperty nextLabelProperty() {
    return nextLabel;
  }

  public BooleanBinding nextDisabledProperty() {
    return nextDisabled;
  }

  public BooleanBinding backVisibleProperty() {
    return backVisible;
  }
}

package dev.dbsync.ui.receive.tables;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.StepViewModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * Step 2: the sender's tables next to the local ones; which to pull, with which strategy,
 * and the parent tables a chosen child needs.
 */
public final class TablesViewModel implements StepViewModel {
  private final ReceiveWizardModel wizard;
  private final ObservableList<RemoteTable> watched;
  private final FilteredList<RemoteTable> visible;
  private final StringProperty search = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("");
  private final StringProperty parentsOffer = new SimpleStringProperty("");
  private final BooleanProperty loading = new SimpleBooleanProperty();
  private final BooleanBinding anySelected;
  private final FilterEditorViewModel filters;
  private SyncClient loadedFrom;
  private java.util.Map<String, Strategy> preselected = java.util.Map.of();

  public TablesViewModel(ReceiveWizardModel wizard) {
    this.wizard = wizard;
    this.filters = new FilterEditorViewModel(wizard);
    watched = FXCollections.observableArrayList(
        t -> new Observable[] {t.selectedProperty()});
    Bindings.bindContent(watched, wizard.tables());
    visible = new FilteredList<>(wizard.tables());
    search.addListener((o, a, text) -> {
      String s = text.trim().toLowerCase(Locale.ROOT);
      visible.setPredicate(t -> s.isEmpty() || t.name().toLowerCase(Locale.ROOT).contains(s));
    });
    anySelected = Bindings.createBooleanBinding(
        () -> !loading.get() && watched.stream().anyMatch(t -> t.selectedProperty().get()),
        watched, loading);
    watched.addListener((javafx.collections.ListChangeListener<RemoteTable>) c -> offerParents());
    wizard.referencesProperty().addListener((o, a, b) -> offerParents());
  }

  @Override
  public String title() {
    return "Tables";
  }

  @Override
  public BooleanExpression canAdvance() {
    return anySelected;
  }

  @Override
  public void activate() {
    SyncClient client = wizard.client();
    if (client == null || client == loadedFrom) {
      return;
    }
    loadedFrom = client;
    Database target = wizard.targetDb();
    loading.set(true);
    message.set("Reading the sender's tables…");
    wizard.executor().execute(BackgroundTask.of(() -> load(client, target)).onSuccess(rows -> {
      for (RemoteTable was : wizard.tables()) { // keep the choices made before a reload
        rows.stream().filter(r -> r.name().equals(was.name())).findFirst().ifPresent(r -> {
          r.selectedProperty().set(was.selectedProperty().get());
          r.strategyProperty().set(was.strategyProperty().get());
        });
      }
      rows.forEach(r -> {
        Strategy s = preselected.get(r.name());
        if (s != null) {
          r.selectedProperty().set(true);
          r.strategyProperty().set(s);
        }
      });
      preselected = java.util.Map.of();
      wizard.tables().setAll(rows);
      message.set(rows.isEmpty() ? "The sender shares no table." : "");
    }).onError(e -> {
      loadedFrom = null;
      message.set(Formats.problem(e));
    }).andFinally(() -> loading.set(false)));
  }

  /** Tables (and strategies) to choose as soon as the sender's tables arrive. */
  public void preselect(java.util.Map<String, Strategy> choices) {
    preselected = java.util.Map.copyOf(choices);
  }

  /** The tables and strategies of a transfer run again, chosen once the tables load. */
  @Override
  public void prepareRunAgain(dev.dbsync.ui.receive.RunAgain again) {
    preselect(again.choices());
  }

  /** Another transfer from the same sender: the tables and counts are read again. */
  @Override
  public void pullAgain() {
    reload();
  }

  /** Reads the tables and counts again when the step shows next. */
  public void reload() {
    loadedFrom = null;
  }

  /**
   * The sender's tables beside the target's. Counts come from each side's table list: exact
   * for small tables, the planner's estimate for big PostgreSQL ones (no count(*) of a huge
   * table just to fill a column).
   */
  static List<RemoteTable> load(SyncClient client, Database target) {
    java.util.Map<String, TableInfo> local = new java.util.HashMap<>();
    target.listTables().forEach(t -> local.put(t.name(), t));
    List<RemoteTable> rows = new ArrayList<>();
    for (TableInfo t : client.listTables()) {
      TableSchema remote = client.getSchema(t.name());
      TableInfo here = local.get(t.name());
      boolean exists = here != null || target.tableExists(t.name());
      long localCount = here != null ? here.rowCount() : exists ? target.getCount(t.name()) : -1;
      rows.add(new RemoteTable(t.name(), t.rowCount(), localCount,
          t.estimated() || (here != null && here.estimated()), remote,
          exists ? target.getSchema(t.name()) : null));
    }
    return rows;
  }

  /** Selects (or clears) every table the search shows. */
  public void selectAllVisible(boolean on) {
    visible.forEach(t -> t.selectedProperty().set(on));
  }

  /** Gives every selected table the same strategy. */
  public void applyToSelected(Strategy s) {
    wizard.selectedTables().forEach(t -> t.strategyProperty().set(s));
  }

  /** The parents of chosen tables that are offered but not chosen. */
  List<String> missingParents() {
    Set<String> chosen = new LinkedHashSet<>(wizard.selectedTables().stream()
        .map(RemoteTable::name).toList());
    Set<String> offered = new LinkedHashSet<>(wizard.tables().stream().map(RemoteTable::name)
        .toList());
    Set<String> missing = new LinkedHashSet<>();
    for (RemoteTable t : wizard.selectedTables()) {
      for (String p : t.parents()) {
        if (!chosen.contains(p) && offered.contains(p)) {
          missing.add(p);
        }
      }
    }
    return List.copyOf(missing);
  }

  private void offerParents() {
    List<String> missing = missingParents();
    parentsOffer.set(missing.isEmpty() ? "" : "The tables you chose reference "
        + String.join(", ", missing) + (wizard.referencesProperty().get()
        ? ": the rows they reference come along. Add the tables to pull them whole."
        : ". Without those rows, referencing rows may be refused."));
  }

  /** Adds the parents that {@link #parentsOfferProperty} names, and theirs in turn. */
  public void addParents() {
    for (List<String> missing = missingParents(); !missing.isEmpty();
        missing = missingParents()) {
      List<String> add = missing;
      wizard.tables().stream().filter(t -> add.contains(t.name()))
          .forEach(t -> t.selectedProperty().set(true));
    }
  }

  /** The filter editor of the table in focus. */
  public FilterEditorViewModel filters() {
    return filters;
  }

  public FilteredList<RemoteTable> visible() {
    return visible;
  }

  public StringProperty searchProperty() {
    return search;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public StringProperty parentsOfferProperty() {
    return parentsOffer;
  }

  public BooleanProperty loadingProperty() {
    return loading;
  }
}

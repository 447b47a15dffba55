package dev.dbsync.ui.databases;

import dev.dbsync.engine.db.ConnectionCheck;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The saved databases, and the form that adds or edits a PostgreSQL one. */
public final class DatabasesViewModel {
  private final TaskExecutor executor;
  private final DialogService dialogs;
  private final SavedDatabases saved;
  private final ObservableList<SavedDatabase> entries = FXCollections.observableArrayList();
  private final ObjectProperty<SavedDatabase> selected = new SimpleObjectProperty<>();
  private final StringProperty name = new SimpleStringProperty("");
  private final StringProperty host = new SimpleStringProperty("localhost");
  private final StringProperty port = new SimpleStringProperty("5432");
  private final StringProperty database = new SimpleStringProperty("");
  private final StringProperty user = new SimpleStringProperty("");
  private final StringProperty password = new SimpleStringProperty("");
  private final StringProperty sslMode = new SimpleStringProperty("prefer");
  private final StringProperty result = new SimpleStringProperty("");
  private final BooleanProperty resultOk = new SimpleBooleanProperty();
  private final BooleanProperty busy = new SimpleBooleanProperty();
  private final List<Runnable> changeListeners = new ArrayList<>();
  private String editingId;

  public DatabasesViewModel(TaskExecutor executor, DialogService dialogs, SavedDatabases saved) {
    this.executor = executor;
    this.dialogs = dialogs;
    this.saved = saved;
    selected.addListener((o, was, now) -> {
      if (now != null && now.kind() == DatabaseLocator.Kind.POSTGRESQL) {
        edit(now);
      }
    });
  }

  /** Called after the list changes, so other screens can offer the new entries. */
  public void onChange(Runnable r) {
    changeListeners.add(r);
  }

  public void reload() {
    executor.execute(BackgroundTask.of(saved::list).onSuccess(entries::setAll)
        .onError(e -> report(false, Formats.problem(e))));
  }

  /** Clears the form for a new PostgreSQL database. */
  public void newPostgres() {
    editingId = null;
    name.set("");
    host.set("localhost");
    port.set("5432");
    database.set("");
    user.set("");
    password.set("");
    sslMode.set("prefer");
    report(true, "");
  }

  void edit(SavedDatabase e) {
    editingId = e.id();
    name.set(e.name());
    host.set(e.host());
    port.set(String.valueOf(e.port()));
    database.set(e.database());
    user.set(e.user() == null ? "" : e.user());
    password.set("");
    sslMode.set(e.sslMode() == null ? "prefer" : e.sslMode());
    report(true, e.sealedPassword() == null ? "" : "A password is saved (sealed). Leave the "
        + "field empty to keep it.");
  }

  /** The form as an entry, or null with the reason shown when something is missing. */
  SavedDatabase draft() {
    int p;
    try {
      p = Integer.parseInt(port.get().trim());
    } catch (NumberFormatException e) {
      p = -1;
    }
    String problem = host.get().isBlank() ? "Enter the server's host name or address."
        : p < 1 || p > 65535 ? "The port is a number from 1 to 65535 (PostgreSQL uses 5432)."
        : database.get().isBlank() ? "Enter the name of the database." : null;
    if (problem != null) {
      report(false, problem);
      return null;
    }
    String n = name.get().isBlank() ? database.get().trim() + " on " + host.get().trim()
        : name.get().trim();
    return new SavedDatabase(editingId, n, DatabaseLocator.Kind.POSTGRESQL, host.get().trim(), p,
        database.get().trim(), user.get().isBlank() ? null : user.get().trim(), sslMode.get(),
        null, null);
  }

  public void testConnection() {
    SavedDatabase d = draft();
    if (d == null) {
      return;
    }
    String pw = password.get();
    busy.set(true);
    report(true, "Connecting…");
    executor.execute(BackgroundTask.of(() -> ConnectionCheck.test(saved.draftLocator(d, pw)))
        .onSuccess(r -> report(r.ok(), r.message()))
        .onError(e -> report(false, Formats.problem(e)))
        .andFinally(() -> busy.set(false)));
  }

  public void savePostgres() {
    SavedDatabase d = draft();
    if (d == null) {
      return;
    }
    String pw = password.get();
    executor.execute(BackgroundTask.of(() -> saved.save(d, pw)).onSuccess(s -> {
      editingId = s.id();
      password.set("");
      report(true, "Saved \"" + s.name() + "\".");
      changed();
    }).onError(e -> report(false, Formats.problem(e))));
  }

  public void addSqlite() {
    dialogs.chooseSqliteFile("Add a SQLite database", true).ifPresent(this::addSqlite);
  }

  void addSqlite(Path file) {
    String n = file.getFileName().toString();
    executor.execute(BackgroundTask.of(() -> saved.save(SavedDatabase.sqlite(n, file), null))
        .onSuccess(s -> {
          report(true, "Added \"" + s.name() + "\".");
          changed();
        }).onError(e -> report(false, Formats.problem(e))));
  }

  public void removeSelected() {
    SavedDatabase s = selected.get();
    if (s == null || s.isWorkspace()) {
      return;
    }
    if (!dialogs.confirm("Remove \"" + s.name() + "\"?", "DB Sync forgets this entry and its "
        + "saved password. The database itself is not touched.", "Remove")) {
      return;
    }
    executor.execute(BackgroundTask.run(() -> saved.remove(s.id())).onSuccess(v -> {
      newPostgres();
      changed();
    }).onError(e -> report(false, Formats.problem(e))));
  }

  private void changed() {
    reload();
    changeListeners.forEach(Runnable::run);
  }

  private void report(boolean ok, String text) {
    resultOk.set(ok);
    result.set(text);
  }

  public ObservableList<SavedDatabase> entries() {
    return entries;
  }

  public ObjectProperty<SavedDatabase> selectedProperty() {
    return selected;
  }

  public StringProperty nameProperty() {
    return name;
  }

  public StringProperty hostProperty() {
    return host;
  }

  public StringProperty portProperty() {
    return port;
  }

  public StringProperty databaseProperty() {
    return database;
  }

  public StringProperty userProperty() {
    return user;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public StringProperty sslModeProperty() {
    return sslMode;
  }

  public StringProperty resultProperty() {
    return result;
  }

  public BooleanProperty resultOkProperty() {
    return resultOk;
  }

  public BooleanProperty busyProperty() {
    return busy;
  }
}

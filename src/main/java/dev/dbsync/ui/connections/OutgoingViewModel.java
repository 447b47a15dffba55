package dev.dbsync.ui.connections;

import dev.dbsync.engine.connections.SavedConnections;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.connections.SavedConnection;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
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

/**
 * The permanent connections this computer pulls with (senders gave it a token): the list
 * with the status last learnt from each sender, and the form that saves one (or replaces its
 * token after the sender rotated it).
 */
public final class OutgoingViewModel {
  private final TaskExecutor executor;
  private final DialogService dialogs;
  private final HistoryStore store;
  private final ObservableList<SavedConnection> saved = FXCollections.observableArrayList();
  private final ObjectProperty<SavedConnection> selected = new SimpleObjectProperty<>();
  private final StringProperty name = new SimpleStringProperty("");
  private final StringProperty address = new SimpleStringProperty("");
  private final StringProperty token = new SimpleStringProperty("");
  private final StringProperty password = new SimpleStringProperty("");
  private final StringProperty fingerprint = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("");
  private final BooleanProperty messageOk = new SimpleBooleanProperty();
  private final List<Runnable> changeListeners = new ArrayList<>();

  public OutgoingViewModel(TaskExecutor executor, DialogService dialogs, HistoryStore store) {
    this.executor = executor;
    this.dialogs = dialogs;
    this.store = store;
    selected.addListener((o, a, s) -> {
      if (s != null) {
        name.set(s.name());
        address.set(s.address());
        fingerprint.set(s.fingerprint() == null ? "" : s.fingerprint());
        token.set("");
        password.set("");
      }
    });
  }

  /** Called after the list changes (the receive wizard offers the saved connections). */
  public void onChange(Runnable r) {
    changeListeners.add(r);
  }

  public void reload() {
    executor.execute(BackgroundTask.of(() -> SavedConnections.of(store).list()).onSuccess(l -> {
      saved.setAll(l);
      changeListeners.forEach(Runnable::run);
    }).onError(e -> say(false, Formats.problem(e))));
  }

  /** Saves the connection the form describes; the token is sealed, never kept in plain text. */
  public void save() {
    String n = name.get().trim();
    String a = address.get().trim();
    String t = token.get().trim();
    String p = password.get();
    String f = fingerprint.get().isBlank() ? null : fingerprint.get().trim();
    executor.execute(BackgroundTask.of(() -> SavedConnections.of(store).save(n, a, t, p, f,
        System.getProperty("user.name", "someone"))).onSuccess(s -> {
          token.set("");
          password.set("");
          say(true, "Saved " + s.name() + ". Receive › Connect offers it; no code needed.");
          reload();
        }).onError(e -> say(false, Formats.problem(e))));
  }

  /** Forgets the selected connection on this computer, after asking. */
  public void forget() {
    SavedConnection s = selected.get();
    if (s != null && dialogs.confirm("Forget " + s.name(), "Forget " + s.name() + " on this "
        + "computer? Its token is deleted here; ask the sender for a new one to use it again.",
        "Forget")) {
      executor.execute(BackgroundTask.of(() -> new dev.dbsync.engine.connections.ConnectionPull(
          store, s.name(), System.getProperty("user.name", "someone")).forget(
              dev.dbsync.engine.link.receiver.ConnectOptions.defaults()
                  .fromThisComputer("DB Sync desktop"))).onSuccess(told -> {
            say(true, "Forgot " + s.name() + (told ? "; the sender was told and revoked it."
                : ". The sender could not be reached; it keeps the connection until it "
                    + "revokes it."));
            reload();
          }).onError(e -> say(false, Formats.problem(e))));
    }
  }

  private void say(boolean ok, String text) {
    messageOk.set(ok);
    message.set(text);
  }

  public ObservableList<SavedConnection> saved() {
    return saved;
  }

  public ObjectProperty<SavedConnection> selectedProperty() {
    return selected;
  }

  public StringProperty nameProperty() {
    return name;
  }

  public StringProperty addressProperty() {
    return address;
  }

  public StringProperty tokenProperty() {
    return token;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public StringProperty fingerprintProperty() {
    return fingerprint;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public BooleanProperty messageOkProperty() {
    return messageOk;
  }
}

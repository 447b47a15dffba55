package dev.dbsync.ui.connections;

import dev.dbsync.engine.connections.Connection;
import dev.dbsync.engine.connections.ConnectionStatus;
import dev.dbsync.engine.connections.Connections;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The permanent connections this computer serves (receivers pull from it): the list, the
 * form that creates or edits one with every setting, the status moves, token rotation, and
 * the new token shown once.
 */
public final class IncomingViewModel {
  private final TaskExecutor executor;
  private final DialogService dialogs;
  private final HistoryStore store;
  private final ObservableList<Connection> connections = FXCollections.observableArrayList();
  private final ObjectProperty<Connection> selected = new SimpleObjectProperty<>();
  private final ConnectionForm form = new ConnectionForm();
  private final BooleanProperty editing = new SimpleBooleanProperty();
  private final StringProperty token = new SimpleStringProperty("");
  private final StringProperty tokenFor = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("");
  private final BooleanProperty messageOk = new SimpleBooleanProperty();

  public IncomingViewModel(TaskExecutor executor, DialogService dialogs, HistoryStore store) {
    this.executor = executor;
    this.dialogs = dialogs;
    this.store = store;
    selected.addListener((o, a, c) -> {
      if (c != null) {
        form.load(c);
        editing.set(true);
      }
    });
  }

  private static String me() {
    return System.getProperty("user.name", "someone");
  }

  public void reload() {
    long keep = selected.get() == null ? -1 : selected.get().id();
    executor.execute(BackgroundTask.of(() -> Connections.of(store).list()).onSuccess(l -> {
      connections.setAll(l);
      l.stream().filter(c -> c.id() == keep).findFirst().ifPresent(selected::set);
    }).onError(e -> say(false, Formats.problem(e))));
  }

  /** Empties the form for a new connection. */
  public void newConnection() {
    selected.set(null);
    form.clear();
    editing.set(false);
    say(true, "");
  }

  /** Creates the connection the form describes (showing its token once), or saves the edit. */
  public void save() {
    var settings = validSettings();
    if (settings == null) {
      return;
    }
    String name = form.name.get().trim();
    String pw = form.password.get();
    if (editing.get()) {
      executor.execute(BackgroundTask.of(() -> Connections.of(store).update(name, settings,
          pw.isEmpty() ? null : pw, me())).onSuccess(c -> {
            say(true, "Saved. The new settings apply from " + name + "'s next request.");
            reload();
          }).onError(e -> say(false, Formats.problem(e))));
    } else {
      executor.execute(BackgroundTask.of(() -> Connections.of(store).create(name, settings, pw,
          me())).onSuccess(created -> {
            show(created);
            selected.set(created.connection());
            say(true, "Created. Give " + name + " the address of this computer and the token "
                + "below; they save it under Connections › Outgoing.");
            reload();
          }).onError(e -> say(false, Formats.problem(e))));
    }
  }

  private dev.dbsync.engine.connections.ConnectionSettings validSettings() {
    try {
      return form.settings();
    } catch (IllegalArgumentException e) {
      say(false, e.getMessage());
      return null;
    }
  }

  public void suspend() {
    move(ConnectionStatus.SUSPENDED, "Suspended", null);
  }

  public void reactivate() {
    move(ConnectionStatus.ACTIVE, "Reactivated", null);
  }

  /** Revokes the selected connection for good, after asking. */
  public void revoke() {
    Connection c = selected.get();
    if (c != null && dialogs.confirm("Revoke " + c.name(), "Revoke " + c.name() + " for good? "
        + "Its token stops working at once and it cannot be reactivated.", "Revoke")) {
      move(ConnectionStatus.REVOKED, "Revoked", null);
    }
  }

  private void move(ConnectionStatus to, String done, String reason) {
    Connection c = selected.get();
    if (c == null) {
      return;
    }
    executor.execute(BackgroundTask.run(() -> Connections.of(store).move(c.name(), to, me(),
        reason)).onSuccess(v -> {
          say(true, done + ": " + c.name() + ". A connected receiver is told within a "
              + "second.");
          reload();
        }).onError(e -> say(false, Formats.problem(e))));
  }

  /** A new token for the selected connection (the old one stops working), shown once. */
  public void rotateToken() {
    Connection c = selected.get();
    if (c != null && dialogs.confirm("New token for " + c.name(), "Give " + c.name() + " a new "
        + "token? The current one stops working at once; they must save the new one.",
        "Make a new token")) {
      executor.execute(BackgroundTask.of(() -> Connections.of(store).rotateToken(c.name(), me()))
          .onSuccess(created -> {
            show(created);
            say(true, "New token made for " + c.name() + ".");
          }).onError(e -> say(false, Formats.problem(e))));
    }
  }

  /** Deletes the selected connection, after asking. */
  public void delete() {
    Connection c = selected.get();
    if (c != null && dialogs.confirm("Delete " + c.name(), "Delete " + c.name() + "? Its "
        + "token stops working; its transfers stay in the history.", "Delete")) {
      executor.execute(BackgroundTask.run(() -> Connections.of(store).delete(c.name(), me()))
          .onSuccess(v -> {
            newConnection();
            say(true, "Deleted " + c.name() + ".");
            reload();
          }).onError(e -> say(false, Formats.problem(e))));
    }
  }

  private void show(Connections.Created created) {
    token.set(created.token());
    tokenFor.set(created.connection().name());
  }

  /** Copies the token shown once. */
  public void copyToken() {
    dialogs.copyToClipboard(token.get());
    say(true, "Token copied.");
  }

  /** Hides the token: it cannot be shown again. */
  public void forgetToken() {
    token.set("");
    tokenFor.set("");
  }

  private void say(boolean ok, String text) {
    messageOk.set(ok);
    message.set(text);
  }

  public ObservableList<Connection> connections() {
    return connections;
  }

  public ObjectProperty<Connection> selectedProperty() {
    return selected;
  }

  public ConnectionForm form() {
    return form;
  }

  public BooleanProperty editingProperty() {
    return editing;
  }

  public StringProperty tokenProperty() {
    return token;
  }

  public StringProperty tokenForProperty() {
    return tokenFor;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public BooleanProperty messageOkProperty() {
    return messageOk;
  }
}

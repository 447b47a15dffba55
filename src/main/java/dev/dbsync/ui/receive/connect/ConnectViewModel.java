package dev.dbsync.ui.receive.connect;

import dev.dbsync.engine.connections.SavedConnections;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.connections.ConnectionPull;
import dev.dbsync.engine.link.Codes;
import dev.dbsync.engine.link.WsUrl;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.StepViewModel;
import java.time.Duration;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Step 1: the sender's address and code (checked as typed), then the link itself. */
public final class ConnectViewModel implements StepViewModel {
  private final ReceiveWizardModel wizard;
  private final StringProperty address = new SimpleStringProperty("");
  private final StringProperty code = new SimpleStringProperty("");
  /** The saved permanent connection to use instead of an address and code ("" for none). */
  private final StringProperty saved = new SimpleStringProperty("");
  private final javafx.collections.ObservableList<String> savedNames =
      javafx.collections.FXCollections.observableArrayList();
  private final StringProperty password = new SimpleStringProperty("");
  private final StringProperty fingerprint = new SimpleStringProperty("");
  private final BooleanBinding secure;
  private final BooleanProperty passwordNeeded = new SimpleBooleanProperty();
  private final BooleanProperty compress = new SimpleBooleanProperty();
  private final StringProperty status = new SimpleStringProperty("");
  private final BooleanProperty failed = new SimpleBooleanProperty();
  private final StringBinding addressProblem;
  private final StringBinding codeProblem;
  private final BooleanBinding ready;
  private String connectedTo;
  private volatile boolean abandoned;

  public ConnectViewModel(ReceiveWizardModel wizard) {
    this.wizard = wizard;
    addressProblem = Bindings.createStringBinding(() -> addressProblem(address.get()), address);
    codeProblem = Bindings.createStringBinding(() -> codeProblem(code.get()), code);
    secure = Bindings.createBooleanBinding(() -> addressProblem(address.get()).isEmpty()
        && !address.get().isBlank() && WsUrl.base(address.get()).getScheme().equals("wss"),
        address);
    ready = Bindings.createBooleanBinding(() -> wizard.targetProperty().get() != null
            && (!savedName().isEmpty() || addressProblem.get().isEmpty()
                && !address.get().isBlank() && Codes.isWellFormed(Codes.normalize(code.get()))
                && (!passwordNeeded.get() || !password.get().isEmpty())),
        addressProblem, code, wizard.targetProperty(), passwordNeeded, password, saved);
  }

  @Override
  public void activate() {
    reloadSaved();
  }

  /** The saved connection chosen, or "" for an address and a code. */
  private String savedName() {
    return saved.get() == null ? "" : saved.get();
  }

  /** Offers the permanent connections saved on this computer (Connections › Outgoing). */
  public void reloadSaved() {
    if (wizard.history() == null) {
      return;
    }
    wizard.executor().execute(BackgroundTask.of(() -> SavedConnections.of(wizard.history()).list())
        .onSuccess(l -> {
          String keep = savedName();
          java.util.List<String> names = new java.util.ArrayList<>(List.of(""));
          l.forEach(c -> names.add(c.name()));
          savedNames.setAll(names);
          saved.set(names.contains(keep) ? keep : "");
        }));
  }

  static String addressProblem(String typed) {
    if (typed == null || typed.isBlank()) {
      return "";
    }
    try {
      WsUrl.base(typed);
      return "";
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  static String codeProblem(String typed) {
    String c = Codes.normalize(typed);
    if (c.isEmpty()) {
      return "";
    }
    for (char ch : c.toCharArray()) {
      if (Codes.ALPHABET.indexOf(ch) < 0) {
        return "'" + ch + "' is never part of a code (codes have no 0, O, 1, I or L).";
      }
    }
    if (c.length() > Codes.LENGTH) {
      return "A code has " + Codes.LENGTH + " characters; this has " + c.length() + ".";
    }
    return c.length() < Codes.LENGTH ? (Codes.LENGTH - c.length()) + " more to type" : "";
  }

  @Override
  public String title() {
    return "Connect";
  }

  @Override
  public BooleanExpression canAdvance() {
    return ready;
  }

  @Override
  public String nextLabel() {
    return "Connect";
  }

  @Override
  public void next(Runnable advance) {
    String savedName = savedName();
    String key = (savedName.isEmpty() ? address.get().trim() + "|"
        + Codes.normalize(code.get()) + "|" + wizard.targetProperty().get().id()
        : "saved:" + savedName + "|" + wizard.targetProperty().get().id())
        + (compress.get() ? "|compressed" : "");
    if (wizard.client() != null && wizard.client().isConnected() && key.equals(connectedTo)) {
      advance.run();
      return;
    }
    wizard.close();
    abandoned = false;
    failed.set(false);
    status.set("Connecting to " + (savedName.isEmpty() ? address.get().trim()
        : savedName) + "…");
    wizard.workingProperty().set(true);
    SavedDatabase target = wizard.targetProperty().get();
    String typedAddress = address.get().trim();
    String typedCode = Codes.normalize(code.get());
    ConnectOptions plain = options(passwordNeeded.get() ? password.get() : null);
    ConnectOptions options = secure.get() && !fingerprint.get().isBlank()
        ? plain.withFingerprint(fingerprint.get().trim()) : plain;
    wizard.executor().execute(BackgroundTask.of(() -> {
      Database db = JdbcDatabase.open(wizard.saved().locator(target), TableFilter.defaults(),
          true);
      try {
        if (!savedName.isEmpty()) {
          ConnectionPull pull = new ConnectionPull(wizard.history(), savedName,
              System.getProperty("user.name", "someone"));
          return new Link(pull.connect(plain), db, pull.saved().address(), savedName);
        }
        return new Link(SyncClient.connect(typedAddress, typedCode, options), db, typedAddress,
            null);
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    }).onSuccess(link -> {
      if (abandoned) {
        link.client.close();
        link.db.close();
        return;
      }
      wizard.connected(link.client, link.db, link.address, link.connection == null
          ? typedCode : null, link.connection);
      connectedTo = key;
      status.set("Connected.");
      advance.run();
    }).onError(this::explain).andFinally(() -> wizard.workingProperty().set(false)));
  }

  private record Link(SyncClient client, Database db, String address, String connection) {}

  private ConnectOptions options(String pw) {
    ConnectOptions o = ConnectOptions.defaults()
        .withTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(10))
        .fromThisComputer("DB Sync desktop")
        .withOnPending(() -> wizard.executor().onUi(() -> status.set("Waiting for the sender "
            + "to approve this connection… (they see your name and address)")))
        .withCompression(compress.get());
    return pw == null ? o : o.withPassword(pw);
  }

  private void explain(Throwable e) {
    failed.set(true);
    if (e instanceof LinkException l) {
      switch (l.kind()) {
        case PASSWORD_REQUIRED -> {
          passwordNeeded.set(true);
          status.set("The sender asks for a password. Type the password they gave you, then "
              + "Connect again.");
          return;
        }
        case WRONG_PASSWORD -> passwordNeeded.set(true);
        case UNREACHABLE -> {
          status.set("Nothing answered at " + address.get().trim() + ". Check the address and "
              + "port with the sender, and that they are still sharing. (" + l.getMessage() + ")");
          return;
        }
        default -> { }
      }
    }
    status.set(Formats.problem(e));
  }

  /** Fills in the address (and a note) for a repeated transfer; the code stays to be typed. */
  public void prepare(String newAddress, String note) {
    address.set(newAddress == null ? "" : newAddress);
    code.set("");
    failed.set(false);
    status.set(note);
  }

  /** The sender of a transfer run again: its saved connection, or its address (a new code). */
  @Override
  public void prepareRunAgain(dev.dbsync.ui.receive.RunAgain again) {
    String tables = String.join(", ", again.choices().keySet());
    if (again.connection() != null) {
      prepareSaved(again.connection(), "Run again: " + tables + ", on the saved connection "
          + again.connection() + ". Press Connect.");
    } else {
      prepare(again.address(), "Run again: " + tables
          + ". Ask the sender for a new code (each code works once).");
    }
  }

  /** Chooses the saved connection {@code name} (and a note) for a repeated transfer. */
  public void prepareSaved(String name, String note) {
    if (!savedNames.contains(name)) {
      savedNames.add(name);
    }
    saved.set(name);
    failed.set(false);
    status.set(note);
  }

  /** Esc while connecting: the link that may still come up is dropped. */
  @Override
  public boolean cancel() {
    if (wizard.workingProperty().get()) {
      abandoned = true;
      wizard.workingProperty().set(false);
      failed.set(true);
      status.set("Cancelled.");
      return true;
    }
    return false;
  }

  /** Ask for a compressed link (pays on slow networks only). */
  public BooleanProperty compressProperty() {
    return compress;
  }

  public StringProperty savedProperty() {
    return saved;
  }

  public javafx.collections.ObservableList<String> savedNames() {
    return savedNames;
  }

  public StringProperty addressProperty() {
    return address;
  }

  public StringProperty codeProperty() {
    return code;
  }

  /** The sender's certificate fingerprint, for a wss address with a self-signed certificate. */
  public StringProperty fingerprintProperty() {
    return fingerprint;
  }

  /** True when the address is wss (TLS): the fingerprint field is offered. */
  public BooleanBinding secureProperty() {
    return secure;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public BooleanProperty passwordNeededProperty() {
    return passwordNeeded;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public BooleanProperty failedProperty() {
    return failed;
  }

  public StringBinding addressProblemProperty() {
    return addressProblem;
  }

  public StringBinding codeProblemProperty() {
    return codeProblem;
  }
}

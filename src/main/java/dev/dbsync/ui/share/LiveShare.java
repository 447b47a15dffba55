package dev.dbsync.ui.share;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.SendRecorder;
import dev.dbsync.engine.link.Codes;
import dev.dbsync.engine.link.sender.Addresses;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareListener;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** A running share: its code, its addresses, its receivers, and what the user does to them. */
public final class LiveShare implements ShareListener {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final TaskExecutor executor;
  private final DialogService dialogs;
  private final BooleanProperty sharing = new SimpleBooleanProperty();
  private final StringProperty code = new SimpleStringProperty("");
  private final StringProperty timeLeft = new SimpleStringProperty("");
  private final StringProperty fingerprint = new SimpleStringProperty("");
  private final ObservableList<String> addresses = FXCollections.observableArrayList();
  private final ObservableList<ReceiverRow> receivers = FXCollections.observableArrayList();
  private final ObservableList<String> activity = FXCollections.observableArrayList();
  private final Map<String, ReceiverView> pendingProgress = new LinkedHashMap<>();
  private final AtomicBoolean progressPosted = new AtomicBoolean();
  private volatile ShareServer server;
  private Database database;
  private Instant expires;

  private final HistoryStore history;

  LiveShare(TaskExecutor executor, DialogService dialogs, HistoryStore history) {
    this.executor = executor;
    this.dialogs = dialogs;
    this.history = history;
  }

  /** The history of the share running, written on a thread of its own. */
  private volatile SendRecorder recorder;

  /** What the server reports to: this screen, through the history when there is one. */
  private ShareListener listener(Database db) {
    if (history == null) {
      return this;
    }
    recorder = new SendRecorder(history, db.locator().describe(), this);
    return recorder;
  }

  /** Something that opens the database to share (in the background). */
  interface Opener {
    Database open();
  }

  void start(Opener opener, java.util.function.Supplier<ShareOptions> options, String bind,
      Consumer<String> onError, Runnable onDone) {
    executor.execute(BackgroundTask.of(() -> {
      Database db = opener.open();
      try {
        return serve(db, options.get());
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    }).onSuccess(s -> {
      server = s;
      database = s.database();
      addresses.setAll(Addresses.of(s, bind));
      fingerprint.set(s.fingerprint().orElse(""));
      receivers.clear();
      sharing.set(true);
      if (firstCode != null) {
        showCode(firstCode, firstExpiry); // only now: the addresses to give with it are here
        firstCode = null;
      }
      log("Sharing started on port " + s.port());
    }).onError(e -> onError.accept(Formats.problem(e))).andFinally(onDone));
  }

  private ShareServer serve(Database db, ShareOptions options) {
    try {
      ShareServer s = new ShareServer(db, options, listener(db));
      s.start();
      return s;
    } catch (RuntimeException e) {
      if (options.port() == 0 || !(e.getCause() instanceof java.net.BindException)) {
        throw e;
      }
      // the usual port is taken (another share?): any free one will do
      ShareServer s = new ShareServer(db, options.withBind(options.bindAddress(), 0),
          listener(db));
      s.start();
      return s;
    }
  }

  public void newCode() {
    ShareServer s = server;
    if (s != null) {
      executor.execute(BackgroundTask.run(s::newCode));
    }
  }

  public void end() {
    ShareServer s = server;
    Database db = database;
    if (s == null) {
      return;
    }
    server = null;
    executor.execute(BackgroundTask.run(() -> {
      try {
        s.end("The sender stopped sharing.");
      } finally {
        SendRecorder r = recorder;
        if (r != null) {
          r.flush(); // what the share recorded is in the history before it is shown stopped
        }
        db.close();
      }
    }).andFinally(() -> {
      sharing.set(false);
      code.set("");
      timeLeft.set("");
      addresses.clear();
      receivers.clear();
      log("Sharing ended");
    }));
  }

  public void approve(ReceiverRow r) {
    ShareServer s = server;
    if (s != null) {
      executor.execute(BackgroundTask.run(() -> s.approve(r.id()))
          .andFinally(() -> tick(Instant.now())));
    }
  }

  public void deny(ReceiverRow r) {
    ShareServer s = server;
    if (s != null) {
      executor.execute(BackgroundTask.run(() -> s.deny(r.id(), "The sender denied the request."))
          .andFinally(() -> tick(Instant.now())));
    }
  }

  public void disconnect(ReceiverRow r) {
    ShareServer s = server;
    if (s != null) {
      executor.execute(BackgroundTask.run(() ->
          s.disconnect(r.id(), "The sender disconnected you.")));
    }
  }

  /**
   * Updates the time left on the code and each receiver's state (approvals, reads); called
   * once a second by the view. Reads the server's memory only.
   */
  public void tick(Instant now) {
    ShareServer running = server;
    if (running != null) {
      java.util.List<ReceiverView> views = running.receivers();
      views.forEach(this::row);
      receivers.removeIf(r -> views.stream().noneMatch(v -> v.id().equals(r.id())));
    }
    if (expires == null || !sharing.get()) {
      timeLeft.set("");
      return;
    }
    long left = Duration.between(now, expires).getSeconds();
    timeLeft.set(left <= 0 ? "Expired: make a new code" : "Expires in " + Formats.duration(left));
  }

  // ShareListener: called on the link's threads, handed over to the UI thread.

  /** The code issued while the share was starting, shown with its addresses (FX thread). */
  private String firstCode;
  private Instant firstExpiry;

  @Override
  public void codeIssued(String newCode, Instant expiry) {
    executor.onUi(() -> {
      if (!sharing.get()) {
        firstCode = newCode;
        firstExpiry = expiry;
        return;
      }
      showCode(newCode, expiry);
    });
  }

  private void showCode(String newCode, Instant expiry) {
    code.set(Codes.grouped(newCode));
    expires = expiry;
    tick(Instant.now());
  }

  @Override
  public void receiverJoined(ReceiverView v) {
    executor.onUi(() -> {
      row(v);
      log(v.displayName() + " connected from " + v.address());
    });
  }

  @Override
  public void approvalRequested(ReceiverView v) {
    executor.onUi(() -> {
      row(v);
      log(v.displayName() + " from " + v.address() + " asks to connect");
      dialogs.notify("Approval needed", v.displayName() + " from " + v.address()
          + " asks to read your data. Approve or deny them in the list.");
    });
  }

  @Override
  public void transferWaits(ReceiverView v, String table, long transferId) {
    executor.onUi(() -> {
      log(v.displayName() + " (connection " + v.connection() + ") asks to read " + table
          + ": approve or deny it under History");
      dialogs.notify("Approval needed", v.displayName() + " asks to read " + table
          + ". Approve or deny it under History (transfer " + transferId + ").");
    });
  }

  @Override
  public void receiverReading(ReceiverView v, String table, long sent, long expected) {
    synchronized (pendingProgress) {
      pendingProgress.put(v.id(), v);
    }
    if (progressPosted.compareAndSet(false, true)) {
      executor.onUi(() -> {
        progressPosted.set(false);
        synchronized (pendingProgress) {
          pendingProgress.values().forEach(this::row);
          pendingProgress.clear();
        }
      });
    }
  }

  @Override
  public void receiverLeft(ReceiverView v, String reason) {
    executor.onUi(() -> {
      receivers.removeIf(r -> r.id().equals(v.id()));
      log(v.displayName() + " left" + (reason == null || reason.isBlank() ? "" : ": " + reason));
    });
  }

  @Override
  public void stoppedListening(String why) {
    executor.onUi(() -> {
      log(why);
      end();
      dialogs.showError("Sharing stopped", why);
    });
  }

  @Override
  public void refused(String address, String reason) {
    executor.onUi(() -> log("Refused " + address + ": " + reason));
  }

  private void row(ReceiverView v) {
    for (ReceiverRow r : receivers) {
      if (r.id().equals(v.id())) {
        r.update(v);
        return;
      }
    }
    if (!"closed".equals(v.status())) {
      receivers.add(new ReceiverRow(v));
    }
  }

  private void log(String line) {
    activity.add(0, LocalTime.now().format(CLOCK) + "  " + line);
    if (activity.size() > 200) {
      activity.remove(200, activity.size());
    }
  }

  /** The raw code (without the grouping space), for copying. */
  public String plainCode() {
    return code.get().replace(" ", "");
  }

  public BooleanProperty sharingProperty() {
    return sharing;
  }

  public StringProperty codeProperty() {
    return code;
  }

  /** The certificate's SHA-256 fingerprint when sharing over TLS, else empty. */
  public StringProperty fingerprintProperty() {
    return fingerprint;
  }

  public StringProperty timeLeftProperty() {
    return timeLeft;
  }

  public ObservableList<String> addresses() {
    return addresses;
  }

  public ObservableList<ReceiverRow> receivers() {
    return receivers;
  }

  public ObservableList<String> activity() {
    return activity;
  }
}

package dev.dbsync.ui.share;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.PasswordHash;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The share screen before and while sharing: which database, which tables, who may connect.
 * The running share itself is a {@link LiveShare}.
 */
public final class ShareViewModel {
  private final TaskExecutor executor;
  private final SavedDatabases saved;
  private final ObservableList<SavedDatabase> databases = FXCollections.observableArrayList();
  private final ObjectProperty<SavedDatabase> database = new SimpleObjectProperty<>();
  private final ObservableList<TableChoice> tables = FXCollections.observableArrayList(
      t -> new javafx.beans.Observable[] {t.sharedProperty()});
  private final ObservableList<ExcludedTable> excluded = FXCollections.observableArrayList();
  private final ObjectProperty<IncomingMode> mode =
      new SimpleObjectProperty<>(IncomingMode.REQUIRE_APPROVAL);
  private final StringProperty password = new SimpleStringProperty("");
  private final BooleanProperty tls = new SimpleBooleanProperty();
  private final BooleanProperty serveConnections = new SimpleBooleanProperty();
  private final dev.dbsync.engine.history.HistoryStore history;
  private java.nio.file.Path dataDir;
  private final BooleanProperty busy = new SimpleBooleanProperty();
  private final StringProperty message = new SimpleStringProperty("");
  private final LiveShare live;
  private final BooleanBinding canStart;
  private String bindAddress = "0.0.0.0";
  private int port = ShareOptions.DEFAULT_PORT;

  public ShareViewModel(TaskExecutor executor, DialogService dialogs, SavedDatabases saved,
      dev.dbsync.engine.history.HistoryStore history) {
    this.executor = executor;
    this.saved = saved;
    this.live = new LiveShare(executor, dialogs, history);
    this.history = history;
    database.addListener((o, was, now) -> loadTables());
    canStart = Bindings.createBooleanBinding(() -> !live.sharingProperty().get() && !busy.get()
            && database.get() != null && tables.stream().anyMatch(t -> t.sharedProperty().get())
            && (mode.get() != IncomingMode.REQUIRE_PASSWORD || !password.get().isBlank()),
        live.sharingProperty(), busy, database, tables, mode, password);
  }

  /**
   * The data folder: its self-signed certificate serves TLS and its mask key keys the masks
   * (each made on first use).
   */
  public void certificateIn(java.nio.file.Path dataDir) {
    this.dataDir = dataDir;
  }

  private dev.dbsync.engine.mask.MaskRules masks = dev.dbsync.engine.mask.MaskRules.none();

  /** The masks of one table, by column. */
  public java.util.Map<String, dev.dbsync.engine.mask.MaskRule> masksOf(String table) {
    return masks.forTable(table);
  }

  /** Replaces the masks of one table (an empty map: nothing masked). */
  public void setMasks(String table, java.util.Map<String, dev.dbsync.engine.mask.MaskRule> m) {
    for (String c : masks.forTable(table).keySet()) {
      masks = masks.with(table, c, null);
    }
    for (var e : m.entrySet()) {
      masks = masks.with(table, e.getKey(), e.getValue());
    }
    tables.stream().filter(t -> t.name().equals(table)).forEach(t -> t.maskedProperty().set(
        String.join(", ", m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
            .toList())));
    warnAboutMasks();
  }

  /**
   * Checks the masks against the whole database: a masked key that other tables reference
   * unmasked (the join would break), a repeatable rule on a unique column; said before sharing.
   */
  private void warnAboutMasks() {
    SavedDatabase db = database.get();
    dev.dbsync.engine.mask.MaskRules rules = masks;
    if (db == null || rules.isEmpty()) {
      message.set("");
      return;
    }
    executor.execute(BackgroundTask.of(() -> {
      try (Database open = JdbcDatabase.open(saved.locator(db), TableFilter.defaults(), false);
           dev.dbsync.engine.db.TableReader r = open.openReader()) {
        return rules.check(r);
      }
    }).onSuccess(check -> message.set(String.join(" ", check.errors().isEmpty()
        ? check.warnings() : check.errors()))).onError(e -> message.set(Formats.problem(e))));
  }

  /** An editor for the masks of {@code table} (the view shows it in a dialog). */
  public dev.dbsync.ui.share.masks.MasksViewModel masksEditor(String table) {
    dev.dbsync.ui.share.masks.MasksViewModel m = new dev.dbsync.ui.share.masks.MasksViewModel(
        executor, table, dataDir);
    SavedDatabase db = database.get();
    m.load(() -> JdbcDatabase.open(saved.locator(db), TableFilter.defaults(), false),
        masksOf(table));
    return m;
  }

  /** Where to listen (tests use loopback and any free port). */
  public void listenOn(String address, int newPort) {
    this.bindAddress = address;
    this.port = newPort;
  }

  public void reloadDatabases() {
    executor.execute(BackgroundTask.of(saved::list).onSuccess(list -> {
      SavedDatabase was = database.get();
      databases.setAll(list);
      database.set(list.stream().filter(d -> was != null && d.id().equals(was.id())).findFirst()
          .orElse(list.isEmpty() ? null : list.get(0)));
    }).onError(e -> message.set(Formats.problem(e))));
  }

  void loadTables() {
    SavedDatabase db = database.get();
    tables.clear();
    excluded.clear();
    if (db == null) {
      return;
    }
    busy.set(true);
    message.set("Reading the tables of " + db.name() + "…");
    executor.execute(BackgroundTask.of(() -> {
      try (Database open = JdbcDatabase.open(saved.locator(db), TableFilter.defaults(), false)) {
        return new Listing(open.listTables(), open.allTableNames());
      }
    }).onSuccess(listing -> {
      if (db != database.get()) {
        return;
      }
      tables.setAll(listing.tables.stream()
          .map(t -> new TableChoice(t.name(), t.rowCount(), t.estimated())).toList());
      Set<String> offered = new HashSet<>(listing.tables.stream().map(TableInfo::name).toList());
      excluded.setAll(listing.all.stream().filter(n -> !offered.contains(n))
          .map(n -> new ExcludedTable(n, TableFilter.protectedReason(n)
              .orElse("DB Sync's own bookkeeping"))).toList());
      message.set(tables.isEmpty() ? "This database has no table that can be shared." : "");
    }).onError(e -> message.set(Formats.problem(e))).andFinally(() -> busy.set(false)));
  }

  private record Listing(List<TableInfo> tables, List<String> all) {}

  public void selectAll(boolean on) {
    tables.forEach(t -> t.sharedProperty().set(on));
  }

  /** Starts sharing the chosen tables with the chosen incoming mode. */
  public void start() {
    if (!canStart.get()) {
      return;
    }
    List<String> chosen = tables.stream().filter(t -> t.sharedProperty().get())
        .map(TableChoice::name).toList();
    IncomingMode m = mode.get();
    String typed = password.get();
    String bind = bindAddress;
    int listenPort = port;
    busy.set(true);
    message.set("");
    SavedDatabase db = database.get();
    java.nio.file.Path store = tls.get() ? dataDir : null;
    java.nio.file.Path folder = dataDir;
    boolean permanent = serveConnections.get() && history != null;
    dev.dbsync.engine.mask.MaskRules rules = masks;
    // the password's hash (PBKDF2, deliberately slow) and the certificate are made in the
    // background with the rest of the start, never on the FX thread
    live.start(() -> JdbcDatabase.open(saved.locator(db), new TableFilter(chosen, List.of()),
        false), () -> {
          ShareOptions options = ShareOptions.defaults().withBind(bind, listenPort).withMode(m,
              m == IncomingMode.REQUIRE_PASSWORD ? PasswordHash.hash(typed) : null);
          if (permanent) {
            options = options.withConnections(new dev.dbsync.engine.connections.ServedConnections(
                history, saved.locator(db).describe(),
                dev.dbsync.engine.history.Approvals.DEFAULT_WAIT));
          }
          if ((!rules.isEmpty() || permanent) && folder != null) {
            options = options.withMasking(new dev.dbsync.engine.mask.Masking(rules,
                dev.dbsync.engine.mask.MaskKey.load(folder.resolve(
                    dev.dbsync.engine.mask.MaskKey.FILE))));
          }
          if (store == null) {
            return options;
          }
          dev.dbsync.engine.link.Tls.Server t =
              dev.dbsync.engine.link.sender.SenderCertificate.load(store);
          return options.withTls(t.context(), t.fingerprint());
        }, bind, error -> message.set(error), () -> busy.set(false));
  }

  public LiveShare live() {
    return live;
  }

  public ObservableList<SavedDatabase> databases() {
    return databases;
  }

  public ObjectProperty<SavedDatabase> databaseProperty() {
    return database;
  }

  public ObservableList<TableChoice> tables() {
    return tables;
  }

  public ObservableList<ExcludedTable> excluded() {
    return excluded;
  }

  public ObjectProperty<IncomingMode> modeProperty() {
    return mode;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  /** Serve wss with a self-signed certificate; receivers check its fingerprint. */
  /** Whether the permanent connections (Connections › Incoming) are served too. */
  public BooleanProperty serveConnectionsProperty() {
    return serveConnections;
  }

  public BooleanProperty tlsProperty() {
    return tls;
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public BooleanBinding canStartProperty() {
    return canStart;
  }
}

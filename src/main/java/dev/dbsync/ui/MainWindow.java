package dev.dbsync.ui;

import dev.dbsync.ui.databases.DatabasesView;
import dev.dbsync.ui.databases.DatabasesViewModel;
import dev.dbsync.ui.history.HistoryView;
import dev.dbsync.ui.history.HistoryViewModel;
import dev.dbsync.ui.receive.ReceiveSteps;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.ReceiveWizardView;
import dev.dbsync.ui.share.ShareView;
import dev.dbsync.ui.share.ShareViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Home: the navigation on the left (Share, Receive, History, Connections, Databases) and the
 * chosen screen.
 */
public final class MainWindow extends BorderPane {
  private final ShareViewModel share;
  private final ReceiveWizardModel receive;
  private final DatabasesViewModel databases;
  private final Node shareView;
  /** The screens not shown first are made when first chosen (a quicker first window). */
  private final Screen receiveView;
  private final ToggleGroup nav = new ToggleGroup();
  private final dev.dbsync.ui.connections.IncomingViewModel incoming;
  private final dev.dbsync.ui.connections.OutgoingViewModel outgoing;

  public MainWindow(AppServices s) {
    share = new ShareViewModel(s.executor(), s.dialogs(), s.databases(), s.history());
    share.certificateIn(s.dataDir());
    receive = new ReceiveWizardModel(s.executor(), s.dialogs(), s.databases(), s.history(),
        ReceiveSteps::of);
    databases = new DatabasesViewModel(s.executor(), s.dialogs(), s.databases());
    shareView = new ShareView(share, s.dialogs());
    receiveView = new Screen(() -> new ReceiveWizardView(receive, s.dialogs()));
    Screen databasesView = new Screen(() -> new DatabasesView(databases));
    HistoryViewModel history = new HistoryViewModel(s.executor(), s.history(),
        s.dialogs());
    Screen historyView = new Screen(() -> new HistoryView(history));
    incoming = new dev.dbsync.ui.connections.IncomingViewModel(s.executor(), s.dialogs(),
        s.history());
    outgoing = new dev.dbsync.ui.connections.OutgoingViewModel(s.executor(), s.dialogs(),
        s.history());
    Screen connectionsView = new Screen(
        () -> new dev.dbsync.ui.connections.ConnectionsView(incoming, outgoing));
    var connect = receive.step(dev.dbsync.ui.receive.connect.ConnectViewModel.class);
    outgoing.onChange(connect::reloadSaved);
    connect.reloadSaved();
    databases.onChange(() -> {
      share.reloadDatabases();
      receive.reloadDatabases();
    });

    ToggleButton toShare = navButton("navShare", "Share a database",
        new Screen(() -> shareView));
    ToggleButton toReceive = navButton("navReceive", "Receive data", receiveView);
    ToggleButton toDatabases = navButton("navDatabases", "Databases", databasesView);
    ToggleButton toHistory = navButton("navHistory", "History", historyView);
    ToggleButton toConnections = navButton("navConnections", "Connections", connectionsView);
    toConnections.selectedProperty().addListener((o, a, on) -> {
      if (on) {
        incoming.reload();
        outgoing.reload();
      }
    });
    receive.onOpenHistory(() -> toHistory.setSelected(true));
    history.onRunAgain(r -> {
      receive.prepareRunAgain(r.remoteAddress(), r.connectionName(), r.localDatabase(),
          java.util.Map.of(r.table(),
          r.strategy() == null ? dev.dbsync.engine.model.Strategy.SKIP
              : dev.dbsync.engine.model.Strategy.parse(r.strategy())));
      toReceive.setSelected(true);
    });
    ToggleButton theme = new ToggleButton("Dark theme");
    theme.setId("darkTheme");
    theme.setSelected(s.settings().dark());
    theme.selectedProperty().addListener((o, a, dark) -> {
      DesktopApp.applyTheme(dark);
      s.settings().setDark(dark);
    });
    theme.setMaxWidth(Double.MAX_VALUE);
    Label brand = new Label("DB Sync");
    brand.getStyleClass().add("brand");
    Label tagline = new Label("Copy tables between databases");
    tagline.getStyleClass().add("muted");
    tagline.setWrapText(true);
    Region spacer = new Region();
    VBox.setVgrow(spacer, Priority.ALWAYS);
    VBox side = new VBox(6, brand, tagline, new Region(), toShare, toReceive, toHistory,
        toConnections, toDatabases, spacer,
        theme);
    side.setPadding(new Insets(20, 14, 16, 14));
    side.setPrefWidth(210);
    side.setAlignment(Pos.TOP_LEFT);
    side.getStyleClass().add("sidebar");
    setLeft(side);
    nav.selectedToggleProperty().addListener((o, was, now) -> {
      if (now == null) {
        nav.selectToggle(was); // one screen is always shown
      } else {
        setCenter(((Screen) now.getUserData()).node());
      }
    });
    // Esc cancels the wizard's step wherever the focus is (even when nothing has it)
    addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
      if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && receiveView.shows(getCenter())) {
        receive.cancel();
        e.consume();
      }
    });
    toShare.setSelected(true);
    share.reloadDatabases();
    receive.reloadDatabases();
    databases.reload();
  }

  /** A screen of the window, made the first time it is asked for. */
  private static final class Screen {
    private final java.util.function.Supplier<Node> make;
    private Node node;

    Screen(java.util.function.Supplier<Node> make) {
      this.make = make;
    }

    Node node() {
      if (node == null) {
        node = make.get();
      }
      return node;
    }

    boolean shows(Node center) {
      return node != null && center == node;
    }
  }

  private ToggleButton navButton(String id, String text, Screen screen) {
    ToggleButton b = new ToggleButton(text);
    b.setId(id);
    b.setToggleGroup(nav);
    b.setUserData(screen);
    b.setMaxWidth(Double.MAX_VALUE);
    b.getStyleClass().add("nav");
    return b;
  }

  public ShareViewModel share() {
    return share;
  }

  public ReceiveWizardModel receive() {
    return receive;
  }

  /** Ends a running share and drops a receiver's link when the window closes. */
  public void shutdown() {
    share.live().end();
    receive.close();
  }
}

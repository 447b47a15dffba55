package dev.dbsync.ui.share;

import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.Ui;
import java.time.Instant;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The share screen: choose what to share, then the code, addresses and live receivers. */
public final class ShareView extends BorderPane {

  public ShareView(ShareViewModel vm, DialogService dialogs) {
    LiveShare live = vm.live();
    setPadding(new Insets(20));
    getStyleClass().add("screen");

    // what to share
    ComboBox<SavedDatabase> database = new ComboBox<>(vm.databases());
    database.setId("shareDatabase");
    database.valueProperty().bindBidirectional(vm.databaseProperty());
    database.setMaxWidth(Double.MAX_VALUE);
    ComboBox<IncomingMode> mode = new ComboBox<>();
    mode.setId("incomingMode");
    mode.getItems().setAll(IncomingMode.values());
    mode.setConverter(Ui.converter(ShareView::describe));
    mode.valueProperty().bindBidirectional(vm.modeProperty());
    PasswordField password = new PasswordField();
    password.setId("sharePassword");
    password.setPromptText("Password the receiver must type");
    password.textProperty().bindBidirectional(vm.passwordProperty());
    password.visibleProperty().bind(vm.modeProperty().isEqualTo(IncomingMode.REQUIRE_PASSWORD));
    password.managedProperty().bind(password.visibleProperty());

    javafx.scene.control.CheckBox tls = new javafx.scene.control.CheckBox(
        "Encrypt the link (TLS); receivers check the fingerprint shown");
    tls.setId("shareTls");
    tls.selectedProperty().bindBidirectional(vm.tlsProperty());
    javafx.scene.control.CheckBox permanent = new javafx.scene.control.CheckBox(
        "Also serve permanent connections (Connections › Incoming)");
    permanent.setId("shareConnections");
    permanent.selectedProperty().bindBidirectional(vm.serveConnectionsProperty());
    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(8);
    form.addRow(0, new Label("Database"), database);
    form.addRow(1, new Label("Who may connect"), mode);
    form.add(password, 1, 2);
    form.add(tls, 1, 3);
    form.add(permanent, 1, 4);
    GridPane.setHgrow(database, Priority.ALWAYS);
    javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
    labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    form.getColumnConstraints().add(labels);

    TableView<TableChoice> tables = new TableView<>(vm.tables());
    tables.setId("shareTables");
    tables.setEditable(true);
    TableColumn<TableChoice, Boolean> pick = new TableColumn<>("Share");
    pick.setCellValueFactory(c -> c.getValue().sharedProperty());
    pick.setCellFactory(CheckBoxTableCell.forTableColumn(pick));
    pick.setEditable(true);
    pick.setPrefWidth(60);
    TableColumn<TableChoice, String> name = Ui.column("Table", TableChoice::name);
    name.setPrefWidth(240);
    TableColumn<TableChoice, String> rows = Ui.column("Rows",
        t -> (t.estimated() ? "≈ " : "") + Formats.count(t.rows()));
    rows.getStyleClass().add("numeric");
    rows.setPrefWidth(110);
    TableColumn<TableChoice, String> maskedColumns = new TableColumn<>("Masked");
    maskedColumns.setCellValueFactory(c -> c.getValue().maskedProperty());
    maskedColumns.setPrefWidth(260);
    tables.getColumns().setAll(java.util.List.of(pick, name, rows, maskedColumns));
    tables.setPlaceholder(new Label("No table to share"));
    tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Button all = new Button("Select all");
    all.setOnAction(e -> vm.selectAll(true));
    Button none = new Button("Select none");
    none.setOnAction(e -> vm.selectAll(false));

    ListView<ExcludedTable> excluded = new ListView<>(vm.excluded());
    excluded.setId("excludedTables");
    excluded.setCellFactory(Ui.cells(t -> t.name() + " — " + t.reason()));
    excluded.setPrefHeight(90);
    excluded.setPlaceholder(new Label("None in this database."));
    TitledPane excludedPane = new TitledPane("", new VBox(6, Ui.hint("Tables that may hold "
        + "secrets (tokens, sessions), system and migration tables are never offered, whatever "
        + "you choose."), excluded));
    excludedPane.setId("excludedPane");
    excludedPane.textProperty().bind(Bindings.createStringBinding(() -> "Never shared ("
        + vm.excluded().size() + ")", vm.excluded()));
    excludedPane.setExpanded(false);

    Button start = new Button("Start sharing");
    start.setId("startSharing");
    start.setDefaultButton(true);
    start.getStyleClass().add("accent");
    start.disableProperty().bind(vm.canStartProperty().not());
    start.setOnAction(e -> vm.start());
    Label message = Ui.message(vm.messageProperty());

    Button mask = new Button("Mask columns…");
    mask.setId("maskTable");
    mask.disableProperty().bind(tables.getSelectionModel().selectedItemProperty().isNull());
    mask.setOnAction(e -> {
      TableChoice t = tables.getSelectionModel().getSelectedItem();
      dev.dbsync.ui.share.masks.MasksViewModel editor = vm.masksEditor(t.name());
      new dev.dbsync.ui.share.masks.MasksView(getScene().getWindow(), editor).showAndWait()
          .filter(b -> b == javafx.scene.control.ButtonType.OK)
          .ifPresent(b -> vm.setMasks(t.name(), editor.rules()));
    });
    HBox tableButtons = Ui.row(8, all, none, mask, Ui.grow(), start);
    VBox setup = new VBox(12, Ui.title("Share a database"),
        Ui.hint("Choose the tables a colleague may read. They get a one-time code and read "
            + "only; nothing of yours is changed."), form, tables, tableButtons, excludedPane,
        message);
    VBox.setVgrow(tables, Priority.ALWAYS);
    setup.visibleProperty().bind(live.sharingProperty().not());
    setup.setMinWidth(0);
    VBox session = sessionPane(vm, dialogs);
    session.visibleProperty().bind(live.sharingProperty());
    setCenter(new javafx.scene.layout.StackPane(setup, session));

    Timeline clock = new Timeline(new KeyFrame(Duration.seconds(1), e -> live.tick(Instant.now())));
    clock.setCycleCount(Timeline.INDEFINITE);
    clock.play();
  }

  private static VBox sessionPane(ShareViewModel vm, DialogService dialogs) {
    LiveShare live = vm.live();
    Label code = new Label();
    code.setId("shareCode");
    code.getStyleClass().add("share-code");
    code.textProperty().bind(live.codeProperty());
    Button copy = new Button("Copy code");
    copy.setId("copyCode");
    copy.setOnAction(e -> {
      dialogs.copyToClipboard(live.plainCode());
      dialogs.notify("Copied", "The code is on the clipboard.");
    });
    Button newCode = new Button("New code");
    newCode.setId("newCode");
    newCode.setOnAction(e -> live.newCode());
    Button end = new Button("End sharing");
    end.setId("endSharing");
    end.getStyleClass().add("danger");
    end.setOnAction(e -> live.end());
    Label left = new Label();
    left.setId("codeTimeLeft");
    left.getStyleClass().add("muted");
    left.textProperty().bind(live.timeLeftProperty());
    ListView<String> addresses = new ListView<>(live.addresses());
    addresses.setId("shareAddresses");
    addresses.setPrefHeight(80);

    TableView<ReceiverRow> receivers = ReceiverTable.create(live);
    ListView<String> activity = new ListView<>(live.activity());
    activity.setId("shareActivity");
    activity.setPrefHeight(110);
    activity.setMinHeight(90);

    Label what = new Label();
    what.setId("sharingWhat");
    what.getStyleClass().add("muted");
    what.textProperty().bind(Bindings.createStringBinding(() -> {
      long n = vm.tables().stream().filter(t -> t.sharedProperty().get()).count();
      return vm.databaseProperty().get() == null ? "" : "Sharing " + n + (n == 1 ? " table" : " tables")
          + " of " + vm.databaseProperty().get().name() + ", read-only. "
          + describe(vm.modeProperty().get()) + ".";
    }, vm.tables(), vm.databaseProperty(), vm.modeProperty(), live.sharingProperty()));
    VBox codeBox = new VBox(8, Ui.section("Code"), code, left, Ui.row(8, copy, newCode));
    Label print = new Label();
    print.setId("shareFingerprint");
    print.setWrapText(true);
    print.getStyleClass().add("muted");
    print.textProperty().bind(Bindings.createStringBinding(() -> live.fingerprintProperty()
        .get().isEmpty() ? "" : "Certificate fingerprint (SHA-256), for the receiver to "
            + "check: " + live.fingerprintProperty().get(), live.fingerprintProperty()));
    print.visibleProperty().bind(live.fingerprintProperty().isNotEmpty());
    print.managedProperty().bind(print.visibleProperty());
    VBox addressBox = new VBox(8, Ui.section("Addresses a colleague can use"), addresses,
        print);
    HBox.setHgrow(addressBox, Priority.ALWAYS);
    HBox top = Ui.row(24, codeBox, addressBox);
    VBox box = new VBox(10, Ui.row(8, Ui.title("Sharing"), Ui.grow(), end), what, top,
        Ui.section("Connected receivers"), receivers, Ui.section("Activity"), activity);
    VBox.setVgrow(receivers, Priority.ALWAYS);
    return box;
  }

  static String describe(IncomingMode m) {
    return switch (m) {
      case AUTO_ACCEPT -> "Anyone with the code";
      case REQUIRE_APPROVAL -> "Anyone with the code, after I approve";
      case REQUIRE_PASSWORD -> "Anyone with the code and a password";
      case DENY_ALL -> "Nobody (paused)";
    };
  }
}

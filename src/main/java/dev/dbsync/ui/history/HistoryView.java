package dev.dbsync.ui.history;

import dev.dbsync.engine.history.Stats;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.Ui;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** History: filters, the transfers 50 a page with one in detail, and statistics. */
public final class HistoryView extends BorderPane {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  public HistoryView(HistoryViewModel vm) {
    setPadding(new Insets(20));
    getStyleClass().add("screen");
    ComboBox<String> direction = combo("historyDirection", List.of(HistoryViewModel.ANY,
        "send", "receive"));
    direction.valueProperty().bindBidirectional(vm.directionProperty());
    direction.setConverter(Ui.converter(v -> "Direction: " + v));
    List<String> statuses = new ArrayList<>(List.of(HistoryViewModel.ANY));
    for (TransferStatus s : TransferStatus.values()) {
      statuses.add(s.wireName());
    }
    ComboBox<String> status = combo("historyStatus", statuses);
    status.valueProperty().bindBidirectional(vm.statusProperty());
    status.setConverter(Ui.converter(v -> "Status: " + v));
    TextField table = new TextField();
    table.setId("historyTable");
    table.setPromptText("table");
    table.setPrefColumnCount(10);
    table.setMinWidth(100);
    table.textProperty().bindBidirectional(vm.tableProperty());
    TextField connection = new TextField();
    connection.setPromptText("code or address");
    connection.setPrefColumnCount(12);
    connection.setMinWidth(130);
    connection.textProperty().bindBidirectional(vm.connectionProperty());
    DatePicker from = new DatePicker();
    from.setPromptText("from");
    from.setPrefWidth(130);
    from.valueProperty().bindBidirectional(vm.fromProperty());
    DatePicker to = new DatePicker();
    to.setPromptText("to");
    to.setPrefWidth(130);
    to.valueProperty().bindBidirectional(vm.toProperty());
    VBox top = new VBox(10, Ui.title("History"), Ui.row(8, direction, status, from, to),
        Ui.row(8, table, connection));
    top.setPadding(new Insets(0, 0, 12, 0));
    setTop(top);

    TabPane tabs = new TabPane(new Tab("Transfers", transfers(vm)),
        new Tab("Statistics", statistics(vm)));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    setCenter(tabs);

    // while shown, running transfers move on: read the page again every two seconds
    Timeline refresh = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
      if (getScene() != null && getScene().getWindow() != null
          && getScene().getWindow().isShowing()) {
        vm.refresh();
      }
    }));
    refresh.setCycleCount(Timeline.INDEFINITE);
    sceneProperty().addListener((o, a, scene) -> {
      if (scene == null) {
        refresh.stop();
      } else {
        vm.refresh();
        refresh.play();
      }
    });
  }

  private static ComboBox<String> combo(String id, List<String> items) {
    ComboBox<String> c = new ComboBox<>();
    c.setId(id);
    c.setPrefWidth(175);
    c.getItems().setAll(items);
    return c;
  }

  private static SplitPane transfers(HistoryViewModel vm) {
    TableView<TransferRecord> table = new TableView<>(vm.rows());
    table.setId("historyRows");
    table.setPlaceholder(new Label("Nothing recorded yet: transfers appear here as they run."));
    table.getColumns().setAll(List.of(
        Ui.column("#", r -> Long.toString(r.id())),
        wide(Ui.column("Started", r -> TIME.format(r.createdAt())), 120),
        Ui.column("Direction", r -> r.isCompare() ? "compare" : r.direction()),
        Ui.column("Table", TransferRecord::table),
        Ui.column("Status", r -> r.status().wireName()),
        numeric("Rows", r -> Formats.count(r.transferred())),
        numeric("Of", r -> r.requested() == null ? "?" : Formats.count(r.requested())),
        Ui.column("Remote", r -> r.remoteAddress() == null ? "" : r.remoteAddress())));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
      if (r != null) {
        vm.selectedProperty().set(r);
      }
    });
    vm.selectedProperty().addListener((o, a, r) -> {
      if (r != table.getSelectionModel().getSelectedItem()) {
        table.getSelectionModel().select(r);
      }
    });
    Button previous = new Button("‹ Newer");
    previous.disableProperty().bind(vm.hasPreviousProperty().not());
    previous.setOnAction(e -> vm.previousPage());
    Button next = new Button("Older ›");
    next.disableProperty().bind(vm.hasNextProperty().not());
    next.setOnAction(e -> vm.nextPage());
    Label page = new Label();
    page.textProperty().bind(vm.pageTextProperty());
    Button again = new Button("Run again");
    again.setId("runAgain");
    again.disableProperty().bind(vm.canRunAgainProperty().not());
    again.setOnAction(e -> vm.runAgain());
    Button approve = new Button("Approve");
    approve.setId("approveTransfer");
    approve.getStyleClass().add("success");
    approve.visibleProperty().bind(vm.canDecideProperty());
    approve.managedProperty().bind(vm.canDecideProperty());
    approve.setOnAction(e -> vm.approve());
    Button deny = new Button("Deny…");
    deny.setId("denyTransfer");
    deny.getStyleClass().add("danger");
    deny.visibleProperty().bind(vm.canDecideProperty());
    deny.managedProperty().bind(vm.canDecideProperty());
    deny.setOnAction(e -> vm.deny());
    Label waiting = new Label();
    waiting.setId("approvalsWaiting");
    waiting.getStyleClass().add("warning-text");
    waiting.textProperty().bind(javafx.beans.binding.Bindings.when(vm.waitingProperty()
        .isEmpty()).then("").otherwise(javafx.beans.binding.Bindings.concat(
            vm.waitingProperty(), " Choose one to approve or deny it.")));
    javafx.scene.layout.HBox decide = Ui.row(8, waiting, Ui.grow(), approve, deny);
    decide.visibleProperty().bind(vm.waitingProperty().isNotEmpty().or(vm.canDecideProperty()));
    decide.managedProperty().bind(decide.visibleProperty());
    VBox list = new VBox(6, decide, table, Ui.row(8, previous, next, page, Ui.grow(), again),
        Ui.message(vm.messageProperty()));
    VBox.setVgrow(table, Priority.ALWAYS);
    TextArea detail = new TextArea();
    detail.setId("historyDetail");
    detail.setEditable(false);
    detail.setStyle("-fx-font-family: monospace;");
    detail.textProperty().bind(vm.detailProperty());
    detail.setPromptText("Choose a transfer to see every field and its changes.");
    SplitPane split = new SplitPane(list, detail);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.6);
    return split;
  }

  private static <S> TableColumn<S, String> wide(TableColumn<S, String> c, double width) {
    c.setPrefWidth(width);
    c.setMinWidth(width);
    return c;
  }

  private static TableColumn<TransferRecord, String> numeric(String title,
      java.util.function.Function<TransferRecord, String> value) {
    TableColumn<TransferRecord, String> c = Ui.column(title, value);
    c.getStyleClass().add("numeric");
    return c;
  }

  private static VBox statistics(HistoryViewModel vm) {
    VBox box = new VBox(8, Ui.section("Per connection (or one-time code)"),
        statsTable(vm.byConnection(), "Connection"), Ui.section("Per table"),
        statsTable(vm.byTable(), "Table"));
    box.setPadding(new Insets(10, 0, 0, 0));
    return box;
  }

  private static TableView<Stats> statsTable(javafx.collections.ObservableList<Stats> items,
      String key) {
    TableView<Stats> t = new TableView<>(items);
    t.getColumns().setAll(List.of(Ui.column(key, Stats::key),
        Ui.column("Transfers", s -> Formats.count(s.transfers())),
        Ui.column("Completed", s -> Formats.count(s.completed())),
        Ui.column("Failed", s -> Formats.count(s.failed())),
        Ui.column("Records", s -> Formats.count(s.records())),
        Ui.column("Bytes", s -> Formats.bytes(s.bytes()))));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    t.setPrefHeight(200);
    return t;
  }
}

package dev.dbsync.ui.share;

import dev.dbsync.ui.common.Ui;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The live list of receivers, with Approve, Deny and Disconnect on each row. */
final class ReceiverTable {
  private ReceiverTable() {}

  static TableView<ReceiverRow> create(LiveShare live) {
    TableView<ReceiverRow> table = new TableView<>(live.receivers());
    table.setId("receivers");
    table.setPlaceholder(new Label("Nobody is connected yet. Give a colleague the code."));
    TableColumn<ReceiverRow, String> who = Ui.column("Who", r -> r.who() + "\n" + r.address());
    who.setPrefWidth(150);
    TableColumn<ReceiverRow, String> since = Ui.column("Since", ReceiverRow::since);
    since.setPrefWidth(70);
    TableColumn<ReceiverRow, ReceiverRow> state = new TableColumn<>("Doing");
    state.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
    state.setCellFactory(c -> new StateCell());
    state.setPrefWidth(170);
    TableColumn<ReceiverRow, ReceiverRow> actions = new TableColumn<>("");
    actions.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
    actions.setCellFactory(c -> new ActionCell(live));
    actions.setPrefWidth(170);
    table.getColumns().setAll(java.util.List.of(who, since, state, actions));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return table;
  }

  /** Status, table being read, and a progress bar. */
  private static final class StateCell extends TableCell<ReceiverRow, ReceiverRow> {
    private final Label status = new Label();
    private final Label reading = new Label();
    private final ProgressBar bar = new ProgressBar();
    private final VBox box = new VBox(2, status, reading, bar);

    StateCell() {
      bar.setMaxWidth(Double.MAX_VALUE);
      reading.getStyleClass().add("muted");
    }

    @Override
    protected void updateItem(ReceiverRow r, boolean empty) {
      super.updateItem(r, empty);
      status.textProperty().unbind();
      reading.textProperty().unbind();
      bar.progressProperty().unbind();
      if (empty || r == null) {
        setGraphic(null);
        return;
      }
      status.textProperty().bind(r.statusProperty());
      reading.textProperty().bind(r.readingProperty());
      bar.progressProperty().bind(r.progressProperty());
      bar.visibleProperty().bind(Bindings.isNotEmpty(r.readingProperty()));
      setGraphic(box);
    }
  }

  /** Approve and Deny while a receiver waits; Disconnect once it is in. */
  private static final class ActionCell extends TableCell<ReceiverRow, ReceiverRow> {
    private final LiveShare live;

    ActionCell(LiveShare live) {
      this.live = live;
    }

    @Override
    protected void updateItem(ReceiverRow r, boolean empty) {
      super.updateItem(r, empty);
      if (empty || r == null) {
        setGraphic(null);
        return;
      }
      Button approve = new Button("Approve");
      approve.getStyleClass().add("success");
      approve.setId("approve-" + r.id());
      approve.setOnAction(e -> live.approve(r));
      Button deny = new Button("Deny");
      deny.setId("deny-" + r.id());
      deny.setOnAction(e -> live.deny(r));
      Button drop = new Button("Disconnect");
      drop.setId("disconnect-" + r.id());
      drop.setOnAction(e -> live.disconnect(r));
      HBox box = new HBox(6);
      Runnable refresh = () -> box.getChildren().setAll(r.waitingForApproval()
          ? java.util.List.of(approve, deny) : java.util.List.of(drop));
      r.statusProperty().addListener((o, a, b) -> refresh.run());
      refresh.run();
      setGraphic(box);
    }
  }
}

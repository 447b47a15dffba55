package dev.dbsync.ui.receive.results;

import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.Ui;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Step 5: the outcome per table, and the refused rows of the one selected. */
public final class ResultsView extends VBox {

  public ResultsView(ResultsViewModel vm) {
    super(10);
    Label summary = new Label();
    summary.setId("resultSummary");
    summary.setWrapText(true);
    summary.textProperty().bind(vm.summaryProperty());
    summary.getStyleClass().add("title-3");
    TableView<ResultRow> table = new TableView<>(vm.rows());
    table.setId("resultTables");
    table.getColumns().setAll(List.of(Ui.column("Table", ResultRow::table),
        Ui.column("Status", ResultRow::status),
        numeric("Created", ResultRow::created), numeric("Updated", ResultRow::updated),
        numeric("Skipped", ResultRow::skipped), numeric("Deleted", ResultRow::deleted),
        numeric("Errors", ResultRow::failed)));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    vm.selectedProperty().addListener((o, a, r) -> {
      if (r != table.getSelectionModel().getSelectedItem()) {
        table.getSelectionModel().select(r);
      }
    });
    table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
      if (r != null) {
        vm.selectedProperty().set(r);
      }
    });
    TextArea errors = new TextArea();
    errors.setId("resultErrors");
    errors.setEditable(false);
    errors.setPrefRowCount(8);
    errors.textProperty().bind(vm.errorsProperty());
    Button copy = new Button("Copy errors");
    copy.setId("copyErrors");
    copy.setOnAction(e -> vm.copyErrors());
    TitledPane errorPane = new TitledPane("Refused rows and messages of the selected table",
        new VBox(6, errors, copy));
    errorPane.setExpanded(true);
    Button fresh = new Button("New connection");
    fresh.setId("newConnection");
    fresh.setOnAction(e -> vm.newConnection());
    Button history = new Button("Open history");
    history.setId("openHistory");
    history.setOnAction(e -> vm.openHistory());
    getChildren().addAll(summary, table, errorPane, Ui.row(8, fresh, history));
    VBox.setVgrow(table, Priority.ALWAYS);
  }

  private static TableColumn<ResultRow, String> numeric(String title,
      java.util.function.ToLongFunction<ResultRow> value) {
    TableColumn<ResultRow, String> c = Ui.column(title, r -> Formats.count(value.applyAsLong(r)));
    c.getStyleClass().add("numeric");
    return c;
  }
}

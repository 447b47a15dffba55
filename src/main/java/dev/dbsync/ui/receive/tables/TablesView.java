package dev.dbsync.ui.receive.tables;

import dev.dbsync.engine.model.Strategy;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.Ui;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.ComboBoxTableCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.TextFields;

/** Step 2's table list, strategies and options. */
public final class TablesView extends VBox {

  public TablesView(TablesViewModel vm, ReceiveWizardModel wizard) {
    super(10);
    TextField search = TextFields.createClearableTextField();
    search.setId("tableSearch");
    search.setPromptText("Search tables");
    search.textProperty().bindBidirectional(vm.searchProperty());
    Button all = new Button("Select all");
    all.setId("selectAllTables");
    all.setOnAction(e -> vm.selectAllVisible(true));
    Button none = new Button("Select none");
    none.setOnAction(e -> vm.selectAllVisible(false));
    ComboBox<Strategy> bulk = new ComboBox<>();
    bulk.getItems().setAll(Strategy.values());
    bulk.setConverter(Ui.converter(Strategy::wireName));
    bulk.setPromptText("choose…");
    bulk.setOnAction(e -> {
      if (bulk.getValue() != null) {
        vm.applyToSelected(bulk.getValue());
      }
    });
    CheckBox create = new CheckBox("Create tables missing here");
    create.setId("createMissing");
    create.selectedProperty().bindBidirectional(wizard.createMissingProperty());
    HBox top = Ui.row(8, search, all, none);
    HBox.setHgrow(search, Priority.ALWAYS);
    CheckBox references = new CheckBox("Bring the rows they reference");
    references.setId("followReferences");
    references.selectedProperty().bindBidirectional(wizard.referencesProperty());
    CheckBox addColumns = new CheckBox("Add columns missing here");
    addColumns.setId("addColumns");
    addColumns.setTooltip(new javafx.scene.control.Tooltip("When a local table lacks columns "
        + "the sender's has, add them (nullable) instead of leaving their values out."));
    addColumns.selectedProperty().bindBidirectional(wizard.addColumnsProperty());
    ComboBox<Integer> jobs = new ComboBox<>();
    jobs.setId("jobs");
    jobs.getItems().setAll(dev.dbsync.engine.transfer.TransferOptions.AUTOMATIC, 1, 2, 4, 8);
    jobs.setConverter(Ui.converter(n -> n == dev.dbsync.engine.transfer.TransferOptions
        .AUTOMATIC ? "automatic" : String.valueOf(n)));
    jobs.setValue(wizard.jobsProperty().get());
    jobs.valueProperty().addListener((o, was, n) -> wizard.jobsProperty().set(
        n == null ? dev.dbsync.engine.transfer.TransferOptions.AUTOMATIC : n));
    jobs.setTooltip(new javafx.scene.control.Tooltip("How many tables are written at once, "
        + "each on its own connection; a table starts once the tables it references are in. "
        + "Automatic: as many as the sender offers, at most two per core here; 1: one after "
        + "another. A SQLite database is written one table at a time."));
    Label jobsLabel = new Label("Tables at once");
    jobsLabel.setLabelFor(jobs);
    HBox options = Ui.row(12, new Label("Strategy for the chosen tables"), bulk, Ui.grow(),
        jobsLabel, jobs);
    HBox tableOptions = Ui.row(12, create, addColumns);

    TableView<RemoteTable> table = table(vm);
    Label offer = new Label();
    offer.setWrapText(true);
    offer.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(offer, Priority.ALWAYS);
    offer.textProperty().bind(vm.parentsOfferProperty());
    Button addParents = new Button("Add them");
    addParents.setId("addParents");
    addParents.setOnAction(e -> vm.addParents());
    HBox offerBar = Ui.row(10, offer, addParents);
    offerBar.getStyleClass().add("offer");
    offerBar.visibleProperty().bind(vm.parentsOfferProperty().isNotEmpty());
    offerBar.managedProperty().bind(offerBar.visibleProperty());

    FilterEditorView editor = new FilterEditorView(vm.filters(), references);
    table.getSelectionModel().selectedItemProperty().addListener(
        (o, was, t) -> vm.filters().tableProperty().set(t));
    javafx.scene.control.TitledPane strategies = new javafx.scene.control.TitledPane(
        "What the strategies do", legend());
    strategies.setId("strategyLegend");
    strategies.setExpanded(false);
    table.setMinHeight(140);
    getChildren().addAll(top, options, tableOptions, table, offerBar, editor,
        Ui.message(vm.messageProperty()), strategies);
    VBox.setVgrow(table, Priority.ALWAYS);
  }

  private static TableView<RemoteTable> table(TablesViewModel vm) {
    TableView<RemoteTable> table = new TableView<>(vm.visible());
    table.setId("remoteTables");
    table.setEditable(true);
    TableColumn<RemoteTable, Boolean> pick = new TableColumn<>("Pull");
    pick.setCellValueFactory(c -> c.getValue().selectedProperty());
    pick.setCellFactory(CheckBoxTableCell.forTableColumn(pick));
    pick.setPrefWidth(50);
    pick.setMinWidth(50);
    TableColumn<RemoteTable, String> name = Ui.column("Table", RemoteTable::name);
    name.setPrefWidth(200);
    TableColumn<RemoteTable, String> remote = Ui.column("Remote rows",
        t -> (t.estimated() ? "≈ " : "") + Formats.count(t.remoteCount()));
    remote.getStyleClass().add("numeric");
    remote.setPrefWidth(110);
    TableColumn<RemoteTable, String> local = Ui.column("Local rows",
        t -> t.localCount() < 0 ? "—" : (t.estimated() ? "≈ " : "")
            + Formats.count(t.localCount()));
    local.getStyleClass().add("numeric");
    local.setPrefWidth(100);
    TableColumn<RemoteTable, String> status = Ui.column("Status", t -> t.status().toString());
    TableColumn<RemoteTable, Strategy> strategy = new TableColumn<>("Strategy");
    strategy.setCellValueFactory(c -> c.getValue().strategyProperty());
    strategy.setCellFactory(ComboBoxTableCell.forTableColumn(
        Ui.converter(Strategy::wireName), Strategy.values()));
    strategy.setPrefWidth(120);
    TableColumn<RemoteTable, String> rows = new TableColumn<>("Rows to pull");
    rows.setCellValueFactory(c -> {
      RemoteTable t = c.getValue();
      return javafx.beans.binding.Bindings.createStringBinding(() -> t.rows().summary(),
          t.rows().conditions(), t.rows().limitProperty(), t.rows().sampleProperty());
    });
    rows.setPrefWidth(180);
    table.getColumns().setAll(List.of(pick, name, remote, local, status, rows, strategy));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.placeholderProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
        () -> new Label(vm.loadingProperty().get() ? "Reading the sender's tables…"
            : "No table matches"), vm.loadingProperty()));
    return table;
  }

  private static GridPane legend() {
    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(2);
    int row = 0;
    for (Strategy s : Strategy.values()) {
      Label name = new Label(s.wireName());
      name.getStyleClass().add("section");
      g.addRow(row++, name, Ui.hint(s.explanation()));
    }
    return g;
  }
}

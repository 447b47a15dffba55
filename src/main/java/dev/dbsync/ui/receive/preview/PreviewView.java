package dev.dbsync.ui.receive.preview;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.ui.common.Ui;
import dev.dbsync.ui.receive.RemoteTable;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Step 3: the chosen tables on the left; schema above, rows below. */
public final class PreviewView extends BorderPane {

  public PreviewView(PreviewViewModel vm) {
    ListView<RemoteTable> tables = new ListView<>(vm.tables());
    tables.setId("previewTables");
    tables.setCellFactory(Ui.cells(RemoteTable::name));
    tables.setPrefWidth(150);
    vm.tableProperty().addListener((o, a, t) -> tables.getSelectionModel().select(t));
    tables.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
      if (t != null) {
        vm.tableProperty().set(t);
      }
    });
    setLeft(tables);

    TableView<SchemaRow> schema = new TableView<>(vm.schema());
    schema.setId("previewSchema");
    TableColumn<SchemaRow, String> note = Ui.column("", SchemaRow::note);
    note.setCellFactory(c -> new TableCell<>() {
      @Override
      protected void updateItem(String s, boolean empty) {
        super.updateItem(s, empty);
        getStyleClass().removeAll("missing", "differs");
        setText(empty ? null : s);
        if (!empty && s != null && !s.isEmpty()) {
          getStyleClass().add(s.startsWith("missing") || s.contains("needs") ? "missing"
              : "differs");
        }
      }
    });
    schema.getColumns().setAll(List.of(Ui.column("Column", SchemaRow::column),
        Ui.column("Remote type", r -> r.remoteType() == null ? "—" : r.remoteType()),
        Ui.column("Key", r -> r.key() ? "PK" : ""),
        Ui.column("Nullable", r -> r.nullable() ? "yes" : "no"),
        Ui.column("Local type", r -> r.localType() == null ? "—" : r.localType()), note));
    schema.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    schema.setPlaceholder(new Label("Choose a table"));

    TableView<ObjectNode> rows = new TableView<>(vm.rows());
    rows.setId("previewRows");
    rows.setPlaceholder(new Label("No rows"));
    vm.columns().addListener((ListChangeListener<String>) c ->
        rows.getColumns().setAll(vm.columns().stream().map(n -> valueColumn(vm, n)).toList()));
    Button previous = new Button("‹ Previous 50");
    previous.setId("previousPage");
    previous.disableProperty().bind(vm.hasPreviousProperty().not());
    previous.setOnAction(e -> vm.previousPage());
    Button next = new Button("Next 50 ›");
    next.setId("nextPage");
    next.disableProperty().bind(vm.hasNextProperty().not());
    next.setOnAction(e -> vm.nextPage());
    Label page = new Label();
    page.setId("pageText");
    page.textProperty().bind(vm.pageTextProperty());
    VBox rowsBox = new VBox(6, rows, Ui.row(8, previous, next, page),
        Ui.message(vm.messageProperty()));
    VBox.setVgrow(rows, Priority.ALWAYS);

    Label schemaTitle = new Label();
    schemaTitle.getStyleClass().add("section");
    schemaTitle.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
        vm.tableProperty().get() == null ? "Schema"
            : vm.tableProperty().get().localSchema() == null
            ? "Schema: no such table here yet; it will be created with these columns"
            : "Schema: remote and local", vm.tableProperty()));
    // the rows and the compare with the local table share the lower half, a tab each
    javafx.scene.control.Tab rowsTab = new javafx.scene.control.Tab("Remote rows", rowsBox);
    javafx.scene.control.Tab compareTab = new javafx.scene.control.Tab(
        "Compare with the local table", compareBox(vm));
    compareTab.setId("compareTab");
    javafx.scene.control.TabPane lower = new javafx.scene.control.TabPane(rowsTab, compareTab);
    lower.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
    lower.setId("previewTabs");
    SplitPane split = new SplitPane(new VBox(4, schemaTitle, schema), lower);
    VBox.setVgrow(schema, Priority.ALWAYS);
    VBox.setVgrow(rowsBox, Priority.ALWAYS);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.36);
    BorderPane.setMargin(split, new javafx.geometry.Insets(0, 0, 0, 12));
    setCenter(split);
  }

  /** The compare with the local table: counts, the strategy's effect, the changed cells. */
  private static VBox compareBox(PreviewViewModel vm) {
    Button compare = new Button("Compare with the local table");
    compare.setId("compareButton");
    compare.disableProperty().bind(vm.canCompareProperty().not());
    compare.setOnAction(e -> vm.compare());
    Label counts = new Label();
    counts.setId("compareText");
    counts.textProperty().bind(vm.compareTextProperty());
    Label effect = new Label();
    effect.setId("effectText");
    effect.setWrapText(true);
    effect.textProperty().bind(vm.effectTextProperty());
    effect.getStyleClass().add("section");
    TableView<ChangeRow> changes = new TableView<>(vm.changes());
    changes.setId("compareChanges");
    changes.setPlaceholder(new Label("Compare to see the rows that differ"));
    TableColumn<ChangeRow, String> old = Ui.column("Here (old)", ChangeRow::oldValue);
    TableColumn<ChangeRow, String> now = Ui.column("Sender (new)", ChangeRow::newValue);
    old.setCellFactory(c -> highlighted("missing"));
    now.setCellFactory(c -> highlighted("changed-cell"));
    changes.getColumns().setAll(List.of(Ui.column("Row", ChangeRow::kind),
        Ui.column("Key", ChangeRow::key), Ui.column("Column", ChangeRow::column), old, now));
    changes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    VBox box = new VBox(6, Ui.row(10, compare, counts), effect, changes);
    box.setPadding(new javafx.geometry.Insets(8, 0, 0, 0));
    VBox.setVgrow(changes, Priority.ALWAYS);
    return box;
  }

  /** A changed cell: marked so the eye finds it. */
  private static TableCell<ChangeRow, String> highlighted(String style) {
    return new TableCell<>() {
      @Override
      protected void updateItem(String s, boolean empty) {
        super.updateItem(s, empty);
        getStyleClass().removeAll("missing", "changed-cell");
        setText(empty ? null : s);
        ChangeRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
        if (r != null && r.kind().equals("changed")) {
          getStyleClass().add(style);
        }
      }
    };
  }

  private static TableColumn<ObjectNode, CellText> valueColumn(PreviewViewModel vm, String name) {
    boolean json = vm.isJson(name);
    String masked = vm.maskedBy(name);
    TableColumn<ObjectNode, CellText> c = new TableColumn<>(masked == null ? name
        : name + " (masked: " + masked + ")");
    if (masked != null) {
      c.setId("masked-" + name); // the sender masks it: these are not the real values
    }
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(
        CellText.of(cell.getValue().get(name), json)));
    c.setCellFactory(col -> new TableCell<>() {
      @Override
      protected void updateItem(CellText v, boolean empty) {
        super.updateItem(v, empty);
        getStyleClass().removeAll("null-value", "empty-value");
        if (empty || v == null) {
          setText(null);
          setTooltip(null);
          return;
        }
        setText(v.text());
        if (v.style() != null) {
          getStyleClass().add(v.style());
        }
        setTooltip(v.tooltip() == null ? null : new Tooltip(v.tooltip()));
      }
    });
    c.setPrefWidth(Math.max(90, Math.min(260, name.length() * 12)));
    return c;
  }
}

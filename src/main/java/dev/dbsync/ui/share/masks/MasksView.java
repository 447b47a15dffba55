package dev.dbsync.ui.share.masks;

import dev.dbsync.ui.common.Ui;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The masks of one table in a dialog: each column with a rule picker (type or pick; empty
 * means sent as it is), why DB Sync suggests it, and the first row as it would leave.
 */
public final class MasksView extends Dialog<ButtonType> {
  public MasksView(Window owner, MasksViewModel vm) {
    initOwner(owner);
    setTitle("Masks of " + vm.table());
    setResizable(true);
    TableView<ColumnMask> columns = new TableView<>(vm.columns());
    columns.setId("maskColumns");
    columns.setEditable(true);
    TableColumn<ColumnMask, String> name = Ui.column("Column", ColumnMask::column);
    name.setPrefWidth(140);
    TableColumn<ColumnMask, String> type = Ui.column("Type", ColumnMask::type);
    type.setPrefWidth(110);
    TableColumn<ColumnMask, String> rule = new TableColumn<>("Rule");
    rule.setCellValueFactory(c -> c.getValue().ruleProperty());
    rule.setCellFactory(c -> new RuleCell());
    rule.setPrefWidth(170);
    TableColumn<ColumnMask, String> sample = Ui.column("First row", ColumnMask::sample);
    sample.setPrefWidth(170);
    TableColumn<ColumnMask, String> masked = new TableColumn<>("Leaves as");
    masked.setCellValueFactory(c -> Bindings.createStringBinding(() ->
        c.getValue().problemProperty().get().isEmpty() ? c.getValue().maskedProperty().get()
            : "⚠ " + c.getValue().problemProperty().get(),
        c.getValue().problemProperty(), c.getValue().maskedProperty()));
    masked.setPrefWidth(230);
    TableColumn<ColumnMask, String> why = Ui.column("Suggested", c -> c.suggestedRule()
        .isEmpty() ? "" : c.suggestedRule() + " (" + c.suggestion() + ")");
    why.setPrefWidth(220);
    columns.getColumns().setAll(java.util.List.of(name, type, rule, sample, masked, why));
    columns.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    columns.setPlaceholder(new Label("Reading the columns…"));

    Button suggested = new Button("Use the suggestions");
    suggested.setId("useSuggestions");
    suggested.setOnAction(e -> vm.acceptSuggestions());
    suggested.disableProperty().bind(vm.readyProperty().not());
    VBox content = new VBox(10, Ui.hint("A masked column leaves this computer masked on every "
        + "path (preview, rows, COPY): the receiver never gets the original. The same value "
        + "is masked the same way every time, in every table, so keys still join. Rules: "
        + "email, name, phone, hash, null, constant:TEXT, keep-last:N, date-shift:DAYS, redact, "
        + "city, address, ip, text."), columns, Ui.row(8, suggested, Ui.grow()),
        Ui.message(vm.messageProperty()));
    VBox.setVgrow(columns, Priority.ALWAYS);
    getDialogPane().setContent(content);
    getDialogPane().setPrefSize(1040, 520);
    getDialogPane().setMinSize(760, 420);
    setOnShown(e -> {
      Window w = getDialogPane().getScene().getWindow();
      w.setWidth(Math.max(w.getWidth(), 1060));
      w.setHeight(Math.max(w.getHeight(), 560));
    });
    getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
    Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
    ok.setId("applyMasks");
    ok.setText("Apply");
    // a rule that does not fit keeps the dialog open, the problem shown at its row
    ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
      if (vm.rules() == null) {
        e.consume();
      }
    });
  }

  /** A picker of the rules that also takes typed text (constant:TEXT, keep-last:6). */
  private static final class RuleCell extends TableCell<ColumnMask, String> {
    private final ComboBox<String> box = new ComboBox<>();

    RuleCell() {
      box.getItems().setAll(MasksViewModel.RULES);
      box.setEditable(true);
      box.setMaxWidth(Double.MAX_VALUE);
      box.valueProperty().addListener((o, was, now) -> {
        ColumnMask m = getTableRow() == null ? null : getTableRow().getItem();
        if (m != null && now != null && !now.equals(m.ruleProperty().get())) {
          m.ruleProperty().set(now.trim());
        }
      });
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      if (empty) {
        setGraphic(null);
      } else {
        box.setValue(item);
        box.setId("rule-" + (getTableRow() == null || getTableRow().getItem() == null ? ""
            : getTableRow().getItem().column()));
        setGraphic(box);
      }
    }
  }
}

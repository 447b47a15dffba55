package dev.dbsync.ui.receive.tables;

import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.ui.common.Ui;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.RowChoice;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The filter editor under the table list: a row per condition (column, operator, value), the
 * first N rows or a sample, and the live count. Counting waits for a pause in the typing.
 */
final class FilterEditorView extends VBox {
  private static final List<RowFilter.Op> OPS = List.of(RowFilter.Op.EQ, RowFilter.Op.NE,
      RowFilter.Op.LT, RowFilter.Op.LE, RowFilter.Op.GT, RowFilter.Op.GE, RowFilter.Op.LIKE,
      RowFilter.Op.IN, RowFilter.Op.IS_NULL, RowFilter.Op.NOT_NULL);

  private final FilterEditorViewModel vm;
  private final VBox rows = new VBox(6);
  private final TextField limit = new TextField();
  private final TextField sample = new TextField();
  private final Button add = new Button("Add condition");
  private final PauseTransition pause = new PauseTransition(Duration.millis(400));
  /** Rows are made again when conditions come or go, not while one is edited (focus stays). */
  private final ListChangeListener<RowChoice.Condition> rebuild = c -> {
    boolean structural = false;
    while (c.next()) {
      structural |= c.wasAdded() || c.wasRemoved() || c.wasPermutated();
    }
    if (structural) {
      rebuild();
    }
  };
  private final InvalidationListener typed = o -> edited();

  FilterEditorView(FilterEditorViewModel vm, javafx.scene.control.CheckBox references) {
    super(8);
    this.vm = vm;
    setId("filterEditor");
    getStyleClass().add("filter-editor");
    pause.setOnFinished(e -> vm.recount());
    Label title = Ui.section("");
    title.textProperty().bind(vm.titleProperty());
    Label count = new Label();
    count.setId("matchCount");
    count.textProperty().bind(vm.countProperty());
    add.setId("addCondition");
    add.setOnAction(e -> vm.addCondition());
    limit.setId("rowLimit");
    limit.setPromptText("all");
    limit.setPrefColumnCount(5);
    sample.setId("rowSample");
    sample.setPromptText("100");
    sample.setPrefColumnCount(3);
    HBox bottom = Ui.row(8, add, references, Ui.grow(), new Label("First"), limit,
        new Label("rows · Sample"), sample, new Label("%"));
    getChildren().addAll(Ui.row(12, title, Ui.grow(), count), rows, bottom);
    vm.tableProperty().addListener((o, was, t) -> show(was, t));
    show(null, vm.tableProperty().get());
  }

  private void edited() {
    vm.editing();
    pause.playFromStart();
  }

  private void show(RemoteTable was, RemoteTable t) {
    if (was != null) {
      was.rows().conditions().removeListener(rebuild);
      was.rows().conditions().removeListener(typed);
      limit.textProperty().unbindBidirectional(was.rows().limitProperty());
      sample.textProperty().unbindBidirectional(was.rows().sampleProperty());
      limit.textProperty().removeListener(typed);
      sample.textProperty().removeListener(typed);
    }
    boolean none = t == null;
    add.setDisable(none);
    limit.setDisable(none);
    sample.setDisable(none);
    if (none) {
      limit.setText("");
      sample.setText("");
      rows.getChildren().clear();
      return;
    }
    limit.textProperty().bindBidirectional(t.rows().limitProperty());
    sample.textProperty().bindBidirectional(t.rows().sampleProperty());
    limit.textProperty().addListener(typed);
    sample.textProperty().addListener(typed);
    t.rows().conditions().addListener(rebuild);
    t.rows().conditions().addListener(typed);
    rebuild();
  }

  private void rebuild() {
    RemoteTable t = vm.tableProperty().get();
    rows.getChildren().clear();
    if (t == null) {
      return;
    }
    int i = 0;
    for (RowChoice.Condition c : t.rows().conditions()) {
      ComboBox<String> column = new ComboBox<>(vm.columns());
      column.setId("conditionColumn" + i);
      column.valueProperty().bindBidirectional(c.columnProperty());
      ComboBox<RowFilter.Op> op = new ComboBox<>();
      op.setId("conditionOp" + i);
      op.getItems().setAll(OPS);
      op.setConverter(Ui.converter(FilterEditorView::word));
      op.valueProperty().bindBidirectional(c.opProperty());
      TextField value = new TextField();
      value.setId("conditionValue" + i);
      value.setPromptText("value (in: a, b, c)");
      value.textProperty().bindBidirectional(c.valueProperty());
      value.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
          () -> c.opProperty().get() != null && !c.opProperty().get().takesValue(),
          c.opProperty()));
      HBox.setHgrow(value, Priority.ALWAYS);
      Button remove = new Button("✕");
      remove.getStyleClass().add("flat");
      remove.setOnAction(e -> vm.remove(c));
      rows.getChildren().add(Ui.row(8, column, op, value, remove));
      i++;
    }
  }

  static String word(RowFilter.Op op) {
    return switch (op) {
      case EQ -> "=";
      case NE -> "≠";
      case LT -> "<";
      case LE -> "≤";
      case GT -> ">";
      case GE -> "≥";
      case LIKE -> "like";
      case IN -> "in";
      case IS_NULL -> "is empty (null)";
      case NOT_NULL -> "is not null";
    };
  }
}

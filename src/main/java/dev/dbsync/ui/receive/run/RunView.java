package dev.dbsync.ui.receive.run;

import dev.dbsync.ui.common.Ui;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Step 4: the plan per table, then a bar per table and an overall bar. */
public final class RunView extends VBox {

  public RunView(RunViewModel vm) {
    super(10);
    ProgressBar overall = new ProgressBar();
    overall.setId("overallProgress");
    overall.setMaxWidth(Double.MAX_VALUE);
    overall.progressProperty().bind(vm.overallProperty());
    Label overallText = new Label();
    overallText.setId("overallText");
    overallText.textProperty().bind(vm.overallTextProperty());
    overallText.setWrapText(true);
    ListView<TableProgressRow> list = new ListView<>(vm.rows());
    list.setFocusTraversable(false);
    list.setId("runTables");
    list.setCellFactory(lv -> new RowCell());
    Label mirror = new Label();
    mirror.setId("mirrorText");
    mirror.getStyleClass().add("missing");
    mirror.setWrapText(true);
    mirror.textProperty().bind(vm.mirrorTextProperty());
    mirror.managedProperty().bind(mirror.textProperty().isNotEmpty());
    getChildren().addAll(Ui.section("What will happen"), list, mirror, Ui.section("Overall"),
        overall, overallText);
    VBox.setVgrow(list, Priority.ALWAYS);
  }

  private static final class RowCell extends ListCell<TableProgressRow> {
    @Override
    protected void updateItem(TableProgressRow r, boolean empty) {
      super.updateItem(r, empty);
      if (empty || r == null) {
        setGraphic(null);
        return;
      }
      Label name = new Label(r.table());
      name.getStyleClass().add("section");
      Label plan = Ui.hint("");
      plan.textProperty().bind(r.planProperty());
      ProgressBar bar = new ProgressBar();
      bar.setPrefWidth(260);
      bar.progressProperty().bind(r.progressProperty());
      Label detail = new Label();
      detail.textProperty().bind(r.detailProperty());
      VBox box = new VBox(4, name, plan, Ui.row(10, bar, detail));
      box.prefWidthProperty().bind(getListView().widthProperty().subtract(40));
      box.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
      setGraphic(box);
    }
  }
}

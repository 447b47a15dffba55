package dev.dbsync.ui.receive;

import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.Ui;
import dev.dbsync.ui.receive.connect.ConnectView;
import dev.dbsync.ui.receive.connect.ConnectViewModel;
import dev.dbsync.ui.receive.preview.PreviewView;
import dev.dbsync.ui.receive.preview.PreviewViewModel;
import dev.dbsync.ui.receive.results.ResultsView;
import dev.dbsync.ui.receive.results.ResultsViewModel;
import dev.dbsync.ui.receive.run.RunView;
import dev.dbsync.ui.receive.run.RunViewModel;
import dev.dbsync.ui.receive.tables.TablesView;
import dev.dbsync.ui.receive.tables.TablesViewModel;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The receive wizard: a step indicator, the current step, and Back / Next / Cancel. */
public final class ReceiveWizardView extends BorderPane {
  private final List<Node> views = new ArrayList<>();
  private final List<Label> indicators = new ArrayList<>();

  public ReceiveWizardView(ReceiveWizardModel wizard, DialogService dialogs) {
    setPadding(new Insets(20));
    getStyleClass().add("screen");
    views.add(new ConnectView(wizard.step(ConnectViewModel.class), wizard));
    views.add(new TablesView(wizard.step(TablesViewModel.class), wizard));
    views.add(new PreviewView(wizard.step(PreviewViewModel.class)));
    views.add(new RunView(wizard.step(RunViewModel.class)));
    views.add(new ResultsView(wizard.step(ResultsViewModel.class)));

    HBox steps = new HBox(6);
    for (int i = 0; i < wizard.steps().size(); i++) {
      Label l = new Label((i + 1) + "  " + wizard.steps().get(i).title());
      l.getStyleClass().add("step");
      l.setId("step-" + i);
      indicators.add(l);
      steps.getChildren().add(l);
    }
    VBox header = new VBox(10, Ui.title("Receive data"), steps);
    header.setPadding(new Insets(0, 0, 14, 0));
    setTop(header);

    Button back = new Button("Back");
    back.setId("wizardBack");
    back.visibleProperty().bind(wizard.backVisibleProperty());
    back.disableProperty().bind(wizard.workingProperty());
    back.setOnAction(e -> wizard.back());
    Button cancel = new Button("Cancel");
    cancel.setId("wizardCancel");
    cancel.setOnAction(e -> wizard.cancel());
    Button next = new Button();
    next.setId("wizardNext");
    next.setDefaultButton(true);
    next.getStyleClass().add("accent");
    next.textProperty().bind(wizard.nextLabelProperty());
    next.disableProperty().bind(wizard.nextDisabledProperty());
    next.setOnAction(e -> wizard.next());
    HBox buttons = Ui.row(8, cancel, Ui.grow(), back, next);
    buttons.getStyleClass().add("wizard-buttons");
    setBottom(buttons);
    // Enter advances (Next is the default button); Esc cancels (see MainWindow)

    wizard.indexProperty().addListener((o, a, i) -> show(i.intValue()));
    show(wizard.indexProperty().get());
  }

  private void show(int index) {
    Node view = views.get(index);
    BorderPane.setMargin(view, new Insets(0, 0, 12, 0));
    setCenter(view);
    for (int i = 0; i < indicators.size(); i++) {
      Label l = indicators.get(i);
      l.getStyleClass().removeAll("current", "done");
      if (i == index) {
        l.getStyleClass().add("current");
      } else if (i < index) {
        l.getStyleClass().add("done");
      }
    }
    view.requestFocus();
  }
}

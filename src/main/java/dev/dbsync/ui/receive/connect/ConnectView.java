package dev.dbsync.ui.receive.connect;

import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.ui.common.Ui;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Step 1's form. */
public final class ConnectView extends VBox {

  public ConnectView(ConnectViewModel vm, ReceiveWizardModel wizard) {
    super(12);
    TextField address = new TextField();
    address.setId("connectAddress");
    address.setPromptText("ws://192.168.1.20:4471");
    address.textProperty().bindBidirectional(vm.addressProperty());
    TextField code = new TextField();
    code.setId("connectCode");
    code.setPromptText("ABCD EFGH");
    code.getStyleClass().add("code-input");
    code.setTextFormatter(new TextFormatter<String>(change -> {
      change.setText(change.getText().toUpperCase(java.util.Locale.ROOT));
      return change;
    }));
    code.textProperty().bindBidirectional(vm.codeProperty());
    PasswordField password = new PasswordField();
    password.setId("connectPassword");
    password.textProperty().bindBidirectional(vm.passwordProperty());
    Label passwordLabel = new Label("Password");
    password.visibleProperty().bind(vm.passwordNeededProperty());
    passwordLabel.visibleProperty().bind(vm.passwordNeededProperty());
    password.managedProperty().bind(password.visibleProperty());
    passwordLabel.managedProperty().bind(passwordLabel.visibleProperty());
    TextField fingerprint = new TextField();
    fingerprint.setId("connectFingerprint");
    fingerprint.setPromptText("SHA-256 fingerprint the sender shows (self-signed certificate)");
    fingerprint.textProperty().bindBidirectional(vm.fingerprintProperty());
    Label fingerprintLabel = new Label("Fingerprint");
    fingerprint.visibleProperty().bind(vm.secureProperty());
    fingerprintLabel.visibleProperty().bind(vm.secureProperty());
    fingerprint.managedProperty().bind(fingerprint.visibleProperty());
    fingerprintLabel.managedProperty().bind(fingerprintLabel.visibleProperty());
    ComboBox<SavedDatabase> target = new ComboBox<>(wizard.targets());
    target.setId("connectTarget");
    target.valueProperty().bindBidirectional(wizard.targetProperty());
    target.setMaxWidth(Double.MAX_VALUE);

    ComboBox<String> saved = new ComboBox<>(vm.savedNames());
    saved.setId("connectSaved");
    saved.setConverter(Ui.converter(n -> n == null || n.isEmpty()
        ? "None: use an address and a one-time code" : n));
    saved.valueProperty().bindBidirectional(vm.savedProperty());
    saved.setMaxWidth(Double.MAX_VALUE);
    Label savedLabel = new Label("Saved connection");
    saved.visibleProperty().bind(javafx.beans.binding.Bindings.size(vm.savedNames())
        .greaterThan(1));
    savedLabel.visibleProperty().bind(saved.visibleProperty());
    saved.managedProperty().bind(saved.visibleProperty());
    savedLabel.managedProperty().bind(saved.visibleProperty());
    var byCode = vm.savedProperty().isEmpty().or(vm.savedProperty().isNull());
    address.disableProperty().bind(byCode.not());
    code.disableProperty().bind(byCode.not());

    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(4);
    g.addRow(0, savedLabel, saved);
    g.addRow(1, new Label("Sender's address"), address);
    g.add(problem(vm.addressProblemProperty()), 1, 2);
    g.addRow(3, new Label("Code"), code);
    g.add(problem(vm.codeProblemProperty()), 1, 4);
    g.addRow(5, passwordLabel, password);
    g.addRow(7, fingerprintLabel, fingerprint);
    g.addRow(8, new Label("Pull into"), target);
    javafx.scene.control.CheckBox compress = new javafx.scene.control.CheckBox(
        "Compress the link (helps on slow networks; costs CPU on fast ones)");
    compress.setId("connectCompress");
    compress.selectedProperty().bindBidirectional(vm.compressProperty());
    g.add(compress, 1, 9);
    GridPane.setHgrow(address, Priority.ALWAYS);

    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(18, 18);
    spinner.visibleProperty().bind(wizard.workingProperty());
    spinner.managedProperty().bind(spinner.visibleProperty());
    Label status = new Label();
    status.setId("connectStatus");
    status.setWrapText(true);
    status.textProperty().bind(vm.statusProperty());
    vm.failedProperty().addListener((o, a, bad) -> {
      status.getStyleClass().remove("message");
      if (bad) {
        status.getStyleClass().add("message");
      }
    });
    HBox statusRow = Ui.row(8, spinner, status);
    getChildren().addAll(Ui.hint("Ask the sender for the address shown on their share screen "
        + "and the 8-character code, or choose a connection you saved (no code then). "
        + "Nothing is written until you press Run."), g, statusRow);
    setMaxWidth(680);
    javafx.scene.layout.BorderPane.setAlignment(this, javafx.geometry.Pos.TOP_LEFT);
  }

  private static Label problem(javafx.beans.value.ObservableStringValue text) {
    Label l = new Label();
    l.getStyleClass().add("muted");
    l.textProperty().bind(text);
    return l;
  }
}

package dev.dbsync.ui.connections;

import dev.dbsync.engine.connections.SavedConnection;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.Ui;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Connections › Outgoing: the senders this computer pulls from, and the form to save one. */
final class OutgoingView extends BorderPane {

  OutgoingView(OutgoingViewModel vm) {
    setPadding(new Insets(12, 0, 0, 0));
    TableView<SavedConnection> table = new TableView<>(vm.saved());
    table.setId("outgoingConnections");
    table.setPlaceholder(new Label("None yet. When a sender gives you a token, save it here."));
    table.getColumns().add(Ui.column("Name", SavedConnection::name));
    table.getColumns().add(Ui.column("Sender", SavedConnection::address));
    table.getColumns().add(Ui.column("Status", SavedConnection::status));
    table.getColumns().add(Ui.column("Last connected", s -> s.lastConnectedAt() == null
        ? "never" : Formats.when(s.lastConnectedAt())));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
      if (s != null) {
        vm.selectedProperty().set(s);
      }
    });
    Button forget = IncomingView.button("forgetConnection", "Forget…", vm::forget);
    forget.disableProperty().bind(vm.selectedProperty().isNull());
    Label why = new Label();
    why.setId("savedStatusReason");
    why.setWrapText(true);
    why.getStyleClass().add("muted");
    why.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
      SavedConnection s = vm.selectedProperty().get();
      return s == null || s.statusReason() == null ? "" : s.name() + " is " + s.status()
          + ": " + s.statusReason();
    }, vm.selectedProperty()));
    VBox left = new VBox(8, Ui.hint("Senders that gave this computer a token. Pull from one "
        + "under Receive: choose it instead of typing a code. The status is what the sender "
        + "said last (suspended, revoked, expired, or gone when it no longer knows the "
        + "token)."), table, why, Ui.row(6, forget));
    VBox.setVgrow(table, Priority.ALWAYS);
    left.setMinWidth(300);
    left.setPadding(new Insets(0, 12, 0, 0));
    VBox right = form(vm);
    javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(left, right);
    split.setDividerPositions(0.55);
    setCenter(split);
  }

  private static VBox form(OutgoingViewModel vm) {
    TextField name = Ui.field("savedName", vm.nameProperty(), "e.g. prod");
    TextField address = Ui.field("savedAddress", vm.addressProperty(), "ws://db.example.com:4471");
    PasswordField token = new PasswordField();
    token.setId("savedToken");
    token.setPromptText("the 43 characters the sender gave you");
    token.textProperty().bindBidirectional(vm.tokenProperty());
    PasswordField password = new PasswordField();
    password.setId("savedPassword");
    password.setPromptText("if the connection has one");
    password.textProperty().bindBidirectional(vm.passwordProperty());
    TextField fingerprint = Ui.field("savedFingerprint", vm.fingerprintProperty(),
        "for wss: AB:CD:… (optional)");
    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(8);
    g.addRow(0, new Label("Name"), name);
    g.addRow(1, new Label("Sender"), address);
    g.addRow(2, new Label("Token"), token);
    g.addRow(3, new Label("Password"), password);
    g.addRow(4, new Label("Fingerprint"), fingerprint);
    GridPane.setHgrow(name, Priority.ALWAYS);
    javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
    labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    g.getColumnConstraints().add(labels);
    Button save = IncomingView.button("saveSaved", "Save", vm::save);
    save.getStyleClass().add("accent");
    Label message = Ui.message(vm.messageProperty(), vm.messageOkProperty());
    message.setId("outgoingMessage");
    VBox box = new VBox(12, Ui.section("Save a connection"), g, Ui.row(8, save), message,
        Ui.hint("The token is sealed (AES-GCM) with a key only your user account can read. "
            + "Saving a name again replaces its token, after the sender made a new one."));
    box.setPadding(new Insets(0, 8, 8, 12));
    box.setMinWidth(320);
    return box;
  }

}

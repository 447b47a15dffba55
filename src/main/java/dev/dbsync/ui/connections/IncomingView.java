package dev.dbsync.ui.connections;

import dev.dbsync.engine.connections.Connection;
import dev.dbsync.engine.connections.ConnectionStatus;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.Ui;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Connections › Incoming: the list and its actions on the left, the settings on the right. */
final class IncomingView extends BorderPane {

  IncomingView(IncomingViewModel vm) {
    setPadding(new Insets(12, 0, 0, 0));
    TableView<Connection> table = new TableView<>(vm.connections());
    table.setId("incomingConnections");
    table.setPlaceholder(new Label("No connection yet. Fill in the form and press Create."));
    table.getColumns().add(Ui.column("Receiver", Connection::name));
    table.getColumns().add(Ui.column("Status", c -> c.status().wireName()));
    table.getColumns().add(Ui.column("Used", IncomingView::used));
    table.getColumns().add(Ui.column("Last used", c -> c.lastUsedAt() == null ? "never"
        : Formats.when(c.lastUsedAt())));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
      if (c != null) {
        vm.selectedProperty().set(c);
      }
    });
    vm.selectedProperty().addListener((o, a, c) -> {
      Connection shown = table.getSelectionModel().getSelectedItem();
      if (c == null) {
        table.getSelectionModel().clearSelection();
      } else if (shown == null || shown.id() != c.id()) {
        table.getItems().stream().filter(x -> x.id() == c.id()).findFirst()
            .ifPresent(x -> table.getSelectionModel().select(x));
      }
    });
    var status = Bindings.createObjectBinding(() -> vm.selectedProperty().get() == null ? null
        : vm.selectedProperty().get().status(), vm.selectedProperty());
    Button suspend = button("suspendConnection", "Suspend", vm::suspend);
    suspend.disableProperty().bind(status.isNotEqualTo(ConnectionStatus.ACTIVE));
    Button reactivate = button("reactivateConnection", "Reactivate", vm::reactivate);
    reactivate.disableProperty().bind(status.isNotEqualTo(ConnectionStatus.SUSPENDED));
    Button revoke = button("revokeConnection", "Revoke…", vm::revoke);
    revoke.disableProperty().bind(status.isNull().or(status.isEqualTo(ConnectionStatus.REVOKED))
        .or(status.isEqualTo(ConnectionStatus.EXPIRED)));
    Button rotate = button("rotateToken", "New token…", vm::rotateToken);
    rotate.disableProperty().bind(status.isNull());
    Button delete = button("deleteConnection", "Delete…", vm::delete);
    delete.disableProperty().bind(status.isNull());
    delete.getStyleClass().add("danger");
    VBox left = new VBox(8, Ui.hint("Receivers you gave a token: they pull without a code, "
        + "within the limits you set (checked on every request). Share with \"Also serve "
        + "permanent connections\" on, or run dbsync share --connections on a server."), table,
        buttons(suspend, reactivate, revoke, rotate, delete), tokenBox(vm));
    VBox.setVgrow(table, Priority.ALWAYS);
    left.setMinWidth(300);
    left.setPadding(new Insets(0, 12, 0, 0));
    ScrollPane scroll = new ScrollPane(form(vm));
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("edge-to-edge");
    // Create/Save stays in sight however long the form grows
    Button save = button("saveConnection", "Create", vm::save);
    save.textProperty().bind(Bindings.when(vm.editingProperty()).then("Save").otherwise(
        "Create"));
    save.getStyleClass().add("accent");
    Button fresh = button("newConnection", "New", vm::newConnection);
    Label message = Ui.message(vm.messageProperty(), vm.messageOkProperty());
    message.setId("connectionsMessage");
    javafx.scene.layout.HBox actions = Ui.row(8, save, fresh);
    actions.setPadding(new Insets(0, 8, 0, 12));
    message.setPadding(new Insets(0, 8, 0, 12));
    VBox right = new VBox(8, scroll, actions, message);
    VBox.setVgrow(scroll, Priority.ALWAYS);
    right.setMinWidth(340);
    javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(left, right);
    split.setDividerPositions(0.5);
    setCenter(split);
  }

  /** "3/20 downloads · 1,200 records": what the connection used of its limits. */
  static String used(Connection c) {
    var s = c.settings();
    return Formats.count(c.downloads()) + (s.maxDownloads() == null ? "" : "/"
        + s.maxDownloads()) + (c.downloads() == 1 ? " download · " : " downloads · ")
        + Formats.count(c.recordsTotal()) + (s.maxRecordsTotal() == null ? ""
            : "/" + Formats.count(s.maxRecordsTotal())) + " records";
  }

  private static javafx.scene.layout.FlowPane buttons(Button... all) {
    javafx.scene.layout.FlowPane p = new javafx.scene.layout.FlowPane(6, 6, all);
    return p;
  }

  private static VBox tokenBox(IncomingViewModel vm) {
    Label heading = new Label();
    heading.getStyleClass().add("section");
    heading.textProperty().bind(Bindings.concat("Token for ", vm.tokenForProperty(),
        " (shown this once)"));
    TextField token = new TextField();
    token.setId("shownToken");
    token.setEditable(false);
    token.getStyleClass().add("token");
    token.textProperty().bind(vm.tokenProperty());
    Button copy = button("copyToken", "Copy", vm::copyToken);
    copy.getStyleClass().add("accent");
    Button done = button("hideToken", "I have saved it", vm::forgetToken);
    VBox box = new VBox(6, heading, token, Ui.row(6, copy, done), Ui.hint("DB Sync keeps only "
        + "a hash of it: once hidden it cannot be shown again (make a new one instead)."));
    box.getStyleClass().add("token-box");
    box.visibleProperty().bind(vm.tokenProperty().isNotEmpty());
    box.managedProperty().bind(box.visibleProperty());
    return box;
  }

  private static VBox form(IncomingViewModel vm) {
    ConnectionForm f = vm.form();
    TextField name = Ui.field("connName", f.name, "e.g. ann-laptop");
    name.disableProperty().bind(vm.editingProperty());
    CheckBox approval = new CheckBox("required to read a table");
    approval.setId("connApproval");
    approval.selectedProperty().bindBidirectional(f.requiresApproval);
    TextField free = Ui.field("connFreeTables", f.freeTables, "tables read without approval");
    free.disableProperty().bind(f.requiresApproval.not());
    DatePicker expires = new DatePicker();
    expires.setId("connExpires");
    expires.setPromptText("never");
    expires.valueProperty().bindBidirectional(f.expires);
    PasswordField password = new PasswordField();
    password.setId("connPassword");
    password.textProperty().bindBidirectional(f.password);
    password.promptTextProperty().bind(Bindings.when(vm.editingProperty())
        .then("unchanged").otherwise("none"));
    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(8);
    int r = 0;
    g.addRow(r++, new Label("Receiver"), name);
    g.addRow(r++, new Label("Only tables"), Ui.field("connTables", f.allowedTables,
        "all shared tables (comma-separated)"));
    g.addRow(r++, new Label("Never tables"), Ui.field("connExcluded", f.excludedTables, "none"));
    g.addRow(r++, new Label("Approval"), approval);
    g.addRow(r++, new Label("Free tables"), free);
    g.addRow(r++, new Label("Last day (UTC)"), expires);
    g.addRow(r++, new Label("Max downloads"), Ui.field("connMaxDownloads", f.maxDownloads,
        "no limit"));
    g.addRow(r++, new Label("Max records"), Ui.field("connMaxRecords", f.maxRecords,
        "no limit (in total)"));
    g.addRow(r++, new Label("Per request"), Ui.field("connPerRequest", f.maxPerRequest,
        "no limit (records)"));
    g.addRow(r++, new Label("Requests/min"), Ui.field("connPerMinute", f.perMinute, "no limit"));
    g.addRow(r++, new Label("From addresses"), Ui.field("connFrom", f.allowFrom,
        "anywhere (e.g. 10.0.0.0/8, 2001:db8::/32)"));
    g.addRow(r++, new Label("Hours (UTC)"), Ui.field("connHours", f.hours,
        "any time (e.g. 08-18 or 22-06)"));
    g.addRow(r++, new Label("Password"), password);
    g.addRow(r, new Label("Masks"), Ui.field("connMasks", f.masks,
        "none (e.g. users.email=email, users.phone=phone; docs/masking.md)"));
    javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
    labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    g.getColumnConstraints().addAll(labels, fields);
    Label heading = new Label();
    heading.getStyleClass().add("section");
    heading.textProperty().bind(Bindings.when(vm.editingProperty()).then(Bindings.concat(
        "Settings of ", f.name)).otherwise("New connection"));
    VBox box = new VBox(12, heading, g,
        Ui.hint("Every limit is checked on every request, not only when the receiver "
            + "connects. Empty means no limit."));
    box.setPadding(new Insets(0, 8, 8, 12));
    return box;
  }


  static Button button(String id, String text, Runnable action) {
    Button b = new Button(text);
    b.setId(id);
    b.setOnAction(e -> action.run());
    return b;
  }
}

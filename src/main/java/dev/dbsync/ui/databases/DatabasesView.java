package dev.dbsync.ui.databases;

import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.ui.common.Ui;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The saved databases on the left; the PostgreSQL form on the right. */
public final class DatabasesView extends BorderPane {

  public DatabasesView(DatabasesViewModel vm) {
    setPadding(new Insets(20));
    getStyleClass().add("screen");
    ListView<SavedDatabase> list = new ListView<>(vm.entries());
    list.setId("savedDatabases");
    list.setCellFactory(lv -> new ListCell<>() {
      @Override
      protected void updateItem(SavedDatabase d, boolean empty) {
        super.updateItem(d, empty);
        if (empty || d == null) {
          setText(null);
          setGraphic(null);
          return;
        }
        Label summary = new Label(d.summary());
        summary.getStyleClass().add("muted");
        summary.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        summary.setMaxWidth(lv.getWidth() - 30);
        setTooltip(new javafx.scene.control.Tooltip(d.summary()));
        setText(null);
        setGraphic(new VBox(2, new Label(d.name()), summary));
      }
    });
    vm.selectedProperty().bind(list.getSelectionModel().selectedItemProperty());
    Button addPg = new Button("Add PostgreSQL");
    addPg.setId("addPostgres");
    addPg.setOnAction(e -> {
      list.getSelectionModel().clearSelection();
      vm.newPostgres();
    });
    Button addSqlite = new Button("Add SQLite file…");
    addSqlite.setId("addSqlite");
    addSqlite.setOnAction(e -> vm.addSqlite());
    Button remove = new Button("Remove");
    remove.setId("removeDatabase");
    remove.disableProperty().bind(vm.selectedProperty().isNull());
    remove.setOnAction(e -> vm.removeSelected());
    VBox left = new VBox(10, Ui.title("Databases"), Ui.hint("The embedded workspace is always "
        + "here. Add the databases you share from or pull into."), list,
        Ui.row(8, addPg, addSqlite, remove));
    VBox.setVgrow(list, Priority.ALWAYS);
    left.setPrefWidth(340);
    left.setMinWidth(0);
    setCenter(left);
    VBox form = form(vm);
    setRight(form);
  }

  private static VBox form(DatabasesViewModel vm) {
    TextField name = Ui.field("pgName", vm.nameProperty(), "e.g. Production (read-only user)");
    TextField host = Ui.field("pgHost", vm.hostProperty(), "localhost");
    TextField port = Ui.field("pgPort", vm.portProperty(), "5432");
    TextField database = Ui.field("pgDatabase", vm.databaseProperty(), "app_dev");
    TextField user = Ui.field("pgUser", vm.userProperty(), "postgres");
    PasswordField password = new PasswordField();
    password.setId("pgPassword");
    password.textProperty().bindBidirectional(vm.passwordProperty());
    ComboBox<String> ssl = new ComboBox<>();
    ssl.setId("pgSslMode");
    ssl.getItems().setAll(SavedDatabase.SSL_MODES);
    ssl.valueProperty().bindBidirectional(vm.sslModeProperty());
    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(8);
    g.addRow(0, new Label("Name"), name);
    g.addRow(1, new Label("Host"), host);
    g.addRow(2, new Label("Port"), port);
    g.addRow(3, new Label("Database"), database);
    g.addRow(4, new Label("User"), user);
    g.addRow(5, new Label("Password"), password);
    g.addRow(6, new Label("SSL mode"), ssl);
    GridPane.setHgrow(name, Priority.ALWAYS);
    Button test = new Button("Test connection");
    test.setId("testConnection");
    test.disableProperty().bind(vm.busyProperty());
    test.setOnAction(e -> vm.testConnection());
    Button save = new Button("Save");
    save.setId("saveDatabase");
    save.getStyleClass().add("accent");
    save.setOnAction(e -> vm.savePostgres());
    Label result = Ui.message(vm.resultProperty(), vm.resultOkProperty());
    result.setId("connectionResult");
    VBox box = new VBox(12, Ui.section("PostgreSQL database"), g, Ui.row(8, test, save), result,
        Ui.hint("Passwords are stored sealed (AES-GCM) with a key only your user account can "
            + "read, never in plain text."));
    box.setPadding(new Insets(0, 0, 0, 24));
    box.setPrefWidth(380);
    box.setMinWidth(300);
    return box;
  }

}

package dev.dbsync.ui.common;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Dialogs, notifications, file choosers and the clipboard, owned by the main window. */
public final class FxDialogService implements DialogService {
  private final Supplier<Window> owner;

  public FxDialogService(Supplier<Window> owner) {
    this.owner = owner;
  }

  @Override
  public void showError(String title, String message) {
    Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
    a.setHeaderText(title);
    a.initOwner(owner.get());
    a.getDialogPane().setMinWidth(460);
    a.showAndWait();
  }

  @Override
  public boolean confirm(String title, String message, String action) {
    ButtonType go = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
    Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, go, ButtonType.CANCEL);
    a.setHeaderText(title);
    a.initOwner(owner.get());
    a.getDialogPane().setMinWidth(420);
    Button goButton = (Button) a.getDialogPane().lookupButton(go);
    goButton.setId("confirmOk");
    goButton.setDefaultButton(false);
    ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    return a.showAndWait().filter(b -> b == go).isPresent();
  }

  @Override
  public void notify(String title, String message) {
    Window w = owner.get();
    if (w == null || !w.isShowing()) {
      return;
    }
    Notifications.create().title(title).text(message).owner(w).position(Pos.TOP_RIGHT)
        .hideAfter(Duration.seconds(8)).showInformation();
  }

  @Override
  public Optional<String> askText(String title, String message, boolean secret) {
    Dialog<String> d = new Dialog<>();
    d.setTitle(title);
    d.setHeaderText(title);
    d.initOwner(owner.get());
    TextInputControl field = secret ? new PasswordField() : new TextField();
    field.setId("dialogInput");
    VBox box = new VBox(8, new Label(message), field);
    d.getDialogPane().setContent(box);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.setResultConverter(b -> b == ButtonType.OK ? field.getText() : null);
    d.setOnShown(e -> field.requestFocus());
    return d.showAndWait();
  }

  @Override
  public Optional<Path> chooseSqliteFile(String title, boolean create) {
    FileChooser fc = new FileChooser();
    fc.setTitle(title);
    fc.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("SQLite databases", "*.db", "*.sqlite", "*.sqlite3"),
        new FileChooser.ExtensionFilter("All files", "*"));
    var f = create ? fc.showSaveDialog(owner.get()) : fc.showOpenDialog(owner.get());
    return Optional.ofNullable(f).map(java.io.File::toPath);
  }

  @Override
  public void copyToClipboard(String text) {
    ClipboardContent c = new ClipboardContent();
    c.putString(text);
    Clipboard.getSystemClipboard().setContent(c);
  }
}

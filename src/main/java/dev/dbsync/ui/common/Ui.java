package dev.dbsync.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Callback;
import javafx.util.StringConverter;

/** Small view helpers shared by every screen, so each view reads as its layout. */
public final class Ui {
  private Ui() {}

  public static Label title(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("title-2");
    return l;
  }

  public static Label section(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("section");
    return l;
  }

  public static Label hint(String text) {
    Label l = new Label(text);
    l.setWrapText(true);
    l.setMinHeight(Region.USE_PREF_SIZE);
    l.getStyleClass().add("muted");
    return l;
  }

  /** A label showing a ViewModel's message, hidden while it is empty. */
  public static Label message(ObservableStringValue text) {
    Label l = new Label();
    l.setWrapText(true);
    l.setMinHeight(Region.USE_PREF_SIZE);
    l.getStyleClass().add("message");
    l.textProperty().bind(text);
    l.visibleProperty().bind(l.textProperty().isNotEmpty());
    l.managedProperty().bind(l.visibleProperty());
    return l;
  }

  /**
   * A ViewModel's message that reads as good news (green) while {@code ok} holds, and as a
   * problem otherwise.
   */
  public static Label message(ObservableStringValue text,
      javafx.beans.value.ObservableBooleanValue ok) {
    Label l = message(text);
    ok.addListener((o, was, good) -> {
      l.getStyleClass().remove("ok");
      if (good) {
        l.getStyleClass().add("ok");
      }
    });
    return l;
  }

  /** A text field with an id, a prompt, and its text bound both ways to {@code value}. */
  public static javafx.scene.control.TextField field(String id,
      javafx.beans.property.StringProperty value, String prompt) {
    javafx.scene.control.TextField t = new javafx.scene.control.TextField();
    t.setId(id);
    t.setPromptText(prompt);
    t.textProperty().bindBidirectional(value);
    return t;
  }

  /** A row of controls that keep their full text (buttons are never cut to "..."). */
  public static HBox row(double spacing, javafx.scene.Node... nodes) {
    for (javafx.scene.Node n : nodes) {
      if (n instanceof javafx.scene.control.ButtonBase || n instanceof javafx.scene.control.ComboBoxBase
          || (n instanceof Label l && !l.isWrapText())) {
        ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
      }
    }
    HBox box = new HBox(spacing, nodes);
    box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    return box;
  }

  public static Region grow() {
    Region r = new Region();
    HBox.setHgrow(r, Priority.ALWAYS);
    return r;
  }

  public static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
    TableColumn<S, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return c;
  }

  public static <T> Callback<ListView<T>, ListCell<T>> cells(Function<T, String> text) {
    return lv -> new ListCell<>() {
      @Override
      protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : text.apply(item));
      }
    };
  }

  public static <T> StringConverter<T> converter(Function<T, String> text) {
    return new StringConverter<>() {
      @Override
      public String toString(T t) {
        return t == null ? "" : text.apply(t);
      }

      @Override
      public T fromString(String s) {
        throw new UnsupportedOperationException();
      }
    };
  }
}

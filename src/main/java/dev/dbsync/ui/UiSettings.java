package dev.dbsync.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javafx.stage.Stage;

/** The window's size, position and theme, kept in {@code ui.properties} in the data folder. */
public final class UiSettings {
  private final Path file;
  private final Properties props = new Properties();

  public UiSettings(Path dataDir) {
    this.file = dataDir.resolve("ui.properties");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      } catch (IOException e) {
        // unreadable settings: start with the defaults
      }
    }
  }

  public boolean dark() {
    return Boolean.parseBoolean(props.getProperty("theme.dark", "false"));
  }

  public void setDark(boolean dark) {
    props.setProperty("theme.dark", Boolean.toString(dark));
    save();
  }

  /** Puts the window where it was last closed, or at a comfortable default size. */
  public void restore(Stage stage) {
    stage.setWidth(number("window.width", 1180));
    stage.setHeight(number("window.height", 780));
    if (props.containsKey("window.x")) {
      double x = number("window.x", 0);
      double y = number("window.y", 0);
      boolean visible = javafx.stage.Screen.getScreensForRectangle(x, y, 100, 100).size() > 0;
      if (visible) {
        stage.setX(x);
        stage.setY(y);
      }
    }
    stage.setMaximized(Boolean.parseBoolean(props.getProperty("window.maximized", "false")));
  }

  public void remember(Stage stage) {
    props.setProperty("window.maximized", Boolean.toString(stage.isMaximized()));
    if (!stage.isMaximized()) {
      props.setProperty("window.x", Double.toString(stage.getX()));
      props.setProperty("window.y", Double.toString(stage.getY()));
      props.setProperty("window.width", Double.toString(stage.getWidth()));
      props.setProperty("window.height", Double.toString(stage.getHeight()));
    }
    save();
  }

  private double number(String key, double fallback) {
    try {
      return Double.parseDouble(props.getProperty(key, Double.toString(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        props.store(out, "DB Sync window settings");
      }
    } catch (IOException e) {
      // settings are a comfort, not data: losing them is not worth a dialog
    }
  }
}

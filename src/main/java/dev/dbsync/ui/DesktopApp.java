package dev.dbsync.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.workspace.DataDirs;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.ui.common.FxDialogService;
import dev.dbsync.ui.common.FxTaskExecutor;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The desktop app and its composition root: every service is made here and passed down. */
public final class DesktopApp extends Application {
  private FxTaskExecutor executor;
  private MainWindow window;
  private HistoryStore history;

  /** Opens the app (blocks until its window closes). */
  public static void launch(String[] args) {
    Application.launch(DesktopApp.class, args);
  }

  /** Opens (and migrates) the history before the window, off the FX application thread. */
  @Override
  public void init() {
    history = HistoryStore.open(DataDirs.dataDir(), java.time.Clock.systemUTC());
  }

  @Override
  public void start(Stage stage) {
    executor = new FxTaskExecutor();
    AppServices services = services(DataDirs.dataDir(), stage, executor, history);
    // the theme before the first control: JavaFX would otherwise load and parse its own
    // default stylesheet (Modena) first, only to replace it
    applyTheme(services.settings().dark());
    window = new MainWindow(services);
    if (System.getProperty("dbsync.startup.report") != null) {
      // the start-up benchmark: how long after the process began the first window showed
      stage.setOnShown(e -> {
        long ms = sinceProcessStart();
        System.err.println("first window shown " + ms + " ms after the process started");
        if (Boolean.getBoolean("dbsync.startup.exit")) {
          javafx.application.Platform.exit();
        }
      });
    }
    show(stage, window, services.settings());
  }

  /**
   * Milliseconds since this process started. On Linux from the kernel's clock since boot (the
   * process's start in /proc/self/stat against /proc/uptime, 10 ms steps):
   * {@link ProcessHandle.Info#startInstant} adds that start to a boot time kept in whole
   * seconds, so it can be up to a second off. Elsewhere that start instant, or -1.
   */
  static long sinceProcessStart() {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
      // the fields after the command's name, which ends with the last ')'; starttime is the
      // 22nd field of the line, the 20th after the name
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double uptime = Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/uptime"))
          .split(" ")[0]);
      return Math.round(uptime * 1000 - Long.parseLong(f[19]) * 10.0);
    } catch (java.io.IOException | RuntimeException notLinux) {
      return ProcessHandle.current().info().startInstant()
          .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis())
          .orElse(-1L);
    }
  }

  /** The services for a window; tests build theirs the same way with their own folder. */
  public static AppServices services(Path dataDir, Stage owner, FxTaskExecutor executor,
      HistoryStore history) {
    return new AppServices(dataDir, executor, new FxDialogService(() -> owner),
        new SavedDatabases(dataDir), new UiSettings(dataDir), history);
  }

  /** Puts {@code window} on {@code stage} with the theme, icons and remembered geometry. */
  public static void show(Stage stage, MainWindow window, UiSettings settings) {
    applyTheme(settings.dark());
    Scene scene = new Scene(window);
    scene.getStylesheets().add(DesktopApp.class.getResource("app.css").toExternalForm());
    stage.setScene(scene);
    stage.setTitle("DB Sync");
    for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
      var icon = DesktopApp.class.getResource("icons/dbsync-" + size + ".png");
      if (icon != null) {
        stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
      }
    }
    stage.setMinWidth(900);
    stage.setMinHeight(600);
    settings.restore(stage);
    stage.setOnHidden(e -> {
      settings.remember(stage);
      window.shutdown();
    });
    stage.show();
  }

  static void applyTheme(boolean dark) {
    String sheet = dark ? new PrimerDark().getUserAgentStylesheet()
        : new PrimerLight().getUserAgentStylesheet();
    if (!sheet.equals(Application.getUserAgentStylesheet())) {
      Application.setUserAgentStylesheet(sheet);
    }
  }

  @Override
  public void stop() {
    if (window != null) {
      window.shutdown();
    }
    if (executor != null) {
      executor.close();
    }
    if (history != null) {
      history.close();
    }
  }
}

package dev.dbsync;

import dev.dbsync.cli.DbSyncCommand;
import dev.dbsync.ui.DesktopApp;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point. No command (or {@code app}) opens the desktop app; any other command is the
 * CLI. Without a display, no command shares the embedded workspace from the command line.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean app = args.length > 0 && args[0].equals("app");
    if ((args.length == 0 || app) && hasDisplay()) {
      DesktopApp.launch(app ? Arrays.copyOfRange(args, 1, args.length) : args);
      return;
    }
    if (app) {
      System.err.println("error: no display to open the desktop app on (DISPLAY is not set). "
          + "Use the commands instead: dbsync --help");
      System.exit(DbSyncCommand.USAGE);
    }
    System.exit(DbSyncCommand.run(args));
  }

  static boolean hasDisplay() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("win") || os.contains("mac")) {
      return true;
    }
    return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}

package dev.dbsync.engine.workspace;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where DB Sync keeps its own files: {@code $XDG_DATA_HOME/dbsync} (else
 * {@code ~/.local/share/dbsync}) on Linux, {@code %APPDATA%\DB Sync} on Windows,
 * {@code ~/Library/Application Support/DB Sync} on macOS. {@code DBSYNC_HOME} overrides all.
 */
public final class DataDirs {
  private DataDirs() {}

  public static Path dataDir() {
    return dataDir(System.getenv(), System.getProperty("os.name", ""),
        System.getProperty("user.home", "."));
  }

  static Path dataDir(Map<String, String> env, String os, String home) {
    String override = env.get("DBSYNC_HOME");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String o = os.toLowerCase(Locale.ROOT);
    if (o.contains("win")) {
      String appData = env.get("APPDATA");
      return Path.of(appData != null ? appData : home, "DB Sync");
    }
    if (o.contains("mac")) {
      return Path.of(home, "Library", "Application Support", "DB Sync");
    }
    String xdg = env.get("XDG_DATA_HOME");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share"))
        .resolve("dbsync");
  }
}

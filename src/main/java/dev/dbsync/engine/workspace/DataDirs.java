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

  /**
   * Makes {@code dir} (created if needed) its owner's alone: the folder {@code rwx------} and
   * everything in it (two levels) {@code rw-------} on Unix; on Windows an access list that
   * names the owner only, where the file system keeps them. It holds the history (codes,
   * addresses, connection settings), sealed secrets and the sender's private key.
   */
  public static Path secure(Path dir) {
    try {
      java.nio.file.Files.createDirectories(dir);
      if (java.nio.file.Files.getFileAttributeView(dir,
          java.nio.file.attribute.PosixFileAttributeView.class) != null) {
        java.nio.file.Files.setPosixFilePermissions(dir, OWNER_DIR);
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir, 2)) {
          for (Path p : (Iterable<Path>) all::iterator) {
            if (!p.equals(dir) && !java.nio.file.Files.isSymbolicLink(p) && ours(dir, p)) {
              java.nio.file.Files.setPosixFilePermissions(p,
                  java.nio.file.Files.isDirectory(p) ? OWNER_DIR : OWNER_FILE);
            }
          }
        }
      } else {
        ownerOnlyAcl(dir);
      }
    } catch (java.io.IOException | UnsupportedOperationException e) {
      throw new dev.dbsync.engine.DbSyncException("Could not make the data folder " + dir
          + " private to you: " + e.getMessage(), e);
    }
    return dir;
  }

  /**
   * Only what DB Sync itself keeps there is touched, so a data folder pointed at a shared
   * place (DBSYNC_HOME) never has other files' permissions changed.
   */
  private static boolean ours(Path dir, Path p) {
    Path rel = dir.relativize(p);
    String first = rel.getName(0).toString();
    if (rel.getNameCount() == 2) {
      return first.equals("resume") && rel.getFileName().toString().matches("[0-9a-f]+\\.json");
    }
    return first.equals("resume") || first.matches("(history|workspace)\\.db(-wal|-shm)?")
        || first.matches("secret\\.key|databases\\.json|ui\\.properties|"
            + "sender-certificate\\.(p12|secret)");
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_DIR =
      java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_FILE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

  /** Windows: the folder's access list becomes its owner alone, inherited by what it holds. */
  private static void ownerOnlyAcl(Path dir) throws java.io.IOException {
    java.nio.file.attribute.AclFileAttributeView acl = java.nio.file.Files.getFileAttributeView(
        dir, java.nio.file.attribute.AclFileAttributeView.class);
    if (acl == null) {
      return; // a file system without permissions (FAT): nothing to set
    }
    java.nio.file.attribute.AclEntry owner = java.nio.file.attribute.AclEntry.newBuilder()
        .setType(java.nio.file.attribute.AclEntryType.ALLOW)
        .setPrincipal(acl.getOwner())
        .setPermissions(java.util.EnumSet.allOf(java.nio.file.attribute.AclEntryPermission.class))
        .setFlags(java.nio.file.attribute.AclEntryFlag.FILE_INHERIT,
            java.nio.file.attribute.AclEntryFlag.DIRECTORY_INHERIT)
        .build();
    acl.setAcl(java.util.List.of(owner));
  }

  /**
   * The {@code size} random bytes kept in {@code file}: made the first time (readable by its
   * owner only; another process that made it first wins), then read. For the keys of the data
   * folder (the sealing key, the mask key).
   */
  public static byte[] secretFile(Path file, int size) throws java.io.IOException {
    if (!java.nio.file.Files.exists(file)) {
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] k = new byte[size];
      new java.security.SecureRandom().nextBytes(k);
      try {
        java.nio.file.Files.createFile(file);
        try {
          java.nio.file.Files.setPosixFilePermissions(file, OWNER_FILE);
        } catch (UnsupportedOperationException e) {
          // Windows: the file lives in the user's own profile folder
        }
        java.nio.file.Files.write(file, k);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another start made it first: use theirs
      }
    }
    return java.nio.file.Files.readAllBytes(file);
  }
}

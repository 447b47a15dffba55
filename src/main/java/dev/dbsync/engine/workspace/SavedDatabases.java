package dev.dbsync.engine.workspace;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.DatabaseLocator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases the user saved ({@code databases.json} in the data folder), with the embedded
 * workspace always first. Passwords are sealed with {@link SecretBox}, never written in plain
 * text. Safe to call from several threads.
 */
public final class SavedDatabases {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private final Path file;
  private final Path dataDir;
  private final SecretBox secrets;

  public SavedDatabases(Path dataDir) {
    this.dataDir = dataDir;
    this.file = dataDir.resolve("databases.json");
    this.secrets = SecretBox.open(dataDir.resolve("secret.key"));
  }

  /** The workspace entry, then the saved ones in the order they were added. */
  public synchronized List<SavedDatabase> list() {
    List<SavedDatabase> all = new ArrayList<>();
    all.add(new SavedDatabase(SavedDatabase.WORKSPACE_ID, "Workspace (sample data)",
        DatabaseLocator.Kind.SQLITE, null, null, null, null, null, null,
        dataDir.resolve(Workspace.FILE).toAbsolutePath().toString()));
    all.addAll(read());
    return all;
  }

  /** Saves a new entry, or replaces the one with the same id; a null password keeps the old. */
  public synchronized SavedDatabase save(SavedDatabase entry, String password) {
    if (entry.name() == null || entry.name().isBlank()) {
      throw new DbSyncException("Give the database a name.");
    }
    List<SavedDatabase> entries = read();
    String id = entry.id() == null ? UUID.randomUUID().toString() : entry.id();
    String sealed = password != null && !password.isEmpty() ? secrets.seal(password)
        : entries.stream().filter(e -> e.id().equals(id)).map(SavedDatabase::sealedPassword)
            .findFirst().orElse(null);
    SavedDatabase saved = entry.withIdAndSecret(id, sealed);
    entries.removeIf(e -> e.id().equals(id) || e.name().equalsIgnoreCase(entry.name()));
    entries.add(saved);
    write(entries);
    return saved;
  }

  public synchronized void remove(String id) {
    List<SavedDatabase> entries = read();
    entries.removeIf(e -> e.id().equals(id));
    write(entries);
  }

  /** The locator to open {@code entry} with, its password unsealed. */
  public DatabaseLocator locator(SavedDatabase entry) {
    return locator(entry, entry.sealedPassword() == null ? null
        : secrets.open(entry.sealedPassword()));
  }

  /**
   * The locator for an entry being edited: the password as typed, or, when none is typed, the
   * one saved for the entry with the same id.
   */
  public DatabaseLocator draftLocator(SavedDatabase draft, String typedPassword) {
    if ((typedPassword == null || typedPassword.isEmpty()) && draft.id() != null) {
      String sealed = read().stream().filter(e -> e.id().equals(draft.id()))
          .map(SavedDatabase::sealedPassword).filter(java.util.Objects::nonNull).findFirst()
          .orElse(null);
      return locator(draft, sealed == null ? null : secrets.open(sealed));
    }
    return locator(draft, typedPassword);
  }

  /** The locator for an entry, with the given password. */
  public static DatabaseLocator locator(SavedDatabase entry, String password) {
    if (entry.kind() == DatabaseLocator.Kind.SQLITE) {
      if (entry.isWorkspace()) {
        Workspace.ensure(Path.of(entry.file()));
      }
      return DatabaseLocator.sqlite(Path.of(entry.file()));
    }
    String url = "jdbc:postgresql://" + entry.host() + ":" + entry.port() + "/"
        + URLEncoder.encode(entry.database(), StandardCharsets.UTF_8)
        + (entry.sslMode() == null ? "" : "?sslmode=" + entry.sslMode());
    return new DatabaseLocator(DatabaseLocator.Kind.POSTGRESQL, url, entry.user(), password,
        "public", null);
  }

  private List<SavedDatabase> read() {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<>() {}));
    } catch (IOException e) {
      throw new DbSyncException("The list of saved databases (" + file + ") cannot be read: "
          + e.getMessage(), e);
    }
  }

  private void write(List<SavedDatabase> entries) {
    try {
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, "databases", ".json");
      JSON.writeValue(tmp.toFile(), entries);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DbSyncException("Could not save the list of databases to " + file + ": "
          + e.getMessage(), e);
    }
  }
}

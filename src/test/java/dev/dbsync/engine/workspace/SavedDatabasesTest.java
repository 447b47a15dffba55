package dev.dbsync.engine.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.DatabaseLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedDatabasesTest {
  @TempDir
  Path dir;

  @Test
  void aSavedPasswordIsNeverWrittenInPlainText() throws Exception {
    SavedDatabases saved = new SavedDatabases(dir);
    SavedDatabase e = saved.save(SavedDatabase.postgres("prod", "db.example.com", 5432, "app",
        "reader", "require"), "hunter2-Secret!");
    String file = Files.readString(dir.resolve("databases.json"));
    assertFalse(file.contains("hunter2"), file);
    assertEquals("hunter2-Secret!", saved.locator(e).password());
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("secret.key"))));
  }

  @Test
  void anotherKeyCannotOpenTheSealedPassword() {
    SavedDatabases saved = new SavedDatabases(dir);
    SavedDatabase e = saved.save(SavedDatabase.postgres("prod", "h", 5432, "app", "u", null),
        "pw");
    SecretBox other = SecretBox.open(dir.resolve("other.key"));
    org.junit.jupiter.api.Assertions.assertThrows(dev.dbsync.engine.DbSyncException.class,
        () -> other.open(e.sealedPassword()));
  }

  @Test
  void editingWithoutTypingAPasswordKeepsTheSavedOne() {
    SavedDatabases saved = new SavedDatabases(dir);
    SavedDatabase e = saved.save(SavedDatabase.postgres("prod", "h", 5432, "app", "u", null),
        "pw");
    SavedDatabase edited = new SavedDatabase(e.id(), "prod", e.kind(), "h2", 5433, "app", "u",
        "disable", null, null);
    assertEquals("pw", saved.draftLocator(edited, "").password());
    saved.save(edited, "");
    SavedDatabase after = saved.list().get(1);
    assertEquals("h2", after.host());
    assertEquals("pw", saved.locator(after).password());
    assertEquals("jdbc:postgresql://h2:5433/app?sslmode=disable", saved.locator(after).jdbcUrl());
  }

  @Test
  void theWorkspaceComesFirstAndIsCreatedWhenOpened() {
    SavedDatabases saved = new SavedDatabases(dir);
    saved.save(SavedDatabase.sqlite("copy.db", dir.resolve("copy.db")), null);
    assertEquals(2, saved.list().size());
    SavedDatabase ws = saved.list().get(0);
    assertTrue(ws.isWorkspace());
    DatabaseLocator l = saved.locator(ws);
    assertTrue(Files.exists(l.sqliteFile()));
    saved.remove(saved.list().get(1).id());
    assertEquals(1, saved.list().size());
  }
}

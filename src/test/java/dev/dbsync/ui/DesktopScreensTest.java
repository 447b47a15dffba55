package dev.dbsync.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.support.Pg;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The databases screen and the window itself, driven in a real window. */
class DesktopScreensTest {
  @TempDir
  Path dir;

  @Test
  void aPostgresDatabaseIsTestedSavedSealedAndOfferedForSharing() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE notes (id int primary key, body text)");
    URI pg = URI.create(url.replace("postgres://", "http://"));
    try (AppWindow app = AppWindow.open(dir, 0)) {
      app.click("#navDatabases").click("#addPostgres");
      app.type("#pgName", "Local PG");
      app.type("#pgPort", String.valueOf(pg.getPort()));
      app.type("#pgDatabase", "no_such_db");
      app.type("#pgUser", "postgres");
      app.type("#pgPassword", "not-needed-but-kept");
      app.click("#testConnection");
      AppWindow.waitFor(20, "the failed test", () -> app.<Label>find("#connectionResult")
          .getText().contains("database does not exist"));
      app.type("#pgDatabase", pg.getPath().substring(1));
      app.click("#testConnection");
      AppWindow.waitFor(20, "the test", () -> app.<Label>find("#connectionResult").getText()
          .endsWith("1 table can be shared."));
      app.click("#saveDatabase");
      AppWindow.waitFor(10, "the share screen's list", () ->
          app.window.share().databases().stream().anyMatch(d -> d.name().equals("Local PG")));
      assertFalse(Files.readString(dir.resolve("databases.json")).contains("not-needed"));

      app.click("#navShare");
      SavedDatabase entry = app.window.share().databases().stream()
          .filter(d -> d.name().equals("Local PG")).findFirst().orElseThrow();
      app.run(() -> app.window.share().databaseProperty().set(entry));
      AppWindow.waitFor(20, "the tables of the PostgreSQL database", () ->
          app.window.share().tables().size() == 1
              && app.window.share().tables().get(0).name().equals("notes"));
    }
  }

  @Test
  void theWindowOpensWhereItWasClosed() throws Exception {
    try (AppWindow app = AppWindow.open(dir, 0)) {
      app.run(() -> {
        app.stage.setX(120);
        app.stage.setY(80);
        app.stage.setWidth(1010);
        app.stage.setHeight(700);
      });
    }
    UiSettings settings = new UiSettings(dir);
    javafx.stage.Stage[] stage = new javafx.stage.Stage[1];
    org.testfx.util.WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
      stage[0] = new javafx.stage.Stage();
      settings.restore(stage[0]);
    });
    assertEquals(120, stage[0].getX(), 1);
    assertEquals(80, stage[0].getY(), 1);
    assertEquals(1010, stage[0].getWidth(), 1);
    assertEquals(700, stage[0].getHeight(), 1);
    assertTrue(Files.exists(dir.resolve("ui.properties")));
  }

  @Test
  void theWindowCarriesTheAppIconAtEverySize() throws Exception {
    try (AppWindow app = AppWindow.open(dir, 0)) {
      assertEquals(List.of(16.0, 32.0, 48.0, 64.0, 128.0, 256.0), app.stage.getIcons().stream()
          .map(javafx.scene.image.Image::getWidth).toList());
    }
  }
}

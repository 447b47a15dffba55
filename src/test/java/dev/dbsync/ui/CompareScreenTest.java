package dev.dbsync.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.compare.Compare;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.LocalSource;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferRunner;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.preview.PreviewViewModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Preview step's compare and the mirror's confirmation, in a real window: the counts, the
 * strategy's effect and the changed cells before Run; Run asks before deleting, then the
 * local table equals the sender's.
 */
class CompareScreenTest {
  @TempDir
  Path dir;

  @Test
  void previewComparesThenAMirrorAsksBeforeItDeletes() throws Exception {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE accounts (id int PRIMARY KEY, email text, plan text);"
        + "INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 'free' "
        + "FROM generate_series(1, 200) g");
    Path local = dir.resolve("dev.db");
    try (Database s = Pg.open(src); Database t = Sample.open(local)) {
      new TransferRunner(new LocalSource(s), t, TransferOptions.defaults(), null).run();
    }
    Pg.exec(src, "INSERT INTO accounts VALUES (201, 'new@example.com', 'pro');"
        + "UPDATE accounts SET plan = 'pro' WHERE id IN (5, 6);"
        + "DELETE FROM accounts WHERE id IN (100, 150, 190)");
    Path receiverDir = dir.resolve("receiver");
    new SavedDatabases(receiverDir).save(SavedDatabase.sqlite("dev.db", local), null);
    try (Database s = Pg.open(src); ShareServer server = Sharing.start(s);
         AppWindow app = AppWindow.open(receiverDir, 0)) {
      ReceiveWizardModel w = app.receiveFrom(server, "dev.db");
      app.<RemoteTable>tick("#remoteTables", RemoteTable::name, "accounts");
      app.run(() -> w.tables().forEach(t -> t.strategyProperty().set(Strategy.MIRROR)));
      app.click("#wizardNext");
      PreviewViewModel preview = w.step(PreviewViewModel.class);
      AppWindow.waitFor(20, "preview rows", () -> !preview.rows().isEmpty());
      javafx.scene.control.TabPane tabs = app.find("#previewTabs");
      app.run(() -> tabs.getSelectionModel().select(1));
      app.click("#compareButton");
      AppWindow.waitFor(20, "the compare", () -> preview.compareTextProperty().get()
          .contains("only here"));
      assertEquals("1 new · 2 changed · 195 identical · 3 only here",
          preview.compareTextProperty().get());
      Label effect = app.find("#effectText");
      assertEquals("Mirror will add 1, update 2, delete 3.", effect.getText());
      assertTrue(preview.changes().stream().anyMatch(c -> c.kind().equals("changed")
          && c.column().equals("plan") && c.oldValue().equals("free")
          && c.newValue().equals("pro")), preview.changes().toString());
      shot(app, "receive-3-compare");
      app.click("#wizardNext"); // review
      app.click("#wizardNext"); // Run: first the number of deletions, and a question
      AppWindow.waitFor(20, "the question", () -> app.findInDialog("#confirmOk") != null);
      shot(app, "receive-4-mirror-confirm");
      javafx.scene.control.Button go = app.findInDialog("#confirmOk");
      assertEquals("Delete 3 rows and run", go.getText(), "the button says what it does");
      assertFalse(go.isDefaultButton(), "Enter cancels; deleting takes a click");
      app.clickInDialog("#confirmOk");
      AppWindow.waitFor(60, "results", () -> w.indexProperty().get() == 4);
      var outcome = w.reportProperty().get().tables().get(0);
      assertEquals(3, outcome.result().deleted(), outcome.toString());
      assertEquals(1, app.history.list(HistoryQuery.recent(100)).stream()
          .filter(r -> r.isCompare()).count(), "the compare is in the history");
    }
    try (Database s = Pg.open(src); Database t = Sample.open(local)) {
      var again = Compare.dryRun(new LocalSource(s), t, List.of("accounts"),
          TransferOptions.defaults().withStrategy(Strategy.MIRROR, null), 0);
      assertEquals(198, again.tables().get(0).diff().identical());
      assertEquals(0, again.tables().get(0).diff().onlyTarget());
    }
  }

  /** With -Dscreenshots=true, the window as it looks, into docs/screenshots. */
  private static void shot(AppWindow w, String name) throws Exception {
    if (!Boolean.getBoolean("screenshots")) {
      return;
    }
    Path out = Path.of("docs", "screenshots");
    Files.createDirectories(out);
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(300);
    javafx.scene.Scene scene = name.contains("confirm")
        ? javafx.stage.Window.getWindows().stream().filter(x -> x.isShowing()
            && x != w.stage).map(javafx.stage.Window::getScene).findFirst()
            .orElse(w.stage.getScene()) : w.stage.getScene();
    WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null))
        .get(10, TimeUnit.SECONDS);
    BufferedImage b = SwingFXUtils.fromFXImage(image, null);
    ImageIO.write(b, "png", out.resolve(name + ".png").toFile());
  }
}

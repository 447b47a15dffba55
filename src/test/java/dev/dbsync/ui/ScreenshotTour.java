package dev.dbsync.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.Pg;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.tables.TablesViewModel;
import dev.dbsync.ui.share.ReceiverRow;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TitledPane;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a test: the command that makes docs/screenshots from the real app, screen by screen.
 * Runs only when asked: {@code mvn -B test -Dtest=ScreenshotTour -Dscreenshots=true} (add
 * {@code -DshowUi} under {@code xvfb-run} for the platform's own rendering).
 */
class ScreenshotTour {
  @TempDir
  Path dir;
  private final Path out = Path.of("docs", "screenshots");

  @Test
  void everyScreen() throws Exception {
    assumeTrue(Boolean.getBoolean("screenshots"), "run with -Dscreenshots=true");
    Files.createDirectories(out);
    Path receiverDir = dir.resolve("receiver");
    SavedDatabases receiverDbs = new SavedDatabases(receiverDir);
    receiverDbs.save(SavedDatabase.sqlite("staging-copy.db", dir.resolve("staging-copy.db")),
        null);
    URI pg = URI.create(Pg.newDatabase().replace("postgres://", "http://"));

    try (AppWindow sender = AppWindow.open(dir.resolve("sender"), 0);
         AppWindow receiver = AppWindow.open(receiverDir, 1000)) {
      sender.run(() -> sender.window.share().listenOn("0.0.0.0", 0));
      AppWindow.waitFor(20, "tables", () -> sender.window.share().tables().size() == 4);
      TitledPane excluded = sender.find("#excludedPane");
      sender.run(() -> excluded.setExpanded(true));
      shot(sender, "share-setup");

      ComboBox<IncomingMode> modes = sender.find("#incomingMode");
      sender.run(() -> modes.setValue(IncomingMode.REQUIRE_APPROVAL));
      sender.click("#startSharing");
      AppWindow.waitFor(20, "a code", () ->
          !sender.window.share().live().codeProperty().get().isEmpty());
      String code = sender.window.share().live().plainCode();

      ReceiveWizardModel w = connect(receiver, sender, code.substring(0, 4) + " "
          + code.substring(4));
      AppWindow.waitFor(20, "the request", () -> sender.window.share().live().receivers()
          .stream().anyMatch(ReceiverRow::waitingForApproval));
      Thread.sleep(500);
      shot(sender, "share-approval");
      shot(receiver, "receive-1-connect");
      sender.click("#approve-" + sender.window.share().live().receivers().get(0).id());

      AppWindow.waitFor(20, "tables", () -> w.indexProperty().get() == 1
          && w.tables().size() == 4);
      receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "order_items");
      receiver.run(() -> w.tables().stream().filter(t -> t.name().equals("order_items"))
          .forEach(t -> t.strategyProperty().set(Strategy.MERGE)));
      // only the paid orders, their items, and the customers and products they reference
      receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "orders");
      RemoteTable orders = w.tables().stream().filter(t -> t.name().equals("orders"))
          .findFirst().orElseThrow();
      receiver.run(() -> receiver.<javafx.scene.control.TableView<RemoteTable>>find(
          "#remoteTables").getSelectionModel().select(orders));
      receiver.click("#addCondition");
      receiver.run(() -> receiver.<javafx.scene.control.ComboBox<String>>find(
          "#conditionColumn0").setValue("status"));
      receiver.type("#conditionValue0", "paid");
      AppWindow.waitFor(10, "the live count", () -> w.step(TablesViewModel.class).filters()
          .countProperty().get().equals("8 of 40 rows match"));
      shot(receiver, "receive-2-tables");
      receiver.click("#wizardNext");
      AppWindow.waitFor(20, "preview rows", () -> !w.step(
          dev.dbsync.ui.receive.preview.PreviewViewModel.class).rows().isEmpty());
      receiver.run(() -> w.step(dev.dbsync.ui.receive.preview.PreviewViewModel.class)
          .tableProperty().set(orders));
      Thread.sleep(800);
      shot(receiver, "receive-3-preview");
      receiver.click("#wizardNext");
      AppWindow.waitFor(20, "the references", () -> !w.step(
          dev.dbsync.ui.receive.run.RunViewModel.class).referencesTextProperty().get()
          .isEmpty());
      shot(receiver, "receive-4-review");
      receiver.click("#wizardNext");
      AppWindow.waitFor(60, "results", () -> w.indexProperty().get() == 4);
      shot(receiver, "receive-5-results");
      Thread.sleep(500);
      shot(sender, "share-live");

      receiver.click("#openHistory");
      AppWindow.waitFor(10, "history rows", () -> receiver.<javafx.scene.control.TableView<?>>
          find("#historyRows").getItems().size() == 4);
      receiver.run(() -> receiver.<javafx.scene.control.TableView<?>>find("#historyRows")
          .getSelectionModel().select(0));
      Thread.sleep(800);
      shot(receiver, "history");

      receiver.click("#navDatabases");
      receiver.click("#addPostgres");
      receiver.type("#pgName", "Local PostgreSQL");
      receiver.type("#pgHost", pg.getHost());
      receiver.type("#pgPort", String.valueOf(pg.getPort()));
      receiver.type("#pgDatabase", pg.getPath().substring(1));
      receiver.type("#pgUser", "postgres");
      receiver.click("#testConnection");
      AppWindow.waitFor(20, "the test", () -> receiver.<javafx.scene.control.Label>find(
          "#connectionResult").getText().startsWith("Connected"));
      shot(receiver, "databases");

      sender.click("#darkTheme");
      Thread.sleep(500);
      shot(sender, "share-live-dark");
      sender.click("#darkTheme");
    }
  }

  @Test
  void permanentConnections() throws Exception {
    assumeTrue(Boolean.getBoolean("screenshots"), "run with -Dscreenshots=true");
    Files.createDirectories(out);
    Path receiverDir = dir.resolve("receiver");
    new SavedDatabases(receiverDir).save(SavedDatabase.sqlite("staging-copy.db",
        dir.resolve("staging-copy.db")), null);
    try (AppWindow sender = AppWindow.open(dir.resolve("sender"), 0);
         AppWindow receiver = AppWindow.open(receiverDir, 1000)) {
      sender.click("#navConnections");
      sender.type("#connName", "ci-server");
      sender.type("#connTables", "products, customers");
      sender.type("#connMaxRecords", "5000000");
      sender.type("#connPerMinute", "60");
      sender.type("#connFrom", "10.0.0.0/8");
      sender.type("#connHours", "22-06");
      sender.click("#saveConnection");
      sender.click("#newConnection");
      sender.type("#connName", "ann-laptop");
      sender.click("#connApproval");
      sender.type("#connFreeTables", "products");
      sender.type("#connMaxDownloads", "20");
      sender.click("#saveConnection");
      AppWindow.waitFor(10, "the token", () -> !sender.<javafx.scene.control.TextField>find(
          "#shownToken").getText().isEmpty());
      String token = sender.<javafx.scene.control.TextField>find("#shownToken").getText();
      shot(sender, "connections-incoming");

      String address = sender.shareWithConnections("0.0.0.0");

      receiver.click("#navConnections");
      javafx.scene.control.TabPane tabs = receiver.find(".tab-pane");
      receiver.run(() -> tabs.getSelectionModel().select(1));
      receiver.type("#savedName", "staging");
      receiver.type("#savedAddress", address);
      receiver.type("#savedToken", token);
      receiver.click("#saveSaved");
      AppWindow.waitFor(10, "saved", () -> receiver.<javafx.scene.control.TableView<?>>find(
          "#outgoingConnections").getItems().size() == 1);
      shot(receiver, "connections-outgoing");

      receiver.click("#navReceive");
      ReceiveWizardModel w = receiver.window.receive();
      AppWindow.waitFor(10, "targets", () -> w.targets().size() == 2);
      ComboBox<SavedDatabase> targets = receiver.find("#connectTarget");
      receiver.run(() -> targets.setValue(w.targets().get(1)));
      ComboBox<String> saved = receiver.find("#connectSaved");
      AppWindow.waitFor(10, "saved connections", () -> saved.getItems().size() == 2);
      receiver.run(() -> saved.setValue("staging"));
      shot(receiver, "receive-saved-connection");
      receiver.click("#wizardNext");
      AppWindow.waitFor(20, "tables", () -> w.indexProperty().get() == 1
          && w.tables().size() == 4);
      receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "customers");
      receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "products");
      receiver.click("#wizardNext");
      receiver.click("#wizardNext");
      receiver.click("#wizardNext");
      Thread.sleep(1500);
      shot(receiver, "receive-waiting-approval");

      sender.click("#navHistory");
      javafx.scene.control.TableView<dev.dbsync.engine.history.TransferRecord> rows =
          sender.find("#historyRows");
      AppWindow.waitFor(20, "the request", () -> rows.getItems().stream().anyMatch(r ->
          r.status() == dev.dbsync.engine.history.TransferStatus.PENDING_APPROVAL));
      sender.run(() -> rows.getSelectionModel().select(rows.getItems().stream().filter(r ->
          r.status() == dev.dbsync.engine.history.TransferStatus.PENDING_APPROVAL)
          .findFirst().orElseThrow()));
      Thread.sleep(800);
      shot(sender, "history-approval");
      sender.click("#approveTransfer");
      AppWindow.waitFor(60, "results", () -> w.indexProperty().get() == 4);
    }
  }

  @Test
  void masking() throws Exception {
    assumeTrue(Boolean.getBoolean("screenshots"), "run with -Dscreenshots=true");
    Files.createDirectories(out);
    Path receiverDir = dir.resolve("receiver");
    new SavedDatabases(receiverDir).save(SavedDatabase.sqlite("staging-copy.db",
        dir.resolve("staging-copy.db")), null);
    try (AppWindow sender = AppWindow.open(dir.resolve("sender"), 0);
         AppWindow receiver = AppWindow.open(receiverDir, 1000)) {
      sender.run(() -> sender.window.share().listenOn("0.0.0.0", 0));
      AppWindow.waitFor(20, "tables", () -> sender.window.share().tables().size() == 4);
      javafx.scene.control.TableView<dev.dbsync.ui.share.TableChoice> tables =
          sender.find("#shareTables");
      sender.run(() -> tables.getSelectionModel().select(tables.getItems().stream()
          .filter(t -> t.name().equals("customers")).findFirst().orElseThrow()));
      sender.click("#maskTable");
      AppWindow.waitFor(20, "the columns", () -> {
        javafx.scene.control.TableView<?> cols = sender.findInDialog("#maskColumns");
        return cols != null && cols.getItems().size() == 6;
      });
      sender.clickInDialog("#useSuggestions");
      Thread.sleep(500);
      javafx.scene.Node dialog = sender.findInDialog("#maskColumns");
      shot(dialog.getScene(), "share-masks");
      sender.clickInDialog("#applyMasks");
      ComboBox<IncomingMode> modes = sender.find("#incomingMode");
      sender.run(() -> modes.setValue(IncomingMode.AUTO_ACCEPT));
      shot(sender, "share-setup-masked");
      sender.click("#startSharing");
      AppWindow.waitFor(20, "a code", () ->
          !sender.window.share().live().codeProperty().get().isEmpty());
      String code = sender.window.share().live().plainCode();
      ReceiveWizardModel w = connect(receiver, sender, code);
      AppWindow.waitFor(20, "tables", () -> w.indexProperty().get() == 1
          && w.tables().size() == 4);
      receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "customers");
      receiver.click("#wizardNext");
      AppWindow.waitFor(20, "preview rows", () -> !w.step(
          dev.dbsync.ui.receive.preview.PreviewViewModel.class).rows().isEmpty());
      Thread.sleep(800);
      shot(receiver, "receive-3-preview-masked");
    }
  }

  /** The receiver's Connect step filled in with the sender's loopback address and the code. */
  private static ReceiveWizardModel connect(AppWindow receiver, AppWindow sender, String code)
      throws Exception {
    receiver.click("#navReceive");
    ReceiveWizardModel w = receiver.window.receive();
    AppWindow.waitFor(10, "targets", () -> w.targets().size() == 2);
    ComboBox<SavedDatabase> targets = receiver.find("#connectTarget");
    receiver.run(() -> targets.setValue(w.targets().get(1)));
    receiver.type("#connectAddress", sender.window.share().live().addresses().stream()
        .filter(a -> a.contains("127.0.0.1")).findFirst().orElseThrow());
    receiver.type("#connectCode", code);
    receiver.click("#wizardNext");
    return w;
  }

  private void shot(AppWindow w, String name) throws Exception {
    shot(w.stage.getScene(), name);
  }

  private void shot(javafx.scene.Scene scene, String name) throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    WritableImage image = WaitForAsyncUtils.asyncFx(() ->
        scene.snapshot(null)).get(10, TimeUnit.SECONDS);
    BufferedImage b = SwingFXUtils.fromFXImage(image, null);
    ImageIO.write(b, "png", out.resolve(name + ".png").toFile());
  }
}

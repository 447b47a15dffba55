package dev.dbsync.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.connections.Connections;
import dev.dbsync.engine.connections.SavedConnections;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.connections.Connection;
import dev.dbsync.engine.connections.SavedConnection;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.Rows;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.results.ResultsViewModel;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permanent connections through the real windows: the sender creates one (token shown once)
 * and shares with connections served, the receiver saves the token and pulls with it, waits
 * for approval, and the sender approves on its History screen.
 */
class PermanentConnectionScreensTest {
  @TempDir
  Path dir;
  private AppWindow sender;
  private AppWindow receiver;

  @AfterEach
  void close() {
    if (receiver != null) {
      receiver.close();
    }
    if (sender != null) {
      sender.close();
    }
  }

  @Test
  void aReceiverPullsOnASavedConnectionAfterTheSenderApproves() throws Exception {
    sender = AppWindow.open(dir.resolve("sender"), 0);
    sender.click("#navConnections");
    sender.type("#connName", "ann-laptop");
    sender.click("#connApproval");
    sender.type("#connMaxRecords", "100000");
    sender.click("#saveConnection");
    AppWindow.waitFor(10, "the token", () -> !sender.<TextField>find("#shownToken").getText()
        .isEmpty());
    String token = sender.<TextField>find("#shownToken").getText();
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
    AppWindow.waitFor(10, "the list", () -> sender.<TableView<Connection>>find(
        "#incomingConnections").getItems().size() == 1);
    sender.click("#hideToken");
    assertEquals("", sender.<TextField>find("#shownToken").getText());

    String address = sender.shareWithConnections("127.0.0.1");

    Path receiverDir = dir.resolve("receiver");
    Path target = dir.resolve("target.db");
    new SavedDatabases(receiverDir).save(SavedDatabase.sqlite("target.db", target), null);
    receiver = AppWindow.open(receiverDir, 990);
    receiver.click("#navConnections");
    TabPane tabs = receiver.find(".tab-pane");
    receiver.run(() -> tabs.getSelectionModel().select(1));
    receiver.type("#savedName", "prod");
    receiver.type("#savedAddress", address);
    receiver.type("#savedToken", token);
    receiver.click("#saveSaved");
    AppWindow.waitFor(10, "the saved connection", () -> receiver.<TableView<SavedConnection>>
        find("#outgoingConnections").getItems().size() == 1);

    receiver.click("#navReceive");
    ReceiveWizardModel w = receiver.window.receive();
    AppWindow.waitFor(10, "the targets and saved connections", () -> w.targets().size() == 2
        && receiver.<ComboBox<String>>find("#connectSaved").getItems().size() == 2);
    ComboBox<SavedDatabase> targets = receiver.find("#connectTarget");
    receiver.run(() -> targets.setValue(w.targets().get(1)));
    ComboBox<String> saved = receiver.find("#connectSaved");
    receiver.run(() -> saved.setValue("prod"));
    receiver.click("#wizardNext");
    AppWindow.waitFor(20, "the remote tables", () -> w.indexProperty().get() == 1
        && w.tables().size() == 4);
    receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "customers");
    receiver.click("#wizardNext"); // preview
    receiver.click("#wizardNext"); // review
    receiver.click("#wizardNext"); // run: waits for the approval

    sender.click("#navHistory");
    TableView<TransferRecord> rows = sender.find("#historyRows");
    AppWindow.waitFor(20, "the request on the sender's history", () -> rows.getItems().stream()
        .anyMatch(r -> r.status() == TransferStatus.PENDING_APPROVAL));
    sender.run(() -> rows.getSelectionModel().select(rows.getItems().stream()
        .filter(r -> r.status() == TransferStatus.PENDING_APPROVAL).findFirst().orElseThrow()));
    sender.click("#approveTransfer");

    AppWindow.waitFor(60, "the results", () -> w.indexProperty().get() == 4);
    ResultsViewModel results = w.step(ResultsViewModel.class);
    assertTrue(results.summaryProperty().get().startsWith("Finished."),
        results.summaryProperty().get());
    try (Database src = JdbcDatabase.open(DatabaseLocator.sqlite(
             sender.dataDir.resolve("workspace.db")), TableFilter.defaults(), false);
         Database dst = JdbcDatabase.open(DatabaseLocator.sqlite(target),
             TableFilter.defaults(), false)) {
      assertEquals(Rows.all(src, "customers"), Rows.all(dst, "customers"));
    }
    Connection c = Connections.of(sender.history).get("ann-laptop").orElseThrow();
    // the 12 rows the preview showed left the sender too: they count, as the pull's 12 do
    assertEquals(24, c.recordsTotal());
    assertEquals("active", SavedConnections.of(receiver.history).require("prod").status());

    // Run again from the receiver's history: the saved connection, no code to ask for
    receiver.click("#openHistory");
    TableView<TransferRecord> mine = receiver.find("#historyRows");
    AppWindow.waitFor(10, "the receiver's history", () -> mine.getItems().size() == 1);
    receiver.run(() -> mine.getSelectionModel().select(0));
    receiver.click("#runAgain");
    AppWindow.waitFor(5, "the connect step", () -> w.indexProperty().get() == 0);
    assertEquals("prod", w.step(dev.dbsync.ui.receive.connect.ConnectViewModel.class)
        .savedProperty().get());
    receiver.click("#wizardNext");
    AppWindow.waitFor(20, "the tables, customers chosen", () -> w.indexProperty().get() == 1
        && w.selectedTables().size() == 1);
  }
}

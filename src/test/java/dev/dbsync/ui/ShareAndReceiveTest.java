package dev.dbsync.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.Rows;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.connect.ConnectViewModel;
import dev.dbsync.ui.receive.preview.PreviewViewModel;
import dev.dbsync.ui.receive.results.ResultsViewModel;
import dev.dbsync.ui.receive.tables.TablesViewModel;
import dev.dbsync.ui.share.LiveShare;
import dev.dbsync.ui.share.ReceiverRow;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareListener;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import dev.dbsync.ui.receive.run.RunViewModel;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.input.KeyCode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both screens driven end to end in real windows: one app shares its workspace, another
 * connects with the code it shows, picks tables and strategies, runs, and the rows arrive.
 */
class ShareAndReceiveTest {
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

  private String startSharing(IncomingMode mode) throws Exception {
    return startSharing(mode, false);
  }

  private String startSharing(IncomingMode mode, boolean tls) throws Exception {
    sender = AppWindow.open(dir.resolve("sender"), 0);
    sender.run(() -> sender.window.share().listenOn("127.0.0.1", 0));
    AppWindow.waitFor(20, "the workspace tables", () ->
        sender.window.share().tables().size() == 4);
    ComboBox<IncomingMode> modes = sender.find("#incomingMode");
    sender.run(() -> modes.setValue(mode));
    if (tls) {
      sender.click("#shareTls");
    }
    sender.click("#startSharing");
    AppWindow.waitFor(20, "a code", () -> !sender.window.share().live().codeProperty().get()
        .isEmpty());
    Label code = sender.find("#shareCode");
    return code.getText();
  }

  private String senderAddress() {
    return sender.window.share().live().addresses().stream()
        .filter(a -> a.contains("127.0.0.1")).findFirst().orElseThrow();
  }

  private void connect(String address, String code) {
    receiver.type("#connectAddress", address);
    receiver.type("#connectCode", code);
    receiver.click("#wizardNext");
  }

  /** Waits for the tables step; if it never comes, says what the connect step showed. */
  private void waitForTables(ReceiveWizardModel w, int n) throws Exception {
    try {
      AppWindow.waitFor(20, "the remote tables", () -> w.indexProperty().get() == 1
          && w.tables().size() == n);
    } catch (AssertionError e) {
      ConnectViewModel c = w.step(ConnectViewModel.class);
      throw new AssertionError(e.getMessage() + "; the connect step shows '"
          + c.statusProperty().get() + "' with address '" + c.addressProperty().get()
          + "', code '" + c.codeProperty().get() + "', saved '" + c.savedProperty().get()
          + "', Next " + (c.canAdvance().get() ? "enabled" : "disabled") + ", step "
          + w.indexProperty().get(), e);
    }
  }

  private Path openReceiver(String targetName) throws Exception {
    Path receiverDir = dir.resolve("receiver");
    Path target = dir.resolve(targetName);
    new SavedDatabases(receiverDir).save(SavedDatabase.sqlite(targetName, target), null);
    receiver = AppWindow.open(receiverDir, 990);
    receiver.click("#navReceive");
    ReceiveWizardModel w = receiver.window.receive();
    AppWindow.waitFor(10, "the targets", () -> w.targets().size() == 2);
    ComboBox<SavedDatabase> targets = receiver.find("#connectTarget");
    receiver.run(() -> targets.setValue(w.targets().get(1)));
    return target;
  }

  private void connect(String code) {
    connect(senderAddress(), code);
  }

  @Test
  void aFilteredTablePullsItsRowsAndTheCustomersTheyReference() throws Exception {
    String code = startSharing(IncomingMode.AUTO_ACCEPT);
    Path target = openReceiver("subset.db");
    connect(code);
    ReceiveWizardModel w = receiver.window.receive();
    waitForTables(w, 4);
    receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "orders");
    javafx.scene.control.TableView<RemoteTable> list = receiver.find("#remoteTables");
    RemoteTable orders = w.tables().stream().filter(t -> t.name().equals("orders")).findFirst()
        .orElseThrow();
    receiver.run(() -> list.getSelectionModel().select(orders));
    receiver.click("#addCondition");
    ComboBox<String> column = receiver.find("#conditionColumn0");
    receiver.run(() -> column.setValue("status"));
    receiver.type("#conditionValue0", "paid");
    TablesViewModel tables = w.step(TablesViewModel.class);
    AppWindow.waitFor(10, "the live count", () -> tables.filters().countProperty().get()
        .equals("8 of 40 rows match"));
    assertEquals("status = paid", orders.rows().summary());

    receiver.click("#wizardNext"); // preview
    receiver.click("#wizardNext"); // review
    RunViewModel run = w.step(RunViewModel.class);
    AppWindow.waitFor(20, "the references", () -> run.referencesTextProperty().get()
        .endsWith("rows from 1 table for references (customers)"));
    receiver.click("#wizardNext"); // Run
    AppWindow.waitFor(60, "the results", () -> w.indexProperty().get() == 4);
    try (Database src = JdbcDatabase.open(DatabaseLocator.sqlite(
             sender.dataDir.resolve("workspace.db")), TableFilter.defaults(), false);
         Database dst = JdbcDatabase.open(DatabaseLocator.sqlite(target),
             TableFilter.defaults(), false)) {
      List<com.fasterxml.jackson.databind.node.ObjectNode> paid = Rows.all(src, "orders")
          .stream().filter(r -> r.get("status").asText().equals("paid")).toList();
      assertEquals(paid, Rows.all(dst, "orders"));
      assertEquals(paid.stream().map(r -> r.get("customer_id").asLong()).distinct().sorted()
          .toList(), Rows.all(dst, "customers").stream().map(r -> r.get("id").asLong())
          .sorted().toList());
    }
    assertEquals(2, w.step(ResultsViewModel.class).rows().size());
  }

  @Test
  void pullsChosenTablesWithTheirStrategiesIntoANewDatabase() throws Exception {
    String code = startSharing(IncomingMode.AUTO_ACCEPT);
    assertTrue(code.matches("[2-9A-Z]{4} [2-9A-Z]{4}"), code);
    Path target = openReceiver("target.db");
    connect(code);
    ReceiveWizardModel w = receiver.window.receive();
    waitForTables(w, 4);

    // orders references customers: choosing it offers the parent
    receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "orders");
    AppWindow.waitFor(5, "the parents offer", () -> !w.step(TablesViewModel.class)
        .parentsOfferProperty().get().isEmpty());
    receiver.click("#addParents");
    assertTrue(w.tables().stream().filter(t -> t.name().equals("customers")).findFirst()
        .orElseThrow().selectedProperty().get());
    receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "products");
    receiver.run(() -> w.tables().stream().filter(t -> t.name().equals("products"))
        .forEach(t -> t.strategyProperty().set(Strategy.OVERWRITE)));

    receiver.click("#wizardNext");
    PreviewViewModel preview = w.step(PreviewViewModel.class);
    AppWindow.waitFor(20, "the first page", () -> preview.rows().size() == 12);
    assertEquals("Page 1 · rows 1–12 of 12", preview.pageTextProperty().get());

    receiver.click("#wizardNext");
    receiver.click("#wizardNext"); // Run
    AppWindow.waitFor(60, "the results", () -> w.indexProperty().get() == 4);
    ResultsViewModel results = w.step(ResultsViewModel.class);
    assertTrue(results.summaryProperty().get().startsWith("Finished."),
        results.summaryProperty().get());
    assertEquals(3, results.rows().size());

    try (Database src = JdbcDatabase.open(DatabaseLocator.sqlite(
             sender.dataDir.resolve("workspace.db")), TableFilter.defaults(), false);
         Database dst = JdbcDatabase.open(DatabaseLocator.sqlite(target),
             TableFilter.defaults(), false)) {
      for (String t : new String[] {"customers", "orders", "products"}) {
        assertEquals(Rows.all(src, t), Rows.all(dst, t), t);
      }
      assertTrue(!dst.tableExists("order_items"), "order_items was not chosen");
    }

    // both sides recorded it; the receiver's History screen lists it
    HistoryQuery completed = new HistoryQuery(null, TransferStatus.COMPLETED, null, null, null,
        null, 0, 10);
    assertEquals(List.of("receive", "receive", "receive"), receiver.history.list(completed)
        .stream().map(TransferRecord::direction).toList());
    AppWindow.waitFor(10, "the sender's records", () ->
        sender.history.count(completed) == 3);
    assertEquals(12, sender.history.list(completed).stream()
        .filter(r -> r.table().equals("customers")).findFirst().orElseThrow().transferred());
    receiver.click("#openHistory");
    AppWindow.waitFor(10, "the history screen", () -> receiver.<javafx.scene.control.TableView<?>>
        find("#historyRows").getItems().size() == 3);

    // Run again: the wizard comes back with the address, the target and the table chosen
    javafx.scene.control.TableView<TransferRecord> history = receiver.find("#historyRows");
    receiver.run(() -> history.getSelectionModel().select(history.getItems().stream()
        .filter(r -> r.table().equals("products")).findFirst().orElseThrow()));
    receiver.click("#runAgain");
    ReceiveWizardModel again = receiver.window.receive();
    AppWindow.waitFor(5, "the connect step", () -> again.indexProperty().get() == 0);
    assertEquals(senderAddress(), again.step(ConnectViewModel.class).addressProperty().get());
    assertEquals("target.db", again.targetProperty().get().name());
    AppWindow.waitFor(10, "a fresh code", () -> !sender.window.share().live().plainCode()
        .equals(code.replace(" ", "")));
    receiver.type("#connectCode", sender.window.share().live().plainCode());
    receiver.click("#wizardNext");
    AppWindow.waitFor(20, "the tables, products chosen", () -> again.indexProperty().get() == 1
        && again.tables().size() == 4);
    assertEquals(List.of("products"), again.selectedTables().stream().map(RemoteTable::name)
        .toList());
    assertEquals(Strategy.OVERWRITE, again.selectedTables().get(0).strategyProperty().get());
  }

  @Test
  void aWrongCodeIsExplainedAndNothingIsWritten() throws Exception {
    startSharing(IncomingMode.AUTO_ACCEPT);
    Path target = openReceiver("target.db");
    connect("ABCD EFGH");
    ConnectViewModel c = receiver.window.receive().step(ConnectViewModel.class);
    AppWindow.waitFor(20, "the refusal", () -> c.failedProperty().get());
    Label status = receiver.find("#connectStatus");
    assertTrue(status.getText().contains("code is not valid"), status.getText());
    assertEquals(0, receiver.window.receive().indexProperty().get());
    try (Database dst = JdbcDatabase.open(DatabaseLocator.sqlite(target),
        TableFilter.defaults(), true)) {
      assertEquals(0, dst.allTableNames().size());
    }
  }

  /** Connects to {@code server}, chooses the books table and presses Run. */
  private ReceiveWizardModel runBooks(ShareServer server) throws Exception {
    connect(Sharing.url(server), server.currentCode());
    ReceiveWizardModel w = receiver.window.receive();
    waitForTables(w, 2);
    receiver.<RemoteTable>tick("#remoteTables", RemoteTable::name, "books");
    receiver.click("#wizardNext").click("#wizardNext").click("#wizardNext");
    return w;
  }

  /** Shares with approval, connects, and waits until the request shows on the share screen. */
  private LiveShare requestApproval() throws Exception {
    String code = startSharing(IncomingMode.REQUIRE_APPROVAL);
    openReceiver("target.db");
    connect(code);
    LiveShare live = sender.window.share().live();
    AppWindow.waitFor(20, "the request on the share screen", () ->
        live.receivers().stream().anyMatch(ReceiverRow::waitingForApproval));
    return live;
  }

  @Test
  void aDeniedRequestIsExplainedToTheReceiver() throws Exception {
    LiveShare live = requestApproval();
    ConnectViewModel c = receiver.window.receive().step(ConnectViewModel.class);
    AppWindow.waitFor(5, "the waiting message", () ->
        c.statusProperty().get().startsWith("Waiting for the sender"));
    ReceiverRow row = live.receivers().get(0);
    sender.click("#deny-" + row.id());
    AppWindow.waitFor(20, "the denial", () -> c.failedProperty().get());
    assertTrue(c.statusProperty().get().toLowerCase().contains("denied"),
        c.statusProperty().get());
  }

  @Test
  void aSenderThatGoesAwayMidTransferEndsInResultsThatKeepCommittedRows() throws Exception {
    Path source = Sample.create(dir.resolve("big.db"), 300_000);
    CountDownLatch reading = new CountDownLatch(1);
    try (Database db = Sample.open(source)) {
      ShareServer server = Sharing.start(db, IncomingMode.AUTO_ACCEPT, null, new ShareListener() {
        @Override
        public void receiverReading(ReceiverView r, String table, long sent, long expected) {
          if (table.equals("books") && sent > 0) {
            reading.countDown();
          }
        }
      });
      Path target = openReceiver("target.db");
      ReceiveWizardModel w = runBooks(server);
      assertTrue(reading.await(30, TimeUnit.SECONDS), "the transfer started");
      server.close(); // the sender's app is gone
      AppWindow.waitFor(60, "the results", () -> w.indexProperty().get() == 4);
      ResultsViewModel results = w.step(ResultsViewModel.class);
      String summary = results.summaryProperty().get();
      assertTrue(summary.startsWith("The transfer stopped") || summary.contains("failures"),
          summary);
      try (Database dst = Sample.open(target)) {
        long kept = dst.tableExists("books") ? dst.getCount("books") : 0;
        assertTrue(kept < 300_000, "kept " + kept);
        if (kept > 0) {
          assertEquals(Rows.all(db, "books").subList(0, (int) kept), Rows.all(dst, "books"));
        }
      }
    }
  }

  @Test
  void anApprovedReceiverGoesOnToTheTablesAndShowsOnTheShareScreen() throws Exception {
    LiveShare live = requestApproval();
    sender.click("#approve-" + live.receivers().get(0).id());
    ReceiveWizardModel w = receiver.window.receive();
    AppWindow.waitFor(20, "the tables step", () -> w.indexProperty().get() == 1
        && w.tables().size() == 4);
    AppWindow.waitFor(10, "the receiver as connected", () ->
        live.receivers().get(0).statusProperty().get().equals("Connected"));
  }

  @Test
  void escapeCancelsARunningTransferAndKeepsTheCommittedBatches() throws Exception {
    Path source = Sample.create(dir.resolve("big.db"), 400_000);
    try (Database db = Sample.open(source)) {
      ShareServer server = Sharing.start(db);
      Path target = openReceiver("target.db");
      ReceiveWizardModel w = runBooks(server);
      RunViewModel run = w.step(RunViewModel.class);
      AppWindow.waitFor(30, "rows of books to arrive", () -> run.rows().stream().anyMatch(
          r -> r.table().equals("books") && r.progressProperty().get() > 0));
      receiver.bringToFront();
      receiver.robot().type(KeyCode.ESCAPE);
      AppWindow.waitFor(60, "the results", () -> w.indexProperty().get() == 4);
      ResultsViewModel results = w.step(ResultsViewModel.class);
      assertTrue(results.summaryProperty().get().startsWith("Cancelled."),
          results.summaryProperty().get());
      // the authors its books reference came first (added for references), then books stopped
      assertEquals(List.of("authors", "books"), results.rows().stream().map(r -> r.table())
          .toList());
      assertEquals("cancelled (table created)", results.rows().get(1).status());
      try (Database dst = Sample.open(target)) {
        long kept = dst.getCount("books");
        assertTrue(kept > 0 && kept < 400_000, "kept " + kept);
        assertEquals(Rows.all(db, "books").subList(0, (int) kept), Rows.all(dst, "books"));
      }
      server.close();
    }
  }

  @Test
  void anEncryptedShareIsReachedOnlyWithItsFingerprint() throws Exception {
    String code = startSharing(IncomingMode.AUTO_ACCEPT, true);
    LiveShare live = sender.window.share().live();
    String address = senderAddress();
    assertTrue(address.startsWith("wss://127.0.0.1:"), address);
    String fingerprint = live.fingerprintProperty().get();
    assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
    Label shown = sender.find("#shareFingerprint");
    assertTrue(shown.getText().endsWith(fingerprint), shown.getText());

    openReceiver("target.db");
    ConnectViewModel c = receiver.window.receive().step(ConnectViewModel.class);
    connect(code);
    AppWindow.waitFor(20, "the certificate refusal", () -> c.failedProperty().get());
    assertTrue(c.statusProperty().get().toLowerCase().contains("certificate")
        || c.statusProperty().get().contains("fingerprint"), c.statusProperty().get());
    assertTrue(receiver.<javafx.scene.control.TextField>find("#connectFingerprint").isVisible());
    receiver.run(() -> c.fingerprintProperty().set(fingerprint));
    receiver.click("#wizardNext");
    ReceiveWizardModel w = receiver.window.receive();
    AppWindow.waitFor(20, "the tables over TLS", () -> w.indexProperty().get() == 1
        && w.tables().size() == 4);
  }
}

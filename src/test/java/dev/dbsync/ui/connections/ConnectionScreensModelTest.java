package dev.dbsync.ui.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.connections.ConnectionSettings;
import dev.dbsync.engine.connections.ConnectionStatus;
import dev.dbsync.engine.connections.Connections;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.NewTransfer;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.support.NoDialogs;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.SyncTaskExecutor;
import dev.dbsync.ui.history.HistoryViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Connections and History ViewModels without a toolkit: what each button does. */
class ConnectionScreensModelTest {
  @TempDir
  Path dir;
  HistoryStore store;
  IncomingViewModel incoming;

  @BeforeEach
  void open() {
    store = HistoryStore.open(dir, Clock.systemUTC());
    incoming = new IncomingViewModel(new SyncTaskExecutor(), new NoDialogs(), store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theFormCreatesAConnectionWithEverySettingAndShowsItsTokenOnce() {
    ConnectionForm f = incoming.form();
    f.name.set("ann-laptop");
    f.allowedTables.set("customers, orders");
    f.excludedTables.set("user_tokens");
    f.requiresApproval.set(true);
    f.freeTables.set("customers");
    f.expires.set(LocalDate.of(2030, 1, 31));
    f.maxDownloads.set("10");
    f.maxRecords.set("1,000,000");
    f.maxPerRequest.set("50000");
    f.perMinute.set("30");
    f.allowFrom.set("10.0.0.0/8, 192.168.1.7");
    f.hours.set("22-06");
    f.password.set("s3cret");
    f.masks.set("customers.email=emial");
    incoming.save();
    assertTrue(incoming.messageProperty().get().contains("Unknown rule 'emial'"),
        incoming.messageProperty().get());
    f.masks.set("customers.email=email, customers.name=name");
    incoming.save();
    assertTrue(incoming.tokenProperty().get().matches("[A-Za-z0-9_-]{43}"),
        incoming.messageProperty().get());
    assertEquals("ann-laptop", incoming.tokenForProperty().get());
    ConnectionSettings s = Connections.of(store).get("ann-laptop").orElseThrow().settings();
    assertEquals(new ConnectionSettings(List.of("customers", "orders"), List.of("user_tokens"),
        List.of("customers"), Instant.parse("2030-02-01T00:00:00Z"), 10L, 1_000_000L, 50_000L,
        30, List.of("10.0.0.0/8", "192.168.1.7"), "22-06", true)
        .withMasks(List.of("customers.email=email", "customers.name=name")), s);
    assertTrue(Connections.of(store).get("ann-laptop").orElseThrow().hasPassword());
    incoming.forgetToken();
    assertEquals("", incoming.tokenProperty().get());
    assertEquals(1, incoming.connections().size());
  }

  @Test
  void aValueThatDoesNotParseIsExplainedAndNothingIsCreated() {
    incoming.form().name.set("ann");
    incoming.form().maxDownloads.set("ten");
    incoming.save();
    assertFalse(incoming.messageOkProperty().get());
    assertTrue(incoming.messageProperty().get().contains("Max downloads is a whole number"),
        incoming.messageProperty().get());
    incoming.form().maxDownloads.set("");
    incoming.form().hours.set("8am-6pm");
    incoming.save();
    assertTrue(incoming.messageProperty().get().contains("HH-HH in UTC"),
        incoming.messageProperty().get());
    assertTrue(Connections.of(store).list().isEmpty());
  }

  @Test
  void editingChangesTheSettingsAndTheButtonsMoveTheStatus() {
    Connections.of(store).create("ann", ConnectionSettings.none(), null, "bob");
    incoming.reload();
    incoming.selectedProperty().set(incoming.connections().get(0));
    assertTrue(incoming.editingProperty().get());
    incoming.form().maxRecords.set("500");
    incoming.save();
    assertEquals(500L, Connections.of(store).get("ann").orElseThrow().settings()
        .maxRecordsTotal());
    incoming.suspend();
    assertEquals(ConnectionStatus.SUSPENDED, status("ann"));
    incoming.reactivate();
    assertEquals(ConnectionStatus.ACTIVE, status("ann"));
    incoming.rotateToken();
    assertFalse(incoming.tokenProperty().get().isEmpty());
    incoming.revoke();
    assertEquals(ConnectionStatus.REVOKED, status("ann"));
    incoming.delete();
    assertTrue(Connections.of(store).get("ann").isEmpty());
    assertFalse(incoming.editingProperty().get());
  }

  @Test
  void editingOtherSettingsKeepsAnExpiryThatIsNotAtMidnight() {
    Instant at = Instant.parse("2030-01-31T15:00:00Z");
    Connections.of(store).create("ann", new ConnectionSettings(null, null, null, at, null, null,
        null, null, null, null, null), null, "bob");
    incoming.reload();
    incoming.selectedProperty().set(incoming.connections().get(0));
    assertEquals(LocalDate.of(2030, 1, 31), incoming.form().expires.get());
    incoming.form().perMinute.set("10");
    incoming.save();
    assertEquals(at, Connections.of(store).get("ann").orElseThrow().settings().expiresAt());
    incoming.form().expires.set(LocalDate.of(2030, 2, 28));
    incoming.save();
    assertEquals(Instant.parse("2030-03-01T00:00:00Z"), Connections.of(store).get("ann")
        .orElseThrow().settings().expiresAt());
  }

  private ConnectionStatus status(String name) {
    return Connections.of(store).get(name).orElseThrow().status();
  }

  @Test
  void theHistoryScreenApprovesAndDeniesWaitingRequests() {
    DialogService because = NoDialogs.answering("not now");
    long a = store.approvals().request(waiting("orders"), Duration.ofHours(24), "ann");
    long b = store.approvals().request(waiting("customers"), Duration.ofHours(24), "ann");
    HistoryViewModel history = new HistoryViewModel(new SyncTaskExecutor(), store, because);
    history.refresh();
    assertEquals("2 requests wait for your approval.", history.waitingProperty().get());
    history.selectedProperty().set(store.get(a).orElseThrow());
    assertTrue(history.canDecideProperty().get());
    history.approve();
    assertEquals(TransferStatus.APPROVED, store.get(a).orElseThrow().status());
    history.selectedProperty().set(store.get(b).orElseThrow());
    history.deny();
    assertEquals(TransferStatus.DENIED, store.get(b).orElseThrow().status());
    assertEquals("not now", store.get(b).orElseThrow().denialReason());
    assertEquals("", history.waitingProperty().get());
  }

  private static NewTransfer waiting(String table) {
    return new NewTransfer("send", "ann", null, "10.0.0.5", table, null, "SQLite w.db", null,
        "10.0.0.5", "ann", "receiver");
  }
}

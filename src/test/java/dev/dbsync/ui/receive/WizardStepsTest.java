package dev.dbsync.ui.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.NoDialogs;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import dev.dbsync.ui.common.SyncTaskExecutor;
import dev.dbsync.ui.receive.connect.ConnectViewModel;
import dev.dbsync.ui.receive.tables.TablesViewModel;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's ViewModels without any window: validation, navigation, parent tables. */
class WizardStepsTest {
  @TempDir
  Path dir;
  private ReceiveWizardModel wizard;

  @BeforeEach
  void wizard() {
    wizard = new ReceiveWizardModel(new SyncTaskExecutor(), new NoDialogs(),
        new SavedDatabases(dir), null, ReceiveSteps::of);
    wizard.reloadDatabases();
  }

  /** The link and the target a test connected are closed with it, before the next test. */
  @AfterEach
  void close() {
    wizard.close();
  }

  @Test
  void connectIsEnabledOnlyForAUsableAddressAndAWellFormedCode() {
    ConnectViewModel c = wizard.step(ConnectViewModel.class);
    assertTrue(wizard.nextDisabledProperty().get());
    c.addressProperty().set("ws://192.168.1.20:4471");
    c.codeProperty().set("abcd efg");
    assertEquals("1 more to type", c.codeProblemProperty().get());
    assertTrue(wizard.nextDisabledProperty().get());
    c.codeProperty().set("abcd efgh");
    assertEquals("", c.codeProblemProperty().get());
    assertFalse(wizard.nextDisabledProperty().get());
    c.codeProperty().set("ABCD EFG0");
    assertTrue(c.codeProblemProperty().get().startsWith("'0' is never part of a code"));
    assertTrue(wizard.nextDisabledProperty().get());
    c.codeProperty().set("ABCDEFGHJ");
    assertTrue(c.codeProblemProperty().get().startsWith("A code has 8 characters"));
    c.codeProperty().set("ABCDEFGH");
    c.addressProperty().set("ws://");
    assertFalse(c.addressProblemProperty().get().isEmpty());
    assertTrue(wizard.nextDisabledProperty().get());
  }

  @Test
  void anUnreachableSenderIsExplainedAndTheWizardStays() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ConnectViewModel c = wizard.step(ConnectViewModel.class);
    c.addressProperty().set("ws://127.0.0.1:" + port);
    c.codeProperty().set("ABCDEFGH");
    wizard.next();
    assertEquals(0, wizard.indexProperty().get());
    assertTrue(c.failedProperty().get());
    assertTrue(c.statusProperty().get().startsWith("Nothing answered at ws://127.0.0.1:" + port),
        c.statusProperty().get());
    assertNull(wizard.client());
  }

  private static TableSchema schema(String name, String... parents) {
    List<ForeignKey> fks = java.util.Arrays.stream(parents).map(p -> new ForeignKey(
        name + "_" + p, List.of(p + "_id"), p, List.of("id"))).toList();
    return new TableSchema(name, "public", List.of(new ColumnInfo("id", "bigint", false, true,
        null, null, null, null, "int8", null, null)), List.of("id"), null, fks);
  }

  @Test
  void choosingAChildOffersItsParentsAndAddingThemTakesTheirParentsToo() {
    wizard.tables().setAll(new RemoteTable("customers", 3, -1, false, schema("customers"), null),
        new RemoteTable("orders", 5, -1, false, schema("orders", "customers"), null),
        new RemoteTable("items", 9, -1, false, schema("items", "orders", "items"), null));
    TablesViewModel t = wizard.step(TablesViewModel.class);
    wizard.tables().get(2).selectedProperty().set(true);
    assertEquals("The tables you chose reference orders: the rows they reference come along. "
        + "Add the tables to pull them whole.", t.parentsOfferProperty().get());
    wizard.referencesProperty().set(false);
    assertEquals("The tables you chose reference orders. Without those rows, referencing rows "
        + "may be refused.", t.parentsOfferProperty().get());
    wizard.referencesProperty().set(true);
    t.addParents();
    assertTrue(wizard.tables().stream().allMatch(x -> x.selectedProperty().get()));
    assertEquals("", t.parentsOfferProperty().get());
  }

  /** Connects the wizard to {@code server} with its current code and waits on the tables. */
  private void connect(ShareServer server) {
    ConnectViewModel c = wizard.step(ConnectViewModel.class);
    c.addressProperty().set(Sharing.url(server));
    c.codeProperty().set(server.currentCode());
    wizard.next();
    assertEquals(1, wizard.indexProperty().get(), c.statusProperty().get());
  }

  /** A sample source of 20 books, and a saved SQLite target "copy" the wizard offers. */
  private Path sampleAndTarget() throws Exception {
    Path source = Sample.create(dir.resolve("source.db"), 20);
    new SavedDatabases(dir).save(SavedDatabase.sqlite("copy", dir.resolve("copy.db")), null);
    wizard.reloadDatabases();
    return source;
  }

  private RemoteTable table(String name) {
    return wizard.tables().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow();
  }

  @Test
  void runAgainFillsInTheSenderAndChoosesTheTablesOnceTheyLoad() throws Exception {
    Path source = sampleAndTarget();
    try (Database db = Sample.open(source); ShareServer server = Sharing.start(db)) {
      wizard.prepareRunAgain(Sharing.url(server), "copy", Map.of("books", Strategy.MERGE));
      ConnectViewModel c = wizard.step(ConnectViewModel.class);
      assertEquals(0, wizard.indexProperty().get());
      assertEquals(Sharing.url(server), c.addressProperty().get());
      assertEquals("", c.codeProperty().get(), "a code works once: the user asks for a new one");
      assertTrue(c.statusProperty().get().startsWith("Run again: books."),
          c.statusProperty().get());
      assertEquals("copy", wizard.targetProperty().get().name());
      connect(server);
      assertTrue(table("books").selectedProperty().get());
      assertEquals(Strategy.MERGE, table("books").strategyProperty().get());
      assertFalse(table("authors").selectedProperty().get());
    }
  }

  @Test
  void startAnotherGoesBackToTheSameSendersTablesWithFreshCounts() throws Exception {
    Path source = sampleAndTarget();
    try (Database db = Sample.open(source); ShareServer server = Sharing.start(db)) {
      connect(server);
      assertEquals(20, table("books").remoteCount());
      try (var c = DriverManager.getConnection("jdbc:sqlite:" + source);
           var st = c.createStatement()) {
        st.execute("INSERT INTO books VALUES (21, 1, 'Book 21', '1.99')");
      }
      wizard.next(); // preview
      wizard.pullAgain(); // as the results step's "Start another" does while the link lasts
      assertEquals(1, wizard.indexProperty().get());
      assertEquals(21, table("books").remoteCount(), "the tables and counts read again");
    }
  }

  @Test
  void searchNarrowsWhatSelectAllChooses() {
    wizard.tables().setAll(new RemoteTable("customers", 3, 3, false, schema("customers"),
            schema("customers")),
        new RemoteTable("orders", 5, 2, false, schema("orders"), schema("orders")));
    TablesViewModel t = wizard.step(TablesViewModel.class);
    t.searchProperty().set("ORD");
    t.selectAllVisible(true);
    assertEquals(List.of("orders"), wizard.selectedTables().stream().map(RemoteTable::name)
        .toList());
    assertEquals(RemoteTable.Status.SAME, wizard.tables().get(0).status());
    assertEquals(RemoteTable.Status.DIFFERS, wizard.tables().get(1).status());
  }
}

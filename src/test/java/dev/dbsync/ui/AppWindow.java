package dev.dbsync.ui;

import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.ui.common.FxTaskExecutor;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** One real app window (its own data folder), opened by a test, and ways to drive it. */
public final class AppWindow implements AutoCloseable {
  public final Path dataDir;
  public final Stage stage;
  public final MainWindow window;
  public final HistoryStore history;
  private final FxTaskExecutor executor;
  private final FxRobot robot = new FxRobot();

  private AppWindow(Path dataDir, Stage stage, MainWindow window, FxTaskExecutor executor,
      HistoryStore history) {
    this.dataDir = dataDir;
    this.stage = stage;
    this.window = window;
    this.executor = executor;
    this.history = history;
  }

  /** Opens a window at {@code x} on the (headless or virtual) screen. */
  public static AppWindow open(Path dataDir, double x) throws Exception {
    FxToolkit.registerPrimaryStage();
    FxTaskExecutor executor = new FxTaskExecutor();
    HistoryStore history = HistoryStore.open(dataDir, java.time.Clock.systemUTC());
    return WaitForAsyncUtils.asyncFx(() -> {
      Stage stage = new Stage();
      AppServices services = DesktopApp.services(dataDir, stage, executor, history);
      MainWindow w = new MainWindow(services);
      DesktopApp.show(stage, w, services.settings());
      stage.setX(x);
      stage.setY(0);
      stage.setWidth(990);
      stage.setHeight(720);
      return new AppWindow(dataDir, stage, w, executor, history);
    }).get(20, TimeUnit.SECONDS);
  }

  /** The node with this id in this window (ids repeat across windows). */
  public <T extends Node> T find(String query) {
    bringToFront();
    return robot.from(stage.getScene().getRoot()).lookup(query).query();
  }

  public AppWindow click(String query) {
    robot.clickOn((Node) find(query));
    return this;
  }

  /** A node in any open window (a dialog the app opened), or null when there is none yet. */
  public <T extends Node> T findInDialog(String query) {
    return robot.lookup(query).tryQuery().map(n -> (T) n).orElse(null);
  }

  /** Clicks a node of a dialog the app opened. */
  public AppWindow clickInDialog(String query) {
    robot.clickOn((Node) robot.lookup(query).query());
    return this;
  }

  /**
   * Types {@code text} into a field as a user would. The headless robot now and then loses a
   * keystroke under load; the field is checked and typed again (at most twice) so that a test
   * fails for the app's behaviour, not for the robot's.
   */
  public AppWindow type(String query, String text) {
    javafx.scene.control.TextInputControl field = find(query);
    for (int attempt = 0; attempt < 3; attempt++) {
      run(field::clear);
      robot.clickOn(field).write(text);
      WaitForAsyncUtils.waitForFxEvents();
      String[] now = new String[1];
      run(() -> now[0] = field.getText());
      if (text.equals(now[0]) || text.toUpperCase(java.util.Locale.ROOT).equals(now[0])) {
        return this;
      }
    }
    throw new AssertionError("Could not type '" + text + "' into " + query);
  }

  /** Clicks the check box in the row of {@code table} whose item {@code label} names. */
  public <S> AppWindow tick(String tableQuery, java.util.function.Function<S, String> label,
      String name) {
    TableView<S> table = find(tableQuery);
    @SuppressWarnings("unchecked")
    java.util.function.Predicate<Node> row = n -> n instanceof TableRow<?> r
        && r.getItem() != null && label.apply((S) r.getItem()).equals(name);
    try {
      waitFor(5, "the row of " + name, () ->
          robot.from(table).lookup(row).lookup(".check-box").tryQuery().isPresent());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    robot.clickOn((Node) robot.from(table).lookup(row).lookup(".check-box").query());
    return this;
  }

  /**
   * Shares this window's workspace on {@code bind} (any free port), anyone with a code
   * accepted and the permanent connections served too; the loopback address to connect to.
   */
  public String shareWithConnections(String bind) throws Exception {
    click("#navShare");
    run(() -> window.share().listenOn(bind, 0));
    waitFor(20, "the workspace tables", () -> window.share().tables().size() == 4);
    javafx.scene.control.ComboBox<dev.dbsync.engine.link.sender.IncomingMode> modes =
        find("#incomingMode");
    run(() -> modes.setValue(dev.dbsync.engine.link.sender.IncomingMode.AUTO_ACCEPT));
    click("#shareConnections");
    click("#startSharing");
    waitFor(20, "sharing", () -> !window.share().live().codeProperty().get().isEmpty());
    return window.share().live().addresses().stream().filter(a -> a.contains("127.0.0.1"))
        .findFirst().orElseThrow();
  }

  /**
   * Receive data: picks the saved database {@code target}, connects to {@code server} with
   * its current code, and waits for the Tables step's list.
   */
  public dev.dbsync.ui.receive.ReceiveWizardModel receiveFrom(
      dev.dbsync.engine.link.sender.ShareServer server, String target) throws Exception {
    click("#navReceive");
    dev.dbsync.ui.receive.ReceiveWizardModel w = window.receive();
    waitFor(10, "targets", () -> w.targets().stream().anyMatch(d -> d.name().equals(target)));
    javafx.scene.control.ComboBox<dev.dbsync.engine.workspace.SavedDatabase> targets =
        find("#connectTarget");
    run(() -> targets.setValue(w.targets().stream().filter(d -> d.name().equals(target))
        .findFirst().orElseThrow()));
    type("#connectAddress", dev.dbsync.support.Sharing.url(server));
    type("#connectCode", server.currentCode());
    click("#wizardNext");
    waitFor(20, "tables", () -> w.indexProperty().get() == 1 && !w.tables().isEmpty());
    return w;
  }

  public void bringToFront() {
    WaitForAsyncUtils.waitForAsyncFx(5000, stage::toFront);
  }

  public void run(Runnable onFx) {
    WaitForAsyncUtils.waitForAsyncFx(10_000, onFx);
  }

  public FxRobot robot() {
    return robot;
  }

  /** Waits (up to {@code seconds}) for a condition read on the FX thread. */
  public static void waitFor(double seconds, String what, BooleanSupplier condition)
      throws Exception {
    try {
      WaitForAsyncUtils.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS, () ->
          WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Timed out waiting for " + what, e);
    }
  }

  @Override
  public void close() {
    WaitForAsyncUtils.waitForAsyncFx(10_000, stage::close);
    try {
      waitFor(10, "the share to end", () -> !window.share().live().sharingProperty().get());
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      executor.close();
      history.close();
    }
  }
}

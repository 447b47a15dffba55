package dev.dbsync.bench;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.NoDialogs;
import dev.dbsync.ui.common.FxTaskExecutor;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.connect.ConnectViewModel;
import dev.dbsync.ui.receive.results.ResultsViewModel;
import dev.dbsync.ui.receive.run.RunViewModel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * The desktop app's transfer, measured beside the engine's and the COPY baseline in one run:
 * the receive wizard's ViewModels on a real (headless) JavaFX toolkit pull N rows between two
 * PostgreSQL servers over the link, while a probe measures how long the FX thread ever waits.
 * {@code mvn -q -B test-compile exec:java -Pbench -Dbench.main=dev.dbsync.bench.UiRun
 * -Drows=1000000}
 */
public final class UiRun {
  private UiRun() {}

  public static void main(String[] args) throws Exception {
    if (!Boolean.getBoolean("showUi")) {
      System.setProperty("glass.platform", "Monocle");
      System.setProperty("monocle.platform", "Headless");
      System.setProperty("prism.order", "sw");
    }
    int rows = Integer.parseInt(System.getProperty("rows", "1000000"));
    Platform.startup(() -> { });
    Benchmark bench = new Benchmark();
    try (EmbeddedPostgres a = EmbeddedPostgres.builder().start();
         EmbeddedPostgres b = EmbeddedPostgres.builder().start()) {
      System.err.println("loading " + rows + " rows...");
      Benchmark.exec(a, Benchmark.DDL + "; " + Benchmark.fill(rows));
      double copy = bench.copyBaseline(a, b, rows);
      Benchmark.exec(b, "DROP TABLE IF EXISTS items");
      bench.transfer(Benchmark.url(a), Benchmark.url(b), rows, Strategy.SKIP,
          "engine / CLI, empty target (skip)", copy);
      Benchmark.exec(b, "DROP TABLE IF EXISTS items");
      Stats s = wizard(a, b);
      bench.results.add(new Benchmark.Result("desktop app wizard, empty target (skip)", rows,
          s.seconds, copy));
      bench.print();
      System.out.printf("desktop app: rows/s shown at the end of the run %s; longest wait of "
          + "the FX thread during the run %.0f ms (a 20 ms probe)%n", s.shownRate,
          s.maxStallMs);
    }
    Platform.exit();
    System.exit(0);
  }

  record Stats(double seconds, String shownRate, double maxStallMs) {}

  static Stats wizard(EmbeddedPostgres a, EmbeddedPostgres b) throws Exception {
    Path dir = Files.createTempDirectory("dbsync-uirun");
    SavedDatabases saved = new SavedDatabases(dir);
    SavedDatabase target = saved.save(SavedDatabase.postgres("target", "localhost",
        b.getPort(), "postgres", "postgres", "disable"), null);
    FxTaskExecutor executor = new FxTaskExecutor();
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(Benchmark.url(a), null),
        TableFilter.defaults(), false);
         ShareServer server = new ShareServer(src, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null), null)) {
      server.start();
      ReceiveWizardModel w = onFx(() -> new ReceiveWizardModel(executor, new NoDialogs(),
          saved, null, dev.dbsync.ui.receive.ReceiveSteps::of));
      onFx(() -> {
        w.targets().setAll(saved.list());
        w.targetProperty().set(w.targets().stream()
            .filter(d -> d.id().equals(target.id())).findFirst().orElseThrow());
        ConnectViewModel c = w.step(ConnectViewModel.class);
        c.addressProperty().set("ws://127.0.0.1:" + server.port());
        c.codeProperty().set(server.currentCode());
        w.next();
        return null;
      });
      waitFor(() -> w.indexProperty().get() == 1 && !w.tables().isEmpty());
      onFx(() -> {
        w.tables().forEach(t -> t.selectedProperty().set(t.name().equals("items")));
        w.next(); // preview
        w.next(); // review
        return null;
      });
      waitFor(() -> w.indexProperty().get() == 3);
      AtomicLong maxStall = new AtomicLong();
      ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
      probe.scheduleAtFixedRate(() -> {
        long sent = System.nanoTime();
        Platform.runLater(() -> maxStall.accumulateAndGet(System.nanoTime() - sent, Math::max));
      }, 0, 20, TimeUnit.MILLISECONDS);
      AtomicReference<String> shown = new AtomicReference<>("");
      RunViewModel run = w.step(RunViewModel.class);
      long t0 = System.nanoTime();
      onFx(() -> {
        run.overallTextProperty().addListener((o, x, text) -> {
          if (text.contains("rows/s")) {
            shown.set(text.replaceAll(".*· ([0-9,]+ rows/s).*", "$1"));
          }
        });
        w.next(); // Run
        return null;
      });
      waitFor(() -> w.indexProperty().get() == 4);
      double seconds = (System.nanoTime() - t0) / 1e9;
      probe.shutdownNow();
      String summary = onFx(() -> w.step(ResultsViewModel.class).summaryProperty().get());
      if (!summary.startsWith("Finished.")) {
        throw new IllegalStateException(summary);
      }
      onFx(() -> {
        w.close();
        return null;
      });
      return new Stats(seconds, shown.get(), maxStall.get() / 1e6);
    } finally {
      executor.close();
    }
  }

  static <T> T onFx(Supplier<T> s) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(s.get());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(60, TimeUnit.SECONDS);
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!onFx(condition::getAsBoolean)) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(50);
    }
  }
}

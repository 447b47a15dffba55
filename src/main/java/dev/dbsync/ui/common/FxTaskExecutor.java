package dev.dbsync.ui.common;

import dev.dbsync.engine.Threads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;

/** Background work on named daemon threads; results on the JavaFX application thread. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
  private final ExecutorService pool = Executors.newCachedThreadPool(Threads.named("ui-task"));

  @Override
  public <T> void execute(BackgroundTask<T> task) {
    try {
      pool.execute(() -> task.runOn(this));
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the app is closing: nothing new starts
    }
  }

  @Override
  public void onUi(Runnable action) {
    if (Platform.isFxApplicationThread()) {
      action.run();
    } else {
      Platform.runLater(action);
    }
  }

  /** Lets running work (ending a share, closing a link) finish for a moment, then stops it. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(3, java.util.concurrent.TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

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

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

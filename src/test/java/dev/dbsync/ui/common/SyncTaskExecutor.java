package dev.dbsync.ui.common;

/** Runs background work and its callbacks at once, on the calling thread: for ViewModel tests. */
public final class SyncTaskExecutor implements TaskExecutor {
  @Override
  public <T> void execute(BackgroundTask<T> task) {
    task.runOn(this);
  }

  @Override
  public void onUi(Runnable action) {
    action.run();
  }
}

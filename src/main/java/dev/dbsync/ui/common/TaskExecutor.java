package dev.dbsync.ui.common;

/**
 * The one way the app runs background work. The desktop uses named daemon threads and hands
 * results to the FX thread; ViewModel tests swap in one that runs everything at once.
 */
public interface TaskExecutor {
  /** Runs the task's work off the UI thread; its callbacks run on the UI thread. */
  <T> void execute(BackgroundTask<T> task);

  /** Runs {@code action} on the UI thread (later, unless already there). */
  void onUi(Runnable action);
}

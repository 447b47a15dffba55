package dev.dbsync.ui.common;

import java.util.function.Consumer;

/**
 * Work for a {@link TaskExecutor}: what to do in the background, and what to do on the UI
 * thread with its result, its failure, and in either case afterwards.
 */
public final class BackgroundTask<T> {
  /** The work itself, run off the UI thread. */
  @FunctionalInterface
  public interface Work<T> {
    T call() throws Exception;
  }

  /** Work without a result. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private final Work<T> work;
  private Consumer<T> onSuccess = v -> { };
  private Consumer<Throwable> onError = e -> { };
  private Runnable andFinally = () -> { };

  private BackgroundTask(Work<T> work) {
    this.work = work;
  }

  public static <T> BackgroundTask<T> of(Work<T> work) {
    return new BackgroundTask<>(work);
  }

  public static BackgroundTask<Void> run(Action action) {
    return new BackgroundTask<>(() -> {
      action.run();
      return null;
    });
  }

  public BackgroundTask<T> onSuccess(Consumer<T> c) {
    this.onSuccess = c;
    return this;
  }

  public BackgroundTask<T> onError(Consumer<Throwable> c) {
    this.onError = c;
    return this;
  }

  public BackgroundTask<T> andFinally(Runnable r) {
    this.andFinally = r;
    return this;
  }

  /** Runs the work on the calling thread and posts the outcome through {@code executor}. */
  void runOn(TaskExecutor executor) {
    T value;
    try {
      value = work.call();
    } catch (Throwable e) {
      executor.onUi(() -> {
        try {
          onError.accept(e);
        } finally {
          andFinally.run();
        }
      });
      return;
    }
    executor.onUi(() -> {
      try {
        onSuccess.accept(value);
      } finally {
        andFinally.run();
      }
    });
  }
}

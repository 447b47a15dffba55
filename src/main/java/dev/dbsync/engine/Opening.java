package dev.dbsync.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Something opened on a thread of its own while the caller opens something else: a command
 * opens its local history (a file) while it connects to the target database (a server), each
 * waiting on its own. {@link #get} hands the result over; {@link #close} closes it when it was
 * never handed over (the caller failed first), once it has opened, so nothing is left open.
 */
public final class Opening<T extends AutoCloseable> implements AutoCloseable {
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private boolean taken;

  private Opening() {}

  /** Starts {@code open} on a named daemon thread. */
  public static <T extends AutoCloseable> Opening<T> start(String name, Supplier<T> open) {
    Opening<T> o = new Opening<>();
    Threads.named(name).newThread(() -> {
      try {
        o.result.complete(open.get());
      } catch (Throwable e) {
        o.result.completeExceptionally(e);
      }
    }).start();
    return o;
  }

  /** Waits for the result and takes it over; what failed to open is thrown here, as it was. */
  public T get() {
    try {
      T t = result.join();
      taken = true;
      return t;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new DbSyncException(cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    if (!taken) {
      result.thenAccept(t -> {
        try {
          if (t != null) {
            t.close();
          }
        } catch (Exception ignored) {
          // nobody took it: closing is all that is left to do
        }
      });
    }
  }
}

package dev.dbsync.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** Named daemon threads that log what escapes them. */
public final class Threads {
  private Threads() {}

  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setUncaughtExceptionHandler((th, e) ->
          LoggerFactory.getLogger(Threads.class).error("Uncaught in {}", th.getName(), e));
      return t;
    };
  }
}

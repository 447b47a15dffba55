package dev.dbsync.engine.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Writes a running transfer's history on a thread of its own: whoever reports (a lane that
 * starts a table, the one that commits a batch) hands the change over and goes on, and the
 * changes that gathered meanwhile are written in one transaction. A pull of 300 small tables
 * wrote some 900 transactions, each lane waiting for the others' (2.83 -> 2.51 s without any
 * history). A table's newer totals replace older ones not written yet. A change that cannot
 * be written is logged, never allowed to stop the transfer.
 */
final class HistoryWriter {
  /** How long {@link #flush} waits for the history file (a disk that hangs, say). */
  private static final int FLUSH_SECONDS = 30;

  private final HistoryStore store;
  /** One thread at most, ended when idle (the app records many runs in its life). */
  private final ExecutorService thread = new java.util.concurrent.ThreadPoolExecutor(0, 1,
      1, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
      dev.dbsync.engine.Threads.named("history-writer"));
  private final Object lock = new Object();
  private List<Consumer<HistoryStore>> pending = new ArrayList<>();
  /** The queued totals of each key (a table), to be replaced by newer ones. */
  private final Map<String, Totals> totals = new HashMap<>();

  HistoryWriter(HistoryStore store) {
    this.store = store;
  }

  /** A change to the history, in the order given. */
  void submit(Consumer<HistoryStore> change) {
    boolean first;
    synchronized (lock) {
      first = pending.isEmpty();
      pending.add(change);
    }
    if (first) {
      thread.execute(this::drain);
    }
  }

  /**
   * The latest totals of {@code key}: {@code write} runs once with the newest value given
   * before it is written.
   */
  <T> void latest(String key, T value, java.util.function.BiConsumer<HistoryStore, T> write) {
    synchronized (lock) {
      Totals queued = totals.get(key);
      if (queued != null) {
        queued.value = value; // not written yet: its place in the order holds the newest
        return;
      }
      Totals t = new Totals(value);
      totals.put(key, t);
      submit(s -> {
        Object v;
        synchronized (lock) {
          totals.remove(key, t);
          v = t.value;
        }
        @SuppressWarnings("unchecked")
        T typed = (T) v;
        write.accept(s, typed);
      });
    }
  }

  /** Everything handed over so far is in the history file when this returns. */
  void flush() {
    try {
      thread.submit(this::drain).get(FLUSH_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LoggerFactory.getLogger(HistoryWriter.class).warn("History not written: {}",
          e.toString());
    }
  }

  private void drain() {
    List<Consumer<HistoryStore>> now;
    synchronized (lock) {
      now = pending;
      pending = new ArrayList<>();
    }
    if (now.isEmpty()) {
      return;
    }
    try {
      store.batch(now, HistoryWriter::notWritten);
    } catch (dev.dbsync.engine.DbSyncException | IllegalStateException e) {
      notWritten(e);
    }
  }

  private static void notWritten(RuntimeException e) {
    LoggerFactory.getLogger(HistoryWriter.class).warn("History not written: {}",
        e.getMessage());
  }

  private static final class Totals {
    Object value;

    Totals(Object value) {
      this.value = value;
    }
  }
}

package dev.dbsync.engine.history;

import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareListener;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what a share sends: one transfer per whole-table read (stream or copy) by a
 * receiver, its rows written while it runs, its end (completed, cancelled, failed, or the
 * receiver left). Previews (pages of rows) are not transfers. Passes every event on.
 */
public final class SendRecorder implements ShareListener {
  /**
   * The history is written on a thread of its own (a lane does not wait for the file before
   * its rows go, nor for another lane's write), what gathered in one transaction.
   */
  private final HistoryWriter writer;
  private final String localDatabase;
  private final ShareListener next;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  private static final class Open {
    /** The history row: set, read and written on the writer's thread only (null: none). */
    Long id;
    final long bytesAtStart;
    final long hereAtStart;
    volatile long lastWrite;

    Open(ReceiverView r) {
      this.bytesAtStart = r.bytesSent();
      this.hereAtStart = r.bytesSentHere();
    }

    /** The read's own bytes, seen from its thread (tables on other lanes not counted). */
    long bytes(ReceiverView r) {
      return Math.max(0, r.bytesSentHere() - hereAtStart);
    }

    /** From another thread (the receiver left): all sent since the read began. */
    long bytesSince(ReceiverView r) {
      return Math.max(0, r.bytesSent() - bytesAtStart);
    }
  }

  private volatile java.util.function.BiFunction<ReceiverView, String, String> maskedBy =
      (r, t) -> null;

  /** Where to learn which columns a read sends masked (the share server, once it exists). */
  public SendRecorder maskedBy(java.util.function.BiFunction<ReceiverView, String, String> f) {
    this.maskedBy = f;
    return this;
  }

  public SendRecorder(HistoryStore store, String localDatabase, ShareListener next) {
    this.writer = new HistoryWriter(store);
    this.localDatabase = localDatabase;
    this.next = next == null ? new ShareListener() {} : next;
  }

  private static String key(ReceiverView r, String table) {
    return r.id() + "\u0000" + table;
  }

  @Override
  public void receiverReading(ReceiverView r, String table, long sent, long expected) {
    if (expected >= 0) {
      Open o = open.computeIfAbsent(key(r, table), k -> {
        Open made = new Open(r);
        Long approved = r.transferId(); // approved, now in progress
        NewTransfer t = new NewTransfer("send", r.connection(), r.code(), r.address(), table,
            null, localDatabase, expected, r.address(), r.displayName(), "receiver");
        String masked = maskedBy.apply(r, table);
        String by = r.displayName();
        writer.submit(s -> {
          made.id = approved != null ? approved : s.start(t, by);
          if (masked != null) {
            s.masked(made.id, masked);
          }
        });
        return made;
      });
      long now = System.nanoTime();
      if (now - o.lastWrite > 1_000_000_000L) {
        o.lastWrite = now;
        Counts n = new Counts(sent, 0, 0, 0, 0, o.bytes(r)); // on the reading thread
        writer.latest(key(r, table), n, (s, c) -> {
          if (o.id != null) {
            s.progress(o.id, c);
          }
        });
      }
    }
    next.receiverReading(r, table, sent, expected);
  }

  @Override
  public void readFinished(ReceiverView r, String table, long rows, String error) {
    Open o = open.remove(key(r, table));
    if (o != null) {
      long sent = rows >= 0 ? rows : r.rowsSent();
      Counts n = new Counts(sent, 0, 0, 0, 0, o.bytes(r));
      String by = r.displayName();
      writer.submit(s -> {
        if (o.id != null) {
          s.finish(o.id, error == null ? TransferStatus.COMPLETED : "cancelled".equals(error)
              ? TransferStatus.CANCELLED : TransferStatus.FAILED, n, error, by);
        }
      });
    }
    next.readFinished(r, table, rows, error);
  }

  @Override
  public void receiverLeft(ReceiverView r, String reason) {
    open.forEach((k, o) -> {
      if (k.startsWith(r.id() + "\u0000") && open.remove(k, o)) {
        Counts n = new Counts(r.rowsSent(), 0, 0, 0, 0, o.bytesSince(r));
        String by = r.displayName();
        writer.submit(s -> {
          if (o.id != null) {
            s.finish(o.id, TransferStatus.FAILED, n, "the receiver left before the read ended"
                + (reason == null ? "" : ": " + reason), by);
          }
        });
      }
    });
    next.receiverLeft(r, reason);
  }

  @Override
  public void codeIssued(String code, Instant expires) {
    next.codeIssued(code, expires);
  }

  @Override
  public void receiverJoined(ReceiverView r) {
    next.receiverJoined(r);
  }

  @Override
  public void approvalRequested(ReceiverView r) {
    next.approvalRequested(r);
  }

  @Override
  public void transferWaits(ReceiverView r, String table, long transferId) {
    next.transferWaits(r, table, transferId);
  }

  @Override
  public void refused(String address, String reason) {
    next.refused(address, reason);
  }

  /** Everything recorded so far is in the history file when this returns. */
  public void flush() {
    writer.flush();
  }
}

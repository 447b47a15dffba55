package dev.dbsync.engine.history;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareListener;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * Records what a share sends: one transfer per whole-table read (stream or copy) by a
 * receiver, its rows written while it runs, its end (completed, cancelled, failed, or the
 * receiver left). Previews (pages of rows) are not transfers. Passes every event on.
 */
public final class SendRecorder implements ShareListener {
  private final HistoryStore store;
  private final String localDatabase;
  private final ShareListener next;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  private static final class Open {
    final long id;
    final long bytesAtStart;
    final long hereAtStart;
    volatile long lastWrite;

    Open(long id, ReceiverView r) {
      this.id = id;
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
    this.store = store;
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
        Long id = r.transferId() != null ? r.transferId() // approved, now in progress
            : safely(() -> store.start(new NewTransfer("send", r.connection(), r.code(),
                r.address(), table, null, localDatabase, expected, r.address(),
                r.displayName(), "receiver"), r.displayName()));
        if (id != null) {
          String masked = maskedBy.apply(r, table);
          if (masked != null) {
            safely(() -> {
              store.masked(id, masked);
              return null;
            });
          }
        }
        return id == null ? null : new Open(id, r);
      });
      long now = System.nanoTime();
      if (o != null && now - o.lastWrite > 1_000_000_000L) {
        o.lastWrite = now;
        safely(() -> {
          store.progress(o.id, new Counts(sent, 0, 0, 0, 0, o.bytes(r)));
          return null;
        });
      }
    }
    next.receiverReading(r, table, sent, expected);
  }

  @Override
  public void readFinished(ReceiverView r, String table, long rows, String error) {
    Open o = open.remove(key(r, table));
    if (o != null) {
      safely(() -> {
        long sent = rows >= 0 ? rows : r.rowsSent();
        store.finish(o.id, error == null ? TransferStatus.COMPLETED : "cancelled".equals(error)
            ? TransferStatus.CANCELLED : TransferStatus.FAILED,
            new Counts(sent, 0, 0, 0, 0, o.bytes(r)), error, r.displayName());
        return null;
      });
    }
    next.readFinished(r, table, rows, error);
  }

  @Override
  public void receiverLeft(ReceiverView r, String reason) {
    open.forEach((k, o) -> {
      if (k.startsWith(r.id() + "\u0000") && open.remove(k, o)) {
        safely(() -> {
          store.finish(o.id, TransferStatus.FAILED, new Counts(r.rowsSent(), 0, 0, 0, 0,
              o.bytesSince(r)),
              "the receiver left before the read ended" + (reason == null ? "" : ": " + reason),
              r.displayName());
          return null;
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

  private static <T> T safely(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (DbSyncException | IllegalStateException e) {
      LoggerFactory.getLogger(SendRecorder.class).warn("History not written: {}",
          e.getMessage());
      return null;
    }
  }
}

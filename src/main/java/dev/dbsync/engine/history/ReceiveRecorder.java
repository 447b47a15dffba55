package dev.dbsync.engine.history;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Records a receiving transfer in the history, table by table, as it runs: the row is
 * created when the table starts, its totals written at most once a second, its status set
 * when it ends. Passes every event on to the face's own listener. A history that cannot be
 * written is logged, never allowed to stop the transfer.
 */
public final class ReceiveRecorder implements TransferListener {
  /** Who and where: the one-time code (or connection), the sender, the target, the user. */
  public record Context(String connectionName, String sessionCode, String remoteAddress,
      String localDatabase, String initiatedBy) {}

  private final HistoryStore store;
  private final Context ctx;
  private final TransferOptions options;
  private final TransferListener next;
  private final Map<String, Long> ids = new LinkedHashMap<>();
  private final Map<String, Long> bytesAtStart = new LinkedHashMap<>();
  private long bytesSeen;

  public ReceiveRecorder(HistoryStore store, Context ctx, TransferOptions options,
      TransferListener next) {
    this.store = store;
    this.ctx = ctx;
    this.options = options;
    this.next = next == null ? new TransferListener() {} : next;
  }

  private final Map<String, Long> approved = new LinkedHashMap<>();
  private java.util.function.Function<String, Map<String, String>> maskedBy = t -> Map.of();

  /** Where to learn which columns of a table arrive masked (the link to the sender). */
  public ReceiveRecorder maskedBy(java.util.function.Function<String, Map<String, String>> f) {
    this.maskedBy = f;
    return this;
  }

  /** The transfer of {@code table} was approved as {@code id}: its run carries that one on. */
  public ReceiveRecorder carryApproved(String table, long id) {
    approved.put(table, id);
    return this;
  }

  @Override
  public void tableStarted(String table, long expectedRows) {
    Long carried = approved.remove(table);
    safely(() -> {
      if (carried != null) {
        store.move(carried, TransferStatus.IN_PROGRESS, ctx.initiatedBy(), null);
        ids.put(table, carried);
      } else {
        long id = store.start(newTransfer(table, expectedRows), ctx.initiatedBy());
        ids.put(table, id);
        java.util.Map<String, String> m = maskedBy.apply(table);
        if (!m.isEmpty()) {
          store.masked(id, m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
              .collect(java.util.stream.Collectors.joining(", ")));
        }
      }
    });
    bytesAtStart.put(table, bytesSeen);
    next.tableStarted(table, expectedRows);
  }

  private NewTransfer newTransfer(String table, long expected) {
    return new NewTransfer("receive", ctx.connectionName(), ctx.sessionCode(),
        ctx.remoteAddress(), table, options.strategyFor(table).wireName(), ctx.localDatabase(),
        expected < 0 ? null : expected, null, null, ctx.initiatedBy());
  }

  @Override
  public void started(int tables, int jobs) {
    next.started(tables, jobs);
  }

  @Override
  public void tableWritten(TableOutcome o) {
    next.tableWritten(o);
  }

  @Override
  public void warning(String message) {
    next.warning(message);
  }

  @Override
  public void resuming(String table, long fromRow, long expectedRows) {
    next.resuming(table, fromRow, expectedRows);
  }

  @Override
  public void progress(TransferProgress p) {
    bytesSeen = p.bytes();
    Long id = ids.get(p.table());
    // every committed batch (cheap: WAL without a sync per commit), so a process killed at any
    // moment leaves the history at most one batch behind the target
    if (id != null) {
      long bytes = p.bytes() - bytesAtStart.getOrDefault(p.table(), 0L);
      safely(() -> store.progress(id, new Counts(p.rowsDone(), 0, 0, 0, 0, bytes)));
    }
    next.progress(p);
  }

  @Override
  public void tableFinished(TableOutcome o) {
    boolean neverStarted = o.status() == TableOutcome.Status.CANCELLED && !ids.containsKey(
        o.table());
    if (!neverStarted) {
      safely(() -> {
        long id = ids.containsKey(o.table()) ? ids.get(o.table())
            : store.start(newTransfer(o.table(), o.rowsExpected()), ctx.initiatedBy());
        ids.remove(o.table());
        ImportResult r = o.result();
        long bytes = o.bytes();
        store.finish(id, switch (o.status()) {
          case COMPLETED -> TransferStatus.COMPLETED;
          case COMPLETED_WITH_ERRORS -> TransferStatus.COMPLETED;
          case CANCELLED -> TransferStatus.CANCELLED;
          case FAILED -> TransferStatus.FAILED;
        }, new Counts(o.resumedFrom() + r.processed(), r.created(), r.updated(), r.skipped(),
            r.failed(), bytes), o.error(), ctx.initiatedBy());
        if (r.deleted() > 0) {
          store.deleted(id, r.deleted());
        }
      });
    }
    next.tableFinished(o);
  }

  /** The whole run broke off (the link was lost): what is still open failed with {@code why}. */
  public void runFailed(String why) {
    for (Map.Entry<String, Long> e : Map.copyOf(ids).entrySet()) {
      safely(() -> store.move(e.getValue(), TransferStatus.FAILED, ctx.initiatedBy(), why));
    }
    ids.clear();
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (DbSyncException | IllegalStateException e) {
      LoggerFactory.getLogger(ReceiveRecorder.class).warn("History not written: {}",
          e.getMessage());
    }
  }
}

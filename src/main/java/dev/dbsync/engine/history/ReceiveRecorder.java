package dev.dbsync.engine.history;

import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records a receiving transfer in the history, table by table, as it runs: the row is
 * created when the table starts, its totals written after each committed batch, its status set
 * when it ends. The writes happen on a thread of their own ({@link HistoryWriter}): a lane
 * does not wait for the history file, and what the run has reported is all written when it
 * {@link #ended} (or {@link #runFailed}). Passes every event on to the face's own listener. A
 * history that cannot be written is logged, never allowed to stop the transfer.
 */
public final class ReceiveRecorder implements TransferListener {
  /** Who and where: the one-time code (or connection), the sender, the target, the user. */
  public record Context(String connectionName, String sessionCode, String remoteAddress,
      String localDatabase, String initiatedBy) {}

  private final HistoryStore store;
  private final Context ctx;
  private final TransferOptions options;
  private final TransferListener next;
  private final HistoryWriter writer;
  /** Each started table's history row: read and written on the writer's thread only. */
  private final Map<String, Long> ids = new LinkedHashMap<>();
  private final Map<String, Long> bytesAtStart = new LinkedHashMap<>();
  private long bytesSeen;

  public ReceiveRecorder(HistoryStore store, Context ctx, TransferOptions options,
      TransferListener next) {
    this.store = store;
    this.ctx = ctx;
    this.options = options;
    this.next = next == null ? new TransferListener() {} : next;
    this.writer = new HistoryWriter(store);
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
    java.util.Map<String, String> m = carried != null ? Map.of() : maskedBy.apply(table);
    NewTransfer started = newTransfer(table, expectedRows);
    writer.submit(s -> {
      if (carried != null) {
        ids.put(table, carried);
        s.move(carried, TransferStatus.IN_PROGRESS, ctx.initiatedBy(), null);
      } else {
        long id = s.start(started, ctx.initiatedBy());
        ids.put(table, id);
        if (!m.isEmpty()) {
          s.masked(id, m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
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
    // every committed batch (cheap: WAL without a sync per commit), so a process killed at any
    // moment leaves the history behind the target by what was still being handed over
    Long atStart = bytesAtStart.get(p.table());
    if (atStart != null) {
      long bytes = p.bytes() - atStart;
      writer.latest(p.table(), new Counts(p.rowsDone(), 0, 0, 0, 0, bytes), (s, n) -> {
        Long id = ids.get(p.table());
        if (id != null) {
          s.progress(id, n);
        }
      });
    }
    next.progress(p);
  }

  @Override
  public void tableFinished(TableOutcome o) {
    NewTransfer unstarted = newTransfer(o.table(), o.rowsExpected());
    writer.submit(s -> {
      if (o.status() == TableOutcome.Status.CANCELLED && !ids.containsKey(o.table())) {
        return; // never started
      }
      long id = ids.containsKey(o.table()) ? ids.get(o.table())
          : s.start(unstarted, ctx.initiatedBy());
      ids.remove(o.table());
      ImportResult r = o.result();
      s.finish(id, switch (o.status()) {
        case COMPLETED -> TransferStatus.COMPLETED;
        case COMPLETED_WITH_ERRORS -> TransferStatus.COMPLETED;
        case CANCELLED -> TransferStatus.CANCELLED;
        case FAILED -> TransferStatus.FAILED;
      }, new Counts(o.resumedFrom() + r.processed(), r.created(), r.updated(), r.skipped(),
          r.failed(), o.bytes()), o.error(), ctx.initiatedBy());
      if (r.deleted() > 0) {
        s.deleted(id, r.deleted());
      }
    });
    next.tableFinished(o);
  }

  /** The run is over: everything it reported is in the history when this returns. */
  @Override
  public void ended() {
    writer.flush();
    next.ended();
  }

  /** The whole run broke off (the link was lost): what is still open failed with {@code why}. */
  public void runFailed(String why) {
    writer.submit(s -> {
      for (Map.Entry<String, Long> e : Map.copyOf(ids).entrySet()) {
        s.move(e.getValue(), TransferStatus.FAILED, ctx.initiatedBy(), why);
      }
      ids.clear();
    });
    writer.flush();
  }
}

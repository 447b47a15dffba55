package dev.dbsync.engine.transfer;

/**
 * What a running transfer reports: on the transfer's thread, or, when tables run in
 * parallel, on their lanes' threads one call at a time ({@link #oneAtATime}).
 */
public interface TransferListener {
  /** The transfer begins: {@code tables} tables, up to {@code jobs} of them at once. */
  default void started(int tables, int jobs) {}

  default void tableStarted(String table, long expectedRows) {}

  /**
   * The table continues a transfer that was cut off: {@code fromRow} source rows were
   * committed before (called after {@link #tableStarted}).
   */
  default void resuming(String table, long fromRow, long expectedRows) {}

  default void progress(TransferProgress progress) {}

  /**
   * A table's rows are in (or it stopped), as it happens; its final outcome, after rows
   * retried for missing parents, deletions and keys, comes with {@link #tableFinished} once
   * every table is done.
   */
  default void tableWritten(TableOutcome outcome) {}

  default void tableFinished(TableOutcome outcome) {}

  /** Something the user should know that is not a table's outcome (fewer lanes, say). */
  default void warning(String message) {}

  /**
   * The run is over, however it ended (after every {@link #tableFinished}, or when it broke
   * off): nothing more is reported.
   */
  default void ended() {}

  /** {@code l} called by one thread at a time, whichever lane reports. */
  static TransferListener oneAtATime(TransferListener l) {
    return new TransferListener() {
      @Override
      public synchronized void started(int tables, int jobs) {
        l.started(tables, jobs);
      }

      @Override
      public synchronized void tableWritten(TableOutcome outcome) {
        l.tableWritten(outcome);
      }

      @Override
      public synchronized void tableStarted(String table, long expectedRows) {
        l.tableStarted(table, expectedRows);
      }

      @Override
      public synchronized void resuming(String table, long fromRow, long expectedRows) {
        l.resuming(table, fromRow, expectedRows);
      }

      @Override
      public synchronized void progress(TransferProgress progress) {
        l.progress(progress);
      }

      @Override
      public synchronized void tableFinished(TableOutcome outcome) {
        l.tableFinished(outcome);
      }

      @Override
      public synchronized void warning(String message) {
        l.warning(message);
      }

      @Override
      public void ended() {
        l.ended(); // called once, when no lane reports any more
      }
    };
  }
}

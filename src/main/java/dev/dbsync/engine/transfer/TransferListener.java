package dev.dbsync.engine.transfer;

/** What a running transfer reports. Called on the transfer's thread. */
public interface TransferListener {
  default void tableStarted(String table, long expectedRows) {}

  /**
   * The table continues a transfer that was cut off: {@code fromRow} source rows were
   * committed before (called after {@link #tableStarted}).
   */
  default void resuming(String table, long fromRow, long expectedRows) {}

  default void progress(TransferProgress progress) {}

  default void tableFinished(TableOutcome outcome) {}
}

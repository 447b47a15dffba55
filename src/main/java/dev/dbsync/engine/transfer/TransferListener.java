package dev.dbsync.engine.transfer;

/** What a running transfer reports. Called on the transfer's thread. */
public interface TransferListener {
  default void tableStarted(String table, long expectedRows) {}

  default void progress(TransferProgress progress) {}

  default void tableFinished(TableOutcome outcome) {}
}

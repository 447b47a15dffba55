package dev.dbsync.engine;

/**
 * Rows could not travel as binary COPY: the sender does not write it for this table (masked,
 * a permanent connection's limits count text rows) or the target refused a batch of it. Nothing
 * of the refused batch is written; the transfer goes on as COPY text from the last committed
 * row, where a value that does not fit is refused on its own.
 */
public class BinaryCopyRefused extends DbSyncException {
  public BinaryCopyRefused(String message) {
    super(message);
  }

  public BinaryCopyRefused(String message, Throwable cause) {
    super(message, cause);
  }
}

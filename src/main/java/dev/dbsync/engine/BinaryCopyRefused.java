package dev.dbsync.engine;

/**
 * Rows could not travel as binary COPY: the sender does not write it for this table (masked,
 * a permanent connection's limits count text rows), a SQLite sender met a value without a
 * certain binary form, or the target refused a batch of it. Nothing
 * of the refused batch is written; the transfer goes on as COPY text from the last committed
 * row, where a value that does not fit is refused on its own.
 */
public class BinaryCopyRefused extends DbSyncException {
  private final long rowsWritten;

  public BinaryCopyRefused(String message) {
    super(message);
    rowsWritten = -1;
  }

  /** A stream refused after {@code rowsWritten} rows of it were written out. */
  public BinaryCopyRefused(String message, long rowsWritten) {
    super(message);
    this.rowsWritten = rowsWritten;
  }

  public BinaryCopyRefused(String message, Throwable cause) {
    super(message, cause);
    rowsWritten = -1;
  }

  /** The rows written before the refusal, or -1 when it came before the stream began. */
  public long rowsWritten() {
    return rowsWritten;
  }
}

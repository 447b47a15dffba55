package dev.dbsync.engine.transfer;

/**
 * Where a transfer is.
 *
 * @param rowsDone rows of this table written (or refused) so far, resumed ones included
 * @param rowsExpected rows the source holds, -1 when unknown
 * @param bytes bytes received from the source so far in this transfer
 * @param rowsPerSecond this table's rate since it started
 */
public record TransferProgress(String table, long rowsDone, long rowsExpected, long bytes,
    double rowsPerSecond, long overallDone, long overallExpected) {

  /** Seconds left at the current rate, or -1 when it cannot be told. */
  public long secondsLeft() {
    if (rowsExpected < 0 || rowsPerSecond <= 0) {
      return -1;
    }
    return (long) Math.ceil(Math.max(0, rowsExpected - rowsDone) / rowsPerSecond);
  }
}

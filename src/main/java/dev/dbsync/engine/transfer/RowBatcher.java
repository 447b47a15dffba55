package dev.dbsync.engine.transfer;

/**
 * Rows of a COPY stream arriving in chunks of any size, handed over in batches of whole rows:
 * lines of COPY text ({@link CopyBatcher}) or tuples of binary COPY ({@link BinaryCopyBatcher}).
 */
interface RowBatcher {
  void accept(byte[] b, int off, int n);

  /** Hands over every whole row gathered so far. */
  void flush();

  /**
   * Once the stream has ended: how many bytes do not make a whole row (a row cut short, or a
   * stream that stopped before its end); 0 when every row arrived whole.
   */
  int partial();
}

package dev.dbsync.engine.transfer;

import dev.dbsync.engine.db.TableReader;
import java.util.List;

/** Some rows of one table, chosen before the transfer starts (a subset), read on demand. */
public interface Selection {

  /** How many rows the selection holds. */
  long size();

  /**
   * Reads the selected rows from {@code source} and hands them over in batches, always in the
   * same order for the same source rows.
   *
   * @param columns the columns to read (empty: all); the key always travels
   * @return the number of rows handed over
   */
  long stream(Source source, String table, List<String> columns, int batchSize,
      TableReader.BatchSink sink);

  /** True when {@link #copy} works with this source (COPY text, no row decoding). */
  default boolean canCopy(Source source) {
    return false;
  }

  /**
   * The selected rows as PostgreSQL COPY text: the given columns in that order, in whole
   * lines, always in the same order for the same source rows.
   *
   * @return the number of rows
   */
  default long copy(Source source, String table, List<String> columns, Source.ChunkSink sink) {
    throw new UnsupportedOperationException("this selection is read as rows");
  }
}

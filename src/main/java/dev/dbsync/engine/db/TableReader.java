package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;

/**
 * One read-only snapshot of a database, held open on one connection until closed. Only tables
 * the {@link TableFilter} shares can be read; any other name is refused as not found.
 */
public interface TableReader extends AutoCloseable {

  List<TableInfo> listTables();

  TableSchema getSchema(String table);

  long getCount(String table);

  /**
   * The table's rows as a progress bar needs them: exact for a small table, the catalog's
   * estimate for a big one (PostgreSQL's statistics above 100,000 rows), so that showing
   * progress costs no count of every row.
   */
  default long estimateCount(String table) {
    return getCount(table);
  }

  /** {@link #estimateCount} of each table (PostgreSQL: a few statements for them all). */
  default java.util.Map<String, Long> estimateCounts(List<String> tables) {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    tables.forEach(t -> out.put(t, estimateCount(t)));
    return out;
  }

  /** The number of rows for which every filter holds. */
  long count(String table, List<dev.dbsync.engine.model.RowFilter> filters);

  Page page(String table, ExportRequest request);

  /**
   * Reads the rows the request selects in key order, in one pass, handing them over in
   * batches. The sink may block (back-pressure); it returns false to stop early.
   *
   * @return the number of rows handed over
   */
  long stream(String table, ExportRequest request, int batchSize, BatchSink sink);

  /**
   * Writes the selected rows (all, or after a key) to {@code out} in PostgreSQL's COPY text
   * format, in key order, from this snapshot: PostgreSQL's own COPY, or for SQLite the rows
   * read as wire values and encoded.
   *
   * @return the number of rows written
   */
  default long copyOut(String table, List<String> columns, List<com.fasterxml.jackson.databind
      .JsonNode> after, java.io.OutputStream out) {
    return copyOut(table, columns, after, List.of(), out);
  }

  /** The same, only the rows for which every filter holds. */
  long copyOut(String table, List<String> columns, List<com.fasterxml.jackson.databind
      .JsonNode> after, List<dev.dbsync.engine.model.RowFilter> filters,
      java.io.OutputStream out);

  /**
   * Writes the rows of {@code columns} (all when null), in key order after {@code after}, in
   * PostgreSQL's binary COPY format (header, one tuple per row, trailer): only a PostgreSQL
   * database that masks nothing in the table does.
   *
   * @return the number of rows written
   */
  default long copyOutBinary(String table, List<String> columns,
      List<com.fasterxml.jackson.databind.JsonNode> after, java.io.OutputStream out) {
    throw new dev.dbsync.engine.BinaryCopyRefused("Rows of " + table + " are not written as "
        + "binary COPY here.");
  }

  /**
   * True when this reader computes checksums inside its database ({@link
   * dev.dbsync.engine.model.HashSpec#inDatabase()}): PostgreSQL, nothing masked.
   */
  default boolean hashesInDatabase(String table, dev.dbsync.engine.model.HashSpec spec) {
    return false;
  }

  /**
   * The lowest and highest value of a table's whole-number key (null when the table is empty
   * or its key is not one whole-number column): where a compare cuts its key ranges.
   */
  default long[] keyRange(String table) {
    return null;
  }

  /**
   * The keys that leave {@code tail} rows below and {@code tail} above them, of a table whose
   * key is one whole-number column (null otherwise, or when it holds too few rows): where the
   * body of its keys lies, whatever few far keys lie beyond.
   */
  default long[] keyBody(String table, int tail) {
    return null;
  }

  /**
   * True when every value of the table's key is a whole number (one whole-number key column):
   * then a condition on key ranges finds every row that {@link
   * dev.dbsync.engine.model.HashSpec#rangeBucket} puts in those ranges. False when unknown, or
   * when SQLite holds text, a real or NULL in a key column declared a whole number.
   */
  default boolean wholeNumberKeys(String table) {
    return false;
  }

  /**
   * The hash this database gives a fixed probe row where it hashes rows itself (null where it
   * does not): two ends hash alike only when their probes are equal.
   */
  default Long hashProbe() {
    return null;
  }

  /**
   * Per bucket, the count and the sum of the row hashes of the table's rows, computed in the
   * database (only where {@link #hashesInDatabase} says so), from this snapshot.
   */
  default List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
      dev.dbsync.engine.model.HashSpec spec) {
    throw new UnsupportedOperationException("this database does not hash rows itself");
  }

  /**
   * The key and row hash of each row in the given buckets, computed in the database.
   *
   * @return the number of rows handed over
   */
  default long hashRows(String table, dev.dbsync.engine.model.HashSpec spec, int[] buckets,
      java.util.function.Consumer<dev.dbsync.engine.model.RowHash> sink) {
    throw new UnsupportedOperationException("this database does not hash rows itself");
  }

  /**
   * An id under which other readers of the same database can see this reader's snapshot
   * ({@link Database#openReader(String)}); null when the database cannot share one (SQLite,
   * a PostgreSQL standby).
   */
  default String exportSnapshot() {
    return null;
  }

  @Override
  void close();

  /** Receives the batches of a stream. */
  @FunctionalInterface
  interface BatchSink {
    boolean accept(List<ObjectNode> batch) throws InterruptedException;
  }
}

package dev.dbsync.engine.transfer;

import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;

/** Where a transfer reads from: a remote sender over the link, or a local database. */
public interface Source {

  /** A stable name of the source database, so a cut-off transfer can resume from it. */
  String sourceId();

  List<TableInfo> listTables();

  TableSchema getSchema(String table);

  /**
   * The row counts of many tables, for progress (a link asks for all at once, and its sender
   * may give the statistics' estimate for a big table); a table that could not be counted is
   * left out, for its own question to fail with its own message.
   */
  default java.util.Map<String, Long> counts(List<String> tables) {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    for (String t : tables) {
      try {
        out.put(t, getCount(t));
      } catch (RuntimeException e) {
        // asked again on its own
      }
    }
    return out;
  }

  /** A table's schema, or why it could not be read. */
  record Described(String table, TableSchema schema, RuntimeException error) {}

  /** The schemas of many tables (a link asks for all at once); one failure stays its own. */
  default List<Described> describe(List<String> tables) {
    List<Described> out = new java.util.ArrayList<>();
    for (String t : tables) {
      try {
        out.add(new Described(t, getSchema(t), null));
      } catch (RuntimeException e) {
        out.add(new Described(t, null, e));
      }
    }
    return out;
  }

  long getCount(String table);

  /**
   * The number of rows for which every filter holds. By default the rows' keys are read and
   * counted (a sender that cannot count with filters).
   */
  default long count(String table, List<dev.dbsync.engine.model.RowFilter> filters) {
    if (filters.isEmpty()) {
      return getCount(table);
    }
    List<String> key = getSchema(table).primaryKey();
    return stream(table, new ExportRequest(key.isEmpty() ? null : key, filters, null, 0, 1),
        5000, batch -> true);
  }

  /** Columns of {@code table} the source masks, with each rule's name (none by default). */
  default java.util.Map<String, String> maskedColumns(String table) {
    return java.util.Map.of();
  }

  /** Streams the selected rows in key order, in batches; see {@link TableReader#stream}. */
  long stream(String table, ExportRequest request, int batchSize, TableReader.BatchSink sink);

  /** True when {@link #copy} works (a PostgreSQL source that offers COPY). */
  default boolean canCopy() {
    return false;
  }

  /**
   * The table's rows (all, or after a key) as PostgreSQL COPY text, handed over in chunks of
   * any size, in key order.
   *
   * @return the number of rows
   */
  default long copy(String table, List<String> columns, List<com.fasterxml.jackson.databind
      .JsonNode> after, ChunkSink sink) {
    throw new UnsupportedOperationException("this source cannot COPY");
  }

  /**
   * True when {@link #copyBinary} works for this table: a source that writes binary COPY
   * (PostgreSQL's own, or SQLite's values in it) and masks nothing in it.
   */
  default boolean canCopyBinary(String table) {
    return false;
  }

  /**
   * Whether {@link #copyBinary} writes this column: every built-in type from PostgreSQL, the
   * types of {@link dev.dbsync.engine.db.SqliteDatabase#writesBinaryCopy} from SQLite.
   */
  default boolean copiesBinary(dev.dbsync.engine.model.ColumnInfo column) {
    return true;
  }

  /**
   * The table's rows (all, or after a key) in PostgreSQL's binary COPY format (header, tuples,
   * trailer), in chunks of any size, in key order: for a target whose columns have exactly the
   * source's types, which then parses no text.
   *
   * @return the number of rows
   */
  default long copyBinary(String table, List<String> columns, List<com.fasterxml.jackson
      .databind.JsonNode> after, ChunkSink sink) {
    throw new UnsupportedOperationException("this source cannot write binary COPY");
  }

  /**
   * True when a read may name its columns and filters (every source but a sender without the
   * "filters" extension, which answers whole rows only).
   */
  default boolean canFilter() {
    return true;
  }

  /** True when {@link #copyWhere} works (a sender that filters COPY reads). */
  default boolean canCopyWhere() {
    return false;
  }

  /**
   * The rows for which every filter holds, as PostgreSQL COPY text in key order, handed over
   * in chunks of any size.
   *
   * @return the number of rows
   */
  default long copyWhere(String table, List<String> columns,
      List<dev.dbsync.engine.model.RowFilter> filters, ChunkSink sink) {
    throw new UnsupportedOperationException("this source cannot filter a COPY read");
  }

  /** Receives COPY text; may block. */
  @FunctionalInterface
  interface ChunkSink {
    void accept(byte[] bytes, int offset, int length) throws InterruptedException;
  }

  /**
   * True when the source computes checksums of its tables itself (a local database, or a
   * sender with the "compare" extension), so a compare reads no row to find what differs.
   */
  default boolean canHash() {
    return false;
  }

  /**
   * True when the source can hash this table's rows inside its database (PostgreSQL, none of
   * the compared columns masked): {@link dev.dbsync.engine.model.HashSpec#inDatabase()}.
   */
  default boolean hashesInDatabase(String table) {
    return false;
  }

  /** Per non-empty bucket, the count and hash sum of the table's rows, in the snapshot. */
  default List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
      dev.dbsync.engine.model.HashSpec spec) {
    throw new UnsupportedOperationException("this source does not compute checksums");
  }

  /**
   * The probe hash of the source's database, as its last {@link #hashBuckets} in the database
   * gave it (null when unknown): see {@link dev.dbsync.engine.db.TableReader#hashProbe()}.
   */
  default Long hashProbe() {
    return null;
  }

  /** The key and row hash of every row in {@code buckets}, in the snapshot. */
  default List<dev.dbsync.engine.model.RowHash> hashRows(String table,
      dev.dbsync.engine.model.HashSpec spec, int[] buckets) {
    throw new UnsupportedOperationException("this source does not compute checksums");
  }

  /** Bytes received so far, where the source knows (the link does). */
  default long bytesReceived() {
    return 0;
  }

  /**
   * Bytes of the rows this thread has read so far (the link counts each read's frames for
   * the thread that read it): a table's share while other tables arrive beside it.
   */
  default long bytesReceivedHere() {
    return bytesReceived();
  }

  /** How many tables this source can read at once, in one snapshot (a sender's lanes). */
  default int lanes() {
    return 1;
  }

  /**
   * This source as read on lane {@code lane} (0 to {@link #lanes()} - 1): its row reads run
   * beside the other lanes', in the same snapshot; everything else is the source's own.
   */
  default Source lane(int lane) {
    return this;
  }

  /** From now on every read sees one snapshot of the source, until {@link #endSnapshot}. */
  default void beginSnapshot() {}

  default void endSnapshot() {}
}

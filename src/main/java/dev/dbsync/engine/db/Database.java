package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;
import java.util.Optional;

/**
 * A local database DB Sync reads from and writes to. Reads go through a {@link TableReader}
 * (one read-only snapshot); the convenience read methods here each open their own.
 * Implementations are safe for use from several threads.
 */
public interface Database extends AutoCloseable {

  DatabaseLocator locator();

  /** The tables that may be listed and served, with counts. Protected tables never appear. */
  default List<TableInfo> listTables() {
    try (TableReader r = openReader()) {
      return r.listTables();
    }
  }

  /** Every table, protected ones included, for a screen that explains what is left out. */
  List<String> allTableNames();

  /**
   * Prepares ahead the connection the next snapshot will take (a sender about to serve
   * sessions, a target about to be compared); nothing where a connection costs nothing to
   * open, or when one is already being prepared.
   */
  default void readAhead() {
  }

  /**
   * As {@link #readAhead}, and again each time a snapshot takes the prepared connection: a
   * sender serving session after session.
   */
  default void keepReadingAhead() {
  }

  /**
   * The tables a transfer is about to write here: a database that reads many tables'
   * descriptions in a few statements reads theirs together at the first question.
   */
  default void expect(java.util.Collection<String> tables) {
  }

  /**
   * A transfer begins that will write these tables here (none named: all the tables there
   * are): a database that reads many tables at a time starts reading their descriptions, and
   * what each strategy's check asks of them, on a connection and a thread of its own, while
   * the transfer asks the sender what it is about to move. Only a head start: what is not
   * read by the time it is needed is read as before.
   */
  default void describeAhead(java.util.Collection<String> tables) {
  }

  /**
   * True when this transfer's {@link #describeAhead} found the table never written (it holds
   * no page: made, or emptied by TRUNCATE, and nothing written since) and nothing here changed
   * it since: what it was when the transfer began, asked before the transfer writes it. False
   * when it is not known: ask {@link #isEmpty}.
   */
  default boolean emptyAtStart(String table) {
    return false;
  }

  default TableSchema getSchema(String table) {
    try (TableReader r = openReader()) {
      return r.getSchema(table);
    }
  }

  default long getCount(String table) {
    try (TableReader r = openReader()) {
      return r.getCount(table);
    }
  }

  boolean tableExists(String table);

  default Page exportRecords(String table, ExportRequest request) {
    try (TableReader r = openReader()) {
      return r.page(table, request);
    }
  }

  /** Opens a read-only snapshot: everything read through it sees the same data. */
  TableReader openReader();

  /**
   * Opens a reader that sees the snapshot another reader of this database exported
   * ({@link TableReader#exportSnapshot}): several connections reading one consistent state.
   */
  default TableReader openReader(String exportedSnapshot) {
    throw new UnsupportedOperationException("this database cannot share a snapshot");
  }

  /**
   * Another connection to write this database at the same time as this one (a transfer's
   * parallel tables), or null when the database takes one writer at a time (SQLite). The
   * caller closes it.
   */
  default Database openAnother() {
    return null;
  }

  /**
   * Writes rows with a strategy, in one transaction. Rows that fail are reported with their key
   * and reason; the others are written.
   */
  default ImportResult importRecords(String table, List<ObjectNode> records, Strategy strategy) {
    return importRecords(table, records, strategy, false);
  }

  /**
   * The same, told that the table was empty when this transfer began ({@code fresh}): rows
   * that follow one another in key order can then go in without any conflict check.
   */
  ImportResult importRecords(String table, List<ObjectNode> records, Strategy strategy,
      boolean fresh);

  /** True when {@link #importCopy} works (PostgreSQL). */
  default boolean canCopyIn() {
    return false;
  }

  /**
   * Writes rows given as PostgreSQL COPY text (whole lines of the source's {@code columns}, in
   * that order), with the same strategies and results as {@link #importRecords}.
   */
  default ImportResult importCopy(String table, List<dev.dbsync.engine.model.ColumnInfo> columns,
      byte[] text, int length,
      long rows, Strategy strategy, boolean fresh) {
    throw new UnsupportedOperationException("COPY is PostgreSQL's");
  }

  /**
   * A stream of COPY text into {@code table}, for batches that can go straight in: each
   * batch's whole lines are written as they arrive, so the database parses while the rest is
   * on its way, and {@link CopyStream#commit} ends the batch with the same result as
   * {@link #importCopy} would give. Null when batches must come whole ({@link #importCopy}):
   * not PostgreSQL, or a strategy that needs a staging table or a look at the keys first.
   * A stream owns the writing connection from a batch's first line to its commit.
   */
  default CopyStream streamCopy(String table, List<dev.dbsync.engine.model.ColumnInfo> columns,
      Strategy strategy, boolean fresh) {
    return null;
  }

  /**
   * The same for PostgreSQL's binary COPY: each write is whole tuples (no header, no trailer:
   * the stream adds them to each batch), for columns whose types are exactly those the rows
   * were written from. A batch the target refuses fails its commit with {@link
   * dev.dbsync.engine.BinaryCopyRefused}, nothing of it written (there is no text to go
   * through row by row). Null where {@link #streamCopy} would be null, or not PostgreSQL.
   */
  default CopyStream streamCopy(String table, List<dev.dbsync.engine.model.ColumnInfo> columns,
      Strategy strategy, boolean fresh, boolean binary) {
    return binary ? null : streamCopy(table, columns, strategy, fresh);
  }

  /** Batches written line by line as they arrive; see {@link #streamCopy}. */
  interface CopyStream extends AutoCloseable {
    /** Whole lines (each ending in a newline) of the batch being written. */
    void write(byte[] text, int off, int len);

    /**
     * Ends the batch and commits it; {@code text} is the whole batch, written again row by
     * row through the staging table if the streamed COPY failed (a value that does not fit).
     */
    ImportResult commit(byte[] text, int length);

    /** Drops the batch being written, if any (nothing of it is committed). */
    @Override
    void close();
  }

  /**
   * Fails, naming the table and the privilege, when this database's user may not write
   * {@code table} with {@code strategy} (PostgreSQL's table privileges; nothing to check in
   * SQLite).
   */
  default void checkWritable(String table, Strategy strategy) {}

  /**
   * Deletes the rows with these primary keys (values as they travel), in one transaction.
   *
   * @return the number of rows deleted
   */
  default long deleteRows(String table,
      List<List<com.fasterxml.jackson.databind.JsonNode>> keys) {
    throw new UnsupportedOperationException("this database cannot delete rows by key");
  }

  /**
   * Adds columns shaped like another database's (nullable, no default) to a table: what
   * {@code --add-columns} asks for when the source has columns the target lacks.
   */
  default void addColumns(String table, List<dev.dbsync.engine.model.ColumnInfo> columns) {
    throw new UnsupportedOperationException("this database cannot add columns");
  }

  /** Rows handed over a batch at a time ({@link #replaceRows}). */
  interface RowFeed {
    /**
     * Hands every batch to {@code into}, in order.
     *
     * @return false when it stopped before the last batch (cancelled): nothing is then kept
     */
    boolean feed(java.util.function.Consumer<List<ObjectNode>> into);
  }

  /**
   * Replaces every row of a table with the rows fed, in one transaction, a batch at a time (no
   * more than a batch held): a mirror of a table without a key. The rows deleted are counted
   * as deleted. A feed that stops early or fails leaves the table as it was, and answers null
   * (stopped) or throws (failed).
   */
  default ImportResult replaceRows(String table, RowFeed rows) {
    throw new UnsupportedOperationException("this database cannot replace a table's rows");
  }

  /** True when the table holds no row. */
  boolean isEmpty(String table);

  /**
   * Removes what an older DB Sync left in this database after a completed transfer (its
   * {@code dbsync_checkpoints} table, once empty). Does nothing when there is none or the user
   * may not drop it.
   */
  default void removeLegacyCheckpoints() {}

  /** Creates a table shaped like {@code schema} (from this or the other kind of database). */
  void createTable(String name, TableSchema schema);

  /**
   * Gives a table this database created for {@code schema}, now that its rows are in, the
   * source's foreign keys (validated) and plain indexes, where this database can express them.
   *
   * @return what could not be kept, in plain words (a foreign key whose rows have no parent
   *     here, an index name already taken)
   */
  default List<String> completeTable(String name, TableSchema schema) {
    return List.of();
  }

  @Override
  void close();
}

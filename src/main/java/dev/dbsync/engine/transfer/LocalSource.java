package dev.dbsync.engine.transfer;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;
import java.util.function.Function;

/** A local database as a transfer's source (a copy between two local databases). */
public final class LocalSource implements Source {
  private final Database db;
  private TableReader snapshot;
  /** The snapshot is someone else's reader: used, never closed or replaced here. */
  private final boolean borrowed;

  public LocalSource(Database db) {
    this.db = db;
    this.borrowed = false;
  }

  private LocalSource(Database db, TableReader reader) {
    this.db = db;
    this.snapshot = reader;
    this.borrowed = true;
  }

  /**
   * A source that reads {@code db} through a reader already open (its snapshot, and its
   * connection's warm catalog), which stays the caller's to close.
   */
  public static LocalSource reading(Database db, TableReader reader) {
    return new LocalSource(db, reader);
  }

  @Override
  public String sourceId() {
    return "local:" + Integer.toHexString(db.locator().describe().hashCode());
  }

  private <T> T read(Function<TableReader, T> work) {
    if (snapshot != null) {
      return work.apply(snapshot);
    }
    try (TableReader r = db.openReader()) {
      return work.apply(r);
    }
  }

  @Override
  public List<TableInfo> listTables() {
    return read(TableReader::listTables);
  }

  @Override
  public TableSchema getSchema(String table) {
    return read(r -> r.getSchema(table));
  }

  @Override
  public long getCount(String table) {
    return read(r -> r.getCount(table));
  }

  @Override
  public long count(String table, List<dev.dbsync.engine.model.RowFilter> filters) {
    return read(r -> r.count(table, filters));
  }

  @Override
  public long stream(String table, ExportRequest request, int batchSize,
      TableReader.BatchSink sink) {
    return read(r -> r.stream(table, request, batchSize, sink));
  }

  @Override
  public boolean canCopy() {
    return true;
  }

  @Override
  public long copy(String table, List<String> columns,
      List<com.fasterxml.jackson.databind.JsonNode> after, ChunkSink sink) {
    return copy(table, columns, after, List.of(), sink);
  }

  @Override
  public boolean canCopyBinary(String table) {
    return true;
  }

  @Override
  public boolean copiesBinary(dev.dbsync.engine.model.ColumnInfo column) {
    return db.locator().kind() == dev.dbsync.engine.db.DatabaseLocator.Kind.POSTGRESQL
        || dev.dbsync.engine.db.SqliteDatabase.writesBinaryCopy(column);
  }

  @Override
  public long copyBinary(String table, List<String> columns,
      List<com.fasterxml.jackson.databind.JsonNode> after, ChunkSink sink) {
    java.io.OutputStream out = into(sink);
    return read(r -> r.copyOutBinary(table, columns, after, out));
  }

  private long copy(String table, List<String> columns,
      List<com.fasterxml.jackson.databind.JsonNode> after,
      List<dev.dbsync.engine.model.RowFilter> filters, ChunkSink sink) {
    java.io.OutputStream out = into(sink);
    return read(r -> r.copyOut(table, columns, after, filters, out));
  }

  private static java.io.OutputStream into(ChunkSink sink) {
    return new java.io.OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        try {
          sink.accept(b, off, len);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException();
        }
      }
    };
  }

  @Override
  public boolean canCopyWhere() {
    return true;
  }

  @Override
  public long copyWhere(String table, List<String> columns,
      List<dev.dbsync.engine.model.RowFilter> filters, ChunkSink sink) {
    return copy(table, columns, null, filters, sink);
  }

  @Override
  public boolean canHash() {
    return true;
  }

  @Override
  public boolean hashesInDatabase(String table) {
    return db.locator().kind() == dev.dbsync.engine.db.DatabaseLocator.Kind.POSTGRESQL;
  }

  @Override
  public List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
      dev.dbsync.engine.model.HashSpec spec) {
    return read(r -> dev.dbsync.engine.checksum.Checksums.buckets(r, table, spec));
  }

  @Override
  public Long hashProbe() {
    return read(TableReader::hashProbe);
  }

  @Override
  public List<dev.dbsync.engine.model.RowHash> hashRows(String table,
      dev.dbsync.engine.model.HashSpec spec, int[] buckets) {
    List<dev.dbsync.engine.model.RowHash> out = new java.util.ArrayList<>();
    read(r -> dev.dbsync.engine.checksum.Checksums.rows(r, table, spec, buckets, out::add));
    return out;
  }

  @Override
  public synchronized void beginSnapshot() {
    if (borrowed) {
      return;
    }
    endSnapshot();
    snapshot = db.openReader();
  }

  @Override
  public synchronized void endSnapshot() {
    if (snapshot != null && !borrowed) {
      snapshot.close();
      snapshot = null;
    }
  }
}

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

  long getCount(String table);

  /** Streams the selected rows in key order, in batches; see {@link TableReader#stream}. */
  long stream(String table, ExportRequest request, int batchSize, TableReader.BatchSink sink);

  /** Bytes received so far, where the source knows (the link does). */
  default long bytesReceived() {
    return 0;
  }

  /** From now on every read sees one snapshot of the source, until {@link #endSnapshot}. */
  default void beginSnapshot() {}

  default void endSnapshot() {}
}

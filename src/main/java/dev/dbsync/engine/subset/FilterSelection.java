package dev.dbsync.engine.subset;

import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.transfer.Selection;
import dev.dbsync.engine.transfer.Source;
import java.util.List;

/** The rows the user's own conditions select, and nothing more: read again by them. */
final class FilterSelection implements Selection {
  private final List<RowFilter> filters;
  private final long size;

  FilterSelection(List<RowFilter> filters, long size) {
    this.filters = List.copyOf(filters);
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long stream(Source source, String table, List<String> columns, int batchSize,
      TableReader.BatchSink sink) {
    return source.stream(table, new ExportRequest(columns, filters, null, 0, 1), batchSize,
        sink);
  }

  @Override
  public boolean canCopy(Source source) {
    return source.canCopyWhere() && !filters.isEmpty();
  }

  @Override
  public long copy(Source source, String table, List<String> columns, Source.ChunkSink sink) {
    return source.copyWhere(table, columns, filters, sink);
  }
}

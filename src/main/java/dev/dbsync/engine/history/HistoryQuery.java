package dev.dbsync.engine.history;

import java.time.Instant;

/**
 * Which transfers to list: each filter null for any; newest first.
 *
 * @param from transfers created at or after this time
 * @param to transfers created before this time
 */
public record HistoryQuery(String direction, TransferStatus status, String table,
    String connection, Instant from, Instant to, int offset, int limit) {

  public static HistoryQuery recent(int limit) {
    return new HistoryQuery(null, null, null, null, null, null, 0, limit);
  }

  public HistoryQuery page(int newOffset) {
    return new HistoryQuery(direction, status, table, connection, from, to, newOffset, limit);
  }
}

package dev.dbsync.engine.db;

import dev.dbsync.engine.model.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one snapshot's reads found out that does not change while it lasts: each table's
 * description, its exact row count, the table list. Kept per snapshot and shared with the
 * readers that join it (a pull's lanes), so each is read once: on 300 tables a sender counted
 * every table four times (the receiver's table lists, then each copy's progress).
 */
final class SnapshotCatalog {
  final Map<String, LocalTable> tables = new ConcurrentHashMap<>();
  final Map<String, Long> counts = new ConcurrentHashMap<>();
  /**
   * Row counts the statistics hold exactly as far as the server has been told
   * ({@code PostgresDatabase.STATISTICS_EXACT}): good for a list and a progress bar, never
   * for a count asked as exact, since the writes of a session's last second may not be in them
   * yet.
   */
  final Map<String, Long> progressCounts = new ConcurrentHashMap<>();
  /** The shared tables as listed, once asked; null before. */
  volatile List<TableInfo> listing;
}

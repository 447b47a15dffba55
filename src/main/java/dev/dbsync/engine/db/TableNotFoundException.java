package dev.dbsync.engine.db;

import dev.dbsync.engine.DbSyncException;

/** A table that does not exist, or that is not shared. */
public class TableNotFoundException extends DbSyncException {
  public TableNotFoundException(String table) {
    super("Table '" + table + "' does not exist or is not shared.");
  }
}

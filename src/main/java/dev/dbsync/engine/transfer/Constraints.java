package dev.dbsync.engine.transfer;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.TableSchema;
import java.util.Map;

/**
 * Tables a transfer created get the source's foreign keys and indexes once every table's rows
 * are in: keys added earlier would refuse rows whose parents arrive later, and indexes built
 * once are cheaper than indexes kept up row by row.
 */
final class Constraints {
  private Constraints() {}

  static void addAfterRows(Database target, Map<String, TableSchema> schemas,
      Map<String, TableOutcome> outcomes) {
    for (TableOutcome o : outcomes.values()) {
      TableSchema schema = schemas.get(o.table());
      if (!o.created() || schema == null || o.status() != TableOutcome.Status.COMPLETED
          || (schema.foreignKeys().isEmpty() && schema.indexes().isEmpty())) {
        continue;
      }
      try {
        target.completeTable(o.table(), schema).forEach(o.result()::addWarning);
      } catch (DbSyncException e) {
        o.result().addWarning("keys and indexes not made: " + e.getMessage());
      }
    }
  }
}

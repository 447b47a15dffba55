package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an import writes: which of the target's columns the incoming rows fill, which are the
 * key, and how the strategy applies. Shared by the PostgreSQL and SQLite importers.
 */
record ImportPlan(LocalTable table, Strategy strategy, List<String> incoming,
    List<String> columns, List<String> key, List<String> updated, boolean upsert) {

  /** The plan for a batch, or null when there is nothing to write (said in the result). */
  static ImportPlan of(LocalTable t, List<ObjectNode> records, Strategy strategy,
      ImportResult result) {
    if (records.isEmpty()) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (ObjectNode r : records) {
      Iterator<String> it = r.fieldNames();
      while (it.hasNext()) {
        names.add(it.next());
      }
    }
    return of(t, names, strategy, result);
  }

  /**
   * The plan for rows that carry {@code names}, in that order. {@code incoming} keeps the
   * names the target has, in the rows' order; {@code columns} are those written.
   */
  static ImportPlan of(LocalTable t, java.util.Collection<String> names, Strategy strategy,
      ImportResult result) {
    List<String> incoming = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (String name : names) {
      if (t.hasColumn(name)) {
        incoming.add(name);
        columns.add(name);
      } else {
        result.addWarning("Column '" + name + "' is not in the target table '"
            + t.schema().table() + "'; its values were not written.");
      }
    }
    List<String> key = t.schema().primaryKey();
    if (key.isEmpty()) {
      result.markWithoutPrimaryKey();
    }
    boolean keyed = !key.isEmpty() && columns.containsAll(key);
    if (!key.isEmpty() && !keyed && strategy != Strategy.APPEND) {
      result.addWarning("The incoming rows lack the key of '" + t.schema().table()
          + "'; they were inserted as new rows.");
    }
    if (strategy == Strategy.APPEND) {
      columns.removeAll(key);
    }
    if (columns.isEmpty()) {
      result.addWarning("No incoming column matches the target table; nothing was written.");
      return null;
    }
    boolean upsert = keyed && strategy != Strategy.APPEND;
    List<String> updated = new ArrayList<>(columns);
    updated.removeAll(key);
    return new ImportPlan(t, strategy, List.copyOf(incoming), List.copyOf(columns), key,
        List.copyOf(updated), upsert);
  }

  /** The key of a row for an error report; the whole row when the table has no key. */
  JsonNode keyOf(ObjectNode row) {
    if (key.isEmpty() || strategy == Strategy.APPEND) {
      return row;
    }
    ObjectNode k = WireValues.NODES.objectNode();
    for (String c : key) {
      k.set(c, row.get(c));
    }
    return k;
  }
}

package dev.dbsync.engine.transfer;

import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders tables so that parents come before the tables that reference them. Self-references
 * are ignored here (rows are retried at the end instead); tables caught in a cycle keep their
 * name order after all the others.
 */
public final class ForeignKeyOrder {
  private ForeignKeyOrder() {}

  public static List<String> sort(Map<String, TableSchema> schemas) {
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    for (var e : new TreeSet<>(schemas.keySet())) {
      Set<String> ps = new LinkedHashSet<>();
      for (ForeignKey fk : schemas.get(e).foreignKeys()) {
        if (!fk.refTable().equals(e) && schemas.containsKey(fk.refTable())) {
          ps.add(fk.refTable());
        }
      }
      parents.put(e, ps);
    }
    List<String> order = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (var e : parents.entrySet()) {
        if (!placed.contains(e.getKey()) && placed.containsAll(e.getValue())) {
          order.add(e.getKey());
          placed.add(e.getKey());
          progress = true;
        }
      }
    }
    for (String t : parents.keySet()) {
      if (!placed.contains(t)) {
        order.add(t); // part of a cycle
      }
    }
    return order;
  }

  /** The tables {@code table} references, directly or through others, that are not chosen. */
  public static Set<String> missingParents(String table, Map<String, TableSchema> all,
      Set<String> chosen) {
    Set<String> out = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(table));
    Set<String> seen = new LinkedHashSet<>(todo);
    while (!todo.isEmpty()) {
      TableSchema s = all.get(todo.remove(0));
      if (s == null) {
        continue;
      }
      for (ForeignKey fk : s.foreignKeys()) {
        if (seen.add(fk.refTable())) {
          todo.add(fk.refTable());
          if (!chosen.contains(fk.refTable()) && all.containsKey(fk.refTable())) {
            out.add(fk.refTable());
          }
        }
      }
    }
    return out;
  }
}

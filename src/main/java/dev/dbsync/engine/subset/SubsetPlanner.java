package dev.dbsync.engine.subset;

import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.transfer.ForeignKeyOrder;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a subset from the schemas alone: which chosen tables are narrowed (by the user, or as
 * children of a narrowed table), which foreign keys the closure follows up to parents, and
 * which tables it brings in. Pure: it reads no row, so it is tested on made-up schemas.
 */
public final class SubsetPlanner {
  private SubsetPlanner() {}

  /** What the planner needs to know of the source. */
  public interface Catalog {
    /** True when the sender shares this table (it exists and is not held back). */
    boolean isShared(String table);

    TableSchema schema(String table);

    /** Columns the sender masks, with their rule. */
    Map<String, String> masked(String table);
  }

  public static SubsetPlan plan(Catalog catalog, List<String> chosen, SubsetSpec spec) {
    for (String named : spec.namedTables()) {
      if (!catalog.isShared(named)) {
        throw new SubsetException("Table " + named + " is not shared by the sender (or does "
            + "not exist), so it cannot be narrowed.");
      }
      if (!chosen.contains(named)) {
        throw new SubsetException("A condition names table " + named + ", which is not among "
            + "the tables to pull: add it to the tables.");
      }
    }
    Map<String, TableSchema> schemas = new LinkedHashMap<>();
    for (String t : chosen) {
      if (catalog.isShared(t)) {
        schemas.put(t, catalog.schema(t));
      }
    }
    Map<String, List<RowFilter>> filters = new LinkedHashMap<>();
    spec.conditions().forEach((t, clauses) -> filters.put(t,
        Values.filters(schemas.get(t), clauses, catalog.masked(t))));
    Set<String> narrowed = new LinkedHashSet<>(spec.namedTables());
    Map<String, List<ForeignKey>> down = new LinkedHashMap<>();
    if (spec.references()) {
      // children of narrowed chosen tables keep only rows whose parents are in, parents first;
      // a key that closes a cycle is not followed down
      List<String> order = ForeignKeyOrder.sort(schemas);
      for (String t : order) {
        List<ForeignKey> ds = new ArrayList<>();
        for (ForeignKey fk : schemas.get(t).foreignKeys()) {
          String p = fk.refTable();
          if (!p.equals(t) && schemas.containsKey(p) && narrowed.contains(p)
              && order.indexOf(p) < order.indexOf(t)) {
            ds.add(resolve(fk, schemas.get(p)));
          }
        }
        down.put(t, ds);
        if (!ds.isEmpty()) {
          narrowed.add(t);
        }
      }
    }
    Map<String, List<ForeignKey>> up = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    if (spec.references()) {
      Deque<String> todo = new ArrayDeque<>(schemas.keySet());
      while (!todo.isEmpty()) {
        String t = todo.poll();
        List<ForeignKey> us = new ArrayList<>();
        for (ForeignKey fk : schemas.get(t).foreignKeys()) {
          String p = fk.refTable();
          boolean whole = schemas.containsKey(p) && !narrowed.contains(p);
          if (whole || (p.equals(t) && !narrowed.contains(t))) {
            continue; // every row of the parent moves anyway
          }
          if (!schemas.containsKey(p)) {
            if (!catalog.isShared(p)) {
              if (spec.narrows()) {
                throw new SubsetException("Rows of " + t + " reference " + p + " (" + fk.name()
                    + "), which the sender does not share: ask the sender to share " + p
                    + ", or pull without references.");
              }
              continue; // whole tables: their parents stay where the sender keeps them
            }
            schemas.put(p, catalog.schema(p));
            narrowed.add(p);
            added.add(p);
            todo.add(p);
          }
          us.add(resolve(fk, schemas.get(p)));
        }
        up.put(t, us);
      }
    }
    Map<String, SubsetPlan.Part> parts = new LinkedHashMap<>();
    for (var e : schemas.entrySet()) {
      String t = e.getKey();
      parts.put(t, new SubsetPlan.Part(e.getValue(), chosen.contains(t), !narrowed.contains(t),
          filters.getOrDefault(t, List.of()), spec.limits().get(t), spec.samples().get(t),
          down.getOrDefault(t, List.of()), up.getOrDefault(t, List.of())));
    }
    return new SubsetPlan(ForeignKeyOrder.sort(schemas), parts, added);
  }

  /** A key that names no columns of its parent (SQLite allows it) means the parent's key. */
  static ForeignKey resolve(ForeignKey fk, TableSchema parent) {
    if (!fk.refColumns().isEmpty() && fk.refColumns().stream().noneMatch(c -> c == null)) {
      return fk;
    }
    return new ForeignKey(fk.name(), fk.columns(), fk.refTable(), parent.primaryKey());
  }
}

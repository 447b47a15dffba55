package dev.dbsync.engine.subset;

import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.transfer.Scope;
import dev.dbsync.engine.transfer.Selection;
import dev.dbsync.engine.transfer.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subsets that keep their references: the one entry the command line, the app and the link
 * use. A subset is planned from the schemas ({@link SubsetPlanner}), its rows found by key
 * ({@link Closure}), and moved by the transfer runner through the {@link Scope} made here.
 */
public final class Subsets {
  private Subsets() {}

  /** The scope a transfer moves: the chosen tables narrowed by {@code spec}, with references. */
  public static Scope scope(SubsetSpec spec) {
    return (source, tables) -> resolve(source, tables, spec);
  }

  /**
   * The rows of {@code schema}'s table with these primary keys (values as they travel), read
   * by batches of keys: COPY text where the source filters COPY reads and the key allows.
   */
  public static Selection byKeys(Source source, TableSchema schema,
      List<List<com.fasterxml.jackson.databind.JsonNode>> keys) {
    List<String> key = schema.primaryKey();
    Map<String, List<com.fasterxml.jackson.databind.JsonNode>> byText = new LinkedHashMap<>();
    for (List<com.fasterxml.jackson.databind.JsonNode> k : keys) {
      byText.put(Keys.tuple(k), k);
    }
    Map<String, String> masked = source.maskedColumns(schema.table());
    boolean plain = key.size() == 1 || key.stream().allMatch(c -> schema.column(c)
        .map(col -> switch (dev.dbsync.engine.db.ValueKind.of(col)) {
          case INTEGER, TEXT, UUID -> true;
          default -> false;
        }).orElse(false));
    return new KeySelection(key, byText, plain && key.stream().noneMatch(masked::containsKey));
  }

  /**
   * The keys a selection made by {@link #byKeys} (or by a subset's references) holds, or null
   * for a selection of another kind (a filter, a sample).
   */
  public static java.util.Collection<List<com.fasterxml.jackson.databind.JsonNode>> keysOf(
      Selection selection) {
    return selection instanceof KeySelection k ? k.keys() : null;
  }

  /** The keys of {@code keys} that are also in {@code among}, compared as key values. */
  public static List<List<com.fasterxml.jackson.databind.JsonNode>> both(
      java.util.Collection<List<com.fasterxml.jackson.databind.JsonNode>> keys,
      java.util.Collection<List<com.fasterxml.jackson.databind.JsonNode>> among) {
    Set<String> wanted = new java.util.HashSet<>();
    among.forEach(k -> wanted.add(Keys.tuple(k)));
    return keys.stream().filter(k -> wanted.contains(Keys.tuple(k))).toList();
  }

  /**
   * What a subset would move, without moving it: rows per table, and the tables and rows
   * added for references ("+N rows from K tables").
   */
  public static Preview preview(Source source, List<String> tables, SubsetSpec spec) {
    Scope.Resolved r = resolve(source, tables, spec);
    Map<String, Long> rows = new LinkedHashMap<>();
    long addedRows = 0;
    for (String t : r.tables()) {
      Selection s = r.selections().get(t);
      if (s != null) {
        rows.put(t, s.size());
        if (r.addedForReferences().contains(t)) {
          addedRows += s.size();
        }
      }
    }
    return new Preview(rows, r.addedForReferences(), addedRows);
  }

  /**
   * The rows of one table for which the clauses hold (the live count of the filter editor);
   * the clauses are checked against {@code schema} (the table's, as the caller read it) as a
   * pull would check them.
   */
  public static long count(Source source, TableSchema schema, List<Clause> clauses) {
    String table = schema.table();
    List<RowFilter> filters = Values.filters(schema, clauses, source.maskedColumns(table));
    return source.count(table, filters);
  }

  /**
   * @param rows the rows each narrowed table moves (a table moving whole is not listed)
   * @param added tables the user did not choose that references bring in
   * @param addedRows how many rows those tables add
   */
  public record Preview(Map<String, Long> rows, List<String> added, long addedRows) {}

  private static Scope.Resolved resolve(Source source, List<String> tables, SubsetSpec spec) {
    Map<String, TableSchema> schemas = new java.util.concurrent.ConcurrentHashMap<>();
    Set<String> missing = new java.util.HashSet<>();
    // the chosen tables' schemas in one round trip; parents outside them are asked later
    for (Source.Described d : source.describe(tables)) {
      if (d.schema() != null) {
        schemas.put(d.table(), d.schema());
      } else {
        missing.add(d.table());
      }
    }
    SubsetPlan plan = SubsetPlanner.plan(catalog(source, schemas, missing), tables,
        spec);
    if (plan.allWhole()) {
      return new Scope.Resolved(tables, Map.of(), List.of(), schemas);
    }
    Map<String, Selection> selections = new Closure(source, plan, spec.seed()).run();
    Set<String> all = new LinkedHashSet<>(tables);
    all.addAll(plan.added());
    return new Scope.Resolved(new ArrayList<>(all), selections, plan.added(), schemas);
  }

  private static SubsetPlanner.Catalog catalog(Source source,
      Map<String, TableSchema> schemas, Set<String> missing) {
    return new SubsetPlanner.Catalog() {
      @Override
      public boolean isShared(String table) {
        if (schemas.containsKey(table)) {
          return true;
        }
        if (missing.contains(table)) {
          return false;
        }
        try {
          schema(table);
          return true;
        } catch (dev.dbsync.engine.DbSyncException e) {
          missing.add(table); // not shared, or no such table: the sender answers the same
          return false;
        }
      }

      @Override
      public TableSchema schema(String table) {
        return schemas.computeIfAbsent(table, source::getSchema);
      }

      @Override
      public Map<String, String> masked(String table) {
        schema(table);
        return source.maskedColumns(table);
      }
    };
  }
}

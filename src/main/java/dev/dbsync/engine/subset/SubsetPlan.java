package dev.dbsync.engine.subset;

import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;
import java.util.Map;

/**
 * Which tables a subset reads and how each one's rows are decided, computed from the schemas
 * and the user's conditions before a row is read (Jailer's order: plan, then extract).
 *
 * @param order every table of the plan, parents before children
 * @param tables each table's part
 * @param added tables the user did not choose that references bring in
 */
public record SubsetPlan(List<String> order, Map<String, Part> tables, List<String> added) {

  public SubsetPlan {
    order = List.copyOf(order);
    tables = Map.copyOf(tables);
    added = List.copyOf(added);
  }

  /**
   * One table's part of the subset.
   *
   * @param whole every row moves (a chosen table nothing narrows)
   * @param filters the user's conditions, typed
   * @param limit the first N rows by key, or null
   * @param sample a percentage, or null
   * @param down foreign keys to narrowed chosen tables: only rows whose parents are in
   * @param up foreign keys to narrowed tables whose rows must follow this table's rows
   */
  public record Part(TableSchema schema, boolean chosen, boolean whole, List<RowFilter> filters,
      Long limit, Double sample, List<ForeignKey> down, List<ForeignKey> up) {

    public Part {
      filters = List.copyOf(filters);
      down = List.copyOf(down);
      up = List.copyOf(up);
    }
  }

  /** True when every table moves whole: nothing to decide row by row. */
  public boolean allWhole() {
    return tables.values().stream().allMatch(Part::whole);
  }
}

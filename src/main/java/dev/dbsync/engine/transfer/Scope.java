package dev.dbsync.engine.transfer;

import java.util.List;
import java.util.Map;

/**
 * Which tables a transfer moves, and which of their rows: decided inside the transfer's
 * snapshot, before anything is written, so a scope that cannot be met fails the transfer with
 * the target untouched. The default moves the chosen tables whole.
 */
@FunctionalInterface
public interface Scope {

  /**
   * Resolves the scope for {@code tables} (the tables the user chose, or every table).
   *
   * @throws IllegalArgumentException when the scope does not fit the source (a table or
   *     column it names, a value that does not parse); nothing has been written then
   */
  Resolved resolve(Source source, List<String> tables);

  /** The whole of each chosen table. */
  static Scope wholeTables() {
    return (source, tables) -> new Resolved(tables, Map.of(), List.of(), Map.of());
  }

  /**
   * @param tables every table to move (the chosen ones and any added for references)
   * @param selections the rows to move per table; a table without one moves whole
   * @param addedForReferences tables the user did not choose, added because chosen rows
   *     reference rows in them
   * @param schemas the source's schemas the scope already read (the runner need not ask
   *     again)
   */
  record Resolved(List<String> tables, Map<String, Selection> selections,
      List<String> addedForReferences, Map<String, dev.dbsync.engine.model.TableSchema> schemas) {
    public Resolved {
      tables = List.copyOf(tables);
      selections = Map.copyOf(selections);
      addedForReferences = List.copyOf(addedForReferences);
      schemas = Map.copyOf(schemas);
    }
  }
}

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
   * @param deletions keys of rows to delete from the target once every table's rows are in
   *     (a mirror), deleted children before parents
   * @param leftAlone tables the transfer must not touch, with the reason (a mirror into a
   *     table whose key differs from the source's)
   * @param compared what a compare found in each table it narrowed to the difference
   * @param replaced tables without a key whose rows the target replaces whole, in one
   *     transaction (a mirror)
   * @param tables every table to move (the chosen ones and any added for references)
   * @param selections the rows to move per table; a table without one moves whole
   * @param addedForReferences tables the user did not choose, added because chosen rows
   *     reference rows in them
   * @param schemas the source's schemas the scope already read (the runner need not ask
   *     again)
   */
  record Resolved(List<String> tables, Map<String, Selection> selections,
      List<String> addedForReferences, Map<String, dev.dbsync.engine.model.TableSchema> schemas,
      Map<String, List<List<com.fasterxml.jackson.databind.JsonNode>>> deletions,
      Map<String, String> leftAlone, Map<String, Compared> compared, List<String> replaced) {
    public Resolved {
      tables = List.copyOf(tables);
      selections = Map.copyOf(selections);
      addedForReferences = List.copyOf(addedForReferences);
      schemas = Map.copyOf(schemas);
      deletions = deletions == null ? Map.of() : Map.copyOf(deletions);
      leftAlone = leftAlone == null ? Map.of() : Map.copyOf(leftAlone);
      compared = compared == null ? Map.of() : Map.copyOf(compared);
      replaced = replaced == null ? List.of() : List.copyOf(replaced);
    }

    public Resolved(List<String> tables, Map<String, Selection> selections,
        List<String> addedForReferences,
        Map<String, dev.dbsync.engine.model.TableSchema> schemas) {
      this(tables, selections, addedForReferences, schemas, null, null, null, null);
    }
  }

  /**
   * What a compare found in a table before the transfer moved only the difference.
   *
   * @param fresh rows whose key only the source has
   * @param changed rows with the same key and different values
   * @param identical rows the same on both sides (not moved, unless the table moved whole)
   * @param onlyTarget rows whose key only the target has
   * @param fast true when the source computed its checksums itself (no row was read)
   * @param movedWhole true when the whole table moved, its identical rows with it: most of it
   *     differed (the target left identical rows as they were), or a table without a key
   *     differed (a mirror replaced it, other strategies inserted every row)
   */
  @com.fasterxml.jackson.annotation.JsonPropertyOrder({"new", "changed", "identical",
      "only_target", "fast", "moved_whole"})
  record Compared(@com.fasterxml.jackson.annotation.JsonProperty("new") long fresh,
      long changed, long identical,
      @com.fasterxml.jackson.annotation.JsonProperty("only_target") long onlyTarget,
      boolean fast,
      @com.fasterxml.jackson.annotation.JsonProperty("moved_whole") boolean movedWhole) {}
}

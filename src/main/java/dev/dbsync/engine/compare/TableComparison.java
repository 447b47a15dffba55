package dev.dbsync.engine.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.Strategy;
import java.util.List;
import java.util.Map;

/**
 * One table of a compare: what differs, what the chosen strategy would do, a sample of each
 * kind of row, and how the columns drifted.
 *
 * @param diff the counts of each kind of row (null when the table was not compared: see error)
 * @param would what the strategy would do to the target
 * @param createTable true when the target lacks the table (a pull would create it)
 * @param sample up to N rows of each kind: "new" and "only_target" with their values,
 *     "changed" with the columns that differ, old (target) and new (source) values
 * @param fastCompare true when the source computed its checksums itself; false when its rows
 *     were read to compare them (a sender without the "compare" extension)
 * @param error why the table was not compared (its key differs from the source's), or was not
 *     read ({@link #unread})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"table", "strategy", "diff", "would",
    "create_table", "sample", "drift", "fast_compare", "rows_source", "rows_target", "error"})
public record TableComparison(String table, Strategy strategy, Counts diff, Would would,
    @JsonProperty("create_table") boolean createTable, Map<String, List<ObjectNode>> sample,
    Drift drift, @JsonProperty("fast_compare") boolean fastCompare,
    @JsonProperty("rows_source") long rowsSource, @JsonProperty("rows_target") long rowsTarget,
    String error, @JsonIgnore TableDiff found) {

  /** True for a table that could not be read to compare (absent, not shared): see error. */
  @JsonIgnore
  public boolean unread() {
    return diff == null && drift == null;
  }

  /** Counts of each kind of row. */
  @com.fasterxml.jackson.annotation.JsonPropertyOrder({"new", "changed", "identical",
      "only_target"})
  public record Counts(@JsonProperty("new") long fresh, long changed, long identical,
      @JsonProperty("only_target") long onlyTarget) {

    /** Both ends hold the same rows (as {@link TableDiff#same}). */
    public boolean same() {
      return fresh == 0 && changed == 0 && onlyTarget == 0;
    }
  }

  /** What a strategy would do: rows created, updated, skipped and deleted in the target. */
  @com.fasterxml.jackson.annotation.JsonPropertyOrder({"created", "updated", "skipped",
      "deleted"})
  public record Would(long created, long updated, long skipped, long deleted) {

    /** "will add 25, update 50, delete 20" (what the app shows before Run). */
    public String words() {
      List<String> parts = new java.util.ArrayList<>();
      if (created > 0) {
        parts.add("add " + created);
      }
      if (updated > 0) {
        parts.add("update " + updated);
      }
      if (skipped > 0) {
        parts.add("skip " + skipped);
      }
      if (deleted > 0) {
        parts.add("delete " + deleted);
      }
      return parts.isEmpty() ? "no change" : "will " + String.join(", ", parts);
    }
  }

  /**
   * What {@code strategy} would do with these differences.
   *
   * @param pullCompares whether a pull from this sender compares the table before it moves
   *     rows (a sender with checksums does, but for {@code append}): a table without a key
   *     that holds the same rows at both ends then moves nothing, whatever the strategy;
   *     from an older sender every strategy but mirror inserts all its rows
   */
  static Would would(Strategy strategy, Counts d, long rowsSource, long rowsTarget,
      boolean keyless, boolean pullCompares) {
    if (keyless && strategy == Strategy.MIRROR) {
      // replaced whole, in one transaction, unless the two already hold the same rows
      return d.same() ? new Would(0, 0, 0, 0) : new Would(rowsSource, 0, 0, rowsTarget);
    }
    if (keyless && d.same() && pullCompares && strategy != Strategy.APPEND) {
      return new Would(0, 0, 0, 0);
    }
    if (keyless || strategy == Strategy.APPEND) {
      return new Would(rowsSource, 0, 0, 0);
    }
    return switch (strategy) {
      case SKIP -> new Would(d.fresh(), 0, d.changed(), 0);
      case MIRROR -> new Would(d.fresh(), d.changed(), 0, d.onlyTarget());
      default -> new Would(d.fresh(), d.changed(), 0, 0);
    };
  }
}

package dev.dbsync.engine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a compare found in one table: counts of each kind of row and, for a table with a key,
 * the keys of the rows that differ (as the side that holds them writes them).
 *
 * @param fresh rows whose key only the source has
 * @param changed rows with the same key and different values
 * @param identical rows the same on both sides
 * @param onlyTarget rows whose key only the target has
 * @param newKeys the source's keys of the new rows: all of them, or the first as many as the
 *     compare was asked to keep (fewer than {@code fresh})
 * @param changedKeys the source's keys of the changed rows (likewise)
 * @param onlyTargetKeys the target's keys of its rows the source lacks (likewise)
 * @param fast true when the source computed its checksums itself
 * @param sourceRows the source's rows, as its bucket sums counted them
 * @param targetRows the target's rows, as its bucket sums counted them
 */
public record TableDiff(long fresh, long changed, long identical, long onlyTarget,
    List<List<JsonNode>> newKeys, List<List<JsonNode>> changedKeys,
    List<List<JsonNode>> onlyTargetKeys, boolean fast, long sourceRows, long targetRows) {

  public boolean same() {
    return fresh == 0 && changed == 0 && onlyTarget == 0;
  }
}

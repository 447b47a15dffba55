package dev.dbsync.engine.resume;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How far the transfer of one table from one source into one target got, kept on the
 * receiver's computer (never in the target: the target holds the user's data only).
 *
 * @param target the target database, as {@code DatabaseLocator.describe()} names it
 * @param source the sender's stable source id
 * @param table the table
 * @param lastKey the key of the last row of the last committed batch (null: no key)
 * @param rowsDone source rows consumed by committed batches
 * @param inFlight the batch being written when this was saved, for transfers whose batches
 *     cannot be written twice (append, or a table without a key); null otherwise
 */
public record ResumePoint(String target, String source, String table,
    @JsonProperty("last_key") JsonNode lastKey, @JsonProperty("rows_done") long rowsDone,
    @JsonProperty("in_flight") InFlight inFlight) {

  /**
   * A batch that may or may not have committed: the point after it, and how many rows the
   * target table held before it. A resume counts the table to tell which.
   */
  public record InFlight(@JsonProperty("last_key") JsonNode lastKey,
      @JsonProperty("rows_done") long rowsDone, @JsonProperty("count_before") long countBefore) {}

  /** The point after the in-flight batch, taken as committed. */
  public ResumePoint committed() {
    return inFlight == null ? this
        : new ResumePoint(target, source, table, inFlight.lastKey(), inFlight.rowsDone(), null);
  }

  public ResumePoint withInFlight(InFlight f) {
    return new ResumePoint(target, source, table, lastKey, rowsDone, f);
  }
}

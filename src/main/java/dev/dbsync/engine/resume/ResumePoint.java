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
 * @param keysPending DB Sync made this table in the target and its foreign keys and indexes
 *     are still to be made, once its rows are all in (absent from points of older versions:
 *     false)
 */
public record ResumePoint(String target, String source, String table,
    @JsonProperty("last_key") JsonNode lastKey, @JsonProperty("rows_done") long rowsDone,
    @JsonProperty("in_flight") InFlight inFlight,
    @JsonProperty("keys_pending") boolean keysPending) {

  /** A point saved before any batch (no key yet) reads back without one, not a JSON null. */
  public ResumePoint {
    lastKey = lastKey == null || lastKey.isNull() ? null : lastKey;
  }

  public ResumePoint(String target, String source, String table, JsonNode lastKey,
      long rowsDone, InFlight inFlight) {
    this(target, source, table, lastKey, rowsDone, inFlight, false);
  }

  /**
   * A batch that may or may not have committed: the point after it, and how many rows the
   * target table held before it. A resume counts the table to tell which.
   */
  public record InFlight(@JsonProperty("last_key") JsonNode lastKey,
      @JsonProperty("rows_done") long rowsDone, @JsonProperty("count_before") long countBefore) {
    public InFlight {
      lastKey = lastKey == null || lastKey.isNull() ? null : lastKey;
    }
  }

  /** The point after the in-flight batch, taken as committed. */
  public ResumePoint committed() {
    return inFlight == null ? this
        : new ResumePoint(target, source, table, inFlight.lastKey(), inFlight.rowsDone(), null,
            keysPending);
  }

  public ResumePoint withInFlight(InFlight f) {
    return new ResumePoint(target, source, table, lastKey, rowsDone, f, keysPending);
  }

  /** The same point, for a table whose foreign keys and indexes are still to be made. */
  public ResumePoint withKeysPending() {
    return new ResumePoint(target, source, table, lastKey, rowsDone, inFlight, true);
  }
}

package dev.dbsync.engine.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Every table's outcome, the time taken and the bytes moved; {@code addedForReferences}: the
 * tables the user did not choose that came along because chosen rows reference rows in them;
 * {@code jobs}: how many tables were written at once (at most).
 */
public record TransferReport(List<TableOutcome> tables, double seconds,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("added_for_references") List<String> addedForReferences,
    @JsonProperty("compared") java.util.Map<String, Scope.Compared> compared,
    @JsonProperty("jobs") int jobs) {

  public TransferReport {
    addedForReferences = addedForReferences == null ? List.of() : List.copyOf(addedForReferences);
    compared = compared == null ? java.util.Map.of() : java.util.Map.copyOf(compared);
  }

  public TransferReport(List<TableOutcome> tables, double seconds, long bytes,
      List<String> addedForReferences) {
    this(tables, seconds, bytes, addedForReferences, null, 1);
  }

  /** True when every table completed (rows may still have been refused: see each result). */
  public boolean succeeded() {
    return tables.stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED
        && t.result().failed() == 0);
  }

  public long rows() {
    return tables.stream().mapToLong(t -> t.result().processed()).sum();
  }
}

package dev.dbsync.engine.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every table's outcome, the time taken and the bytes moved. */
public record TransferReport(List<TableOutcome> tables, double seconds,
    @JsonProperty("bytes") long bytes) {

  /** True when every table completed (rows may still have been refused: see each result). */
  public boolean succeeded() {
    return tables.stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED
        && t.result().failed() == 0);
  }

  public long rows() {
    return tables.stream().mapToLong(t -> t.result().processed()).sum();
  }
}

package dev.dbsync.engine.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A dry run: every selected table compared with the target, nothing written.
 *
 * @param bytes what the link carried for the compare
 * @param fastCompare false when the sender lacks the "compare" extension and its rows were
 *     read to compare them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"tables", "bytes", "seconds",
    "fast_compare", "note"})
public record CompareReport(List<TableComparison> tables, long bytes, double seconds,
    @JsonProperty("fast_compare") boolean fastCompare, String note) {

  public CompareReport {
    tables = List.copyOf(tables);
  }
}

package dev.dbsync.engine.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import java.util.Locale;

/** How one table's transfer ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableOutcome(String table, Status status, Strategy strategy, ImportResult result,
    @JsonProperty("rows_expected") long rowsExpected, @JsonProperty("resumed_from") long resumedFrom,
    boolean created, double seconds, String error) {

  /** The end of one table's transfer. */
  public enum Status {
    COMPLETED, FAILED, CANCELLED;

    @Override
    @com.fasterxml.jackson.annotation.JsonValue
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}

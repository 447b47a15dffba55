package dev.dbsync.engine.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import java.util.Locale;

/** How one table's transfer ended; {@code bytes}: what the link carried for this table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableOutcome(String table, Status status, Strategy strategy, ImportResult result,
    @JsonProperty("rows_expected") long rowsExpected, @JsonProperty("resumed_from") long resumedFrom,
    boolean created, double seconds, String error, long bytes) {

  /** The end of one table's transfer. */
  public enum Status {
    COMPLETED,
    /** The table ran to its end but the target refused some rows ({@code result} says why). */
    COMPLETED_WITH_ERRORS,
    FAILED, CANCELLED;

    @Override
    @com.fasterxml.jackson.annotation.JsonValue
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** In plain words: "completed with errors". */
    public String words() {
      return toString().replace('_', ' ');
    }
  }

  /** The same outcome, completed with errors when rows were refused after all. */
  TableOutcome settled() {
    return status == Status.COMPLETED && result.failed() > 0
        ? new TableOutcome(table, Status.COMPLETED_WITH_ERRORS, strategy, result, rowsExpected,
            resumedFrom, created, seconds, result.failed() + " rows refused by the target", bytes)
        : this;
  }
}

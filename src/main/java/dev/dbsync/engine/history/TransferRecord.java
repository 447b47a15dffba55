package dev.dbsync.engine.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One recorded transfer of one table, as the history store keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferRecord(long id, String direction, String connectionName,
    String sessionCode, String remoteAddress, String table, String strategy,
    String localDatabase, Long requested, long transferred, long created, long updated,
    long skipped, long failed, long bytes, String requesterAddress, String clientName,
    String initiatedBy, TransferStatus status, Instant createdAt, Instant updatedAt,
    Instant startedAt, Instant finishedAt, String error, boolean requiresApproval,
    Instant approvedAt, String approvedBy, Instant deniedAt, String deniedBy,
    String denialReason, Instant approvalExpiresAt, String maskedColumns, String kind,
    long deleted, @com.fasterxml.jackson.annotation.JsonRawValue
    @com.fasterxml.jackson.annotation.JsonProperty("compared") String comparedJson) {

  /** True when this row is a compare (a dry run) rather than a transfer. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isCompare() {
    return "compare".equals(kind);
  }
}

package dev.dbsync.engine.connections;

import dev.dbsync.engine.link.Cidr;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a permanent connection may do; each field null (or empty) for no limit. Every one is
 * checked on every request ({@link ConnectionPolicy}), not only at connect.
 *
 * @param allowedHoursUtc "HH-HH" in UTC, start inclusive, end exclusive; may wrap past
 *     midnight ("22-06")
 * @param allowedAddresses client addresses or CIDR blocks ("10.0.0.0/8", "2001:db8::/32")
 * @param requiresApproval whether each whole-table read waits for the sender's approval
 *     (except the {@code noApprovalTables}); null or false for none
 * @param masks columns this connection's reads leave masked, as {@code TABLE.COLUMN=RULE}
 *     (on top of the share's own masks)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConnectionSettings(
    @JsonProperty("allowed_tables") List<String> allowedTables,
    @JsonProperty("excluded_tables") List<String> excludedTables,
    @JsonProperty("no_approval_tables") List<String> noApprovalTables,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("max_downloads") Long maxDownloads,
    @JsonProperty("max_records_total") Long maxRecordsTotal,
    @JsonProperty("max_records_per_request") Long maxRecordsPerRequest,
    @JsonProperty("requests_per_minute") Integer requestsPerMinute,
    @JsonProperty("allowed_addresses") List<String> allowedAddresses,
    @JsonProperty("allowed_hours_utc") String allowedHoursUtc,
    @JsonProperty("requires_approval") Boolean requiresApproval,
    List<String> masks) {

  /** Settings without masks. */
  public ConnectionSettings(List<String> allowedTables, List<String> excludedTables,
      List<String> noApprovalTables, Instant expiresAt, Long maxDownloads,
      Long maxRecordsTotal, Long maxRecordsPerRequest, Integer requestsPerMinute,
      List<String> allowedAddresses, String allowedHoursUtc, Boolean requiresApproval) {
    this(allowedTables, excludedTables, noApprovalTables, expiresAt, maxDownloads,
        maxRecordsTotal, maxRecordsPerRequest, requestsPerMinute, allowedAddresses,
        allowedHoursUtc, requiresApproval, null);
  }

  public ConnectionSettings {
    allowedTables = allowedTables == null ? List.of() : List.copyOf(allowedTables);
    excludedTables = excludedTables == null ? List.of() : List.copyOf(excludedTables);
    noApprovalTables = noApprovalTables == null ? List.of() : List.copyOf(noApprovalTables);
    allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
    masks = masks == null ? List.of() : List.copyOf(masks);
    dev.dbsync.engine.mask.MaskRules.parse(masks, null); // a malformed rule is refused now
    if (allowedHoursUtc != null
        && !allowedHoursUtc.matches("([01]?\\d|2[0-3])-([01]?\\d|2[0-4])")) {
      throw new IllegalArgumentException("Allowed hours are HH-HH in UTC, e.g. 08-18 or 22-06.");
    }
    for (String a : allowedAddresses) {
      Cidr.parse(a); // refuses a malformed block now, not at the first request
    }
  }

  public static ConnectionSettings none() {
    return new ConnectionSettings(null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /** The same settings with these masks. */
  public ConnectionSettings withMasks(List<String> newMasks) {
    return new ConnectionSettings(allowedTables, excludedTables, noApprovalTables, expiresAt,
        maxDownloads, maxRecordsTotal, maxRecordsPerRequest, requestsPerMinute,
        allowedAddresses, allowedHoursUtc, requiresApproval, newMasks);
  }

  /** Whether a whole-table read of {@code table} waits for the sender's approval. */
  public boolean needsApproval(String table) {
    return Boolean.TRUE.equals(requiresApproval) && !noApprovalTables.contains(table);
  }
}

package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A table as listed: its row count (exact or the planner's estimate) and size when known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableInfo(
    String name,
    @JsonProperty("estimated_count") long rowCount,
    @JsonProperty("count_is_estimate") boolean estimated,
    @JsonProperty("size_bytes") Long sizeBytes) {}

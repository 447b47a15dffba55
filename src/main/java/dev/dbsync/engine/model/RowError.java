package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A row that could not be written: its key (the whole row when the table has none) and why.
 * {@code foreignKey} marks a refusal because a referenced row was missing.
 */
public record RowError(JsonNode key, String reason, @JsonIgnore boolean foreignKey) {
  public RowError(JsonNode key, String reason) {
    this(key, reason, false);
  }
}

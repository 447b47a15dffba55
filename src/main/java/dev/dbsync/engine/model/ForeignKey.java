package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A foreign key: {@code columns} of this table reference {@code refColumns} of {@code refTable}. */
public record ForeignKey(
    String name,
    List<String> columns,
    @JsonProperty("ref_table") String refTable,
    @JsonProperty("ref_columns") List<String> refColumns) {}

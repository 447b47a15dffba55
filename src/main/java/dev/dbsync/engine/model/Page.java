package dev.dbsync.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A page of rows in wire form. {@code lastKey} is the primary key of the last row (null for a
 * table without one); {@code hasMore} is true when a full page came back.
 */
public record Page(List<ObjectNode> records, boolean hasMore, List<JsonNode> lastKey) {}

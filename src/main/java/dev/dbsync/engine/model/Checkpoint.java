package dev.dbsync.engine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How far a transfer of one table from one source got: the key of the last row committed
 * (null for a table without a key) and how many source rows were consumed. It is written in
 * the same transaction as the batch it describes, so it never claims more than was written.
 */
public record Checkpoint(String sourceId, String table, JsonNode lastKey, long rowsDone) {}

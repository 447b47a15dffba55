package dev.dbsync.engine.model;

/**
 * The rows of one bucket of a checksum: how many, and the sum of their row hashes (as decimal
 * text, so either end may sum in whatever width it has; only equality is asked of it).
 */
public record BucketSum(int bucket, long count, String sum) {}

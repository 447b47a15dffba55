package dev.dbsync.engine.history;

/** Totals for one connection (or one-time session) or one table. */
public record Stats(String key, long transfers, long completed, long failed, long records,
    long bytes) {}

package dev.dbsync.engine.history;

/** A transfer's running totals. */
public record Counts(long transferred, long created, long updated, long skipped, long failed,
    long bytes) {
  public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
}

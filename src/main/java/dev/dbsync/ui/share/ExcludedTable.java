package dev.dbsync.ui.share;

/** A table that is never offered, and why. */
public record ExcludedTable(String name, String reason) {}

package dev.dbsync.ui.receive.preview;

/**
 * One cell of the compare's sample: a row's key, which kind of row it is ("new", "changed",
 * "only here"), the column and its value here (old) and at the sender (new).
 */
public record ChangeRow(String kind, String key, String column, String oldValue,
    String newValue) {}

package dev.dbsync.engine.subset;

/**
 * A subset that does not fit the source: a table, column, operator or value it names, or a
 * reference it would have to follow into a table the sender does not share. Raised before
 * anything is written; on the command line it is bad usage.
 */
public final class SubsetException extends IllegalArgumentException {
  public SubsetException(String message) {
    super(message);
  }
}

package dev.dbsync.engine;

/**
 * An error the user can act on. The message is meant to be shown as it is: it says what
 * happened and, where it can, what to do.
 */
public class DbSyncException extends RuntimeException {
  public DbSyncException(String message) {
    super(message);
  }

  public DbSyncException(String message, Throwable cause) {
    super(message, cause);
  }
}

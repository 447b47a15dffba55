package dev.dbsync.engine.history;

/**
 * What is known when a transfer starts.
 *
 * @param direction "send" or "receive"
 * @param requested the rows the source holds, or null when unknown
 */
public record NewTransfer(String direction, String connectionName, String sessionCode,
    String remoteAddress, String table, String strategy, String localDatabase, Long requested,
    String requesterAddress, String clientName, String initiatedBy) {

  public NewTransfer {
    if (!"send".equals(direction) && !"receive".equals(direction)) {
      throw new IllegalArgumentException("direction is send or receive, not " + direction);
    }
  }
}

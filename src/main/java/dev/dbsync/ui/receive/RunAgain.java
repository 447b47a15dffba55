package dev.dbsync.ui.receive;

import dev.dbsync.engine.model.Strategy;
import java.util.Map;

/**
 * A transfer from the history to run again: the sender's address, or the saved permanent
 * connection it was made on (else null), and the tables with their strategies.
 */
public record RunAgain(String address, String connection, Map<String, Strategy> choices) {
  public RunAgain {
    choices = Map.copyOf(choices);
  }
}

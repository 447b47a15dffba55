package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.DbSyncException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a peer is told when its request fails: what it needs to act (its own mistake, in plain
 * words: an unknown table, a bad filter), never the sender's internals (the database address,
 * the database user, SQL errors, stack traces). Those go to the sender's log under an error id
 * that the peer is given, so the two users can find the same failure.
 */
final class PeerErrors {
  private static final Logger LOG = LoggerFactory.getLogger(PeerErrors.class);
  private static final SecureRandom IDS = new SecureRandom();

  private PeerErrors() {}

  /** The message for the peer; logs the details when they stay here. */
  static String forPeer(RuntimeException e, String event, String peer) {
    if (e instanceof DbSyncException && !internal(e)) {
      return e.getMessage(); // about the request itself
    }
    byte[] b = new byte[4];
    IDS.nextBytes(b);
    String id = "E-" + HexFormat.of().formatHex(b);
    LOG.warn("error {} answering {} for {}: {}", id, event, peer, e.getMessage(), e);
    return "The sender could not answer " + event + " (error " + id + "). The sender's log "
        + "has the details under that id.";
  }

  /** Whether the failure came from the database or the sender itself, not from the request. */
  private static boolean internal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }
}

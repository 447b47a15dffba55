package dev.dbsync.cli;

import dev.dbsync.engine.connections.ConnectionPull;
import dev.dbsync.engine.connections.SavedConnections;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every receiving command takes: where, with which code, how to trust it. */
final class ReceiverOptions {
  @Option(names = "--from", description = "The sender's address, e.g. "
      + "ws://192.168.1.20:4471 (https/wss when it serves TLS)")
  String from;

  @Option(names = "--code", description = "The one-time code the sender shows")
  String code;

  @Option(names = "--connection", description = "A saved permanent connection (dbsync "
      + "connections save) instead of --from and --code")
  String connection;

  @Option(names = "--password-file", description = "File whose first line is the sender's "
      + "incoming password")
  Path passwordFile;

  @Option(names = "--fingerprint", description = "SHA-256 fingerprint of the sender's "
      + "certificate (accept that certificate and no other)")
  String fingerprint;

  @Option(names = "--compress", description = "Compress the link (permessage-deflate): pays "
      + "on slow networks only; see docs/performance.md")
  boolean compress;

  @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for each "
      + "answer (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** On a saved permanent connection: its pull, which connects and settles approvals. */
  ConnectionPull pull(HistoryStore history) {
    return connection == null ? null : new ConnectionPull(history, connection,
        ConnectionsCommand.actor());
  }

  /** The sender's address: as given, or as the saved connection keeps it. */
  String address(HistoryStore history) {
    return connection == null ? from : SavedConnections.of(history).require(connection).address();
  }

  /**
   * Connects with a one-time code, or on the saved connection; while the sender's user has
   * to approve, says so on {@code err}.
   */
  SyncClient connect(java.io.PrintWriter err, HistoryStore history) {
    if (connection != null) {
      if (code != null || from != null) {
        throw new IllegalArgumentException("--connection replaces --from and --code; give one "
            + "or the other.");
      }
      return pull(history).connect(options(err));
    }
    if (from == null || code == null) {
      throw new IllegalArgumentException("Give --from and --code (the sender's address and "
          + "one-time code), or --connection NAME for a saved permanent connection.");
    }
    if (!dev.dbsync.engine.link.Codes.isWellFormed(dev.dbsync.engine.link.Codes.normalize(code))) {
      throw new IllegalArgumentException("A code is 8 characters from "
          + dev.dbsync.engine.link.Codes.ALPHABET + "; '" + code + "' is not one.");
    }
    try {
      dev.dbsync.engine.link.WsUrl.base(from);
    } catch (dev.dbsync.engine.DbSyncException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return SyncClient.connect(from, code, options(err));
  }

  private ConnectOptions options(java.io.PrintWriter err) {
    Runnable onPending = () -> {
      err.println("Waiting for the sender to approve this connection...");
      err.flush();
    };
    ConnectOptions o = ConnectOptions.defaults()
        .withTimeouts(java.time.Duration.ofSeconds(timeoutSeconds),
            java.time.Duration.ofMinutes(10))
        .fromThisComputer("dbsync CLI")
        .withFingerprint(fingerprint)
        .withOnPending(onPending)
        .withCompression(compress);
    if (passwordFile != null) {
      o = o.withPassword(Cli.firstLine(passwordFile));
    }
    return o;
  }
}

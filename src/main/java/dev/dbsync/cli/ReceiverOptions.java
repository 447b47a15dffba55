package dev.dbsync.cli;

import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every receiving command takes: where, with which code, how to trust it. */
final class ReceiverOptions {
  @Option(names = "--from", required = true, description = "The sender's address, e.g. "
      + "ws://192.168.1.20:4471 (https/wss when it serves TLS)")
  String from;

  @Option(names = "--code", required = true, description = "The one-time code the sender shows")
  String code;

  @Option(names = "--password-file", description = "File whose first line is the sender's "
      + "incoming password")
  Path passwordFile;

  @Option(names = "--fingerprint", description = "SHA-256 fingerprint of the sender's "
      + "certificate (accept that certificate and no other)")
  String fingerprint;

  @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for each "
      + "answer (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** Connects; while the sender's user has to approve, says so on {@code err}. */
  SyncClient connect(java.io.PrintWriter err) {
    Runnable onPending = () -> {
      err.println("Waiting for the sender to approve this connection...");
      err.flush();
    };
    ConnectOptions o = ConnectOptions.defaults()
        .withTimeouts(java.time.Duration.ofSeconds(timeoutSeconds),
            java.time.Duration.ofMinutes(10))
        .fromThisComputer("dbsync CLI")
        .withFingerprint(fingerprint)
        .withOnPending(onPending);
    if (passwordFile != null) {
      o = o.withPassword(Cli.firstLine(passwordFile));
    }
    return SyncClient.connect(from, code, o);
  }
}

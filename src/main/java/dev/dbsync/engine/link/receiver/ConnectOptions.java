package dev.dbsync.engine.link.receiver;

import java.time.Duration;
import java.util.Map;

/**
 * How a receiver connects.
 *
 * @param timeout how long each request may take
 * @param receiverInfo what the sender's user will see of us (site_url, project_title,
 *     user_email, user_name)
 * @param password the sender's incoming password, when it asks for one
 * @param fingerprint the SHA-256 fingerprint of the sender's certificate, for wss
 * @param approvalWait how long to wait for the sender's user to approve us
 * @param onPending called once if the sender's user must approve the connection first
 * @param compress ask for a compressed link (docs/performance.md says when it pays)
 */
public record ConnectOptions(Duration timeout, Map<String, String> receiverInfo, String password,
    String fingerprint, Duration approvalWait, Runnable onPending, boolean compress) {

  public static ConnectOptions defaults() {
    return new ConnectOptions(Duration.ofSeconds(30), Map.of(), null, null,
        Duration.ofMinutes(5), () -> { }, false);
  }

  /** Asks the sender to compress the link (permessage-deflate): for slow networks. */
  public ConnectOptions withCompression(boolean on) {
    return new ConnectOptions(timeout, receiverInfo, password, fingerprint, approvalWait,
        onPending, on);
  }

  /**
   * What the sender's user sees of this computer: the user name, the host name, and which
   * face connects ({@code face}, e.g. "DB Sync desktop").
   */
  public ConnectOptions fromThisComputer(String face) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown host";
    }
    return withReceiverInfo(Map.of("user_name", System.getProperty("user.name", "someone"),
        "project_title", face, "site_url", host));
  }

  public ConnectOptions withPassword(String p) {
    return new ConnectOptions(timeout, receiverInfo, p, fingerprint, approvalWait, onPending,
        compress);
  }

  public ConnectOptions withFingerprint(String f) {
    return new ConnectOptions(timeout, receiverInfo, password, f, approvalWait, onPending,
        compress);
  }

  public ConnectOptions withReceiverInfo(Map<String, String> info) {
    return new ConnectOptions(timeout, info, password, fingerprint, approvalWait, onPending,
        compress);
  }

  public ConnectOptions withTimeouts(Duration t, Duration approval) {
    return new ConnectOptions(t, receiverInfo, password, fingerprint, approval, onPending,
        compress);
  }

  public ConnectOptions withOnPending(Runnable r) {
    return new ConnectOptions(timeout, receiverInfo, password, fingerprint, approvalWait, r,
        compress);
  }
}

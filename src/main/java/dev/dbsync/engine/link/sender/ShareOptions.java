package dev.dbsync.engine.link.sender;

import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How a database is shared.
 *
 * @param bindAddress the address to listen on ("0.0.0.0" for every interface)
 * @param port the port, or 0 for any free one
 * @param mode who may connect
 * @param passwordHash the incoming password's hash, for {@link IncomingMode#REQUIRE_PASSWORD}
 * @param once stop issuing codes after the first one is used
 * @param codeLifetime how long an unused code stays valid
 * @param approvalTimeout how long a receiver waits for approval before it is denied
 * @param tls the TLS context to serve wss with, or null for plain ws
 * @param fingerprint the SHA-256 fingerprint of the served certificate, or null
 * @param extensions offer our extensions; false behaves exactly like a base-layer
 *     (PhoenixKit) sender, for peers that want nothing else
 * @param connections the permanent connections served (tokens), or null for codes only
 * @param limits what any peer is allowed: sockets, timeouts, trusted proxies
 * @param masking the columns that leave masked, and the key they are masked with
 */
public record ShareOptions(String bindAddress, int port, IncomingMode mode, String passwordHash,
    boolean once, Duration codeLifetime, Duration approvalTimeout, SSLContext tls,
    String fingerprint, Clock clock, boolean extensions, ConnectionGate connections,
    ShareLimits limits, dev.dbsync.engine.mask.Masking masking) {

  public ShareOptions {
    limits = limits == null ? ShareLimits.defaults() : limits;
    masking = masking == null ? dev.dbsync.engine.mask.Masking.none() : masking;
  }

  public static final int DEFAULT_PORT = 4471;

  public static ShareOptions defaults() {
    return new ShareOptions("0.0.0.0", DEFAULT_PORT, IncomingMode.REQUIRE_APPROVAL, null, false,
        Duration.ofMinutes(15), Duration.ofMinutes(5), null, null, Clock.systemUTC(), true, null,
        null, null);
  }

  public ShareOptions withBind(String address, int newPort) {
    return new ShareOptions(address, newPort, mode, passwordHash, once, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, extensions, connections, limits, masking);
  }

  public ShareOptions withMode(IncomingMode newMode, String newPasswordHash) {
    return new ShareOptions(bindAddress, port, newMode, newPasswordHash, once, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, extensions, connections, limits, masking);
  }

  public ShareOptions withOnce(boolean newOnce) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, newOnce, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, extensions, connections, limits, masking);
  }

  public ShareOptions withTimes(Duration newCodeLifetime, Duration newApprovalTimeout,
      Clock newClock) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, once, newCodeLifetime,
        newApprovalTimeout, tls, fingerprint, newClock, extensions, connections, limits, masking);
  }

  public ShareOptions withExtensions(boolean offer) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, once, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, offer, connections, limits, masking);
  }

  public ShareOptions withTls(SSLContext context, String newFingerprint) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, once, codeLifetime,
        approvalTimeout, context, newFingerprint, clock, extensions, connections, limits, masking);
  }

  /** Serves the permanent connections {@code gate} keeps, besides one-time codes. */
  public ShareOptions withConnections(ConnectionGate gate) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, once, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, extensions, gate, limits, masking);
  }

  public ShareOptions withLimits(ShareLimits newLimits) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, once, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, extensions, connections, newLimits, masking);
  }

  public ShareOptions withMasking(dev.dbsync.engine.mask.Masking newMasking) {
    return new ShareOptions(bindAddress, port, mode, passwordHash, once, codeLifetime,
        approvalTimeout, tls, fingerprint, clock, extensions, connections, limits, newMasking);
  }
}

package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.link.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * What a share allows any peer, authorised or not, so that nobody can bring it down, bloat it
 * or hold it: sockets in all and per address, how long a socket may take to upgrade and to
 * join, how long a receiver may stay idle or connected, and which proxies may name the client
 * address ({@code X-Forwarded-For}).
 *
 * @param maxConnections sockets open at once, upgraded or not
 * @param maxPerAddress sockets open at once from one address
 * @param handshakeTimeout a socket that has not upgraded by then is closed
 * @param joinTimeout an upgraded socket that has not joined by then is closed
 * @param idleTimeout a receiver that asks nothing for this long is disconnected
 * @param maxSession a receiver's session ends after this long (null: no limit); its snapshot
 *     ends with it
 * @param trustedProxies addresses or CIDR blocks of the proxies whose {@code X-Forwarded-For}
 *     is believed; from anyone else the socket's own address counts
 * @param maxLanes tables one receiver may read at once ("lanes", each a connection to the
 *     shared database in the receiver's snapshot); 1 reads one table after another
 */
public record ShareLimits(int maxConnections, int maxPerAddress, Duration handshakeTimeout,
    Duration joinTimeout, Duration idleTimeout, Duration maxSession,
    List<String> trustedProxies, int maxLanes) {

  /** Lanes a share gives each receiver unless told: two per core, from 2 to 8. */
  public static final int DEFAULT_LANES = Math.max(2, Math.min(8,
      2 * Runtime.getRuntime().availableProcessors()));

  /** Most lanes a share may give one receiver. */
  public static final int MAX_LANES = 32;

  public ShareLimits {
    if (maxLanes < 1 || maxLanes > MAX_LANES) {
      throw new IllegalArgumentException("The lanes per receiver must be between 1 and "
          + MAX_LANES + ".");
    }
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    for (String p : trustedProxies) {
      if (!Cidr.isValid(p)) {
        throw new IllegalArgumentException("'" + p + "' is not an address or CIDR block.");
      }
    }
  }

  public static ShareLimits defaults() {
    return new ShareLimits(128, 16, Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofMinutes(30), null, List.of(), DEFAULT_LANES);
  }

  public ShareLimits withMaxSession(Duration d) {
    return new ShareLimits(maxConnections, maxPerAddress, handshakeTimeout, joinTimeout,
        idleTimeout, d, trustedProxies, maxLanes);
  }

  public ShareLimits withTrustedProxies(List<String> proxies) {
    return new ShareLimits(maxConnections, maxPerAddress, handshakeTimeout, joinTimeout,
        idleTimeout, maxSession, proxies, maxLanes);
  }

  public ShareLimits withConnections(int total, int perAddress) {
    return new ShareLimits(total, perAddress, handshakeTimeout, joinTimeout, idleTimeout,
        maxSession, trustedProxies, maxLanes);
  }

  public ShareLimits withTimeouts(Duration handshake, Duration join, Duration idle) {
    return new ShareLimits(maxConnections, maxPerAddress, handshake, join, idle, maxSession,
        trustedProxies, maxLanes);
  }

  /** Tables one receiver may read at once. */
  public ShareLimits withMaxLanes(int lanes) {
    return new ShareLimits(maxConnections, maxPerAddress, handshakeTimeout, joinTimeout,
        idleTimeout, maxSession, trustedProxies, lanes);
  }

  /** Whether {@code address} is one of the trusted proxies. */
  public boolean trusts(String address) {
    return trustedProxies.stream().anyMatch(p -> Cidr.contains(p, address));
  }
}

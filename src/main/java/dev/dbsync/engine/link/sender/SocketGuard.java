package dev.dbsync.engine.link.sender;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.WebSocketServerFactory;

/**
 * Every socket the sender accepts, from the first byte: at most {@link ShareLimits#maxConnections}
 * open at once and {@link ShareLimits#maxPerAddress} from one address (a socket beyond is closed
 * as soon as it is accepted), and a socket that has not upgraded within
 * {@link ShareLimits#handshakeTimeout} is closed. So idle or slow sockets cannot use up the
 * sender's file descriptors or memory, and the listener keeps accepting.
 */
final class SocketGuard implements WebSocketServerFactory {
  private record Entry(String address, long since) {}

  /** How long a socket may stay half-closed (our close frame sent, no answer) before it goes. */
  static final long CLOSING_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final WebSocketServerFactory inner;
  private final ShareLimits limits;
  private final Map<WebSocketImpl, Entry> sockets = new ConcurrentHashMap<>();
  private final AtomicLong turnedAway = new AtomicLong();
  private final Map<WebSocketImpl, Long> closingSince = new ConcurrentHashMap<>();

  SocketGuard(WebSocketServerFactory inner, ShareLimits limits) {
    this.inner = inner;
    this.limits = limits;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
    return inner.createWebSocket(a, d);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> drafts) {
    return inner.createWebSocket(a, drafts);
  }

  /** Counts the new socket, or closes it at once when it would pass a limit. */
  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    String address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress()
        .getHostAddress();
    forgetClosed();
    long fromThere = sockets.values().stream().filter(e -> e.address().equals(address)).count();
    if (sockets.size() >= limits.maxConnections() || fromThere >= limits.maxPerAddress()) {
      turnedAway.incrementAndGet();
      throw new IOException("too many connections"); // the library closes the socket
    }
    sockets.put((WebSocketImpl) key.attachment(), new Entry(address, System.nanoTime()));
    return inner.wrapChannel(channel, key);
  }

  @Override
  public void close() {
    inner.close();
  }

  /**
   * Closes the sockets that did not upgrade in time and those left half-closed (a close frame
   * sent, the peer never answering, the library still waiting); forgets the closed ones.
   */
  void sweep() {
    long now = System.nanoTime();
    long limit = limits.handshakeTimeout().toNanos();
    closingSince.keySet().removeIf(ws -> !sockets.containsKey(ws));
    sockets.forEach((ws, e) -> {
      if (ws.isClosed()) {
        sockets.remove(ws);
        closingSince.remove(ws);
      } else if (ws.isClosing()) {
        long since = closingSince.computeIfAbsent(ws, k -> now);
        if (now - since > CLOSING_NANOS) {
          ws.closeConnection(CloseFrame.ABNORMAL_CLOSE, "no answer to the close within "
              + TimeUnit.NANOSECONDS.toSeconds(CLOSING_NANOS) + " s");
          sockets.remove(ws);
          closingSince.remove(ws);
        }
      } else if (!ws.isOpen() && now - e.since() > limit) {
        ws.closeConnection(CloseFrame.NEVER_CONNECTED, "no upgrade within "
            + TimeUnit.NANOSECONDS.toSeconds(limit) + " s");
        sockets.remove(ws);
      }
    });
  }

  private void forgetClosed() {
    sockets.keySet().removeIf(WebSocketImpl::isClosed);
  }

  /** Sockets open now (upgraded or not). */
  int open() {
    forgetClosed();
    return sockets.size();
  }

  /** Sockets closed at once because they would have passed a limit. */
  long turnedAway() {
    return turnedAway.get();
  }
}

package dev.dbsync.support;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A bare WebSocket client that sends exactly what a test writes and keeps what comes back. */
public final class RawClient extends WebSocketClient implements AutoCloseable {
  public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  public volatile int closeCode = -1;
  public volatile String closeReason;
  public volatile Exception error;

  public RawClient(String url) {
    super(URI.create(url));
  }

  /** A client that offers {@code permessage-deflate} (the library's own, unguarded). */
  public static RawClient compressing(String url) throws InterruptedException {
    RawClient c = new RawClient(URI.create(url), new org.java_websocket.drafts.Draft_6455(
        new org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension()));
    if (!c.connectBlocking(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("could not connect: " + c.error);
    }
    return c;
  }

  private RawClient(URI uri, org.java_websocket.drafts.Draft draft) {
    super(uri, draft);
  }

  public static RawClient open(String url) throws InterruptedException {
    RawClient c = new RawClient(url);
    if (!c.connectBlocking(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("could not connect: " + c.error);
    }
    return c;
  }

  /** The next message, or fails the test after 5 seconds. */
  public String next() throws InterruptedException {
    String m = received.poll(5, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message within 5 s");
    }
    return m;
  }

  @Override
  public void onOpen(ServerHandshake h) {}

  @Override
  public void onMessage(String message) {
    received.add(message);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
    closeReason = reason;
  }

  @Override
  public void onError(Exception ex) {
    error = ex;
  }
}

package dev.dbsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port in front of a real sender, for fault tests. {@link #freeze}
 * makes it stop forwarding in both directions while keeping every socket open, as a laptop
 * that sleeps, a VPN that drops or a NAT entry that times out does: no FIN, no RST, nothing.
 */
public final class FreezingProxy implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;
  private volatile boolean closed;

  public FreezingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    // small buffers: what is already in flight when the link freezes stays small, as on a
    // real network, instead of the megabytes loopback would buffer
    listener.setReceiveBufferSize(BUFFER);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(this::accept, "freezing-proxy");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  public String url() {
    return "ws://127.0.0.1:" + port();
  }

  /** Stops forwarding, silently, both ways; sockets stay open. */
  public void freeze() {
    frozen = true;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        client.setSendBufferSize(BUFFER);
        Socket server = new Socket();
        server.setReceiveBufferSize(BUFFER);
        server.setSendBufferSize(BUFFER);
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        while (!closed) {
          if (frozen) {
            Thread.sleep(50); // read nothing more: the kernel's buffers fill, then TCP stalls
            continue;
          }
          int n = in.read(buf);
          if (n < 0) {
            to.shutdownOutput();
            return;
          }
          if (frozen) {
            continue; // what was read while freezing is lost, as on a dead network
          }
          out.write(buf, 0, n);
        }
      } catch (IOException | InterruptedException e) {
        // one side went away
      }
    }, "freezing-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}

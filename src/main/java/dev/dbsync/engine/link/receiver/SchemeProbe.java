package dev.dbsync.engine.link.receiver;

import dev.dbsync.engine.link.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Finds out whether a sender speaks plain {@code ws} or {@code wss} by asking it a plain HTTP
 * question (no upgrade, so the sender admits nobody and counts no attempt): a plain sender
 * answers in HTTP, a TLS sender cannot. Bounded by the given time.
 */
final class SchemeProbe {
  /** What the probe found. */
  enum Answer { PLAIN, NOT_PLAIN, NOBODY }

  private SchemeProbe() {}

  static Answer ask(String host, int port, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), millis);
      s.setSoTimeout(millis);
      s.getOutputStream().write(("GET " + Protocol.PATH + " HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[5];
      int n = readFully(s.getInputStream(), head);
      return n == 5 && new String(head, StandardCharsets.US_ASCII).equals("HTTP/")
          ? Answer.PLAIN : Answer.NOT_PLAIN;
    } catch (java.net.SocketTimeoutException e) {
      return Answer.NOT_PLAIN;
    } catch (IOException e) {
      return s(e);
    }
  }

  private static Answer s(IOException e) {
    return e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
        || e instanceof java.net.NoRouteToHostException ? Answer.NOBODY : Answer.NOT_PLAIN;
  }

  private static int readFully(InputStream in, byte[] b) throws IOException {
    int n = 0;
    while (n < b.length) {
      int r = in.read(b, n, b.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }
}

package dev.dbsync.engine.link;

import dev.dbsync.engine.DbSyncException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turns the address a user typed into the link's WebSocket URL, as the contract says. */
public final class WsUrl {
  private WsUrl() {}

  /**
   * {@code https -> wss}, {@code http -> ws}, a missing or unknown scheme {@code -> wss};
   * {@code /sync/websocket} is appended unless the path already ends with it.
   */
  public static URI base(String typed) {
    if (typed == null || typed.isBlank()) {
      throw new DbSyncException("Enter the sender's address, for example ws://192.168.1.20:4471.");
    }
    String t = typed.trim();
    String scheme = "wss";
    String rest = t;
    int sep = t.indexOf("://");
    if (sep > 0) {
      String given = t.substring(0, sep).toLowerCase(Locale.ROOT);
      rest = t.substring(sep + 3);
      scheme = switch (given) {
        case "http", "ws" -> "ws";
        default -> "wss";
      };
    }
    URI uri;
    try {
      uri = URI.create(scheme + "://" + rest);
    } catch (IllegalArgumentException e) {
      throw new DbSyncException("'" + typed + "' is not a usable address.");
    }
    if (uri.getHost() == null) {
      throw new DbSyncException("'" + typed + "' has no host name.");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.endsWith(Protocol.PATH)) {
      path = path + Protocol.PATH;
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  public static URI withCode(String typed, String code, String password) {
    StringBuilder q = new StringBuilder("?code=").append(enc(code)).append("&vsn=2.0.0");
    if (password != null) {
      q.append("&password=").append(enc(password));
    }
    return URI.create(base(typed) + q.toString());
  }

  /** A permanent connection's address: its token (and download password) in the query. */
  public static URI withToken(String typed, String token, String password) {
    StringBuilder q = new StringBuilder("?token=").append(enc(token)).append("&vsn=2.0.0");
    if (password != null) {
      q.append("&password=").append(enc(password));
    }
    return URI.create(base(typed) + q.toString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package dev.dbsync.engine.connections;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.history.HistoryJson;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.Jdbc;
import dev.dbsync.engine.link.sender.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The permanent connections a sender serves, in the history file: created with a token of 32
 * random bytes (base64url) that is shown once and kept only as its SHA-256; an optional
 * download password kept as a PBKDF2 hash; status moves and every change audited; limits
 * enforced by {@link ConnectionPolicy}, and a connection past them marked expired by itself.
 */
public final class Connections {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final java.sql.Connection c;
  /** The store whose file holds them: its monitor guards the file, its trail the audit. */
  private final HistoryStore store;
  private final Clock clock;
  private final ConnectionPolicy policy = new ConnectionPolicy();

  /** The one policy (and so the one request-rate count) of these connections. */
  ConnectionPolicy policy() {
    return policy;
  }

  /** A new or rotated connection with its token: the only time the token is seen. */
  public record Created(Connection connection, String token) {}

  /** The permanent connections kept in this history file (one object per open store). */
  public static Connections of(HistoryStore store) {
    return store.part(Connections.class, Connections::new);
  }

  /** On the store's own connection, under its monitor, audited in its trail. */
  private Connections(HistoryStore store) {
    this.c = store.sqlConnection();
    this.store = store;
    this.clock = store.clock();
  }

  public Created create(String name, ConnectionSettings settings, String password,
      String actor) {
    if (name == null || !name.matches("[\\p{L}\\p{N}_.@ -]{1,80}")) {
      throw new IllegalArgumentException("A connection's name is 1 to 80 letters, digits, "
          + "spaces or _.@- (the receiver's name, e.g. 'ann-laptop').");
    }
    synchronized (store) {
      if (get(name).isPresent()) {
        throw new IllegalArgumentException("There is already a connection named '" + name
            + "'.");
      }
      String token = newToken();
      String now = clock.instant().toString();
      long id = Jdbc.insert(c, "INSERT INTO connections (name, token_hash, password_hash, "
          + "status, settings, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?)",
          name, hash(token), password == null || password.isEmpty() ? null
              : PasswordHash.hash(password), json(settings), now, now);
      store.auditEntry("connection", id, "created", actor, "active");
      return new Created(get(name).orElseThrow(), token);
    }
  }

  /**
   * Replaces a connection's settings (and its download password, unless {@code password} is
   * null: "" removes it). They apply from the receiver's next request.
   */
  public Connection update(String name, ConnectionSettings settings, String password,
      String actor) {
    synchronized (store) {
      Connection conn = require(name);
      Jdbc.update(c, "UPDATE connections SET settings = ?, updated_at = ? WHERE id = ?",
          json(settings), clock.instant().toString(), conn.id());
      if (password != null) {
        Jdbc.update(c, "UPDATE connections SET password_hash = ? WHERE id = ?",
            password.isEmpty() ? null : PasswordHash.hash(password), conn.id());
      }
      store.auditEntry("connection", conn.id(), "settings changed", actor, json(settings)
          + (password == null ? "" : password.isEmpty() ? " (password removed)"
              : " (password changed)"));
      return require(name);
    }
  }

  /** A new token for {@code name}; the old one stops working at once. */
  public Created rotateToken(String name, String actor) {
    synchronized (store) {
      Connection conn = require(name);
      String token = newToken();
      Jdbc.update(c, "UPDATE connections SET token_hash = ?, updated_at = ? WHERE id = ?",
          hash(token), clock.instant().toString(), conn.id());
      store.auditEntry("connection", conn.id(), "token rotated", actor, null);
      return new Created(require(name), token);
    }
  }

  public void move(String name, ConnectionStatus to, String actor, String reason) {
    synchronized (store) {
      Connection conn = require(name);
      if (!conn.status().canMoveTo(to)) {
        throw new IllegalStateException("Connection '" + name + "' is "
            + conn.status().wireName() + "; it cannot become " + to.wireName() + ".");
      }
      Jdbc.update(c, "UPDATE connections SET status = ?, updated_at = ? WHERE id = ?",
          to.wireName(), clock.instant().toString(), conn.id());
      store.auditEntry("connection", conn.id(), conn.status().wireName() + " -> "
          + to.wireName(), actor, reason);
    }
  }

  public void delete(String name, String actor) {
    synchronized (store) {
      Connection conn = require(name);
      Jdbc.update(c, "DELETE FROM connections WHERE id = ?", conn.id());
      store.auditEntry("connection", conn.id(), "deleted", actor, name);
    }
  }

  /**
   * Decides one request made with {@code token}: the connection it opens, or the reason it is
   * refused. A connection found past its expiry or limits is marked expired on the way.
   */
  public Authorized authorize(String token, String password, String table, long records,
      String clientAddress) {
    synchronized (store) {
      Optional<Connection> found = byTokenHash(hash(token));
      if (found.isEmpty()) {
        return new Authorized(null, ConnectionPolicy.Decision.no("Invalid token",
            "Unknown or rotated token."));
      }
      Connection conn = found.get();
      String stored = passwordHash(conn.id());
      if (stored != null && (password == null || !PasswordHash.verify(password, stored))) {
        return new Authorized(conn, password == null
            ? ConnectionPolicy.Decision.no("Password required",
                "This connection needs its download password.")
            : ConnectionPolicy.Decision.no("Invalid password", "The password is wrong."));
      }
      ConnectionPolicy.Decision d = policy.check(conn, table, records, clientAddress,
          clock.instant());
      if (d.expire()) {
        move(conn.name(), ConnectionStatus.EXPIRED, "dbsync", d.reason());
      }
      return new Authorized(conn, d);
    }
  }

  /** The outcome of {@link #authorize}: the connection (when the token matched) and why. */
  public record Authorized(Connection connection, ConnectionPolicy.Decision decision) {}

  /**
   * Counts {@code records} more sent on a connection; refuses (and expires the connection)
   * when they would cross its total, so a stream that crosses it stops there.
   */
  public ConnectionPolicy.Decision sent(String name, long records) {
    synchronized (store) {
      Connection conn = require(name);
      ConnectionPolicy.Decision d = policy.records(conn, records);
      if (!d.allowed()) {
        move(name, ConnectionStatus.EXPIRED, "dbsync", d.reason());
        return d;
      }
      Jdbc.update(c, "UPDATE connections SET records_total = records_total + ?, "
          + "last_used_at = ? WHERE id = ?", records, clock.instant().toString(), conn.id());
      return d;
    }
  }

  /** Counts one whole-table download on a connection. */
  public void downloaded(String name) {
    synchronized (store) {
      Jdbc.update(c, "UPDATE connections SET downloads = downloads + 1, last_used_at = ? "
          + "WHERE name = ?", clock.instant().toString(), name);
    }
  }

  /** Every connection, those past their expiry or limits marked expired first. */
  public List<Connection> list() {
    synchronized (store) {
      expireDue();
      return query("SELECT * FROM connections ORDER BY name", List.of());
    }
  }

  /** Marks the usable connections that are past their expiry or limits as expired. */
  public void expireDue() {
    synchronized (store) {
      for (Connection conn : query("SELECT * FROM connections WHERE status IN ('active', "
          + "'suspended')", List.of())) {
        ConnectionPolicy.Decision d = policy.usable(conn.status() == ConnectionStatus.SUSPENDED
            ? withStatus(conn, ConnectionStatus.ACTIVE) : conn, clock.instant());
        if (d.expire()) {
          move(conn.name(), ConnectionStatus.EXPIRED, "dbsync", d.reason());
        }
      }
    }
  }

  private static Connection withStatus(Connection c, ConnectionStatus s) {
    return new Connection(c.id(), c.name(), s, c.settings(), c.hasPassword(), c.downloads(),
        c.recordsTotal(), c.createdAt(), c.updatedAt(), c.lastUsedAt());
  }

  public Optional<Connection> get(String name) {
    synchronized (store) {
      return query("SELECT * FROM connections WHERE name = ?", List.of(name)).stream()
          .findFirst();
    }
  }

  private Connection require(String name) {
    return get(name).orElseThrow(() -> new DbSyncException("There is no connection named '"
        + name + "'."));
  }

  private Optional<Connection> byTokenHash(String h) {
    return query("SELECT * FROM connections WHERE token_hash = ?", List.of(h)).stream()
        .findFirst();
  }

  /** Whether {@code token} is the current token of connection {@code id}. */
  boolean tokenMatches(long id, String token) {
    synchronized (store) {
      try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT token_hash FROM "
          + "connections WHERE id = ?"), id); ResultSet rs = ps.executeQuery()) {
        return rs.next() && MessageDigest.isEqual(rs.getString(1).getBytes(
            StandardCharsets.US_ASCII), hash(token).getBytes(StandardCharsets.US_ASCII));
      } catch (SQLException e) {
        throw new DbSyncException("The connections could not be read: " + e.getMessage(), e);
      }
    }
  }

  private String passwordHash(long id) {
    try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT password_hash FROM "
        + "connections WHERE id = ?"), id); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new DbSyncException("The connections could not be read: " + e.getMessage(), e);
    }
  }

  private List<Connection> query(String sql, List<Object> args) {
    List<Connection> out = new ArrayList<>();
    try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(sql), args.toArray());
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Connection(rs.getLong("id"), rs.getString("name"),
            ConnectionStatus.parse(rs.getString("status")),
            HistoryJson.JSON.readValue(rs.getString("settings"), ConnectionSettings.class),
            rs.getString("password_hash") != null, rs.getLong("downloads"),
            rs.getLong("records_total"), Instant.parse(rs.getString("created_at")),
            Instant.parse(rs.getString("updated_at")), rs.getString("last_used_at") == null
                ? null : Instant.parse(rs.getString("last_used_at"))));
      }
      return out;
    } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DbSyncException("The connections could not be read: " + e.getMessage(), e);
    }
  }

  private static String json(ConnectionSettings s) {
    try {
      return HistoryJson.JSON.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

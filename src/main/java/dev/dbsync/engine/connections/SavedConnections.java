package dev.dbsync.engine.connections;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.Jdbc;
import dev.dbsync.engine.workspace.SecretBox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The permanent connections this computer pulls with (the receiver's side), in the history
 * file: the sender's address, the token and download password sealed with the data folder's
 * key (never plain text), and the status last learnt from the sender. Every change audited.
 */
public final class SavedConnections {
  private final java.sql.Connection c;
  private final HistoryStore store;
  private final Clock clock;
  private final java.nio.file.Path keyFile;
  private SecretBox box;

  /** A saved connection's secrets, opened. */
  public record Secrets(String token, String password) {}

  /**
   * The permanent connections this computer pulls with, kept in this history file, their
   * secrets sealed with the data folder's key (one object per open store).
   */
  public static SavedConnections of(HistoryStore store) {
    return store.part(SavedConnections.class, SavedConnections::new);
  }

  /** On the store's own connection; secrets sealed with its data folder's key. */
  private SavedConnections(HistoryStore store) {
    this.c = store.sqlConnection();
    this.store = store;
    this.clock = store.clock();
    this.keyFile = store.dataDir().resolve("secret.key");
  }

  /** The data folder's key, opened (made the first time) only when a secret is needed. */
  private synchronized SecretBox box() {
    if (box == null) {
      box = SecretBox.open(keyFile);
    }
    return box;
  }

  /**
   * Saves a connection a sender created for this computer; saving an existing name again
   * replaces its address, token and password (after the sender rotated the token).
   */
  public SavedConnection save(String name, String address, String token, String password,
      String fingerprint, String actor) {
    if (name == null || !name.matches("[\\p{L}\\p{N}_.@ -]{1,80}")) {
      throw new IllegalArgumentException("A saved connection's name is 1 to 80 letters, "
          + "digits, spaces or _.@- (e.g. 'prod').");
    }
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      throw new IllegalArgumentException("A connection token is 43 characters (letters, "
          + "digits, - and _), as the sender's 'connections create' printed it.");
    }
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("Give the sender's address, e.g. ws://host:4471.");
    }
    String now = clock.instant().toString();
    String sealedPassword = password == null || password.isEmpty() ? null
        : box().seal(password);
    synchronized (store) {
      Optional<SavedConnection> old = get(name);
      if (old.isPresent()) {
        Jdbc.update(c, "UPDATE saved_connections SET address = ?, token_sealed = ?, "
            + "password_sealed = ?, fingerprint = ?, status = 'active', status_reason = NULL, "
            + "updated_at = ? WHERE id = ?", address.trim(), box().seal(token),
            sealedPassword, fingerprint, now, old.get().id());
        store.auditEntry("saved_connection", old.get().id(), "token replaced", actor,
            address.trim());
      } else {
        long id = Jdbc.insert(c, "INSERT INTO saved_connections (name, address, token_sealed, "
            + "password_sealed, fingerprint, status, created_at, updated_at) VALUES "
            + "(?, ?, ?, ?, ?, 'active', ?, ?)", name, address.trim(), box().seal(token),
            sealedPassword, fingerprint, now, now);
        store.auditEntry("saved_connection", id, "saved", actor, address.trim());
      }
      return get(name).orElseThrow();
    }
  }

  public Secrets secrets(String name) {
    synchronized (store) {
      try (PreparedStatement ps = Jdbc.bind(c.prepareStatement("SELECT token_sealed, "
          + "password_sealed FROM saved_connections WHERE name = ?"), name);
           ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new DbSyncException(missing(name));
        }
        return new Secrets(box().open(rs.getString(1)), rs.getString(2) == null ? null
            : box().open(rs.getString(2)));
      } catch (SQLException e) {
        throw new DbSyncException("The saved connections could not be read: "
            + e.getMessage(), e);
      }
    }
  }

  /**
   * What this side learnt of the connection from the sender: {@code status} active,
   * suspended, revoked, expired or gone. A change is audited; the same status again is not.
   */
  public void learnt(String name, String status, String reason, String actor) {
    synchronized (store) {
      SavedConnection s = require(name);
      if (!s.status().equals(status) || !java.util.Objects.equals(s.statusReason(), reason)) {
        Jdbc.update(c, "UPDATE saved_connections SET status = ?, status_reason = ?, "
            + "updated_at = ? WHERE id = ?", status, reason, clock.instant().toString(), s.id());
        if (!s.status().equals(status)) {
          store.auditEntry("saved_connection", s.id(), s.status() + " -> " + status, actor,
              reason);
        }
      }
    }
  }

  /** The sender accepted the connection now ({@code remoteName}: its name for it). */
  public void connected(String name, String remoteName, String actor) {
    learnt(name, "active", null, actor);
    synchronized (store) {
      Jdbc.update(c, "UPDATE saved_connections SET remote_name = COALESCE(?, remote_name), "
          + "last_connected_at = ? WHERE name = ?", remoteName, clock.instant().toString(),
          name);
    }
  }

  public void delete(String name, String actor) {
    synchronized (store) {
      SavedConnection s = require(name);
      Jdbc.update(c, "DELETE FROM saved_connections WHERE id = ?", s.id());
      store.auditEntry("saved_connection", s.id(), "deleted", actor, name);
    }
  }

  public List<SavedConnection> list() {
    return query("SELECT * FROM saved_connections ORDER BY name");
  }

  public Optional<SavedConnection> get(String name) {
    return query("SELECT * FROM saved_connections WHERE name = ?", name).stream().findFirst();
  }

  public SavedConnection require(String name) {
    return get(name).orElseThrow(() -> new DbSyncException(missing(name)));
  }

  private static String missing(String name) {
    return "There is no saved connection named '" + name + "'. Save it first: dbsync "
        + "connections save " + name + " --address URL --token-file FILE";
  }

  private List<SavedConnection> query(String sql, Object... args) {
    synchronized (store) {
      List<SavedConnection> out = new ArrayList<>();
      try (PreparedStatement ps = Jdbc.bind(c.prepareStatement(sql), args);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SavedConnection(rs.getLong("id"), rs.getString("name"),
              rs.getString("address"), rs.getString("fingerprint"),
              rs.getString("remote_name"), rs.getString("status"),
              rs.getString("status_reason"), rs.getString("password_sealed") != null,
              instant(rs.getString("created_at")), instant(rs.getString("updated_at")),
              instant(rs.getString("last_connected_at"))));
        }
        return out;
      } catch (SQLException e) {
        throw new DbSyncException("The saved connections could not be read: "
            + e.getMessage(), e);
      }
    }
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}

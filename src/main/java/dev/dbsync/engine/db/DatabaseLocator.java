package dev.dbsync.engine.db;

import dev.dbsync.engine.DbSyncException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a database is, parsed from what a user types: {@code postgres://user:pass@host:port/db},
 * {@code jdbc:postgresql://...}, {@code sqlite:path}, or a path ending {@code .db},
 * {@code .sqlite} or {@code .sqlite3}. The password is kept apart so it is never printed.
 */
public record DatabaseLocator(Kind kind, String jdbcUrl, String user, String password,
    String schema, Path sqliteFile) {

  /** The two kinds of database DB Sync reads and writes. */
  public enum Kind { POSTGRESQL, SQLITE }

  public static DatabaseLocator parse(String text) {
    return parse(text, System.getenv("PGPASSWORD"));
  }

  public static DatabaseLocator parse(String text, String pgPasswordEnv) {
    if (text == null || text.isBlank()) {
      throw new DbSyncException("No database given.");
    }
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("sqlite:")) {
      return sqlite(Path.of(t.substring("sqlite:".length()).replaceFirst("^//", "")));
    }
    if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
      return fromUri(URI.create(t), pgPasswordEnv);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      Map<String, String> q = query(t.contains("?") ? t.substring(t.indexOf('?') + 1) : "");
      String pw = q.getOrDefault("password", pgPasswordEnv);
      return new DatabaseLocator(Kind.POSTGRESQL, t, q.get("user"), pw,
          q.getOrDefault("currentSchema", "public"), null);
    }
    if (lower.endsWith(".db") || lower.endsWith(".sqlite") || lower.endsWith(".sqlite3")) {
      return sqlite(Path.of(t));
    }
    throw new DbSyncException("'" + t + "' is not a database address DB Sync understands. Use "
        + "postgres://user@host:5432/db, jdbc:postgresql://..., sqlite:path or a file ending .db");
  }

  public static DatabaseLocator sqlite(Path file) {
    return new DatabaseLocator(Kind.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null,
        "main", file.toAbsolutePath());
  }

  private static DatabaseLocator fromUri(URI uri, String pgPasswordEnv) {
    String user = null;
    String password = pgPasswordEnv;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      if (parts.length > 1) {
        password = decode(parts[1]);
      }
    }
    Map<String, String> q = query(uri.getRawQuery() == null ? "" : uri.getRawQuery());
    String schema = q.remove("schema");
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
        .append(uri.getHost() == null ? "localhost" : uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres"
        : uri.getRawPath());
    if (!q.isEmpty()) {
      jdbc.append('?');
      q.forEach((k, v) -> jdbc.append(k).append('=').append(v).append('&'));
      jdbc.setLength(jdbc.length() - 1);
    }
    return new DatabaseLocator(Kind.POSTGRESQL, jdbc.toString(), user, password,
        schema == null ? "public" : schema, null);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        m.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    return m;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public DatabaseLocator withSchema(String newSchema) {
    return new DatabaseLocator(kind, jdbcUrl, user, password, newSchema, sqliteFile);
  }

  /** A password in a URL's parameters (compiled once: a pull describes its target per table). */
  private static final java.util.regex.Pattern PASSWORD =
      java.util.regex.Pattern.compile("password=[^&]*");

  /** A description safe to show and log: never the password. */
  public String describe() {
    if (kind == Kind.SQLITE) {
      return "SQLite " + sqliteFile;
    }
    String url = PASSWORD.matcher(jdbcUrl).replaceAll("password=***");
    return "PostgreSQL " + url.substring("jdbc:".length()) + (user == null ? "" : " as " + user);
  }
}

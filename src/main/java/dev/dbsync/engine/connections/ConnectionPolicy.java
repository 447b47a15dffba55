package dev.dbsync.engine.connections;

import dev.dbsync.engine.link.Cidr;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides each request on a permanent connection against every setting: status and expiry,
 * client address, hours, tables, requests per minute, records per request and in total.
 * Pure decisions over the stored state and a clock; the store applies what they imply.
 */
public final class ConnectionPolicy {
  /**
   * The answer to one request: allowed, or refused with the reason the receiver is told;
   * {@code refusal} is the short text a refused upgrade carries (protocol.md).
   */
  public record Decision(boolean allowed, String reason, boolean expire, String refusal) {
    static Decision ok() {
      return new Decision(true, null, false, null);
    }

    static Decision no(String refusal, String reason) {
      return new Decision(false, reason, false, refusal);
    }

    static Decision expired(String refusal, String reason) {
      return new Decision(false, reason, true, refusal);
    }
  }

  private final Map<Long, Deque<Instant>> recent = new ConcurrentHashMap<>();

  /** Whether the connection may still be used at all (status, expiry, downloads, records). */
  public Decision usable(Connection c, Instant now) {
    ConnectionSettings s = c.settings();
    if (c.status() != ConnectionStatus.ACTIVE) {
      return Decision.no(c.status() == ConnectionStatus.REVOKED ? "Connection revoked"
          : c.status() == ConnectionStatus.EXPIRED ? "Connection expired"
          : "Connection not active", "The connection is " + c.status().wireName() + ".");
    }
    if (s.expiresAt() != null && !now.isBefore(s.expiresAt())) {
      return Decision.expired("Connection expired", "The connection expired at "
          + s.expiresAt() + ".");
    }
    if (s.maxDownloads() != null && c.downloads() >= s.maxDownloads()) {
      return Decision.expired("Download limit reached", "The connection has used its "
          + s.maxDownloads()
          + " downloads.");
    }
    if (s.maxRecordsTotal() != null && c.recordsTotal() >= s.maxRecordsTotal()) {
      return Decision.expired("Record limit reached", "The connection has used its "
          + s.maxRecordsTotal()
          + " records.");
    }
    return Decision.ok();
  }

  /**
   * Decides one request for {@code table} (null for a request that names none, such as the
   * table list) asking for up to {@code records} rows (-1 when it does not say).
   */
  public Decision check(Connection c, String table, long records, String clientAddress,
      Instant now) {
    Decision d = usable(c, now);
    if (!d.allowed()) {
      return d;
    }
    ConnectionSettings s = c.settings();
    if (!s.allowedAddresses().isEmpty() && s.allowedAddresses().stream()
        .noneMatch(a -> Cidr.parse(a).contains(clientAddress))) {
      return Decision.no("IP not allowed", "This connection may not be used from "
          + clientAddress + ".");
    }
    if (s.allowedHoursUtc() != null && !withinHours(s.allowedHoursUtc(), now)) {
      return Decision.no("Outside allowed hours", "This connection may be used only between "
          + s.allowedHoursUtc()
          + " UTC.");
    }
    if (table != null && (s.excludedTables().contains(table)
        || (!s.allowedTables().isEmpty() && !s.allowedTables().contains(table)))) {
      return Decision.no("Table not shared", "Table '" + table
          + "' is not shared on this connection.");
    }
    if (s.maxRecordsPerRequest() != null && records > s.maxRecordsPerRequest()) {
      return Decision.no("Too many records", "A request on this connection may read at most "
          + s.maxRecordsPerRequest() + " records; this one asked for " + records + ".");
    }
    if (s.requestsPerMinute() != null && !withinRate(c.id(), s.requestsPerMinute(), now)) {
      return Decision.no("Too many requests", "Too many requests: this connection allows "
          + s.requestsPerMinute()
          + " a minute. Wait a moment and try again.");
    }
    return Decision.ok();
  }

  /** Whether {@code more} records may still be sent without crossing the total limit. */
  public Decision records(Connection c, long more) {
    Long max = c.settings().maxRecordsTotal();
    if (max != null && c.recordsTotal() + more > max) {
      return Decision.expired("Record limit reached", "The connection's limit of " + max
          + " records is reached ("
          + c.recordsTotal() + " sent before this request).");
    }
    return Decision.ok();
  }

  static boolean withinHours(String hours, Instant now) {
    String[] p = hours.split("-");
    int from = Integer.parseInt(p[0]);
    int to = Integer.parseInt(p[1]);
    int h = now.atZone(ZoneOffset.UTC).getHour();
    return from <= to ? h >= from && h < to : h >= from || h < to;
  }

  private boolean withinRate(long id, int perMinute, Instant now) {
    Deque<Instant> q = recent.computeIfAbsent(id, k -> new ArrayDeque<>());
    synchronized (q) {
      while (!q.isEmpty() && !q.peekFirst().isAfter(now.minusSeconds(60))) {
        q.pollFirst();
      }
      if (q.size() >= perMinute) {
        return false;
      }
      q.addLast(now);
      return true;
    }
  }
}

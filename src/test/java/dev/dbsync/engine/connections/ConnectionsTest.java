package dev.dbsync.engine.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.history.AuditEntry;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.support.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permanent connections: the token, the password, each limit, the status moves. */
class ConnectionsTest {
  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(); // 2026-01-01T00:00:00Z
  HistoryStore store;
  Connections conns;

  @BeforeEach
  void open() {
    store = HistoryStore.open(dir, clock);
    conns = Connections.of(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static ConnectionSettings limits(List<String> tables, List<String> excluded, Instant expires,
      Long downloads, Long total, Long perRequest, Integer rate, List<String> addresses,
      String hours) {
    return new ConnectionSettings(tables, excluded, null, expires, downloads, total, perRequest,
        rate, addresses, hours, null);
  }

  ConnectionPolicy.Decision ask(String token, String table, long records, String from) {
    return conns.authorize(token, null, table, records, from).decision();
  }

  @Test
  void theTokenIsShownOnceAndKeptOnlyAsItsHash() throws Exception {
    Connections.Created c = conns.create("ann-laptop", ConnectionSettings.none(), null, "bob");
    assertTrue(c.token().matches("[A-Za-z0-9_-]{43}"), c.token());
    assertFalse(new String(Files.readAllBytes(dir.resolve(HistoryStore.FILE)),
        java.nio.charset.StandardCharsets.ISO_8859_1).contains(c.token()));
    assertTrue(ask(c.token(), "orders", 10, "10.0.0.1").allowed());
    assertEquals("Unknown or rotated token.", ask("nope", "orders", 10, "10.0.0.1").reason());
    Connections.Created rotated = conns.rotateToken("ann-laptop", "bob");
    assertFalse(ask(c.token(), "orders", 10, "10.0.0.1").allowed());
    assertTrue(ask(rotated.token(), "orders", 10, "10.0.0.1").allowed());
  }

  @Test
  void aDownloadPasswordIsCheckedOnEveryRequest() {
    String t = conns.create("ann", ConnectionSettings.none(), "s3cret", "bob").token();
    assertEquals("This connection needs its download password.",
        conns.authorize(t, null, "orders", 1, "10.0.0.1").decision().reason());
    assertEquals("The password is wrong.",
        conns.authorize(t, "guess", "orders", 1, "10.0.0.1").decision().reason());
    assertTrue(conns.authorize(t, "s3cret", "orders", 1, "10.0.0.1").decision().allowed());
  }

  @Test
  void tablesAllowedAndExcluded() {
    String t = conns.create("ann", limits(List.of("orders", "customers"), List.of("customers"),
        null, null, null, null, null, null, null), null, "bob").token();
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
    assertEquals("Table 'customers' is not shared on this connection.",
        ask(t, "customers", 1, "10.0.0.1").reason());
    assertFalse(ask(t, "invoices", 1, "10.0.0.1").allowed());
    assertTrue(ask(t, null, -1, "10.0.0.1").allowed(), "the table list names no table");
  }

  @Test
  void recordsPerRequestAndRequestsPerMinute() {
    String t = conns.create("ann", limits(null, null, null, null, null, 1000L, 3, null, null),
        null, "bob").token();
    assertTrue(ask(t, "orders", 1000, "10.0.0.1").allowed());
    assertTrue(ask(t, "orders", 1001, "10.0.0.1").reason().startsWith("A request on this "
        + "connection may read at most 1000 records"));
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
    assertTrue(ask(t, "orders", 1, "10.0.0.1").reason().startsWith("Too many requests"));
    clock.advance(Duration.ofSeconds(61));
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
  }

  @Test
  void clientAddressesByCidrForBothFamilies() {
    String t = conns.create("ann", limits(null, null, null, null, null, null, null,
        List.of("10.1.0.0/16", "192.168.1.7", "2001:db8::/32"), null), null, "bob").token();
    assertTrue(ask(t, "orders", 1, "10.1.200.3").allowed());
    assertTrue(ask(t, "orders", 1, "192.168.1.7").allowed());
    assertTrue(ask(t, "orders", 1, "2001:db8:5::1").allowed());
    assertEquals("This connection may not be used from 10.2.0.1.",
        ask(t, "orders", 1, "10.2.0.1").reason());
    assertFalse(ask(t, "orders", 1, "192.168.1.8").allowed());
    assertThrows(IllegalArgumentException.class, () -> limits(null, null, null, null, null,
        null, null, List.of("example.com"), null));
  }

  @Test
  void allowedHoursMayWrapPastMidnight() {
    String t = conns.create("night", limits(null, null, null, null, null, null, null, null,
        "22-06"), null, "bob").token();
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed(), "00:00 UTC");
    clock.advance(Duration.ofHours(6));
    assertEquals("This connection may be used only between 22-06 UTC.",
        ask(t, "orders", 1, "10.0.0.1").reason());
    clock.advance(Duration.ofHours(16));
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed(), "22:00 UTC");
  }

  @Test
  void aConnectionPastItsExpiryBecomesExpiredByItself() {
    String t = conns.create("ann", limits(null, null, Instant.parse("2026-01-02T00:00:00Z"),
        null, null, null, null, null, null), null, "bob").token();
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
    clock.advance(Duration.ofDays(1));
    assertFalse(ask(t, "orders", 1, "10.0.0.1").allowed());
    assertEquals(ConnectionStatus.EXPIRED, conns.get("ann").orElseThrow().status());
  }

  @Test
  void theRecordLimitStopsAStreamThatCrossesIt() {
    String t = conns.create("ann", limits(null, null, null, null, 2500L, null, null, null,
        null), null, "bob").token();
    assertTrue(conns.sent("ann", 1000).allowed());
    assertTrue(conns.sent("ann", 1000).allowed());
    ConnectionPolicy.Decision third = conns.sent("ann", 1000);
    assertFalse(third.allowed());
    assertTrue(third.reason().startsWith("The connection's limit of 2500 records is reached"),
        third.reason());
    assertEquals(ConnectionStatus.EXPIRED, conns.get("ann").orElseThrow().status());
    assertEquals("The connection is expired.", ask(t, "orders", 1, "10.0.0.1").reason());
  }

  @Test
  void maxDownloadsExpiresTheConnection() {
    String t = conns.create("ann", limits(null, null, null, 2L, null, null, null, null, null),
        null, "bob").token();
    conns.downloaded("ann");
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
    conns.downloaded("ann");
    assertEquals("The connection has used its 2 downloads.",
        ask(t, "orders", 1, "10.0.0.1").reason());
    assertEquals(ConnectionStatus.EXPIRED, conns.get("ann").orElseThrow().status());
  }

  @Test
  void statusMovesAreCheckedAndAudited() {
    String t = conns.create("ann", ConnectionSettings.none(), null, "bob").token();
    conns.move("ann", ConnectionStatus.SUSPENDED, "bob", "holiday");
    assertEquals("The connection is suspended.", ask(t, "orders", 1, "10.0.0.1").reason());
    conns.move("ann", ConnectionStatus.ACTIVE, "bob", "back");
    assertTrue(ask(t, "orders", 1, "10.0.0.1").allowed());
    conns.move("ann", ConnectionStatus.REVOKED, "bob", "left the team");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> conns.move("ann", ConnectionStatus.ACTIVE, "bob", null));
    assertEquals("Connection 'ann' is revoked; it cannot become active.", e.getMessage());
    long id = conns.get("ann").orElseThrow().id();
    assertEquals(List.of("created", "active -> suspended", "suspended -> active",
        "active -> revoked"), store.connectionAudit(id).stream().map(AuditEntry::action)
        .toList());
    conns.delete("ann", "bob");
    assertTrue(conns.get("ann").isEmpty());
    assertEquals("deleted", store.connectionAudit(id).get(4).action());
  }

  @Test
  void aConnectionPastItsExpiryBecomesExpiredByItselfEvenUnused() {
    conns.create("ann", limits(null, null, clock.instant().plus(Duration.ofDays(1)), null, null,
        null, null, null, null), null, "bob");
    conns.create("bob", ConnectionSettings.none(), null, "bob");
    assertEquals(ConnectionStatus.ACTIVE, conns.list().get(0).status());
    clock.advance(Duration.ofDays(2));
    List<Connection> now = conns.list();
    assertEquals(ConnectionStatus.EXPIRED, now.get(0).status());
    assertEquals(ConnectionStatus.ACTIVE, now.get(1).status());
    assertEquals("active -> expired", store.connectionAudit(now.get(0).id()).get(1).action());
  }
}

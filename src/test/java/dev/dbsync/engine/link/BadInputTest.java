package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.PasswordHash;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.MutableClock;
import dev.dbsync.support.RawClient;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets a clear answer, and a receiver that is already connected keeps
 * being served through all of it.
 */
class BadInputTest {
  @TempDir
  Path dir;
  Database db;
  ShareServer server;
  SyncClient bystander;
  MutableClock clock = new MutableClock();

  @BeforeEach
  void start() throws Exception {
    db = Sample.open(Sample.create(dir.resolve("s.db"), 3000));
    server = new ShareServer(db, ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withMode(IncomingMode.AUTO_ACCEPT, null)
        .withTimes(Duration.ofMinutes(15), Duration.ofMinutes(5), clock), null);
    server.start();
    bystanderCode = server.currentCode();
    bystander = SyncClient.connect(Sharing.url(server), bystanderCode,
        ConnectOptions.defaults());
  }

  @AfterEach
  void stop() {
    bystander.close();
    server.close();
    db.close();
  }

  void bystanderStillServed() {
    assertEquals(3000, bystander.getCount("books"));
  }

  LinkException refusedWith(String code) {
    return assertThrows(LinkException.class, () -> SyncClient.connect(Sharing.url(server), code,
        ConnectOptions.defaults()));
  }

  /** The raw HTTP answer to an upgrade with this query string. */
  String upgrade(String query) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /sync/websocket?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
          + "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void wrongCodeIsRefusedWithPlainText403() throws Exception {
    String answer = upgrade("code=ZZZZZZZZ&vsn=2.0.0");
    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertTrue(answer.endsWith("\r\n\r\nInvalid code"), answer);
    assertEquals(LinkException.Kind.WRONG_CODE, refusedWith("ZZZZZZZY").kind());
    bystanderStillServed();
  }

  @Test
  void missingAuthenticationIsRefused() throws Exception {
    assertTrue(upgrade("vsn=2.0.0").endsWith("Missing authentication"));
    bystanderStillServed();
  }

  @Test
  void usedCodeIsRefused() throws Exception {
    String used = bystanderCode;
    assertTrue(upgrade("code=" + used).endsWith("Code already used"));
    assertEquals(LinkException.Kind.CODE_USED, refusedWith(used).kind());
    bystanderStillServed();
  }

  /** The code the bystander used; the sender has issued a fresh one since. */
  String bystanderCode;

  @Test
  void expiredCodeIsRefused() {
    String code = server.currentCode();
    clock.advance(Duration.ofMinutes(16));
    assertEquals(LinkException.Kind.CODE_EXPIRED, refusedWith(code).kind());
    bystanderStillServed();
  }

  @Test
  void repeatedWrongCodesAreSlowedDownThenRefused() {
    for (int i = 0; i < 4; i++) {
      refusedWith("ZZZZZZZ" + (i + 2));
    }
    // the right code is refused too while the address must wait
    LinkException e = refusedWith(server.currentCode());
    assertEquals(LinkException.Kind.TOO_MANY_ATTEMPTS, e.kind());
    assertTrue(e.getMessage().toLowerCase().contains("try again"), e.getMessage());
    clock.advance(Duration.ofSeconds(2));
    try (SyncClient ok = SyncClient.connect(Sharing.url(server), server.currentCode(),
        ConnectOptions.defaults())) {
      assertTrue(ok.isConnected());
    }
    bystanderStillServed();
  }

  @Test
  void malformedJsonGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
    try (RawClient raw = joined()) {
      raw.send("{not json");
      JsonNode err = WireValues.JSON.readTree(raw.next());
      assertEquals("response:error", err.get(3).asText());
      assertTrue(err.get(4).get("error").asText().startsWith("Malformed frame"));
      raw.send("[1,2,3]");
      assertTrue(raw.next().contains("Malformed frame"));
      raw.send("[null,\"9\",\"" + topic + "\",\"request:count\",{\"table\":\"authors\","
          + "\"ref\":\"9\"}]");
      assertTrue(raw.next().contains("\"count\":3"));
    }
    bystanderStillServed();
  }

  String topic;

  RawClient joined() throws Exception {
    String code = server.currentCode();
    topic = "transfer:" + code;
    RawClient raw = RawClient.open(Sharing.wsUrl(server, code));
    raw.send("[null,\"1\",\"" + topic + "\",\"phx_join\",{}]");
    assertTrue(raw.next().contains("\"status\":\"ok\""));
    return raw;
  }

  JsonNode ask(RawClient raw, String event, String payload) throws Exception {
    raw.send("[null,\"5\",\"" + topic + "\",\"" + event + "\"," + payload + "]");
    return WireValues.JSON.readTree(raw.next());
  }

  @Test
  void unknownEventIsAnsweredWithAnError() throws Exception {
    try (RawClient raw = joined()) {
      JsonNode e = ask(raw, "request:dance", "{\"ref\":\"5\"}");
      assertEquals("response:error", e.get(3).asText());
      assertEquals("5", e.get(4).get("ref").asText());
      assertTrue(e.get(4).get("error").asText().contains("Unknown event"));
    }
    bystanderStillServed();
  }

  @Test
  void requestBeforeJoinIsAnsweredWithAnError() throws Exception {
    String code = server.currentCode();
    try (RawClient raw = RawClient.open(Sharing.wsUrl(server, code))) {
      raw.send("[null,\"2\",\"transfer:" + code + "\",\"request:tables\",{\"ref\":\"2\"}]");
      JsonNode e = WireValues.JSON.readTree(raw.next());
      assertEquals("response:error", e.get(3).asText());
      assertTrue(e.get(4).get("error").asText().contains("phx_join"));
    }
    bystanderStillServed();
  }

  @Test
  void missingFieldIsNamed() throws Exception {
    try (RawClient raw = joined()) {
      JsonNode e = ask(raw, "request:schema", "{\"ref\":\"5\"}");
      assertEquals("Missing field 'table'.", e.get(4).get("error").asText());
      e = ask(raw, "request:records", "{\"table\":\"books\",\"limit\":\"lots\",\"ref\":\"5\"}");
      assertTrue(e.get(4).get("error").asText().contains("whole number"));
    }
    bystanderStillServed();
  }

  @Test
  void tableThatIsNotSharedLooksLikeOneThatDoesNotExist() throws Exception {
    try (RawClient raw = joined()) {
      JsonNode secret = ask(raw, "request:records", "{\"table\":\"user_tokens\",\"ref\":\"5\"}");
      JsonNode missing = ask(raw, "request:records", "{\"table\":\"nope\",\"ref\":\"5\"}");
      assertEquals("Table 'user_tokens' does not exist or is not shared.",
          secret.get(4).get("error").asText());
      assertEquals("Table 'nope' does not exist or is not shared.",
          missing.get(4).get("error").asText());
    }
    bystanderStillServed();
  }

  @Test
  void tableNameCarryingSqlIsJustAnUnknownName() throws Exception {
    try (RawClient raw = joined()) {
      JsonNode e = ask(raw, "request:records",
          "{\"table\":\"authors; DROP TABLE books; --\",\"ref\":\"5\"}");
      assertTrue(e.get(4).get("error").asText().contains("does not exist or is not shared"));
      e = ask(raw, "request:records", "{\"table\":\"books\",\"filters\":[{\"column\":"
          + "\"title\",\"op\":\"eq\",\"value\":\"x' OR '1'='1\"}],\"ref\":\"5\"}");
      assertEquals(0, e.get(4).get("records").size());
      e = ask(raw, "request:records", "{\"table\":\"books\",\"filters\":[{\"column\":"
          + "\"1=1 OR title\",\"op\":\"eq\",\"value\":\"x\"}],\"ref\":\"5\"}");
      assertTrue(e.get(4).get("error").asText().contains("no such column"));
    }
    bystanderStillServed();
  }

  @Test
  void oversizedFrameClosesOnlyThatConnection() throws Exception {
    try (RawClient raw = joined()) {
      raw.send("[null,\"5\",\"" + topic + "\",\"request:count\",{\"pad\":\""
          + "x".repeat(Protocol.MAX_FRAME_BYTES + 1) + "\"}]");
      for (int i = 0; i < 50 && raw.isOpen(); i++) {
        Thread.sleep(100);
      }
      // 1009 "message too big"; 1006 when the sender closed while the frame was still coming
      assertTrue(raw.closeCode == CloseFrame.TOOBIG || raw.closeCode == CloseFrame.ABNORMAL_CLOSE,
          "closed with " + raw.closeCode);
    }
    bystanderStillServed();
  }

  @Test
  void receiverThatVanishesMidStreamDoesNotStallTheSender() throws Exception {
    Sharing.Recorder rec = new Sharing.Recorder();
    try (ShareServer other = Sharing.start(db, IncomingMode.AUTO_ACCEPT, null, rec)) {
      String code = other.currentCode();
      RawClient raw = RawClient.open(Sharing.wsUrl(other, code));
      raw.send("[null,\"1\",\"transfer:" + code + "\",\"phx_join\",{}]");
      raw.next();
      raw.send("[null,\"2\",\"transfer:" + code + "\",\"request:stream\",{\"table\":\"books\","
          + "\"batch_size\":100,\"ref\":\"2\"}]");
      assertTrue(raw.next().contains("stream:batch"));
      raw.closeConnection(CloseFrame.ABNORMAL_CLOSE, "gone");
      assertTrue(rec.left.poll(5, TimeUnit.SECONDS) != null, "the sender saw it leave");
      try (SyncClient next = SyncClient.connect(Sharing.url(other), other.currentCode(),
          ConnectOptions.defaults())) {
        assertEquals(3000, next.getCount("books"));
      }
    }
    bystanderStillServed();
  }

  @Test
  void wrongPasswordIsRefusedAndTheRightOneLetsIn() {
    try (ShareServer locked = Sharing.start(db, IncomingMode.REQUIRE_PASSWORD, "s3cret", null)) {
      String url = Sharing.url(locked);
      LinkException missing = assertThrows(LinkException.class,
          () -> SyncClient.connect(url, locked.currentCode(), ConnectOptions.defaults()));
      assertEquals(LinkException.Kind.PASSWORD_REQUIRED, missing.kind());
      LinkException wrong = assertThrows(LinkException.class, () -> SyncClient.connect(url,
          locked.currentCode(), ConnectOptions.defaults().withPassword("guess")));
      assertEquals(LinkException.Kind.WRONG_PASSWORD, wrong.kind());
      try (SyncClient ok = SyncClient.connect(url, locked.currentCode(),
          ConnectOptions.defaults().withPassword("s3cret"))) {
        assertEquals(3, ok.getCount("authors"));
      }
    }
    assertTrue(PasswordHash.hash("x").startsWith("pbkdf2-sha256$"));
    bystanderStillServed();
  }

  @Test
  void denyAllRefusesEveryone() {
    try (ShareServer closed = Sharing.start(db, IncomingMode.DENY_ALL, null, null)) {
      LinkException e = assertThrows(LinkException.class, () -> SyncClient.connect(
          Sharing.url(closed), closed.currentCode(), ConnectOptions.defaults()));
      assertEquals(LinkException.Kind.NOT_ACCEPTING, e.kind());
    }
    bystanderStillServed();
  }

  @Test
  void malformedCodeIsRefusedBeforeConnecting() {
    LinkException e = refusedWith("O0I1");
    assertEquals(LinkException.Kind.WRONG_CODE, e.kind());
    assertTrue(e.getMessage().contains("8 characters"));
  }
}

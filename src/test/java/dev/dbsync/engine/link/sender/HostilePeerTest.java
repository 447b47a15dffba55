package dev.dbsync.engine.link.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.Pg;
import dev.dbsync.support.RawClient;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.ShareProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender that hostile peers cannot bring down, bloat or talk past: raw sockets that never
 * upgrade, refused upgrades by the thousand, frames that announce 63 MiB, forged
 * {@code X-Forwarded-For}, wrong codes between valid ones, requests on another topic, a
 * listener that dies. Each holds while a real receiver keeps being served.
 */
@Timeout(180)
class HostilePeerTest {
  @TempDir
  Path dir;

  ShareServer start(Database db, ShareLimits limits, ShareListener listener) {
    ShareServer s = new ShareServer(db, ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withMode(IncomingMode.AUTO_ACCEPT, null).withLimits(limits), listener);
    s.start();
    return s;
  }

  static String url(ShareServer s) {
    return "ws://127.0.0.1:" + s.port();
  }

  /**
   * A sender in its own process, as users run it (256 MiB of heap, like a small server), so
   * that its memory is measured alone.
   */
  ShareProcess shareProcess(Path db) throws Exception {
    // the heap touched from the start: what grows after is what is not heap (zlib, buffers)
    return new ShareProcess(dir.resolve("sender"), db.toString(),
        List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
  }

  /** A process's resident memory, in MiB (native memory included). */
  static long rssMiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  /** One upgrade from {@code from}, asking for compression; the status line of the answer. */
  static String upgrade(int port, String query, String from, String... headers)
      throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder("GET /sync/websocket?" + query
          + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      s.getOutputStream().write(req.append("\r\n").toString()
          .getBytes(StandardCharsets.US_ASCII));
      byte[] head = s.getInputStream().readNBytes(12);
      return new String(head, StandardCharsets.US_ASCII);
    }
  }

  /** Seconds until the sender closes {@code s} (it sends nothing itself). */
  static double secondsUntilClosed(Socket s) throws Exception {
    long t = System.nanoTime();
    s.setSoTimeout(30_000);
    InputStream in = s.getInputStream();
    while (in.read() >= 0) {
      // whatever the sender says before it closes
    }
    return (System.nanoTime() - t) / 1e9;
  }

  @Test
  void twentyThousandRefusedUpgradesGrowTheSenderByLessThan64MiB() throws Exception {
    try (ShareProcess server = shareProcess(Sample.create(dir.resolve("s.db"), 10))) {
      long pid = server.process().pid();
      for (int i = 0; i < 200; i++) {
        upgrade(server.port(), "code=ZZZZZZZZ&vsn=2.0.0", "127.0.1.99"); // warm up
      }
      long before = rssMiB(pid);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String from = "127.0.1." + (t + 1); // eight addresses, as a small botnet would
        Thread th = new Thread(() -> {
          try {
            for (int i = 0; i < 2_500; i++) {
              String status = upgrade(server.port(), "code=ZZZZZZZZ&vsn=2.0.0", from);
              assertTrue(status.startsWith("HTTP/1.1 403"), status);
            }
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) {
        th.join();
      }
      long grown = rssMiB(pid) - before;
      assertTrue(grown < 64, "the sender grew by " + grown + " MiB");
      try (SyncClient c = SyncClient.connect(server.url(), server.nextCode(),
          ConnectOptions.defaults())) {
        assertEquals(10, c.getCount("books"), "and it still serves");
      }
    }
  }

  @Test
  void aSocketThatSendsNothingIsClosedWithinTenSeconds() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = start(db, ShareLimits.defaults(), null);
         Socket silent = new Socket("127.0.0.1", server.port())) {
      double took = secondsUntilClosed(silent);
      assertTrue(took <= 11.5, "closed after " + took + " s");
    }
  }

  @Test
  void socketsPastTheLimitsAreClosedAtOnceAndTheSenderKeepsListening() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 5));
         ShareServer server = start(db, ShareLimits.defaults().withConnections(6, 4), null)) {
      List<Socket> idle = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        idle.add(new Socket("127.0.0.1", server.port()));
      }
      Thread.sleep(200);
      try (Socket fifth = new Socket("127.0.0.1", server.port())) {
        assertTrue(secondsUntilClosed(fifth) < 2, "a fifth socket from one address");
      }
      Socket other = new Socket();
      other.bind(new InetSocketAddress("127.0.0.2", 0));
      other.connect(new InetSocketAddress("127.0.0.1", server.port()));
      idle.add(other);
      Socket another = new Socket();
      another.bind(new InetSocketAddress("127.0.0.3", 0));
      another.connect(new InetSocketAddress("127.0.0.1", server.port()));
      idle.add(another);
      Thread.sleep(200);
      try (Socket seventh = new Socket()) {
        seventh.bind(new InetSocketAddress("127.0.0.4", 0));
        seventh.connect(new InetSocketAddress("127.0.0.1", server.port()));
        assertTrue(secondsUntilClosed(seventh) < 2, "a seventh socket in all");
      }
      for (Socket s : idle) {
        s.close();
      }
      Thread.sleep(300);
      try (SyncClient c = SyncClient.connect(url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        assertEquals(5, c.getCount("books"));
      }
      assertTrue(server.socketCounts()[1] >= 2, "turned away: " + server.socketCounts()[1]);
    }
  }

  @Test
  void framesAnnouncing63MiBAreRefusedFromTheirHeaderWithoutBloat() throws Exception {
    try (ShareProcess server = shareProcess(Sample.create(dir.resolve("s.db"), 3))) {
      long pid = server.process().pid();
      long before = rssMiB(pid);
      for (int i = 0; i < 94; i++) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.setSoTimeout(10_000);
          OutputStream out = s.getOutputStream();
          out.write(("GET /sync/websocket?code=" + server.nextCode() + "&vsn=2.0.0 HTTP/1.1"
              + "\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key:"
              + " dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          InputStream in = s.getInputStream();
          String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
          assertTrue(head.startsWith("HTTP/1.1 101"), head);
          // a masked text frame that announces 63 MiB (64-bit length), then nothing
          long len = 63L * 1024 * 1024;
          byte[] frame = {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, (byte) (len >>> 24),
              (byte) (len >>> 16), (byte) (len >>> 8), (byte) len, 1, 2, 3, 4};
          out.write(frame);
          out.flush();
          // at once as a rule; within the join timeout and the half-close bound at worst
          assertTrue(secondsUntilClosed(s) < 17, "the sender closed it");
        }
      }
      long grown = rssMiB(pid) - before;
      assertTrue(grown < 64, "the sender grew by " + grown + " MiB");
      try (SyncClient c = SyncClient.connect(server.url(), server.nextCode(),
          ConnectOptions.defaults())) {
        assertEquals(3, c.getCount("books"));
      }
    }
  }

  @Test
  void forwardedForIsBelievedOnlyFromTheProxiesTheUserNamed() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1))) {
      try (ShareServer server = start(db, ShareLimits.defaults(), null);
           RawClient c = new RawClient(url(server) + "/sync/websocket?code="
               + server.currentCode() + "&vsn=2.0.0")) {
        c.addHeader("X-Forwarded-For", "10.9.9.9");
        assertTrue(c.connectBlocking(5, TimeUnit.SECONDS));
        waitForReceivers(server, 1);
        assertEquals("127.0.0.1", server.receivers().get(0).address(), "the socket's own");
      }
      try (ShareServer server = start(db, ShareLimits.defaults()
               .withTrustedProxies(List.of("127.0.0.0/8")), null);
           RawClient c = new RawClient(url(server) + "/sync/websocket?code="
               + server.currentCode() + "&vsn=2.0.0")) {
        c.addHeader("X-Forwarded-For", "203.0.113.7, 10.9.9.9");
        assertTrue(c.connectBlocking(5, TimeUnit.SECONDS));
        waitForReceivers(server, 1);
        assertEquals("10.9.9.9", server.receivers().get(0).address(),
            "the hop the trusted proxy saw, not what the client wrote before it");
      }
    }
  }

  static void waitForReceivers(ShareServer server, int n) throws InterruptedException {
    for (int i = 0; i < 200 && server.receivers().size() < n; i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void wrongCodesCountEvenWithValidUpgradesInBetween() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = start(db, ShareLimits.defaults(), null)) {
      int checked = 0;
      int slowedDown = 0;
      for (int round = 0; round < 25; round++) {
        for (int i = 0; i < 3; i++) {
          String reason = rawRefusal(server.port(), "code=ZZZZZZZZ&vsn=2.0.0");
          if (reason.contains("Invalid code")) {
            checked++;
          } else if (reason.contains("Too many attempts")) {
            slowedDown++;
          }
        }
        // a valid upgrade in between (which worked until the address was slowed down) must
        // not wipe the address's record of wrong codes
        upgrade(server.port(), "code=" + server.currentCode() + "&vsn=2.0.0", "127.0.0.1");
      }
      assertTrue(checked <= AttemptLimiter.LOCK_AFTER, checked + " wrong codes were checked");
      assertEquals(75, checked + slowedDown);
    }
  }

  /** The body of a refused upgrade (its reason). */
  static String rawRefusal(int port, String query) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /sync/websocket?" + query + " HTTP/1.1\r\nHost: x\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
          + "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aPeerIsToldAnErrorIdNotTheSendersInternals() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE users (id int PRIMARY KEY, age int); INSERT INTO users VALUES "
        + "(1, 30);");
    try (Database db = Pg.open(src); ShareServer server = start(db, ShareLimits.defaults(),
        null); SyncClient c = SyncClient.connect(url(server), server.currentCode(),
            ConnectOptions.defaults())) {
      LinkException e = assertThrows(LinkException.class, () -> c.fetchRecords("users",
          new ExportRequest(null, List.of(new RowFilter("age", RowFilter.Op.EQ,
              TextNode.valueOf("abc"))), null, 0, 10)));
      assertTrue(e.getMessage().matches(".*\\(error E-[0-9a-f]{8}\\).*"), e.getMessage());
      assertFalse(e.getMessage().contains("postgres"), e.getMessage());
      assertFalse(e.getMessage().contains("127.0.0.1") || e.getMessage().contains("localhost"),
          e.getMessage());
      assertEquals(1, c.getCount("users"), "the session goes on");
    }
  }

  @Test
  void requestsOnAnotherTopicThanTheJoinedOneAreRefused() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = start(db, ShareLimits.defaults(), null)) {
      String code = server.currentCode();
      try (RawClient c = RawClient.open(url(server) + "/sync/websocket?code=" + code
          + "&vsn=2.0.0")) {
        c.send("[\"1\",\"1\",\"transfer:" + code + "\",\"phx_join\",{}]");
        assertTrue(c.next().contains("\"ok\""));
        c.send("[\"1\",\"2\",\"sync:OTHERTOP\",\"request:tables\",{\"ref\":\"2\"}]");
        String answer = c.next();
        assertTrue(answer.contains("response:error") && answer.contains("another topic"),
            answer);
      }
    }
  }

  @Test
  void aSessionEndsAtItsTimeLimitAndReleasesItsSnapshot() throws Exception {
    String src = Pg.newDatabase();
    String name = src.substring(src.lastIndexOf('/') + 1);
    Pg.exec(src, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);");
    try (Database db = Pg.open(src); ShareServer server = start(db, ShareLimits.defaults()
        .withMaxSession(Duration.ofSeconds(2)), null);
         SyncClient c = SyncClient.connect(url(server), server.currentCode(),
             ConnectOptions.defaults())) {
      c.beginSnapshot();
      assertEquals(1, c.getCount("t"));
      for (int i = 0; i < 100 && c.isConnected(); i++) {
        Thread.sleep(50);
      }
      assertFalse(c.isConnected(), "the session ended at its limit");
      String busy = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name
          + "' AND pid <> pg_backend_pid() AND state <> 'idle'";
      for (int i = 0; i < 100 && !Pg.query(src, busy).toString().equals("[[0]]"); i++) {
        Thread.sleep(50);
      }
      assertEquals("[[0]]", Pg.query(src, busy).toString(), "no snapshot outlives it");
    }
  }

  @Test
  void aListenerThatDiesIsToldNotHidden() throws Exception {
    CountDownLatch told = new CountDownLatch(1);
    String[] why = {null};
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = start(db, ShareLimits.defaults(), new ShareListener() {
           @Override
           public void stoppedListening(String reason) {
             why[0] = reason;
             told.countDown();
           }
         })) {
      assertTrue(server.isListening());
      server.stopListenerAsAFatalErrorWould();
      assertTrue(told.await(ShareServer.PROBE_SECONDS * 2L + 2, TimeUnit.SECONDS));
      assertTrue(why[0].startsWith("The sender stopped listening"), why[0]);
      assertFalse(server.isListening());
    }
  }

  @Test
  void soakRefusedUpgradesAndIdleSocketsWhileARealPullRuns() throws Exception {
    Path target = dir.resolve("t.db");
    Path source = Sample.create(dir.resolve("s.db"), 200_000);
    try (Database src = Sample.open(source); ShareProcess server = shareProcess(source);
         Database to = Sample.open(target)) {
      long pid = server.process().pid();
      long before = rssMiB(pid);
      List<Socket> idle = new ArrayList<>();
      for (int a = 2; a < 8; a++) {
        for (int i = 0; i < 15; i++) {
          Socket s = new Socket();
          s.bind(new InetSocketAddress("127.0.2." + a, 0));
          s.connect(new InetSocketAddress("127.0.0.1", server.port()));
          idle.add(s);
        }
      }
      Thread attackers = new Thread(() -> {
        try {
          for (int i = 0; i < 3_000; i++) {
            upgrade(server.port(), "code=ZZZZZZZZ&vsn=2.0.0", "127.0.3." + (1 + i % 200));
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      attackers.start();
      try (SyncClient c = SyncClient.connect(server.url(), server.nextCode(),
          ConnectOptions.defaults())) {
        assertTrue(c.transferAll(to, TransferOptions.defaults(), null).succeeded());
      }
      attackers.join();
      assertEquals(Rows.all(src, "books"), Rows.all(to, "books"));
      long grown = rssMiB(pid) - before;
      assertTrue(grown < 64, "the sender grew by " + grown + " MiB");
      for (Socket s : idle) {
        s.close();
      }
    }
  }
}

package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address people type: {@code host:port} without a scheme, or the wrong scheme. Each gets
 * a clear answer within the receiver's timeout, never a hang.
 */
@Timeout(60)
class SchemeTest {
  @TempDir
  Path dir;

  /** For the wrong-scheme answers, which must come within the receiver's timeout. */
  static final ConnectOptions FIVE_SECONDS = ConnectOptions.defaults()
      .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));

  /**
   * For the connects that must succeed: the receiver's own timeout, not five seconds. A TLS
   * connect took 0.06-1.1 s here (1,200 in a row, 600 of them under four busy loops), yet one
   * CI run on a shared machine once took longer than five seconds for it.
   */
  static final ConnectOptions DEFAULT = ConnectOptions.defaults();

  @Test
  void addressWithoutSchemeFindsAPlainSender() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 20));
         ShareServer server = Sharing.start(db);
         SyncClient c = SyncClient.connect("127.0.0.1:" + server.port(), server.currentCode(),
             DEFAULT)) {
      assertEquals(20, c.getCount("books"));
    }
  }

  @Test
  void wssAgainstAPlainSenderSaysUseWs() throws Exception {
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = Sharing.start(db)) {
      long started = System.nanoTime();
      LinkException e = assertThrows(LinkException.class, () -> SyncClient.connect(
          "wss://127.0.0.1:" + server.port(), server.currentCode(), FIVE_SECONDS));
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(8).toNanos());
      assertTrue(e.getMessage().contains("use ws://127.0.0.1:" + server.port()),
          e.getMessage());
    }
  }

  @Test
  void wsAgainstATlsSenderSaysUseWss() throws Exception {
    Tls.Server tls = Tls.selfSigned(dir.resolve("cert.p12"), "test".toCharArray());
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = new ShareServer(db, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null)
             .withTls(tls.context(), tls.fingerprint()), null)) {
      server.start();
      long started = System.nanoTime();
      LinkException e = assertThrows(LinkException.class, () -> SyncClient.connect(
          "ws://127.0.0.1:" + server.port(), server.currentCode(), FIVE_SECONDS));
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(8).toNanos());
      assertTrue(e.getMessage().contains("use wss://127.0.0.1:" + server.port()),
          e.getMessage());
    }
  }

  @Test
  void addressWithoutSchemeFindsATlsSender() throws Exception {
    Tls.Server tls = Tls.selfSigned(dir.resolve("cert.p12"), "test".toCharArray());
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 7));
         ShareServer server = new ShareServer(db, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null)
             .withTls(tls.context(), tls.fingerprint()), null)) {
      server.start();
      try (SyncClient c = SyncClient.connect("127.0.0.1:" + server.port(),
          server.currentCode(), DEFAULT.withFingerprint(tls.fingerprint()))) {
        assertEquals(7, c.getCount("books"));
      }
    }
  }
}

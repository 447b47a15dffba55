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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  @TempDir
  Path dir;

  ShareServer start(Database db, Tls.Server tls) {
    ShareServer s = new ShareServer(db, ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withMode(IncomingMode.AUTO_ACCEPT, null).withTls(tls.context(), tls.fingerprint()),
        null);
    s.start();
    return s;
  }

  @Test
  void selfSignedCertificateIsMadeOnceAndKept() {
    Path store = dir.resolve("cert.p12");
    String first = Tls.selfSigned(store, "test".toCharArray()).fingerprint();
    assertEquals(first, Tls.selfSigned(store, "test".toCharArray()).fingerprint());
    assertTrue(first.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), first);
  }

  @Test
  void receiverWithTheFingerprintConnectsOverWss() throws Exception {
    Tls.Server tls = Tls.selfSigned(dir.resolve("cert.p12"), "test".toCharArray());
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 20));
         ShareServer server = start(db, tls);
         SyncClient c = SyncClient.connect("https://127.0.0.1:" + server.port(),
             server.currentCode(), ConnectOptions.defaults().withFingerprint(
                 tls.fingerprint().toLowerCase().replace(":", "")))) {
      assertEquals("wss", server.scheme());
      assertEquals(20, c.getCount("books"));
    }
  }

  @Test
  void anyOtherCertificateIsRefused() throws Exception {
    Tls.Server tls = Tls.selfSigned(dir.resolve("cert.p12"), "test".toCharArray());
    String other = Tls.selfSigned(dir.resolve("other.p12"), "test".toCharArray()).fingerprint();
    try (Database db = Sample.open(Sample.create(dir.resolve("s.db"), 1));
         ShareServer server = start(db, tls)) {
      String url = "wss://127.0.0.1:" + server.port();
      LinkException wrong = assertThrows(LinkException.class, () -> SyncClient.connect(url,
          server.currentCode(), ConnectOptions.defaults().withFingerprint(other)));
      assertEquals(LinkException.Kind.CERTIFICATE, wrong.kind());
      LinkException untrusted = assertThrows(LinkException.class, () -> SyncClient.connect(url,
          server.currentCode(), ConnectOptions.defaults()));
      assertEquals(LinkException.Kind.CERTIFICATE, untrusted.kind());
      // refusing the certificate used no code: the right fingerprint still gets in
      try (SyncClient c = SyncClient.connect(url, server.currentCode(),
          ConnectOptions.defaults().withFingerprint(tls.fingerprint()))) {
        assertEquals(3, c.getCount("authors"));
      }
    }
  }
}

package dev.dbsync.engine.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.link.sender.SenderCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder and what DB Sync keeps in it are readable by their owner only. */
class SecretsAtRestTest {
  @TempDir
  Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theDataFolderAndItsFilesAreTheOwnersAlone() throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path unrelated = Files.writeString(home.resolve("notes.txt"), "not ours");
    Files.setPosixFilePermissions(unrelated, PosixFilePermissions.fromString("rw-r--r--"));
    try (HistoryStore h = HistoryStore.open(home, Clock.systemUTC())) {
      SenderCertificate.load(home);
    }
    Workspace.ensure(home.resolve(Workspace.FILE)); // made after the history: secured too
    assertEquals("rwx------", mode(home));
    for (String f : new String[] {"history.db", "secret.key", "sender-certificate.p12",
        "sender-certificate.secret", "workspace.db"}) {
      assertEquals("rw-------", mode(home.resolve(f)), f);
    }
    assertEquals("rw-r--r--", mode(unrelated), "a file that is not ours is left alone");
  }

  @Test
  void theSendersKeyIsUnderARandomSealedPasswordNotAFixedOne() throws Exception {
    Path home = dir.resolve("home");
    String fingerprint = SenderCertificate.load(home).fingerprint();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(home.resolve("sender-certificate.p12"))) {
      assertThrows(java.io.IOException.class, () -> ks.load(in, "dbsync".toCharArray()));
    }
    assertEquals(fingerprint, SenderCertificate.load(home).fingerprint(), "the same again");
  }

  @Test
  void aStoreMadeByAnOlderVersionIsReKeyedAndKept() throws Exception {
    Path home = dir.resolve("home");
    String old = dev.dbsync.engine.link.Tls.selfSigned(home.resolve("sender-certificate.p12"),
        "dbsync".toCharArray()).fingerprint();
    assertEquals(old, SenderCertificate.load(home).fingerprint());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(home.resolve("sender-certificate.p12"))) {
      assertThrows(java.io.IOException.class, () -> ks.load(in, "dbsync".toCharArray()));
    }
  }
}

package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.link.Tls;
import dev.dbsync.engine.workspace.DataDirs;
import dev.dbsync.engine.workspace.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sender's own TLS certificate in the data folder ({@code sender-certificate.p12}), its
 * private key under a random password made on first use and kept sealed by the data folder's
 * {@link SecretBox} ({@code sender-certificate.secret}), like every other secret DB Sync keeps.
 */
public final class SenderCertificate {
  static final String STORE = "sender-certificate.p12";
  static final String SECRET = "sender-certificate.secret";

  private SenderCertificate() {}

  public static Tls.Server load(Path dataDir) {
    DataDirs.secure(dataDir);
    SecretBox box = SecretBox.open(dataDir.resolve("secret.key"));
    Path secretFile = dataDir.resolve(SECRET);
    try {
      String password;
      if (Files.exists(secretFile)) {
        password = box.open(Files.readString(secretFile, StandardCharsets.UTF_8).trim());
      } else {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.writeString(secretFile, box.seal(password), StandardCharsets.UTF_8);
      }
      Tls.Server s = Tls.selfSigned(dataDir.resolve(STORE), password.toCharArray());
      DataDirs.secure(dataDir);
      return s;
    } catch (IOException e) {
      throw new DbSyncException("Could not read the sender's certificate secret " + secretFile
          + ": " + e.getMessage(), e);
    }
  }
}

package dev.dbsync.engine.workspace;

import dev.dbsync.engine.DbSyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the passwords of saved databases (AES-256-GCM) with a random key kept in its own
 * file in the data folder, readable by its owner only. A copied {@code databases.json} alone
 * reveals no password; the key file and the entries together do, as with any key kept on the
 * same disk (the OS keychains are not reachable from plain Java).
 */
public final class SecretBox {
  private static final int IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** Opens the key in {@code keyFile}, creating it (owner-only) the first time. */
  public static SecretBox open(Path keyFile) {
    try {
      byte[] k = DataDirs.secretFile(keyFile, 32);
      if (k.length != 32) {
        throw new DbSyncException("The key file " + keyFile + " is damaged (" + k.length
            + " bytes). Delete it and enter the saved passwords again.");
      }
      return new SecretBox(k);
    } catch (IOException e) {
      throw new DbSyncException("Could not read or create the key file " + keyFile + ": "
          + e.getMessage(), e);
    }
  }

  public String seal(String plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      byte[] body = c.doFinal(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(iv.length + body.length).put(iv).put(body).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String open(String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
      return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new DbSyncException("A saved password cannot be read with this computer's key "
          + "(the key file changed). Edit the database and enter its password again.", e);
    }
  }
}

package dev.dbsync.engine.mask;

import dev.dbsync.engine.DbSyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every mask is keyed by: 32 random bytes in the sender's data folder
 * ({@code mask.key}, owner-only, made on first use, never sent). Same key, same input, same
 * output, across tables, pulls and restarts; a team that shares the file masks alike.
 * Outputs are HMAC-SHA256 of (rule, value): without the key nobody can tell an input from its
 * output, not even by trying likely inputs.
 */
public final class MaskKey {
  public static final String FILE = "mask.key";
  private final SecretKeySpec key;
  /** SHA-256 after the key's inner and outer pads: HMAC in two compressions, not four. */
  private final java.security.MessageDigest inner;
  private final java.security.MessageDigest outer;

  private MaskKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
    try {
      inner = java.security.MessageDigest.getInstance("SHA-256");
      outer = java.security.MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] ipad = new byte[64];
    byte[] opad = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < bytes.length ? bytes[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    inner.update(ipad);
    outer.update(opad);
  }

  /** A key from its 32 bytes (tests, and a file already read). */
  public static MaskKey of(byte[] bytes) {
    if (bytes.length != 32) {
      throw new DbSyncException("A mask key is 32 bytes; this one has " + bytes.length + ".");
    }
    return new MaskKey(bytes.clone());
  }

  /** The key in {@code file}, made (owner-only) when it does not exist yet. */
  public static MaskKey load(Path file) {
    try {
      return of(dev.dbsync.engine.workspace.DataDirs.secretFile(file, 32));
    } catch (IOException e) {
      throw new DbSyncException("Could not read or create the mask key " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** Writes this key to {@code file} (owner-only), so another sender can mask alike. */
  public void export(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, key.getEncoded());
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Windows
      }
    } catch (IOException e) {
      throw new DbSyncException("Could not write the mask key to " + file + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * HMAC-SHA256 (RFC 2104) of the rule's domain, a zero byte and the value: 32 bytes. The
   * padded key states are computed once and cloned, which gives the same bytes as
   * {@code Mac.getInstance("HmacSHA256")} at half the work (MaskKeyTest checks both agree).
   */
  byte[] digest(String domain, String value) {
    try {
      java.security.MessageDigest in = (java.security.MessageDigest) inner.clone();
      in.update(DOMAINS.computeIfAbsent(domain, d -> d.getBytes(StandardCharsets.ISO_8859_1)));
      in.update((byte) 0);
      in.update(value.getBytes(StandardCharsets.UTF_8));
      java.security.MessageDigest out = (java.security.MessageDigest) outer.clone();
      return out.digest(in.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final java.util.Map<String, byte[]> DOMAINS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The same with the JCA's own HMAC, for the test that the two agree. */
  byte[] digestWithMac(String domain, String value) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(domain.getBytes(StandardCharsets.ISO_8859_1));
      m.update((byte) 0);
      return m.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.dbsync.engine.mask;

import dev.dbsync.engine.DbSyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
  private final ThreadLocal<Mac> macs;

  private MaskKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
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
      if (!Files.exists(file)) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(file);
          try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException e) {
            // Windows: the data folder's access list covers it
          }
          Files.write(file, k);
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: use theirs
        }
      }
      return of(Files.readAllBytes(file));
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

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA256 of the rule's domain and the value: 32 bytes. */
  byte[] digest(String domain, String value) {
    Mac m = macs.get();
    m.update(domain.getBytes(StandardCharsets.UTF_8));
    m.update((byte) 0);
    return m.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }
}

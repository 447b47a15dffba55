package dev.dbsync.engine.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskKeyTest {
  @TempDir
  Path dir;

  @Test
  void theFastHmacIsTheStandardOne() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    MaskKey key = MaskKey.of(k);
    for (String v : new String[] {"", "a", "ünïcödé ✓", "x".repeat(1000)}) {
      assertArrayEquals(key.digestWithMac("email", v), key.digest("email", v), v);
    }
  }

  @Test
  void theKeyIsMadeOnceOwnerOnlyAndExportedAlike() throws Exception {
    Path file = dir.resolve("data").resolve(MaskKey.FILE);
    MaskKey first = MaskKey.load(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals(first.digest("x", "y"), MaskKey.load(file).digest("x", "y"));
    Path team = dir.resolve("team.key");
    first.export(team);
    assertArrayEquals(first.digest("x", "y"), MaskKey.load(team).digest("x", "y"));
  }
}

package dev.dbsync.engine.resume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbsync.engine.DbSyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Resume points as small JSON files in a folder of the data folder, one per (target, source,
 * table), each replaced atomically (written beside, then renamed), so a process killed at any
 * moment leaves the old point or the new one, never half of one.
 */
public final class ResumeFiles implements ResumePoints {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path folder;

  public ResumeFiles(Path folder) {
    this.folder = folder;
  }

  /** The resume points of the data folder {@code dataDir} (its {@code resume} folder). */
  public static ResumeFiles in(Path dataDir) {
    return new ResumeFiles(dataDir.resolve("resume"));
  }

  private Path file(String target, String source, String table) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((target + "\n" + source + "\n"
          + table).getBytes(StandardCharsets.UTF_8));
      return folder.resolve(HexFormat.of().formatHex(h, 0, 16) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<ResumePoint> load(String target, String source, String table) {
    Path f = file(target, source, table);
    try {
      ResumePoint p = JSON.readValue(Files.readAllBytes(f), ResumePoint.class);
      // a hash collision or a hand-edited file must not resume another table
      return p.target().equals(target) && p.source().equals(source) && p.table().equals(table)
          ? Optional.of(p) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DbSyncException("The resume point " + f + " could not be read (" + e.getMessage()
          + "). Run again with --no-resume to start this table over.", e);
    }
  }

  @Override
  public void save(ResumePoint p) {
    Path f = file(p.target(), p.source(), p.table());
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try {
      Files.createDirectories(folder);
      Files.write(tmp, JSON.writeValueAsBytes(p));
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new DbSyncException("Could not write the resume point " + f + ": " + e.getMessage()
          + ". Is the data folder writable?", e);
    }
  }

  @Override
  public void clear(String target, String source, String table) {
    try {
      Files.deleteIfExists(file(target, source, table));
    } catch (IOException e) {
      throw new DbSyncException("Could not remove the resume point of " + table + ": "
          + e.getMessage(), e);
    }
  }
}

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
  /**
   * The points' file names in the folder: listed once, at the first use, then kept up to date
   * by this store's own saves and clears (one pull is the only writer of its tables' points).
   * A pull of 300 tables asks for 300 points that are not there: a failed open, a SHA-256
   * and a delete each, 60-90 ms of its CPU on the thread that writes the rows (async-profiler).
   */
  private java.util.Set<String> present;
  private final java.util.Map<String, Path> files = new java.util.concurrent.ConcurrentHashMap<>();

  public ResumeFiles(Path folder) {
    this.folder = folder;
  }

  private synchronized java.util.Set<String> present() {
    if (present == null) {
      present = java.util.concurrent.ConcurrentHashMap.newKeySet();
      try (java.util.stream.Stream<Path> names = Files.list(folder)) {
        names.forEach(f -> present.add(f.getFileName().toString()));
      } catch (NoSuchFileException e) {
        // no point saved yet
      } catch (IOException e) {
        throw new DbSyncException("The resume points in " + folder + " could not be listed ("
            + e.getMessage() + "). Run again with --no-resume to start over.", e);
      }
    }
    return present;
  }

  /** The resume points of the data folder {@code dataDir} (its {@code resume} folder). */
  public static ResumeFiles in(Path dataDir) {
    return new ResumeFiles(dataDir.resolve("resume"));
  }

  private Path file(String target, String source, String table) {
    return files.computeIfAbsent(target + "\n" + source + "\n" + table,
        k -> hashed(target, source, table));
  }

  private Path hashed(String target, String source, String table) {
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
    if (!present().contains(f.getFileName().toString())) {
      return Optional.empty();
    }
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
      present().add(f.getFileName().toString());
    } catch (IOException e) {
      throw new DbSyncException("Could not write the resume point " + f + ": " + e.getMessage()
          + ". Is the data folder writable?", e);
    }
  }

  @Override
  public void clear(String target, String source, String table) {
    Path f = file(target, source, table);
    if (!present().contains(f.getFileName().toString())) {
      return;
    }
    try {
      Files.deleteIfExists(f);
      present().remove(f.getFileName().toString());
    } catch (IOException e) {
      throw new DbSyncException("Could not remove the resume point of " + table + ": "
          + e.getMessage(), e);
    }
  }
}

package dev.dbsync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.WireValues;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers the commands share: messages, JSON lines, files. */
final class Cli {
  private Cli() {}

  static String message(Throwable e) {
    if (e instanceof DbSyncException || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  static ObjectNode event(String name) {
    return WireValues.NODES.objectNode().put("event", name);
  }

  static synchronized void line(PrintWriter out, ObjectNode json) {
    out.println(json.toString());
    out.flush();
  }

  /** The first line of a file, for passwords kept out of the command line and history. */
  static String firstLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new IllegalArgumentException("The password file " + file + " is empty.");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the password file " + file + ": "
          + e.getMessage());
    }
  }

  static List<String> split(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    return List.of(csv.split("\\s*,\\s*"));
  }

  /** The database a --db option names; an address DB Sync cannot read is bad usage (exit 2). */
  static dev.dbsync.engine.db.DatabaseLocator locator(String db) {
    try {
      return dev.dbsync.engine.db.DatabaseLocator.parse(db);
    } catch (dev.dbsync.engine.DbSyncException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** A duration as people type it: 45s, 90m, 2h, 1d (or ISO-8601, PT2H). */
  static java.time.Duration duration(String text, String option) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        java.time.Duration d = switch (m.group(2)) {
          case "s" -> java.time.Duration.ofSeconds(n);
          case "m" -> java.time.Duration.ofMinutes(n);
          case "h" -> java.time.Duration.ofHours(n);
          default -> java.time.Duration.ofDays(n);
        };
        if (!d.isZero()) {
          return d;
        }
      } else {
        java.time.Duration d = java.time.Duration.parse(text.trim());
        if (!d.isNegative() && !d.isZero()) {
          return d;
        }
      }
    } catch (java.time.format.DateTimeParseException e) {
      // said below
    }
    throw new IllegalArgumentException(option + " takes a duration such as 90m or 2h, not '"
        + text + "'.");
  }
}

package dev.dbsync.ui.common;

import java.text.NumberFormat;
import java.util.Locale;

/** Numbers, sizes and durations as people read them. */
public final class Formats {
  private Formats() {}

  public static String count(long n) {
    return n < 0 ? "?" : NumberFormat.getIntegerInstance(Locale.US).format(n);
  }

  public static String rate(double rowsPerSecond) {
    return rowsPerSecond <= 0 ? "" : count(Math.round(rowsPerSecond)) + " rows/s";
  }

  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.US, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  /** "45 s", "3 min 05 s", "1 h 02 min"; empty when unknown (negative). */
  public static String duration(long seconds) {
    if (seconds < 0) {
      return "";
    }
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return String.format(Locale.US, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.US, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
  }

  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
          .withZone(java.time.ZoneId.systemDefault());

  /** A moment in local time, to the minute ("2026-11-23 09:41"); empty when unknown. */
  public static String when(java.time.Instant t) {
    return t == null ? "" : WHEN.format(t);
  }

  /** The message of a failure, in the engine's plain words when it has them. */
  public static String problem(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null
        || t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException)) {
      t = t.getCause();
    }
    if (t instanceof dev.dbsync.engine.DbSyncException || t instanceof IllegalArgumentException) {
      return t.getMessage();
    }
    return "Something unexpected went wrong (" + t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ").";
  }
}

package dev.dbsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.compare.CompareReport;
import dev.dbsync.engine.compare.TableComparison;
import dev.dbsync.engine.db.WireValues;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The terminal form of a dry run: a line per table, then its drift and samples. */
final class DryRunPrinter {
  /** Longest value shown in a sample line before it is cut. */
  private static final int VALUE_WIDTH = 40;

  private DryRunPrinter() {}

  static void print(PrintWriter out, CompareReport report) {
    int w = Math.max(5, report.tables().stream().mapToInt(t -> t.table().length()).max()
        .orElse(5));
    String fmt = "%-" + w + "s  %-9s  %9s  %9s  %10s  %11s  %s%n";
    out.printf(fmt, "table", "strategy", "new", "changed", "identical", "only_target",
        "would");
    for (TableComparison t : report.tables()) {
      TableComparison.Counts d = t.diff();
      if (d == null) {
        out.printf(fmt, t.table(), t.strategy().wireName(), "-", "-", "-", "-",
            t.unread() ? "not compared" : "left alone");
      } else {
        out.printf(fmt, t.table(), t.strategy().wireName(), d.fresh(), d.changed(),
            d.identical(), d.onlyTarget(), t.error() != null ? "left alone"
            : (t.createTable() ? "create the table; " : "")
            + t.would().words().replaceFirst("^will ", ""));
      }
      if (t.error() != null) {
        out.println("  " + t.error());
      }
      if (t.drift() != null && !t.drift().isEmpty()) {
        out.println("  columns: " + t.drift().words());
      }
      if (t.sample() != null) {
        sample(out, "new", t.sample().get("new"));
        sample(out, "changed", t.sample().get("changed"));
        sample(out, "only in target", t.sample().get("only_target"));
      }
    }
    int all = report.tables().size();
    long compared = report.tables().stream().filter(t -> !t.unread()).count();
    out.printf("Compared %s in %.1f s (%s over the link). Nothing was written.%n",
        compared == all ? all + " table" + (all == 1 ? "" : "s")
        : compared + " of " + all + " tables", report.seconds(), bytes(report.bytes()));
    if (report.note() != null) {
      out.println(report.note());
    }
  }

  private static void sample(PrintWriter out, String kind, List<ObjectNode> rows) {
    if (rows == null) {
      return;
    }
    for (ObjectNode r : rows) {
      String key = pairs(r.path("key"), "=");
      if (r.has("columns")) {
        List<String> parts = new ArrayList<>();
        r.path("columns").fields().forEachRemaining(e -> parts.add(e.getKey() + " "
            + value(e.getValue().get("old")) + " -> " + value(e.getValue().get("new"))));
        out.println("  " + kind + "  " + key + ": " + String.join("; ", parts));
      } else {
        // a table without a key: its rows named by their values only
        out.println("  " + kind + "  " + (key.isEmpty() ? "" : key + ": ")
            + pairs(r.path("values"), " "));
      }
    }
  }

  private static String pairs(JsonNode obj, String sep) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>)
        obj::fields) {
      parts.add(e.getKey() + sep + value(e.getValue()));
    }
    return String.join(", ", parts);
  }

  static String value(JsonNode v) {
    String t = v == null || v.isNull() ? "NULL" : v.isTextual() ? "'" + v.asText() + "'"
        : WireValues.isBinary(v) ? WireValues.pgHex(WireValues.bytesOf(v)) // as psql shows it
        : v.toString();
    t = t.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return t.length() > VALUE_WIDTH ? t.substring(0, VALUE_WIDTH - 1) + "…" : t;
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format("%.1f KiB", n / 1024.0);
    }
    return String.format("%.1f MiB", n / (1024.0 * 1024));
  }
}

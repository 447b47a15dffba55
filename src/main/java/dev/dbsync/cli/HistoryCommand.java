package dev.dbsync.cli;

import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.history.HistoryJson;
import dev.dbsync.engine.history.HistoryQuery;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.Stats;
import dev.dbsync.engine.history.TransferRecord;
import dev.dbsync.engine.history.TransferStatus;
import dev.dbsync.engine.workspace.DataDirs;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dbsync history}: the transfers this computer sent and received. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"List recorded transfers (newest first), or statistics with --stats.",
        "approve ID / deny ID decide a transfer that waits for approval."},
    subcommands = {HistoryCommand.Approve.class, HistoryCommand.Deny.class})
public final class HistoryCommand implements Callable<Integer> {
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve a transfer that waits (a receiver may then read the table)")
  static final class Approve implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", description = "The transfer's id")
    long id;

    @Override
    public Integer call() {
      try (HistoryStore h = HistoryStore.open(DataDirs.dataDir(), Clock.systemUTC())) {
        h.approvals().approve(id, ConnectionsCommand.actor());
      }
      spec.commandLine().getOut().println("transfer " + id + ": approved");
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true,
      description = "Deny a transfer that waits, with a reason the receiver is told")
  static final class Deny implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(index = "0", description = "The transfer's id")
    long id;

    @Option(names = "--reason", description = "Why (the receiver is told)")
    String reason;

    @Override
    public Integer call() {
      try (HistoryStore h = HistoryStore.open(DataDirs.dataDir(), Clock.systemUTC())) {
        h.approvals().deny(id, ConnectionsCommand.actor(), reason);
      }
      spec.commandLine().getOut().println("transfer " + id + ": denied");
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }

  @Spec
  CommandSpec spec;

  @Option(names = "--direction", description = "send or receive")
  String direction;

  @Option(names = "--status", description = "pending, in_progress, completed, failed, "
      + "cancelled, ...")
  String status;

  @Option(names = "--table", description = "Only this table")
  String table;

  @Option(names = "--connection", description = "Only this connection, one-time code or "
      + "remote address")
  String connection;

  @Option(names = "--since", description = "Only transfers created since: an ISO instant "
      + "(2026-11-01T00:00:00Z) or an age (30m, 12h, 7d)")
  String since;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many "
      + "(default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--stats", description = "Totals per connection and per table instead")
  boolean stats;

  @Option(names = "--json", description = "JSON instead of a table")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (HistoryStore h = HistoryStore.open(DataDirs.dataDir(), Clock.systemUTC())) {
      if (stats) {
        printStats(out, "connection", h.statsByConnection());
        printStats(out, "table", h.statsByTable());
        return DbSyncCommand.OK;
      }
      HistoryQuery q = new HistoryQuery(direction, status == null ? null
          : TransferStatus.parse(status), table, connection, since(since), null, 0, limit);
      List<TransferRecord> rows = h.list(q);
      if (json) {
        out.println(HistoryJson.JSON.valueToTree(rows).toString());
      } else if (rows.isEmpty()) {
        out.println("No transfer matches" + (h.count(HistoryQuery.recent(1)) == 0
            ? ": nothing has been sent or received on this computer yet." : "."));
      } else {
        out.printf("%-5s %-20s %-7s %-20s %-11s %10s %10s  %s%n", "id", "started", "dir",
            "table", "status", "rows", "of", "remote");
        for (TransferRecord r : rows) {
          out.printf("%-5d %-20s %-7s %-20s %-11s %10d %10s  %s%s%n", r.id(),
              r.createdAt().toString().substring(0, 19).replace('T', ' '), r.direction(),
              r.table(), r.status().wireName(), r.transferred(),
              r.requested() == null ? "?" : r.requested().toString(),
              r.remoteAddress() == null ? "" : r.remoteAddress(),
              r.error() == null ? "" : "  (" + r.error() + ")");
        }
      }
      out.flush();
      return DbSyncCommand.OK;
    }
  }

  static Instant since(String text) {
    if (text == null) {
      return null;
    }
    if (text.matches("\\d+[mhd]")) {
      long n = Long.parseLong(text.substring(0, text.length() - 1));
      Duration d = switch (text.charAt(text.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return Instant.now().minus(d);
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--since takes an ISO instant such as "
          + "2026-11-01T00:00:00Z or an age such as 30m, 12h or 7d, not '" + text + "'.");
    }
  }

  private void printStats(PrintWriter out, String what, List<Stats> all) {
    if (json) {
      out.println(WireValues.JSON.createObjectNode().put("by", what)
          .set("stats", WireValues.JSON.valueToTree(all)).toString());
      return;
    }
    out.printf("%-28s %9s %9s %9s %12s %12s%n", what, "transfers", "completed", "failed",
        "records", "bytes");
    for (Stats s : all) {
      out.printf("%-28s %9d %9d %9d %12d %12d%n", s.key(), s.transfers(), s.completed(),
          s.failed(), s.records(), s.bytes());
    }
    out.println();
  }
}

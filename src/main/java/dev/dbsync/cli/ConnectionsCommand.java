package dev.dbsync.cli;

import dev.dbsync.engine.connections.Connection;
import dev.dbsync.engine.connections.ConnectionSettings;
import dev.dbsync.engine.connections.ConnectionStatus;
import dev.dbsync.engine.connections.Connections;
import dev.dbsync.engine.connections.SavedConnections;
import dev.dbsync.engine.history.HistoryJson;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.workspace.DataDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbsync connections}: the permanent connections this computer serves. */
@Command(name = "connections", mixinStandardHelpOptions = true,
    description = {"Permanent connections for named receivers: a token instead of a one-time "
        + "code, with limits checked on every request.",
        "Serve them with: dbsync share --connections. A receiver saves one with: dbsync "
            + "connections save NAME --address URL --token-file FILE"},
    subcommands = {ConnectionsCommand.ListCmd.class, ConnectionsCommand.Create.class,
        ConnectionsCommand.Suspend.class, ConnectionsCommand.Reactivate.class,
        ConnectionsCommand.Revoke.class, ConnectionsCommand.Rotate.class,
        ConnectionsCommand.Delete.class, ConnectionsCommand.Save.class,
        ConnectionsCommand.Forget.class})
public final class ConnectionsCommand {

  static HistoryStore open() {
    return HistoryStore.open(DataDirs.dataDir(), Clock.systemUTC());
  }

  static String actor() {
    return System.getProperty("user.name", "someone");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List them")
  static final class ListCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (HistoryStore h = open()) {
        var all = Connections.of(h).list();
        var saved = SavedConnections.of(h).list();
        if (json) {
          var o = HistoryJson.JSON.createObjectNode();
          o.set("incoming", HistoryJson.JSON.valueToTree(all));
          o.set("outgoing", HistoryJson.JSON.valueToTree(saved));
          out.println(o.toString());
          out.flush();
          return DbSyncCommand.OK;
        }
        out.println("Incoming (receivers that pull from this computer):");
        if (all.isEmpty()) {
          out.println("  none yet: dbsync connections create NAME");
        } else {
          out.printf("%-20s %-10s %9s %12s  %s%n", "name", "status", "downloads", "records",
              "last used");
          for (Connection c : all) {
            out.printf("%-20s %-10s %9d %12d  %s%n", c.name(), c.status().wireName(),
                c.downloads(), c.recordsTotal(), c.lastUsedAt() == null ? "never"
                    : c.lastUsedAt().toString());
          }
        }
        out.println();
        out.println("Outgoing (senders this computer pulls from):");
        if (saved.isEmpty()) {
          out.println("  none yet: dbsync connections save NAME --address URL --token-file F");
        } else {
          out.printf("%-20s %-10s %-32s %s%n", "name", "status", "address", "last connected");
          for (var c : saved) {
            out.printf("%-20s %-10s %-32s %s%n", c.name(), c.status(), c.address(),
                c.lastConnectedAt() == null ? "never" : c.lastConnectedAt().toString());
            if (c.statusReason() != null) {
              out.println("  " + c.statusReason());
            }
          }
        }
      }
      out.flush();
      return DbSyncCommand.OK;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create one and print its token (shown this once only)")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The receiver's name, e.g. ann-laptop")
    String name;

    @Option(names = "--tables", description = "Only these tables (comma-separated)")
    String tables;

    @Option(names = "--exclude", description = "Never these tables (comma-separated)")
    String exclude;

    @Option(names = "--expires", description = "Expiry, an ISO instant")
    Instant expires;

    @Option(names = "--max-downloads", description = "Whole-table downloads in all")
    Long maxDownloads;

    @Option(names = "--max-records", description = "Records in all")
    Long maxRecords;

    @Option(names = "--max-records-per-request", description = "Records per request")
    Long perRequest;

    @Option(names = "--requests-per-minute", description = "Requests a minute")
    Integer rate;

    @Option(names = "--allow-from", description = "Client addresses or CIDR blocks "
        + "(comma-separated)")
    String from;

    @Option(names = "--hours", description = "Allowed hours in UTC, HH-HH (may wrap: 22-06)")
    String hours;

    @Option(names = "--password-file", description = "File whose first line is a download "
        + "password the receiver must also give")
    Path passwordFile;

    @Option(names = "--approval", description = "Each whole-table read waits for your "
        + "approval (dbsync history approve ID, or the History screen)")
    boolean approval;

    @Option(names = "--no-approval-tables", description = "With --approval: tables read "
        + "without it (comma-separated)")
    String noApproval;

    @Option(names = "--mask", description = "TABLE.COLUMN=RULE: every read of this connection "
        + "sends that column masked, on top of the share's masks (repeatable)")
    java.util.List<String> masks;

    @Override
    public Integer call() throws Exception {
      ConnectionSettings s = new ConnectionSettings(Cli.split(tables), Cli.split(exclude),
          Cli.split(noApproval), expires, maxDownloads, maxRecords, perRequest, rate,
          Cli.split(from), hours, approval ? Boolean.TRUE : null, masks);
      String password = passwordFile == null ? null : Cli.firstLine(passwordFile);
      PrintWriter out = spec.commandLine().getOut();
      try (HistoryStore h = open()) {
        Connections.Created c = Connections.of(h).create(name, s, password, actor());
        out.println("connection: " + c.connection().name() + " (active)");
        out.println("token: " + c.token());
        out.println("This token is shown once. Give it to " + name + "; DB Sync keeps only "
            + "its hash.");
      }
      out.flush();
      return DbSyncCommand.OK;
    }
  }

  /** Moves a connection to another status, with a reason kept in the audit. */
  abstract static class Move implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The connection's name")
    String name;

    @Option(names = "--reason", description = "Why (kept in the audit)")
    String reason;

    abstract ConnectionStatus target();

    @Override
    public Integer call() {
      try (HistoryStore h = open()) {
        Connections.of(h).move(name, target(), actor(), reason);
      }
      spec.commandLine().getOut().println(name + ": " + target().wireName());
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend one")
  static final class Suspend extends Move {
    @Override
    ConnectionStatus target() {
      return ConnectionStatus.SUSPENDED;
    }
  }

  @Command(name = "reactivate", mixinStandardHelpOptions = true,
      description = "Reactivate a suspended one")
  static final class Reactivate extends Move {
    @Override
    ConnectionStatus target() {
      return ConnectionStatus.ACTIVE;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke one for good")
  static final class Revoke extends Move {
    @Override
    ConnectionStatus target() {
      return ConnectionStatus.REVOKED;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "A new token (the old one stops working)")
  static final class Rotate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The connection's name")
    String name;

    @Override
    public Integer call() {
      try (HistoryStore h = open()) {
        spec.commandLine().getOut().println("token: " + Connections.of(h)
            .rotateToken(name, actor()).token());
      }
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one")
  static final class Delete implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The connection's name")
    String name;

    @Override
    public Integer call() {
      try (HistoryStore h = open()) {
        Connections.of(h).delete(name, actor());
      }
      spec.commandLine().getOut().println(name + ": deleted");
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }

  @Command(name = "save", mixinStandardHelpOptions = true,
      description = "Keep a connection a sender made for this computer (then: dbsync pull "
          + "--connection NAME); saving a name again replaces its token")
  static final class Save implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Your name for it, e.g. prod")
    String name;

    @Option(names = "--address", required = true, description = "The sender's address, e.g. "
        + "ws://db.example.com:4471")
    String address;

    @Option(names = "--token-file", required = true, description = "File whose first line is "
        + "the token the sender gave you")
    Path tokenFile;

    @Option(names = "--password-file", description = "File whose first line is the "
        + "connection's download password, if it has one")
    Path passwordFile;

    @Option(names = "--fingerprint", description = "SHA-256 fingerprint of the sender's "
        + "certificate, for wss")
    String fingerprint;

    @Override
    public Integer call() {
      try (HistoryStore h = open()) {
        SavedConnections.of(h).save(name, address, Cli.firstLine(tokenFile),
            passwordFile == null ? null : Cli.firstLine(passwordFile), fingerprint, actor());
      }
      spec.commandLine().getOut().println(name + ": saved (token sealed in the data folder)");
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }

  @Command(name = "forget", mixinStandardHelpOptions = true,
      description = "Delete a saved (outgoing) connection from this computer")
  static final class Forget implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The saved connection's name")
    String name;

    @Override
    public Integer call() {
      boolean told;
      try (HistoryStore h = open()) {
        told = new dev.dbsync.engine.connections.ConnectionPull(h, name, actor()).forget(
            dev.dbsync.engine.link.receiver.ConnectOptions.defaults()
                .fromThisComputer("dbsync CLI"));
      }
      spec.commandLine().getOut().println(name + ": forgotten" + (told
          ? "; the sender was told and revoked it"
          : " here; the sender could not be reached (it keeps the connection until it "
              + "revokes it)"));
      spec.commandLine().getOut().flush();
      return DbSyncCommand.OK;
    }
  }
}

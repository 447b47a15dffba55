package dev.dbsync.cli;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.history.ConnectionPull;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.ReceiveRecorder;
import dev.dbsync.engine.resume.ResumeFiles;
import dev.dbsync.engine.workspace.DataDirs;
import java.time.Clock;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.subset.SubsetSpec;
import dev.dbsync.engine.subset.Subsets;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.engine.transfer.TransferRunner;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dbsync pull}: copy tables from a sender into a local database. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = {"Pull tables from a sender into a local database.",
        "Exit status: 0 when every table succeeded, 1 when any failed, 2 on bad usage."})
public final class PullCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ReceiverOptions receiver;

  @Option(names = "--db", required = true, description = "The target database")
  String db;

  @Option(names = "--schema", description = "PostgreSQL schema of the target (default public)")
  String schema;

  @Option(names = "--tables", description = "Only these tables (comma-separated; default all)")
  String tables;

  @Option(names = "--strategy", defaultValue = "skip", description = {"What to do with a row "
      + "whose key the target already holds (default ${DEFAULT-VALUE}):",
      "  skip       keep the existing row; only rows with a new key are added",
      "  overwrite  replace the existing row with the incoming values, NULLs included",
      "  merge      update the existing row, keeping local values where the incoming is NULL",
      "  append     insert every row as new; the target generates new keys"})
  String strategy;

  @Option(names = "--strategy-for", description = "TABLE=STRATEGY for one table (repeatable)")
  List<String> strategyFor;

  @Option(names = "--batch-size", defaultValue = "0", description = "Rows per batch and "
      + "transaction (default: 1000, or 4 MiB between two PostgreSQL databases)")
  int batchSize;

  @Option(names = "--no-create-missing", description = "Fail a table the target lacks instead "
      + "of creating it")
  boolean noCreateMissing;

  @Option(names = "--no-resume", description = "Start over instead of continuing a transfer "
      + "that was cut off")
  boolean noResume;

  @Option(names = "--where", paramLabel = "TABLE:CONDITION", description = {"Only rows of "
      + "TABLE for which CONDITION holds (repeatable): column op value, joined by 'and'; ops",
      "  = != < <= > >= like in (a, b) is null / is not null; values are checked against "
      + "the column's type, e.g. 'orders:created_at >= 2026-11-01 and status != cancelled'"})
  List<String> where;

  @Option(names = "--limit", paramLabel = "TABLE=N", description = "Only the first N rows of "
      + "TABLE by key (repeatable)")
  List<String> limit;

  @Option(names = "--sample", paramLabel = "TABLE=PERCENT", description = "A sample of PERCENT "
      + "of the rows of TABLE (repeatable); the same rows each time for the same --seed")
  List<String> sample;

  @Option(names = "--seed", description = "The seed of --sample (default 1)")
  Long seed;

  @Option(names = "--no-references", description = "Take only the rows asked for: no parent "
      + "rows they reference, children not narrowed to their parents")
  boolean noReferences;

  @Option(names = "--json", description = "Print the summary as one JSON object")
  boolean json;

  @Option(names = "--approval-wait", defaultValue = "300", description = "With --connection: "
      + "seconds to wait for the sender to approve tables that need it (default "
      + "${DEFAULT-VALUE}); a table still waiting is left for the next run")
  long approvalWait;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Strategy> per = new LinkedHashMap<>();
    if (strategyFor != null) {
      for (String s : strategyFor) {
        String[] kv = s.split("=", 2);
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new IllegalArgumentException("--strategy-for takes TABLE=STRATEGY, not '" + s
              + "'.");
        }
        per.put(kv[0].trim(), Strategy.parse(kv[1]));
      }
    }
    TransferOptions options = TransferOptions.defaults().withTables(Cli.split(tables))
        .withStrategy(Strategy.parse(strategy), per).withBatchSize(batchSize)
        .withCreateMissingTables(!noCreateMissing).withResume(!noResume)
        .withResumePoints(ResumeFiles.in(DataDirs.dataDir()))
        .withScope(Subsets.scope(SubsetSpec.parse(where, limit, sample, seed, !noReferences)));
    DatabaseLocator target = Cli.locator(db);
    if (schema != null) {
      target = target.withSchema(schema);
    }
    ProgressPrinter progress = new ProgressPrinter(err, System.console() != null && !json);
    try (HistoryStore history = HistoryStore.open(DataDirs.dataDir(), Clock.systemUTC());
         Database local = JdbcDatabase.open(target, TableFilter.defaults(), true);
         SyncClient client = receiver.connect(err, history)) {
      ConnectionPull pull = receiver.pull(history);
      List<ConnectionPull.TableApproval> held = List.of();
      if (pull != null) {
        List<String> names = options.tables().isEmpty() ? client.listTables().stream()
            .map(dev.dbsync.engine.model.TableInfo::name).toList() : options.tables();
        List<ConnectionPull.TableApproval> decided = pull.approvals(client, names,
            options.strategy().wireName(), target.describe(),
            java.time.Duration.ofSeconds(approvalWait), a -> {
              err.println("Table " + a.table() + " waits for the sender's approval (their "
                  + "transfer " + a.transferId() + ", until " + a.expiresAt() + ")...");
              err.flush();
            });
        held = decided.stream().filter(a -> !a.mayRun()).toList();
        options = options.withTables(decided.stream().filter(ConnectionPull.TableApproval::mayRun)
            .map(ConnectionPull.TableApproval::table).toList());
        if (options.tables().isEmpty()) {
          held(out, held);
          out.flush();
          return DbSyncCommand.FAILED;
        }
      }
      ReceiveRecorder recorder = new ReceiveRecorder(history, new ReceiveRecorder.Context(
          receiver.connection, receiver.code, receiver.address(history), target.describe(),
          System.getProperty("user.name")), options, progress);
      recorder.maskedBy(client::maskedColumns);
      if (pull != null) {
        pull.recorder(recorder);
      }
      TransferRunner runner = client.runner(local, options, recorder);
      // Ctrl-C: stop after the batch being written and let the summary print before exiting
      java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
      Thread hook = new Thread(() -> {
        runner.cancel();
        try {
          told.await(CANCEL_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "pull-cancel");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return run(out, runner, recorder, pull, client, held);
      } finally {
        told.countDown();
      }
    }
  }

  /** How long Ctrl-C waits for the batch being written and the summary. */
  private static final int CANCEL_WAIT_SECONDS = 20;

  private int run(PrintWriter out, TransferRunner runner, ReceiveRecorder recorder,
      ConnectionPull pull, SyncClient client, List<ConnectionPull.TableApproval> held) {
    TransferReport report;
    try {
      report = runner.run();
    } catch (RuntimeException e) {
      recorder.runFailed(Cli.message(e));
      if (pull != null && e instanceof dev.dbsync.engine.link.receiver.LinkException le) {
        pull.learn(le);
      }
      throw e;
    }
    if (pull != null) {
      pull.learn(client);
    }
    if (json) {
      out.println(WireValues.JSON.valueToTree(report).toString());
    } else {
      summary(out, report);
      held(out, held);
    }
    out.flush();
    return held.isEmpty() && report.tables().stream()
        .allMatch(t -> t.status() == TableOutcome.Status.COMPLETED)
        ? DbSyncCommand.OK : DbSyncCommand.FAILED;
  }

  /** The tables a permanent connection did not let this run read, and why. */
  private static void held(PrintWriter out, List<ConnectionPull.TableApproval> held) {
    String why = ConnectionPull.describeHeld(held);
    if (!why.isEmpty()) {
      out.println(why);
    }
  }

  static void summary(PrintWriter out, TransferReport report) {
    int w = Math.max(5, report.tables().stream().mapToInt(t -> t.table().length()).max()
        .orElse(5));
    String fmt = "%-" + w + "s  %-21s  %-9s  %9s  %9s  %9s  %7s%n";
    out.printf(fmt, "table", "status", "strategy", "created", "updated", "skipped", "errors");
    for (TableOutcome t : report.tables()) {
      out.printf(fmt, t.table(), t.status().words(), t.strategy().wireName(),
          t.result().created(),
          t.result().updated(), t.result().skipped(), t.result().failed());
      if (t.error() != null) {
        out.println("  " + t.error());
      }
      t.result().warnings().forEach(wn -> out.println("  warning: " + wn));
      t.result().errors().stream().limit(5).forEach(e ->
          out.println("  row " + e.key() + ": " + e.reason()));
      if (t.result().failed() > 5) {
        out.println("  ... and " + (t.result().failed() - 5) + " more refused rows");
      }
    }
    if (!report.addedForReferences().isEmpty()) {
      out.println("added for references: " + String.join(", ", report.addedForReferences()));
    }
    out.printf("%d rows in %.1f s%n", report.rows(), report.seconds());
  }
}

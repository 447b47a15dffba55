package dev.dbsync.cli;

import dev.dbsync.engine.Opening;
import dev.dbsync.engine.compare.Compare;
import dev.dbsync.engine.compare.CompareReport;
import dev.dbsync.engine.compare.TableComparison;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.history.CompareRecords;
import dev.dbsync.engine.connections.ConnectionPull;
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
      "  append     insert every row as new; the target generates new keys",
      "  mirror     make the table equal the source: add, update, and delete the rows the "
          + "source lacks",
      "When the target table already holds rows, skip, overwrite, merge and mirror compare "
          + "first and move only the rows that differ."})
  String strategy;

  @Option(names = "--strategy-for", description = "TABLE=STRATEGY for one table (repeatable)")
  List<String> strategyFor;

  @Option(names = "--batch-size", defaultValue = "0", description = "Rows per batch and "
      + "transaction (default: 1000, or 4 MiB between two PostgreSQL databases)")
  int batchSize;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "0", description = "Tables "
      + "written at once, each on its own connection (default: as many as the sender offers, "
      + "at most two per core here; 1: one after another). Parents finish before their "
      + "children start")
  int jobs;

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

  @Option(names = "--sample", paramLabel = "TABLE=PERCENT|N", description = {"A sample of "
      + "PERCENT of the rows of TABLE (repeatable); the same rows each time for the same --seed.",
      "With --dry-run, a bare N: show up to N rows of each kind per table (default 5)"})
  List<String> sample;

  @Option(names = "--dry-run", description = "Compare every selected table with the target "
      + "and write nothing: per table the rows new, changed, identical and only in the target, "
      + "what the strategy would do, a sample of each, and how the columns differ")
  boolean dryRun;

  @Option(names = "--no-compare", description = "Move every selected row, without comparing "
      + "first with the rows the target already holds (not with mirror)")
  boolean noCompare;

  @Option(names = "--add-columns", description = "Add to a target table the columns the "
      + "source has and it lacks (by default they are left out with a warning)")
  boolean addColumns;

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
    DatabaseLocator named = Cli.locator(db);
    DatabaseLocator target = schema == null ? named : named.withSchema(schema);
    // a SQLite file that is not there yet is an empty target: a dry run does not make it
    boolean none = dryRun && target.kind() == DatabaseLocator.Kind.SQLITE
        && !java.nio.file.Files.exists(target.sqliteFile());
    // the history (a local file) and the target (a server) open on threads of their own while
    // the options are read; the link connects only once both are open: a wrong --db must not
    // spend the one-time code
    prepareReading();
    try (Opening<HistoryStore> history = Opening.start("history-open",
            () -> HistoryStore.open(DataDirs.dataDir(), Clock.systemUTC()));
         Opening<Database> local = Opening.start("target-open", () -> none ? null
             : readAhead(JdbcDatabase.open(target, TableFilter.defaults(), !dryRun)))) {
      return call(target, history, local);
    }
  }

  /**
   * Builds, on a thread of its own, how the sender's table descriptions are read (Jackson
   * reads a record's constructor and annotations once, the first time): the main thread
   * meanwhile reads the options and waits for the target, and would build it later anyway.
   */
  private static void prepareReading() {
    dev.dbsync.engine.Threads.named("prepare-reading").newThread(() ->
        WireValues.JSON.readerFor(dev.dbsync.engine.model.TableSchema.class)).start();
  }

  /** A dry run reads the target in a snapshot: its connection opens while the link does. */
  private Database readAhead(Database opened) {
    if (dryRun) {
      opened.readAhead();
    }
    return opened;
  }

  private int call(DatabaseLocator target, Opening<HistoryStore> histories,
      Opening<Database> locals) {
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
    List<String> percents = sample == null ? List.of()
        : sample.stream().filter(v -> v.contains("=")).toList();
    List<String> counts = sample == null ? List.of()
        : sample.stream().filter(v -> !v.contains("=")).toList();
    int samples = 5;
    if (!counts.isEmpty()) {
      if (!dryRun || counts.size() > 1) {
        throw new IllegalArgumentException("--sample takes TABLE=PERCENT (a subset), or one "
            + "bare N with --dry-run (rows shown per kind), not '" + counts.get(0) + "'.");
      }
      try {
        samples = Integer.parseInt(counts.get(0).trim());
      } catch (NumberFormatException e) {
        samples = -1;
      }
      if (samples < 0 || samples > 1000) {
        throw new IllegalArgumentException("--sample N with --dry-run takes 0 to 1000 rows, "
            + "not '" + counts.get(0) + "'.");
      }
    }
    if (jobs < 0 || jobs > TransferOptions.MAX_JOBS) {
      throw new IllegalArgumentException("--jobs takes 1 to " + TransferOptions.MAX_JOBS
          + " tables at once, not " + jobs + ".");
    }
    if (noCompare && (dryRun || Strategy.parse(strategy) == Strategy.MIRROR
        || per.containsValue(Strategy.MIRROR))) {
      throw new IllegalArgumentException("--no-compare moves every row without comparing: "
          + "it does not go with --dry-run or the mirror strategy, which compare first.");
    }
    if (dryRun && (where != null || limit != null || !percents.isEmpty())) {
      throw new IllegalArgumentException("--dry-run compares whole tables: it does not take "
          + "--where, --limit or --sample TABLE=PERCENT.");
    }
    TransferOptions options = TransferOptions.defaults().withTables(Cli.split(tables))
        .withStrategy(Strategy.parse(strategy), per).withBatchSize(batchSize)
        .withCreateMissingTables(!noCreateMissing).withResume(!noResume)
        .withResumePoints(ResumeFiles.in(DataDirs.dataDir()))
        .withScope(Subsets.scope(SubsetSpec.parse(where, limit, percents, seed,
            !noReferences)))
        .withAddColumns(addColumns).withJobs(jobs);
    if (dryRun) {
      return dryRun(out, err, target, histories, locals, options, samples);
    }
    ProgressPrinter progress = new ProgressPrinter(err, System.console() != null && !json);
    try (Database local = locals.get();
         HistoryStore history = histories.get();
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
      // a table that already holds rows gets only what changed
      if (!noCompare) {
        options = options.withScope(Compare.changesOnly(local, options));
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

  /**
   * {@code --dry-run}: compares and writes nothing in the target (a read-only snapshot of it);
   * the compare is kept in the local history.
   */
  private int dryRun(PrintWriter out, PrintWriter err, DatabaseLocator target,
      Opening<HistoryStore> histories, Opening<Database> locals, TransferOptions options,
      int samples) {
    try (Database local = locals.get();
         HistoryStore history = histories.get();
         SyncClient client = receiver.connect(err, history)) {
      CompareReport report = Compare.dryRun(client, local, options.tables(), options, samples);
      CompareRecords.record(history, report, new CompareRecords.Context(receiver.connection,
          receiver.code, receiver.address(history), target.describe(),
          System.getProperty("user.name")));
      if (json) {
        out.println(WireValues.JSON.valueToTree(report).toString());
      } else {
        DryRunPrinter.print(out, report);
      }
      out.flush();
      // a table that could not be read was not compared (each of the others was)
      return report.tables().stream().anyMatch(TableComparison::unread) ? DbSyncCommand.FAILED
          : DbSyncCommand.OK;
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
    String fmt = "%-" + w + "s  %-21s  %-9s  %9s  %9s  %9s  %9s  %7s%n";
    out.printf(fmt, "table", "status", "strategy", "created", "updated", "skipped", "deleted",
        "errors");
    for (TableOutcome t : report.tables()) {
      out.printf(fmt, t.table(), t.status().words(), t.strategy().wireName(),
          t.result().created(),
          t.result().updated(), t.result().skipped(), t.result().deleted(), t.result().failed());
      if (t.error() != null) {
        out.println("  " + t.error());
      }
      var c = report.compared().get(t.table());
      if (c != null) {
        out.printf("  compared first: %d new, %d changed, %d only in the target, %d identical "
            + "%s%s%n", c.fresh(), c.changed(), c.onlyTarget(), c.identical(),
            c.movedWhole() ? "(moved with the whole table)" : "(not moved)",
            c.fast() ? "" : "; the sender's rows were read to compare them");
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
    out.printf("%d rows in %.1f s%s%n", report.rows(), report.seconds(), report.jobs() > 1
        ? ", " + report.jobs() + " tables at once" : "");
  }
}

package dev.dbsync.ui.receive.run;

import dev.dbsync.engine.compare.Compare;
import dev.dbsync.engine.compare.TableComparison;
import dev.dbsync.engine.connections.ConnectionPull;
import dev.dbsync.engine.history.ReceiveRecorder;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.resume.ResumeFiles;
import dev.dbsync.engine.subset.SubsetSpec;
import dev.dbsync.engine.subset.Subsets;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferProgress;
import dev.dbsync.engine.transfer.TransferRunner;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import dev.dbsync.ui.receive.RemoteTable;
import dev.dbsync.ui.receive.StepViewModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Step 4: what will happen, then Run: the transfer on a background task with a bar per table
 * and an overall one. Cancel keeps the committed batches.
 */
public final class RunViewModel implements StepViewModel {
  private final ReceiveWizardModel wizard;
  private final ObservableList<TableProgressRow> rows = FXCollections.observableArrayList();
  private final Map<String, TableProgressRow> byName = new LinkedHashMap<>();
  private final BooleanProperty running = new SimpleBooleanProperty();
  private final BooleanProperty idle = new SimpleBooleanProperty(true);
  private final DoubleProperty overall = new SimpleDoubleProperty(0);
  private final StringProperty overallText = new SimpleStringProperty("");
  private final Map<String, TransferProgress> latest = new LinkedHashMap<>();
  private final AtomicBoolean posted = new AtomicBoolean();
  private volatile TransferRunner runner;

  public RunViewModel(ReceiveWizardModel wizard) {
    this.wizard = wizard;
    running.addListener((o, a, r) -> idle.set(!r));
  }

  @Override
  public String title() {
    return "Review and run";
  }

  @Override
  public BooleanExpression canAdvance() {
    return idle;
  }

  @Override
  public String nextLabel() {
    return "Run";
  }

  @Override
  public void activate() {
    byName.clear();
    for (RemoteTable t : wizard.selectedTables()) {
      byName.put(t.name(), new TableProgressRow(t, wizard.createMissingProperty().get()));
    }
    rows.setAll(byName.values());
    overall.set(0);
    long total = wizard.selectedTables().stream().mapToLong(RemoteTable::remoteCount).sum();
    String press = " Press Run to start; committed batches are kept if you cancel.";
    overallText.set(rows.size() + (rows.size() == 1 ? " table, " : " tables, ")
        + Formats.count(total) + " rows." + press);
    SubsetSpec spec;
    try {
      spec = wizard.subsetSpec();
    } catch (IllegalArgumentException e) {
      overallText.set(e.getMessage());
      return;
    }
    boolean parents = wizard.selectedTables().stream().anyMatch(t -> t.parents().stream()
        .anyMatch(p -> !byName.containsKey(p)));
    if (!spec.narrows() && !(parents && spec.references()) || wizard.client() == null) {
      return;
    }
    // what the subset moves, and what its references add, before Run
    List<String> names = List.copyOf(byName.keySet());
    overallText.set("Finding the rows to pull and the rows they reference…");
    long asked = ++previews;
    wizard.executor().execute(BackgroundTask.of(() -> Subsets.preview(wizard.client(), names,
        spec)).onSuccess(p -> {
          if (asked != previews) {
            return;
          }
          long chosen = 0;
          for (RemoteTable t : wizard.selectedTables()) {
            chosen += p.rows().getOrDefault(t.name(), t.remoteCount());
            Long n = p.rows().get(t.name());
            TableProgressRow row = byName.get(t.name());
            if (n != null && row != null) {
              row.narrowed(n, t.rows().isWhole() ? "those whose parents come" : t.rows()
                  .summary());
            }
          }
          referencesText.set(p.added().isEmpty() ? "" : "+" + Formats.count(p.addedRows())
              + " rows from " + p.added().size() + (p.added().size() == 1 ? " table" : " tables")
              + " for references (" + String.join(", ", p.added()) + ")");
          overallText.set(rows.size() + (rows.size() == 1 ? " table, " : " tables, ")
              + Formats.count(chosen) + " rows" + (referencesText.get().isEmpty() ? ""
              : ", " + referencesText.get()) + "." + press);
        }).onError(e -> {
          if (asked == previews) {
            overallText.set(Formats.problem(e));
          }
        }));
  }

  private long previews;
  private final StringProperty referencesText = new SimpleStringProperty("");

  /** "+N rows from K tables for references (...)", once known; empty when none. */
  public StringProperty referencesTextProperty() {
    return referencesText;
  }

  /**
   * Run: a mirror into tables that hold rows first shows how many rows it would delete and
   * asks; then the transfer starts, and the results step shows once it ends.
   */
  @Override
  public void next(Runnable advance) {
    List<String> mirrored = wizard.selectedTables().stream()
        .filter(t -> t.strategyProperty().get() == Strategy.MIRROR && t.localSchema() != null)
        .map(RemoteTable::name).toList();
    if (mirrored.isEmpty() || wizard.client() == null) {
      start(advance);
      return;
    }
    overallText.set("Comparing the mirrored tables with the local ones…");
    wizard.workingProperty().set(true);
    TransferOptions o = TransferOptions.defaults().withStrategy(Strategy.MIRROR, null);
    wizard.executor().execute(BackgroundTask.of(() -> Compare.dryRun(wizard.client(),
        wizard.targetDb(), mirrored, o, 0)).onSuccess(r -> {
          wizard.workingProperty().set(false);
          List<String> parts = new java.util.ArrayList<>();
          long deletions = 0;
          for (TableComparison c : r.tables()) {
            if (c.would() != null && c.would().deleted() > 0) {
              deletions += c.would().deleted();
              parts.add(c.table() + ": " + Formats.count(c.would().deleted()));
            }
            TableProgressRow row = byName.get(c.table());
            if (row != null && c.would() != null) {
              row.narrowed(c.would().created() + c.would().updated(), c.would().words());
            }
          }
          mirrorText.set(deletions == 0 ? "" : "Mirror will delete " + Formats.count(deletions)
              + " local rows the sender lacks (" + String.join(", ", parts) + ").");
          if (deletions == 0 || wizard.dialogs().confirm("Delete rows here?",
              mirrorText.get() + " Delete them and run?",
              "Delete " + Formats.count(deletions) + (deletions == 1 ? " row" : " rows")
                  + " and run")) {
            start(advance);
          } else {
            overallText.set("Not run: nothing was deleted. Choose another strategy for "
                + "these tables, or Run again to confirm.");
          }
        }).onError(e -> {
          wizard.workingProperty().set(false);
          overallText.set(Formats.problem(e));
        }));
  }

  private final StringProperty mirrorText = new SimpleStringProperty("");

  /** "Mirror will delete N local rows the sender lacks (...)", once compared; else empty. */
  public StringProperty mirrorTextProperty() {
    return mirrorText;
  }

  private void start(Runnable advance) {
    List<RemoteTable> chosen = wizard.selectedTables();
    SubsetSpec spec;
    try {
      spec = wizard.subsetSpec();
    } catch (IllegalArgumentException e) {
      overallText.set(e.getMessage()); // a limit or sample that is not a number
      return;
    }
    Map<String, Strategy> strategies = new LinkedHashMap<>();
    chosen.forEach(t -> strategies.put(t.name(), t.strategyProperty().get()));
    TransferOptions base = TransferOptions.defaults()
        .withTables(chosen.stream().map(RemoteTable::name).toList())
        .withStrategy(Strategy.SKIP, strategies)
        .withCreateMissingTables(wizard.createMissingProperty().get())
        .withResumePoints(wizard.history() == null ? null
            : ResumeFiles.in(wizard.history().dataDir()))
        .withScope(Subsets.scope(spec))
        .withAddColumns(wizard.addColumnsProperty().get())
        .withJobs(wizard.jobsProperty().get());
    // a table that already holds rows gets only what changed
    TransferOptions options = base.withScope(Compare.changesOnly(wizard.targetDb(), base));
    String connection = wizard.connectionName();
    ReceiveRecorder recorder = wizard.history() == null ? null : new ReceiveRecorder(
        wizard.history(), new ReceiveRecorder.Context(connection, wizard.code(),
            wizard.address(), wizard.targetProperty().get().name(),
            System.getProperty("user.name")), options, new Listener())
        .maskedBy(wizard.client()::maskedColumns);
    stopped = false;
    running.set(true);
    wizard.workingProperty().set(true);
    wizard.transferErrorProperty().set("");
    overallText.set("Starting…");
    wizard.executor().execute(BackgroundTask.of(() -> {
      TransferOptions run = options;
      String held = "";
      if (connection != null && recorder != null) {
        ConnectionPull pull = new ConnectionPull(wizard.history(), connection,
            System.getProperty("user.name", "someone"));
        List<ConnectionPull.TableApproval> decided = pull.approvals(wizard.client(),
            options.tables(), "skip", wizard.targetProperty().get().name(),
            java.time.Duration.ofMinutes(10), a -> wizard.executor().onUi(() -> overallText.set(
                "Waiting for the sender to approve " + a.table() + "… (Cancel stops "
                    + "waiting)")), () -> stopped);
        pull.recorder(recorder);
        held = ConnectionPull.describeHeld(decided);
        run = options.withTables(decided.stream().filter(ConnectionPull.TableApproval::mayRun)
            .map(ConnectionPull.TableApproval::table).toList());
        if (run.tables().isEmpty() || stopped) {
          throw new dev.dbsync.engine.DbSyncException(stopped ? "Cancelled while waiting for "
              + "the sender's approval; nothing was read. " + held : held);
        }
      }
      TransferRunner r = wizard.client().runner(wizard.targetDb(), run,
          recorder == null ? new Listener() : recorder);
      runner = r;
      try {
        return new Ran(r.run(), held);
      } catch (RuntimeException e) {
        if (recorder != null) {
          recorder.runFailed(Formats.problem(e));
        }
        throw e;
      }
    }).onSuccess(ran -> {
      wizard.reportProperty().set(ran.report());
      wizard.transferErrorProperty().set(ran.held());
    }).onError(e -> wizard.transferErrorProperty().set(Formats.problem(e)))
        .andFinally(() -> {
          runner = null;
          running.set(false);
          wizard.workingProperty().set(false);
          wizard.showResults();
        }));
  }

  private record Ran(dev.dbsync.engine.transfer.TransferReport report, String held) {}

  private volatile boolean stopped;

  @Override
  public boolean cancel() {
    TransferRunner r = runner;
    if (r == null) {
      if (running.get()) {
        stopped = true; // still waiting for approvals
        overallText.set("Cancelling…");
        return true;
      }
      return false;
    }
    r.cancel();
    overallText.set("Cancelling after the batch being written…");
    return true;
  }

  /** Hands the transfer's events to the UI thread, at most one progress update at a time. */
  private final class Listener implements TransferListener {
    @Override
    public void tableStarted(String table, long expectedRows) {
      wizard.executor().onUi(() -> {
        TableProgressRow row = byName.computeIfAbsent(table, t -> {
          TableProgressRow added = new TableProgressRow(t, "added for references: the rows the "
              + "chosen rows reference");
          rows.add(added);
          return added;
        });
        row.started(expectedRows);
      });
    }

    @Override
    public void progress(TransferProgress p) {
      synchronized (latest) {
        latest.put(p.table(), p);
      }
      if (posted.compareAndSet(false, true)) {
        wizard.executor().onUi(RunViewModel.this::showProgress);
      }
    }

    /** Tables in parallel: a table's row shows it is done as soon as its rows are in. */
    @Override
    public void tableWritten(TableOutcome outcome) {
      show(outcome);
    }

    @Override
    public void tableFinished(TableOutcome outcome) {
      show(outcome);
    }

    private void show(TableOutcome outcome) {
      wizard.executor().onUi(() -> {
        showProgress();
        TableProgressRow row = byName.get(outcome.table());
        if (row != null) {
          row.finished(outcome);
        }
      });
    }
  }

  private void showProgress() {
    posted.set(false);
    List<TransferProgress> ps;
    synchronized (latest) {
      ps = List.copyOf(latest.values());
      latest.clear();
    }
    for (TransferProgress p : ps) {
      TableProgressRow row = byName.get(p.table());
      if (row != null) {
        row.update(p);
      }
      if (p.overallExpected() > 0) {
        overall.set(Math.min(1.0, (double) p.overallDone() / p.overallExpected()));
      }
      overallText.set(Formats.count(p.overallDone()) + " of " + Formats.count(p.overallExpected())
          + " rows · " + Formats.rate(p.rowsPerSecond()) + " · " + Formats.bytes(p.bytes())
          + " received");
    }
  }

  public ObservableList<TableProgressRow> rows() {
    return rows;
  }

  public BooleanProperty runningProperty() {
    return running;
  }

  public DoubleProperty overallProperty() {
    return overall;
  }

  public StringProperty overallTextProperty() {
    return overallText;
  }
}

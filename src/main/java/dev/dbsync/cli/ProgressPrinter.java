package dev.dbsync.cli;

import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows progress. One table at a time: a redrawn bar on a terminal, plain lines otherwise
 * (every 10%). Tables in parallel: one line per table as it finishes and a total line with
 * rows/s and the time left (redrawn on a terminal, every 10% otherwise).
 */
final class ProgressPrinter implements TransferListener {
  private final PrintWriter err;
  private final boolean terminal;
  private long lastTenth = -1;
  private long lastDraw;
  private boolean parallel;
  private int tables;
  private int written;
  private long startedNanos;
  private TransferProgress last;

  ProgressPrinter(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void started(int tableCount, int jobs) {
    parallel = jobs > 1;
    tables = tableCount;
    startedNanos = System.nanoTime();
    if (parallel) {
      err.printf("%d tables, up to %d at once%n", tableCount, jobs);
      err.flush();
    }
  }

  @Override
  public void tableStarted(String table, long expectedRows) {
    if (parallel) {
      return;
    }
    if (terminal && lastDraw != 0) {
      err.println(); // keep the previous table's bar
    }
    lastDraw = 0;
    lastTenth = -1;
    if (!terminal) {
      err.println(table + ": starting (" + expectedRows + " rows)");
      err.flush();
    }
  }

  @Override
  public void resuming(String table, long fromRow, long expectedRows) {
    clearBar();
    err.printf("%s: resuming from row %,d of %,d (the rows before were committed by an earlier "
        + "run; --no-resume starts over)%n", table, fromRow, expectedRows);
    err.flush();
    redrawTotal();
  }

  @Override
  public void progress(TransferProgress p) {
    if (parallel) {
      total(p);
      return;
    }
    double f = p.rowsExpected() > 0 ? Math.min(1.0, (double) p.rowsDone() / p.rowsExpected()) : 0;
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw < 100_000_000L && f < 1.0) {
        return;
      }
      lastDraw = now;
      int filled = (int) Math.round(f * 30);
      long left = p.secondsLeft();
      err.printf("\r%-20.20s [%s%s] %5.1f%%  %,d rows  %,.0f rows/s%s   ", p.table(),
          "#".repeat(filled), " ".repeat(30 - filled), f * 100, p.rowsDone(), p.rowsPerSecond(),
          left >= 0 ? "  " + left + " s left" : "");
      err.flush();
    } else {
      long tenth = (long) (f * 10);
      if (tenth != lastTenth) {
        lastTenth = tenth;
        long left = p.secondsLeft();
        err.printf("%s: %d/%d rows (%.0f rows/s%s)%n", p.table(), p.rowsDone(), p.rowsExpected(),
            p.rowsPerSecond(), left >= 0 && f < 1.0 ? ", about " + left + " s left" : "");
        err.flush();
      }
    }
  }

  /** The total line of tables in parallel: all rows, their rate since the start, time left. */
  private void total(TransferProgress p) {
    last = p;
    double f = p.overallExpected() > 0
        ? Math.min(1.0, (double) p.overallDone() / p.overallExpected()) : 0;
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw < 100_000_000L && f < 1.0) {
        return;
      }
      lastDraw = now;
      err.print("\r" + totalLine(p) + "   ");
      err.flush();
    } else {
      long tenth = (long) (f * 10);
      if (tenth != lastTenth) {
        lastTenth = tenth;
        err.println(totalLine(p));
        err.flush();
      }
    }
  }

  private String totalLine(TransferProgress p) {
    double secs = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    double rate = p.overallDone() / secs;
    long leftRows = Math.max(0, p.overallExpected() - p.overallDone());
    String left = rate > 0 && leftRows > 0
        ? String.format(Locale.ROOT, ", about %d s left", Math.round(leftRows / rate)) : "";
    double f = p.overallExpected() > 0
        ? Math.min(1.0, (double) p.overallDone() / p.overallExpected()) : 0;
    return String.format(Locale.ROOT, "total: %,d/%,d rows (%.0f%%), %d/%d tables, %,.0f "
        + "rows/s%s", p.overallDone(), p.overallExpected(), f * 100, written, tables, rate,
        left);
  }

  @Override
  public void tableWritten(TableOutcome o) {
    if (!parallel) {
      return;
    }
    written++;
    clearBar();
    StringBuilder line = new StringBuilder(o.table()).append(": ").append(o.status().words())
        .append(", ");
    grouped(line, o.resumedFrom() + o.result().processed());
    line.append(" rows in ");
    hundredths(line, o.seconds());
    err.println(line.append(" s").append(o.error() == null ? "" : ": " + o.error()));
    err.flush();
    redrawTotal();
  }

  @Override
  public void warning(String message) {
    clearBar();
    err.println("warning: " + message);
    err.flush();
    redrawTotal();
  }

  @Override
  public void tableFinished(TableOutcome o) {
    clearBar();
    if (parallel && o.status() == TableOutcome.Status.COMPLETED && o.result().failed() == 0
        && o.result().warnings().isEmpty()) {
      return; // said when its rows were in
    }
    err.println(o.table() + ": " + o.status().words() + " (" + o.result() + ")");
    err.flush();
  }

  /*
   * What %,d and %.2f print (Locale.ROOT), without a Formatter: a line per finished table is
   * written by the thread that hands the lanes their next table, and a 300-table pull spent
   * 60-70 ms of its CPU in the Formatter for these lines alone (async-profiler).
   */

  /** Appends {@code n} with a comma between groups of three digits (as %,d). */
  static void grouped(StringBuilder b, long n) {
    String digits = Long.toString(n);
    int sign = n < 0 ? 1 : 0;
    b.append(digits, 0, sign);
    int first = (digits.length() - sign) % 3 == 0 ? 3 : (digits.length() - sign) % 3;
    b.append(digits, sign, sign + first);
    for (int i = sign + first; i < digits.length(); i += 3) {
      b.append(',').append(digits, i, i + 3);
    }
  }

  /** Appends a non-negative number of seconds with two decimals (as %.2f, half up). */
  static void hundredths(StringBuilder b, double seconds) {
    long h = Math.round(seconds * 100);
    b.append(h / 100).append('.').append(h % 100 < 10 ? "0" : "").append(h % 100);
  }

  private void clearBar() {
    if (terminal && lastDraw != 0) {
      err.print(parallel ? "\r" + " ".repeat(100) + "\r" : "\n");
      lastDraw = 0;
    }
  }

  private void redrawTotal() {
    if (parallel && terminal && last != null) {
      lastDraw = System.nanoTime();
      err.print("\r" + totalLine(last) + "   ");
      err.flush();
    }
  }
}

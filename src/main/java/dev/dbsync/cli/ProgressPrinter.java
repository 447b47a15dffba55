package dev.dbsync.cli;

import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferProgress;
import java.io.PrintWriter;

/** Shows progress: a redrawn bar on a terminal, plain lines otherwise (every 10%). */
final class ProgressPrinter implements TransferListener {
  private final PrintWriter err;
  private final boolean terminal;
  private long lastTenth = -1;
  private long lastDraw;

  ProgressPrinter(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void tableStarted(String table, long expectedRows) {
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
    if (terminal && lastDraw != 0) {
      err.println();
      lastDraw = 0;
    }
    err.printf("%s: resuming from row %,d of %,d (the rows before were committed by an earlier "
        + "run; --no-resume starts over)%n", table, fromRow, expectedRows);
    err.flush();
  }

  @Override
  public void progress(TransferProgress p) {
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

  @Override
  public void tableFinished(TableOutcome o) {
    if (terminal && lastDraw != 0) {
      err.println();
      lastDraw = 0;
    }
    err.println(o.table() + ": " + o.status().words() + " (" + o.result() + ")");
    err.flush();
  }
}

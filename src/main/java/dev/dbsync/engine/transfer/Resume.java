package dev.dbsync.engine.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.resume.ResumePoint;
import dev.dbsync.engine.resume.ResumePoints;
import java.util.Optional;

/**
 * The resume point of one table's transfer, kept outside the target, and why resuming from it
 * is exact although a batch and its point do not commit together.
 *
 * <p>The point is saved after each batch commits. A process killed between the commit and the
 * save leaves a point one batch behind. When a batch may be written twice without changing
 * anything ({@code rewritable}: a table with a key, with skip, overwrite or merge) the next run
 * simply writes that batch again. Otherwise (append, or a table without a key) the point is
 * also saved before each batch with the target table's row count, and a resume counts the
 * table: unchanged means the batch did not commit, grown means it did.
 */
final class Resume {
  private final ResumePoints points;
  private final Database target;
  private final String targetId;
  private final String source;
  private final String table;
  private final boolean rewritable;
  private ResumePoint last;
  /** The point before the batch being written. */
  private ResumePoint before;
  private long count;
  /** Whether a point of this table may be on disk: one loaded, or one saved by this run. */
  private boolean stored;
  /** DB Sync made the table and its foreign keys and indexes are still to be made. */
  private boolean keysPending;

  Resume(ResumePoints points, Database target, String source, String table,
      boolean rewritable) {
    this.points = points;
    this.target = target;
    this.targetId = target.locator().describe();
    this.source = source;
    this.table = table;
    this.rewritable = rewritable;
  }

  /** The point saved for this table, if any (read before anything drops it). */
  static Optional<ResumePoint> saved(ResumePoints points, Database target, String source,
      String table) {
    return points.load(target.locator().describe(), source, table);
  }

  /**
   * The point to go on from ({@code p}, as {@link #saved} read it), with an in-flight batch
   * settled by counting the target.
   */
  Optional<ResumePoint> settle(Optional<ResumePoint> p) {
    stored = p.isPresent();
    if (p.isEmpty() || p.get().inFlight() == null) {
      return p;
    }
    ResumePoint.InFlight f = p.get().inFlight();
    long now = target.getCount(table);
    if (now == f.countBefore()) {
      return Optional.of(p.get().withInFlight(null)); // the batch did not commit
    }
    if (now > f.countBefore()) {
      return Optional.of(p.get().committed());
    }
    throw new DbSyncException("The target's " + table + " holds fewer rows (" + now
        + ") than when its transfer was cut off (" + f.countBefore() + "): it was changed "
        + "since, so DB Sync cannot tell where to go on. Run again with --no-resume to start "
        + table + " over.");
  }

  /** Starts over: any point is dropped. */
  Optional<ResumePoint> forget() {
    points.clear(targetId, source, table);
    stored = false;
    return Optional.empty();
  }

  /** The transfer begins, from {@code from} or from the start. */
  void begin(ResumePoint from) {
    last = from != null ? from : new ResumePoint(targetId, source, table, null, 0, null);
    if (!rewritable) {
      count = target.getCount(table);
    }
  }

  /**
   * DB Sync made this table (in this run or in a cut one) and makes its foreign keys and
   * indexes once the rows are all in: every point says so from now on, and one stays after the
   * table is complete until {@link #keysMade}, so that a run cut before then still makes them.
   */
  void keysPending() {
    keysPending = true;
    last = last.withKeysPending();
    save(last);
  }

  /** The table's foreign keys and indexes were made: nothing of it is left to resume. */
  static void keysMade(ResumePoints points, Database target, String source, String table) {
    points.clear(target.locator().describe(), source, table);
  }

  /** A batch ending at {@code lastKey}, {@code rowsDone} source rows in all, is about to go. */
  void writing(JsonNode lastKey, long rowsDone) {
    ResumePoint next = new ResumePoint(targetId, source, table, lastKey, rowsDone, null,
        keysPending);
    if (!rewritable) {
      save(last.withInFlight(new ResumePoint.InFlight(lastKey, rowsDone, count)));
    }
    before = last;
    last = next;
  }

  /**
   * The batch announced by {@link #writing} was rolled back: the point stays where it was (an
   * in-flight point saved for it is settled by counting, as after a kill).
   */
  void notWritten() {
    if (before != null) {
      last = before;
      before = null;
    }
  }

  /**
   * The batch committed. After the table's last batch no point is saved (known as last when
   * the table's end arrived before it was written, not when the end falls on a batch's edge):
   * the table is finished next, and a process killed in between leaves the previous point (a
   * rewritable batch is written again) or the in-flight one (settled by counting), both
   * exact. A table of one batch, most tables of a schema, then touches no file.
   */
  void written(ImportResult r, boolean lastBatch) {
    before = null;
    count += r.created();
    if (!lastBatch) {
      save(last);
    }
  }

  private void save(ResumePoint p) {
    points.save(p);
    stored = true;
  }

  /**
   * The table is complete: no point is left behind, but for a table whose keys are still to
   * be made ({@link #keysPending}), whose point after its last row stays until they are.
   */
  void finished() {
    if (keysPending) {
      save(last); // a run cut now resumes after the last row, and still makes the keys
    } else if (stored) {
      points.clear(targetId, source, table);
      stored = false;
    }
  }
}

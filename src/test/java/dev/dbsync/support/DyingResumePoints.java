package dev.dbsync.support;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.resume.ResumePoint;
import dev.dbsync.engine.resume.ResumePoints;
import java.util.Optional;

/** Resume files that lose the point saved after the {@code n}th batch, as a kill would. */
public final class DyingResumePoints implements ResumePoints {
  private final ResumePoints inner;
  private final int n;
  private int saves;
  private boolean dead;

  public DyingResumePoints(ResumePoints inner, int n) {
    this.inner = inner;
    this.n = n;
  }

  @Override
  public Optional<ResumePoint> load(String target, String source, String table) {
    return inner.load(target, source, table);
  }

  @Override
  public void save(ResumePoint p) {
    if (dead) {
      throw new DbSyncException("killed");
    }
    if (p.inFlight() == null && ++saves == n) {
      dead = true; // the batch committed; its point never reaches the disk
      throw new DbSyncException("killed");
    }
    inner.save(p);
  }

  @Override
  public void clear(String target, String source, String table) {
    inner.clear(target, source, table);
  }

  /**
   * Pulls table {@code big} with resume files that die after the third batch's commit, checks
   * that three batches stayed, then pulls again with the files as they were left and checks
   * that the second run completed from where the first stopped (row 200 or 300).
   *
   * @return the second run's outcome
   */
  public static dev.dbsync.engine.transfer.TableOutcome cutAfterThreeBatchesThenResume(
      dev.dbsync.engine.db.Database source, dev.dbsync.engine.db.Database target,
      dev.dbsync.engine.transfer.TransferOptions options, ResumePoints files) {
    var first = new dev.dbsync.engine.transfer.TransferRunner(
        new dev.dbsync.engine.transfer.LocalSource(source), target,
        options.withResumePoints(new DyingResumePoints(files, 3)), null).run();
    org.junit.jupiter.api.Assertions.assertEquals(
        dev.dbsync.engine.transfer.TableOutcome.Status.FAILED, first.tables().get(0).status());
    org.junit.jupiter.api.Assertions.assertEquals(300, target.getCount("big"),
        "three batches committed");
    var again = new dev.dbsync.engine.transfer.TransferRunner(
        new dev.dbsync.engine.transfer.LocalSource(source), target,
        options.withResumePoints(files), null).run().tables().get(0);
    org.junit.jupiter.api.Assertions.assertEquals(
        dev.dbsync.engine.transfer.TableOutcome.Status.COMPLETED, again.status(), again.error());
    org.junit.jupiter.api.Assertions.assertTrue(again.resumedFrom() == 200
        || again.resumedFrom() == 300, "resumed from " + again.resumedFrom());
    return again;
  }
}

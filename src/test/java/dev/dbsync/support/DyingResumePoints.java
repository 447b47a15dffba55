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
}

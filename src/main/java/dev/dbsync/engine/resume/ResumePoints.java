package dev.dbsync.engine.resume;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Where unfinished transfers stopped, one point per (target, source, table). */
public interface ResumePoints {
  Optional<ResumePoint> load(String target, String source, String table);

  void save(ResumePoint point);

  void clear(String target, String source, String table);

  /**
   * Points kept in this process only: transfers cut off and run again in the same process
   * resume (the faces keep theirs in the data folder, {@link ResumeFiles}).
   */
  static ResumePoints inMemory() {
    return Memory.PROCESS;
  }

  /** The in-memory store, one per process. */
  final class Memory implements ResumePoints {
    static final Memory PROCESS = new Memory();
    private final Map<String, ResumePoint> points = new ConcurrentHashMap<>();

    private Memory() {}

    private static String key(String target, String source, String table) {
      return target + "\n" + source + "\n" + table;
    }

    @Override
    public Optional<ResumePoint> load(String target, String source, String table) {
      return Optional.ofNullable(points.get(key(target, source, table)));
    }

    @Override
    public void save(ResumePoint p) {
      points.put(key(p.target(), p.source(), p.table()), p);
    }

    @Override
    public void clear(String target, String source, String table) {
      points.remove(key(target, source, table));
    }
  }
}

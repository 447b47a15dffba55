package dev.dbsync.engine.transfer;

import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.resume.ResumePoints;
import java.util.List;
import java.util.Map;

/**
 * How a transfer runs.
 *
 * @param tables the tables to pull (empty: every table the source lists)
 * @param strategy the strategy for tables without their own
 * @param strategies a strategy per table
 * @param batchSize rows per batch (and per transaction on the target); 0 lets DB Sync choose
 *     (1000 rows, or 4 MiB of COPY text between two PostgreSQL databases)
 * @param createMissingTables create a table the target lacks, shaped like the source's
 * @param resume continue a cut-off transfer after its last committed batch
 * @param columns a column subset per table (the key always travels)
 * @param filters row filters per table, as data
 * @param resumePoints where resume points are kept (the faces: the data folder)
 * @param scope which tables and rows move (default: the chosen tables, whole)
 * @param addColumns add to a target table the columns the source has and it lacks (by
 *     default they are left out with a warning)
 * @param jobs tables written at once ({@link #AUTOMATIC}: the sender's lanes, at most two
 *     per core here; 1: one after another); parents always finish before their children
 */
public record TransferOptions(List<String> tables, Strategy strategy,
    Map<String, Strategy> strategies, int batchSize, boolean createMissingTables, boolean resume,
    Map<String, List<String>> columns, Map<String, List<RowFilter>> filters,
    ResumePoints resumePoints, Scope scope, boolean addColumns, int jobs) {

  public static final int DEFAULT_BATCH = 1000;
  public static final int AUTOMATIC = 0;
  /** Most tables written at once. */
  public static final int MAX_JOBS = 32;

  public TransferOptions {
    tables = tables == null ? List.of() : List.copyOf(tables);
    strategy = strategy == null ? Strategy.SKIP : strategy;
    strategies = strategies == null ? Map.of() : Map.copyOf(strategies);
    columns = columns == null ? Map.of() : Map.copyOf(columns);
    filters = filters == null ? Map.of() : Map.copyOf(filters);
    resumePoints = resumePoints == null ? ResumePoints.inMemory() : resumePoints;
    scope = scope == null ? Scope.wholeTables() : scope;
    if (jobs < 0 || jobs > MAX_JOBS) {
      throw new IllegalArgumentException("The tables at once (--jobs) must be between 1 and "
          + MAX_JOBS + ".");
    }
    if (batchSize < 0 || batchSize > 10_000) {
      throw new IllegalArgumentException("The batch size must be between 1 and 10000.");
    }
  }

  public TransferOptions(List<String> tables, Strategy strategy,
      Map<String, Strategy> strategies, int batchSize, boolean createMissingTables,
      boolean resume, Map<String, List<String>> columns, Map<String, List<RowFilter>> filters,
      ResumePoints resumePoints, Scope scope) {
    this(tables, strategy, strategies, batchSize, createMissingTables, resume, columns, filters,
        resumePoints, scope, false, AUTOMATIC);
  }

  /** Writes up to {@code n} tables at once ({@link #AUTOMATIC}: as many as the sender offers). */
  public TransferOptions withJobs(int n) {
    return new TransferOptions(tables, strategy, strategies, batchSize, createMissingTables,
        resume, columns, filters, resumePoints, scope, addColumns, n);
  }

  /** Adds the columns the source has and a target table lacks, instead of leaving them out. */
  public TransferOptions withAddColumns(boolean add) {
    return new TransferOptions(tables, strategy, strategies, batchSize, createMissingTables,
        resume, columns, filters, resumePoints, scope, add, jobs);
  }

  public static TransferOptions defaults() {
    return new TransferOptions(null, Strategy.SKIP, null, AUTOMATIC, true, true, null, null, null,
        null);
  }

  /** Rows per batch on the row-by-row path. */
  public int rowBatch() {
    return batchSize == AUTOMATIC ? DEFAULT_BATCH : batchSize;
  }

  /** True when a cut-off transfer of {@code table} from {@code sourceId} can go on. */
  public boolean resumes(dev.dbsync.engine.db.Database target, String sourceId, String table) {
    return resume && resumePoints.load(target.locator().describe(), sourceId, table).isPresent();
  }

  public Strategy strategyFor(String table) {
    return strategies.getOrDefault(table, strategy);
  }

  public TransferOptions withTables(List<String> newTables) {
    return new TransferOptions(newTables, strategy, strategies, batchSize, createMissingTables,
        resume, columns, filters, resumePoints, scope, addColumns, jobs);
  }

  public TransferOptions withStrategy(Strategy s, Map<String, Strategy> perTable) {
    return new TransferOptions(tables, s, perTable, batchSize, createMissingTables, resume,
        columns, filters, resumePoints, scope, addColumns, jobs);
  }

  public TransferOptions withBatchSize(int n) {
    return new TransferOptions(tables, strategy, strategies, n, createMissingTables, resume,
        columns, filters, resumePoints, scope, addColumns, jobs);
  }

  public TransferOptions withCreateMissingTables(boolean create) {
    return new TransferOptions(tables, strategy, strategies, batchSize, create, resume, columns,
        filters, resumePoints, scope, addColumns, jobs);
  }

  public TransferOptions withResume(boolean r) {
    return new TransferOptions(tables, strategy, strategies, batchSize, createMissingTables, r,
        columns, filters, resumePoints, scope, addColumns, jobs);
  }

  public TransferOptions withSelection(Map<String, List<String>> newColumns,
      Map<String, List<RowFilter>> newFilters) {
    return new TransferOptions(tables, strategy, strategies, batchSize, createMissingTables,
        resume, newColumns, newFilters, resumePoints, scope, addColumns, jobs);
  }

  /** Keeps resume points in {@code points} (the faces: files in the data folder). */
  public TransferOptions withResumePoints(ResumePoints points) {
    return new TransferOptions(tables, strategy, strategies, batchSize, createMissingTables,
        resume, columns, filters, points, scope, addColumns, jobs);
  }

  /** Moves the tables and rows {@code s} decides (a subset with its references). */
  public TransferOptions withScope(Scope s) {
    return new TransferOptions(tables, strategy, strategies, batchSize, createMissingTables,
        resume, columns, filters, resumePoints, s, addColumns, jobs);
  }
}

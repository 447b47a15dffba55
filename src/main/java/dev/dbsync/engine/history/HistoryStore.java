package dev.dbsync.engine.history;

import dev.dbsync.engine.DbSyncException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The local history ({@code history.db} in the data folder): transfers with their status
 * moves, progress and audit entries. The schema is migrated by Flyway at open; writes are
 * serialised here and, across processes, by SQLite's lock (WAL, busy timeout). A transfer
 * left in progress by a process that died is marked failed ("interrupted") at the next open.
 */
public final class HistoryStore implements AutoCloseable {
  public static final String FILE = "history.db";
  private final Connection c;
  /** This store's own statements, each prepared once. */
  private final Jdbc.Prepared prepared;
  private final Clock clock;
  private final long pid = ProcessHandle.current().pid();
  private final String processStart = ProcessHandle.current().info().startInstant()
      .map(Instant::toString).orElse("");

  private final Approvals approvals;
  private final java.util.Map<Class<?>, Object> parts = new java.util.HashMap<>();

  private final Path dataDir;

  private HistoryStore(Connection c, Clock clock, Path dataDir) {
    this.c = c;
    this.prepared = new Jdbc.Prepared(c);
    this.dataDir = dataDir;
    this.clock = clock;
    this.approvals = new Approvals(this, c);
  }

  /** The data folder this history lives in. */
  public Path dataDir() {
    return dataDir;
  }

  public static HistoryStore open(Path dataDir, Clock clock) {
    try {
      dev.dbsync.engine.workspace.DataDirs.secure(dataDir);
      String url = "jdbc:sqlite:" + dataDir.resolve(FILE).toAbsolutePath();
      // keys of inserts are read with last_insert_rowid() (Jdbc): the driver's own way matches
      // every statement's text against a pattern and runs one more statement per insert
      java.util.Properties props = new java.util.Properties();
      props.setProperty("jdbc.get_generated_keys", "false");
      Connection c = DriverManager.getConnection(url, props);
      if (!current(c)) {
        // Flyway (hundreds of classes, a classpath scan) only when there is something to do
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/history")
            .load().migrate();
      }
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        // WAL with NORMAL: a commit survives the process being killed (not a power cut) and
        // costs no fsync, so progress can be written after every batch
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=10000");
      }
      HistoryStore h = new HistoryStore(c, clock, dataDir);
      h.recoverInterrupted();
      dev.dbsync.engine.workspace.DataDirs.secure(dataDir); // the files SQLite just made too
      return h;
    } catch (Exception e) {
      throw new DbSyncException("The history in " + dataDir.resolve(FILE) + " cannot be "
          + "opened: " + e.getMessage(), e);
    }
  }

  /** The newest migration in {@code db/history} (HistoryMigrationsTest keeps it true). */
  static final int LATEST_MIGRATION = 5;

  /** Whether the file's schema is already at {@link #LATEST_MIGRATION}, with no failure. */
  private static boolean current(Connection c) {
    try (Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery("SELECT max(CAST(version AS INTEGER)), "
             + "min(success) FROM flyway_schema_history WHERE version IS NOT NULL")) {
      return rs.next() && rs.getInt(1) == LATEST_MIGRATION && rs.getInt(2) == 1;
    } catch (SQLException e) {
      return false; // a new file: no history table yet
    }
  }

  /** Records a transfer that starts now: {@code pending -> in_progress}. */
  public synchronized long start(NewTransfer t, String actor) {
    return inTransaction(() -> {
      // written in progress at once, with the trail a create and a move leave (a 300-table
      // pull starts 300: no read-back and update for each)
      long id = insert(t, actor, TransferStatus.IN_PROGRESS);
      audit(id, TransferStatus.PENDING.wireName() + " -> "
          + TransferStatus.IN_PROGRESS.wireName(), actor, null);
      return id;
    });
  }

  /**
   * Several changes in one transaction (see {@link HistoryWriter}), each whole or not at all:
   * one that fails is undone to its savepoint and given to {@code failed}, the others stay.
   */
  synchronized void batch(List<java.util.function.Consumer<HistoryStore>> changes,
      java.util.function.Consumer<RuntimeException> failed) {
    inTransaction(() -> {
      for (java.util.function.Consumer<HistoryStore> change : changes) {
        prepared.update("SAVEPOINT change");
        try {
          change.accept(this);
          prepared.update("RELEASE change");
        } catch (DbSyncException | IllegalStateException e) {
          prepared.update("ROLLBACK TO change");
          prepared.update("RELEASE change");
          failed.accept(e);
        }
      }
      return null;
    });
  }

  /**
   * Runs {@code work} as one SQLite transaction: a transfer's start or end is four or five
   * statements, one commit (300 tables are 300 starts and 300 ends in one pull).
   */
  private <T> T inTransaction(java.util.function.Supplier<T> work) {
    try {
      if (!c.getAutoCommit()) {
        return work.get(); // already inside one
      }
      c.setAutoCommit(false);
      try {
        T out = work.get();
        c.commit();
        return out;
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DbSyncException("The history could not be written: " + e.getMessage(), e);
    }
  }

  /** A transfer's status, read without the whole record. */
  private TransferStatus statusOf(long id) {
    String status = prepared.query("SELECT status FROM transfers WHERE id = ?",
        rs -> rs.next() ? rs.getString(1) : null, id);
    if (status == null) {
      throw new DbSyncException("There is no transfer " + id + " in the history.");
    }
    return TransferStatus.parse(status);
  }

  /** Records a transfer that waits (for approval, or to be started). */
  public synchronized long create(NewTransfer t, String actor) {
    return insert(t, actor, TransferStatus.PENDING);
  }

  /** A new transfer's row, pending or already in progress (then started now), and its audit. */
  private long insert(NewTransfer t, String actor, TransferStatus status) {
    String now = now();
    long id = prepared.insert("INSERT INTO transfers (direction, connection_name, session_code, "
        + "remote_address, table_name, strategy, local_database, records_requested, "
        + "requester_address, client_name, initiated_by, status, created_at, updated_at, "
        + "started_at, owner_pid, owner_started_at) "
        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        t.direction(), t.connectionName(), t.sessionCode(), t.remoteAddress(), t.table(),
        t.strategy(), t.localDatabase(), t.requested(), t.requesterAddress(), t.clientName(),
        t.initiatedBy(), status.wireName(), now, now,
        status == TransferStatus.IN_PROGRESS ? now : null, pid, processStart);
    audit(id, "created", actor, t.direction() + " " + t.table());
    return id;
  }

  /** Moves a transfer to {@code to}, or refuses with the reason when that move is not allowed. */
  public synchronized void move(long id, TransferStatus to, String actor, String reason) {
    TransferStatus from = statusOf(id);
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("Transfer " + id + " is " + from.wireName()
          + "; it cannot become " + to.wireName() + ".");
    }
    String now = now();
    StringBuilder set = new StringBuilder("status = ?, updated_at = ?");
    List<Object> args = new java.util.ArrayList<>(List.of(to.wireName(), now));
    switch (to) {
      case IN_PROGRESS -> {
        set.append(", started_at = ?");
        args.add(now);
      }
      case APPROVED -> {
        set.append(", approved_at = ?, approved_by = ?");
        args.addAll(java.util.Arrays.asList(now, actor));
      }
      case DENIED -> {
        set.append(", denied_at = ?, denied_by = ?, denial_reason = ?");
        args.addAll(java.util.Arrays.asList(now, actor, reason));
      }
      case FAILED, CANCELLED -> {
        set.append(", error_message = COALESCE(?, error_message)");
        args.add(reason);
      }
      default -> { }
    }
    if (to.isFinal()) {
      set.append(", finished_at = ?");
      args.add(now);
    }
    args.add(id);
    args.add(from.wireName());
    int n = prepared.update("UPDATE transfers SET " + set + " WHERE id = ? AND status = ?",
        args.toArray());
    if (n != 1) {
      throw new IllegalStateException("Transfer " + id + " changed while it was being moved.");
    }
    audit(id, from.wireName() + " -> " + to.wireName(), actor, reason);
  }

  /**
   * Records a compare of one table that ran (a dry run: nothing was written), with what it
   * found as JSON ({@code {"new": n, "changed": n, "identical": n, "only_target": n}}).
   */
  public synchronized long compared(NewTransfer t, String summary, long bytes, String error,
      String actor) {
    return inTransaction(() -> {
      long id = start(t, actor);
      prepared.update("UPDATE transfers SET kind = 'compare', compare_summary = ?, bytes = ? "
          + "WHERE id = ?", summary, bytes, id);
      move(id, error == null ? TransferStatus.COMPLETED : TransferStatus.FAILED, actor, error);
      return id;
    });
  }

  /** Rows a mirror deleted from the target's table. */
  public synchronized void deleted(long id, long rows) {
    prepared.update("UPDATE transfers SET records_deleted = ? WHERE id = ?", rows, id);
  }

  /** Writes a running transfer's totals (called while it runs, not only at the end). */
  public synchronized void progress(long id, Counts n) {
    prepared.update("UPDATE transfers SET records_transferred = ?, records_created = ?, "
        + "records_updated = ?, records_skipped = ?, records_failed = ?, bytes = ?, "
        + "updated_at = ? WHERE id = ?", n.transferred(), n.created(), n.updated(), n.skipped(),
        n.failed(), n.bytes(), now(), id);
  }

  /**
   * Which columns of the transfer left (or arrived) masked and by which rule,
   * {@code column=rule, ...}; never a value.
   */
  public synchronized void masked(long id, String columns) {
    prepared.update("UPDATE transfers SET masked_columns = ? WHERE id = ?", columns, id);
  }

  /** The final totals and status of a transfer in progress. */
  public synchronized void finish(long id, TransferStatus to, Counts n, String error,
      String actor) {
    inTransaction(() -> {
      progress(id, n);
      move(id, to, actor, error);
      return null;
    });
  }

  public synchronized Optional<TransferRecord> get(long id) {
    return HistoryReads.list(c, "WHERE id = ?", List.of(id), 0, 1).stream().findFirst();
  }

  public synchronized List<TransferRecord> list(HistoryQuery q) {
    HistoryReads.Where w = HistoryReads.where(q);
    return HistoryReads.list(c, w.sql(), w.args(), q.offset(), q.limit());
  }

  public synchronized long count(HistoryQuery q) {
    HistoryReads.Where w = HistoryReads.where(q);
    return HistoryReads.count(c, w.sql(), w.args());
  }

  public synchronized List<Stats> statsByConnection() {
    return HistoryReads.stats(c, "COALESCE(connection_name, 'code ' || session_code, "
        + "remote_address, 'local')");
  }

  public synchronized List<Stats> statsByTable() {
    return HistoryReads.stats(c, "table_name");
  }

  public synchronized List<AuditEntry> audit(long id) {
    return HistoryReads.audit(c, "transfer", id);
  }

  /** Marks what a dead process left unfinished as failed ("interrupted"). */
  synchronized int recoverInterrupted() throws SQLException {
    List<long[]> stuck = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, owner_pid, owner_started_at, "
        + "status FROM transfers WHERE status IN ('pending', 'in_progress') OR (status = "
        + "'approved' AND requires_approval = 0)");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (!alive(rs.getLong(2), rs.getString(3))) {
          stuck.add(new long[] {rs.getLong(1)});
        }
      }
    }
    for (long[] s : stuck) {
      long id = s[0];
      if (get(id).orElseThrow().status() != TransferStatus.IN_PROGRESS) {
        move(id, TransferStatus.IN_PROGRESS, "dbsync", "recovering after a crash");
      }
      move(id, TransferStatus.FAILED, "dbsync", "interrupted: the program that ran it stopped "
          + "before it finished; run it again to resume");
    }
    return stuck.size();
  }

  private static boolean alive(long pid, String started) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(started))
        .orElse(false);
  }

  private void audit(long id, String action, String actor, String detail) {
    auditEntry("transfer", id, action, actor, detail);
  }

  /** One change to {@code subject} number {@code id} in the audit trail. */
  public synchronized void auditEntry(String subject, long id, String action, String actor,
      String detail) {
    prepared.insert("INSERT INTO audit (at, subject, subject_id, action, actor, detail) "
        + "VALUES (?, ?, ?, ?, ?, ?)", now(), subject, id, action, actor, detail);
  }

  /** Transfers that wait for approval. */
  public Approvals approvals() {
    return approvals;
  }

  /** The clock every time in this history is read from. */
  public Clock clock() {
    return clock;
  }

  /**
   * The one object of this kind kept by this store, made by {@code make} the first time: for
   * the parts that keep their own tables in this file (the permanent connections,
   * {@code engine.connections}), which keep state of their own (a request-rate count, an
   * opened key) for as long as the store is open.
   */
  public <T> T part(Class<T> kind, java.util.function.Function<HistoryStore, T> make) {
    synchronized (parts) {
      Object part = parts.get(kind);
      if (part == null) {
        part = make.apply(this);
        parts.put(kind, part);
      }
      return kind.cast(part);
    }
  }

  /**
   * The history file's own connection, for the parts that keep their tables in this file
   * ({@link #part}): used only while holding this store's monitor, as every method here does.
   */
  public Connection sqlConnection() {
    return c;
  }

  /** Every change to a connection, oldest first. */
  public synchronized List<AuditEntry> savedConnectionAudit(long id) {
    return HistoryReads.audit(c, "saved_connection", id);
  }

  /** Every change to a served connection, oldest first. */
  public synchronized List<AuditEntry> connectionAudit(long id) {
    return HistoryReads.audit(c, "connection", id);
  }

  private String now() {
    return clock.instant().toString();
  }

  @Override
  public synchronized void close() {
    prepared.close();
    try {
      c.close();
    } catch (SQLException e) {
      // closing: nothing left to lose
    }
  }
}

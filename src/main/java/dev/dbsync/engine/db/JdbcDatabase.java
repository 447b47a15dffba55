package dev.dbsync.engine.db;

import dev.dbsync.engine.DbSyncException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the PostgreSQL and SQLite adapters share: connections, the filter, the schema cache. */
public abstract class JdbcDatabase implements Database, ReadDialect {
  protected final DatabaseLocator locator;
  protected final TableFilter filter;
  private final Descriptions described;
  private final Object writeLock = new Object();
  private Connection writer;
  /** A streamed batch is open on {@link #writer} (see {@link #inOpenWrite}). */
  private boolean midBatch;
  private long writerUsed = System.nanoTime();
  private final Object catalogLock = new Object();
  /**
   * A database only read (a source, a dry run's target): the connection that lists its tables,
   * kept between questions (each new PostgreSQL connection is a server process and an
   * authentication), first the one {@link #open} checked the database with. A target lists
   * them on its writing connection instead, which {@link #open} made (a transfer asks before
   * it compares and before it writes: one connection in all, its catalog caches warm).
   */
  private Connection catalog;
  /** Opened to be written (a target): {@link #allTableNames} asks the writing connection. */
  private boolean writes;

  protected JdbcDatabase(DatabaseLocator locator, TableFilter filter) {
    this(locator, filter, new Descriptions());
  }

  /** A database whose table descriptions are kept in {@code described} (see there). */
  protected JdbcDatabase(DatabaseLocator locator, TableFilter filter, Descriptions described) {
    this.locator = locator;
    this.filter = filter;
    this.described = described;
  }

  /**
   * The tables' descriptions a writer keeps, shared by the writers of one transfer ({@link
   * #openAnother}: other connections to the same database): 300 tables were described once
   * per writer, four catalog reads of the same tables at the start of a pull.
   */
  protected static final class Descriptions {
    private final Map<String, LocalTable> tables = new ConcurrentHashMap<>();
    /** The tables a transfer said it will write, not described yet (see {@link #expect}). */
    private volatile List<String> expected = List.of();
    private final Object loading = new Object();
    /** {@link #describeAhead}'s reading, null before one began. */
    private volatile java.util.concurrent.CompletableFuture<Void> ahead;
    /** Tables changed here (made, columns added) since {@link #describeAhead} began. */
    private final java.util.Set<String> changed = ConcurrentHashMap.newKeySet();
    /** Per table, the privileges this database's user holds there, as read ahead. */
    final Map<String, java.util.Set<String>> privileges = new ConcurrentHashMap<>();
    /** The user those privileges are of. */
    volatile String user;
    /** Tables read ahead as never written ({@link #emptyAtStart}). */
    final java.util.Set<String> neverWritten = ConcurrentHashMap.newKeySet();
    /**
     * Per table read ahead whose foreign keys may be checked once per batch, the statements
     * that check them (PostgreSQL's {@code ForeignKeyChecks}).
     */
    final Map<String, ForeignKeyChecks.Checks> foreignKeyChecks = new ConcurrentHashMap<>();
  }

  /** This database's descriptions, for another connection to it. */
  protected Descriptions descriptions() {
    return described;
  }

  /**
   * Opens a database. A SQLite file that does not exist is created when {@code create} is true
   * (a target), and refused otherwise (a source).
   */
  public static Database open(DatabaseLocator locator, TableFilter filter, boolean create) {
    if (locator.kind() == DatabaseLocator.Kind.SQLITE) {
      java.nio.file.Path file = locator.sqliteFile();
      if (!java.nio.file.Files.exists(file)) {
        if (!create) {
          throw new DbSyncException("The SQLite file " + file + " does not exist.");
        }
        try {
          java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
          throw new DbSyncException("Could not create the folder for " + file + ": "
              + e.getMessage(), e);
        }
      }
    }
    JdbcDatabase db = locator.kind() == DatabaseLocator.Kind.POSTGRESQL
        ? new PostgresDatabase(locator, filter) : new SqliteDatabase(locator, filter);
    // fail early, with a clear message, when the database is unreachable
    try {
      Connection c = db.connect(!create);
      if (create) {
        db.writes = true;
        db.writer = c;
        c.setAutoCommit(false);
      } else {
        db.catalog = c;
      }
      c.isValid(2);
    } catch (SQLException e) {
      db.close();
      throw db.failure("connect to", e);
    }
    return db;
  }

  @Override
  public DatabaseLocator locator() {
    return locator;
  }

  /** Opens a new connection with the session settings the adapter relies on. */
  protected abstract Connection connect(boolean readOnly) throws SQLException;

  /** Reads a table's schema and local column types from the catalog; null if it is absent. */
  protected abstract LocalTable loadTable(Connection c, String table) throws SQLException;

  /** The statement that starts a read-only snapshot on a connection without autocommit. */
  protected abstract String snapshotStatement();

  @Override
  public TableReader openReader() {
    return new JdbcReader(this, filter, locator.describe());
  }

  @Override
  public TableReader openReader(String exportedSnapshot) {
    if (exportedSnapshot == null) {
      return openReader();
    }
    return new JdbcReader(this, filter, locator.describe(), exportedSnapshot);
  }

  /** Per exported snapshot, what its readers read of the catalog (the same for them all). */
  private final Map<String, SnapshotCatalog> snapshots = new ConcurrentHashMap<>();

  @Override
  public SnapshotCatalog snapshotCatalog(String exported) {
    SnapshotCatalog known = snapshots.get(exported);
    return known != null ? known : new SnapshotCatalog();
  }

  @Override
  public void shareCatalog(String exported, SnapshotCatalog known) {
    snapshots.put(exported, known);
  }

  @Override
  public void unshareCatalog(String exported) {
    snapshots.remove(exported);
  }

  @Override
  public Connection joinSnapshot(String exported) throws SQLException {
    // the id is one our own reader got from pg_export_snapshot, never the peer's text;
    // checked all the same before it is spliced into the statement
    if (!exported.matches("[0-9A-Fa-f-]{1,64}")) {
      throw new SQLException("not a snapshot id: " + exported);
    }
    Connection c = readConnection();
    c.setAutoCommit(false);
    try (java.sql.Statement s = c.createStatement()) {
      s.execute(snapshotStatement());
      s.execute("SET TRANSACTION SNAPSHOT '" + exported + "'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public Connection openSnapshot() throws SQLException {
    Connection c = readConnection();
    c.setAutoCommit(false);
    try (java.sql.Statement s = c.createStatement()) {
      s.execute(snapshotStatement());
    }
    return c;
  }

  private final Object spareLock = new Object();
  /**
   * The read connection the next snapshot takes (a share's next session or lane), opened
   * ahead, its catalog caches filled: a new PostgreSQL connection is a server process and an
   * authentication, and its first catalog reads fill empty caches (together about 50 ms
   * before a session's first answer). Null when none is being prepared.
   */
  private java.util.concurrent.CompletableFuture<Connection> spare;
  private boolean closed;
  /** Each prepared connection taken is replaced ({@link #keepReadingAhead}). */
  private volatile boolean keepAhead;
  /** Beyond the driver's own connect timeout (10 s): a prepared connection still opening. */
  private static final int READ_AHEAD_WAIT_SECONDS = 30;

  @Override
  public void keepReadingAhead() {
    keepAhead = true;
    readAhead();
  }

  @Override
  public void readAhead() {
    synchronized (spareLock) {
      if (spare != null || closed) {
        return;
      }
      java.util.concurrent.CompletableFuture<Connection> next =
          new java.util.concurrent.CompletableFuture<>();
      spare = next;
      dev.dbsync.engine.Threads.named("read-ahead").newThread(() -> {
        try {
          Connection c = connect(true);
          List<String> names = tableNames(c);
          names.stream().filter(filter::isShared).findFirst().ifPresent(t -> {
            try {
              loadTable(c, t); // what a session asks first: its catalogs now in cache
            } catch (SQLException e) {
              // only a warm-up
            }
          });
          next.complete(c);
        } catch (Throwable e) {
          next.completeExceptionally(e);
        }
      }).start();
    }
  }

  /**
   * The connection {@link #readAhead} prepared (and, for a sender, the next one prepared), or
   * a new one.
   */
  private Connection readConnection() throws SQLException {
    java.util.concurrent.CompletableFuture<Connection> ready;
    synchronized (spareLock) {
      ready = spare;
      if (ready != null && !ready.isDone() && keepAhead) {
        // still opening (the one made for the lane before this one, when several open at
        // once): this one opens its own meanwhile and leaves that one to the next
        ready = null;
      } else {
        spare = null;
      }
    }
    if (ready == null) {
      return connect(true);
    }
    if (keepAhead) {
      readAhead();
    }
    Connection c;
    try {
      c = ready.get(READ_AHEAD_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      ready.thenAccept(JdbcDatabase::closeQuietly);
      return connect(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready.thenAccept(JdbcDatabase::closeQuietly);
      throw new SQLException("interrupted while opening a connection", e);
    }
    if (c.isValid(2)) {
      return c;
    }
    closeQuietly(c); // kept idle meanwhile, and the server has since ended it
    return connect(true);
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }

  /**
   * A table as the catalog describes it now (no cache: a share that runs for days follows
   * the columns added, dropped or retyped meanwhile); null if it is absent.
   */
  @Override
  public LocalTable table(Connection c, String name) throws SQLException {
    return loadTable(c, name);
  }

  @Override
  public Map<String, LocalTable> tables(Connection c, List<String> names) throws SQLException {
    return loadTables(c, names);
  }

  /** Several tables' descriptions: one at a time unless the database can read them at once. */
  protected Map<String, LocalTable> loadTables(Connection c, List<String> tables)
      throws SQLException {
    Map<String, LocalTable> out = new java.util.HashMap<>();
    for (String t : tables) {
      LocalTable loaded = loadTable(c, t);
      if (loaded != null) {
        out.put(t, loaded);
      }
    }
    return out;
  }

  @Override
  public void expect(java.util.Collection<String> tables) {
    described.expected = List.copyOf(tables);
  }

  /**
   * Cached local description of a table; refreshed after {@link #createTable}. Where the
   * catalog is read many tables at a time, the first question about a table the transfer
   * said it will write ({@link #expect}) reads all of those in a few statements: a pull into
   * 300 existing tables read each writer's tables three catalog statements at a time.
   */
  protected LocalTable localTable(Connection c, String table) throws SQLException {
    Map<String, LocalTable> tables = described.tables;
    LocalTable t = tables.get(table);
    if (t == null && described.ahead != null) {
      awaitAhead();
      t = tables.get(table);
    }
    if (t == null && describesAtOnce()) {
      // one writer reads them all; the others wait for it rather than read them again
      synchronized (described.loading) {
        t = tables.get(table);
        List<String> ahead = described.expected;
        if (t == null && ahead.size() > 1 && ahead.contains(table)) {
          described.expected = List.of();
          loadTables(c, ahead.stream().filter(n -> !tables.containsKey(n)).toList())
              .forEach(tables::putIfAbsent);
          t = tables.get(table);
        }
      }
    }
    if (t == null) {
      t = loadTable(c, table);
      if (t == null) {
        throw new TableNotFoundException(table);
      }
      tables.put(table, t);
    }
    return t;
  }

  /** Whether {@link #loadTables} reads many tables in a few statements. */
  protected boolean describesAtOnce() {
    return false;
  }

  protected void forget(String table) {
    synchronized (described.loading) {
      described.changed.add(table);
      described.neverWritten.remove(table);
      described.foreignKeyChecks.remove(table);
      described.tables.remove(table);
    }
  }

  /** How long a question waits for {@link #describeAhead} before reading for itself. */
  private static final int AHEAD_WAIT_SECONDS = 30;
  /** All the tables there are, read ahead only up to this many. */
  static final int AHEAD_AT_MOST = 2000;

  @Override
  public void describeAhead(java.util.Collection<String> tables) {
    if (!describesAtOnce()) {
      return;
    }
    java.util.concurrent.CompletableFuture<Void> reading;
    synchronized (described.loading) {
      if (described.ahead != null && !described.ahead.isDone()) {
        return; // another writer of the same transfer asked already
      }
      // each transfer reads its own (the app keeps a target open from one to the next)
      reading = new java.util.concurrent.CompletableFuture<>();
      described.ahead = reading;
      described.changed.clear();
      described.privileges.clear();
      described.neverWritten.clear();
      described.foreignKeyChecks.clear();
    }
    List<String> wanted = List.copyOf(tables);
    dev.dbsync.engine.Threads.named("describe-ahead").newThread(() -> {
      try (Connection c = connect(true)) {
        List<String> here = tableNames(c);
        List<String> names = wanted.isEmpty() ? here
            : wanted.stream().filter(new java.util.HashSet<>(here)::contains).toList();
        if (names.size() <= AHEAD_AT_MOST) {
          Map<String, LocalTable> loaded = loadTables(c, names);
          checksAhead(c, names, described);
          synchronized (described.loading) {
            loaded.forEach((t, d) -> {
              if (!described.changed.contains(t)) {
                described.tables.putIfAbsent(t, d);
              }
            });
            described.neverWritten.removeAll(described.changed);
            described.changed.forEach(described.foreignKeyChecks::remove);
          }
        }
      } catch (SQLException | RuntimeException e) {
        // only a head start: each table is described when asked, as without it
        described.privileges.clear();
        described.neverWritten.clear();
        described.foreignKeyChecks.clear();
      } finally {
        reading.complete(null);
      }
    }).start();
  }

  /**
   * What the checks before writing ask of each table, read ahead with the descriptions into
   * {@code into} ({@link Descriptions#privileges}, {@link Descriptions#neverWritten}).
   */
  protected void checksAhead(Connection c, List<String> tables, Descriptions into)
      throws SQLException {
  }

  /** Waits for {@link #describeAhead}'s reading, if one is under way. */
  private void awaitAhead() {
    java.util.concurrent.CompletableFuture<Void> reading = described.ahead;
    if (reading == null || reading.isDone()) {
      return;
    }
    try {
      reading.get(AHEAD_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      // read here instead
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean emptyAtStart(String table) {
    awaitAhead();
    return described.neverWritten.contains(table);
  }

  /** The privileges {@link #describeAhead} read of {@code table}, or null. */
  protected java.util.Set<String> privilegesReadAhead(String table) {
    awaitAhead();
    return described.privileges.get(table);
  }

  /** The user whose privileges {@link #privilegesReadAhead} holds. */
  protected String userReadAhead() {
    return described.user;
  }

  /** Writes a batch on the given connection, inside the caller's transaction. */
  protected abstract ImportResult importInto(Connection c, LocalTable table,
      List<ObjectNode> records, Strategy strategy, boolean fresh) throws SQLException;

  @Override
  public ImportResult importRecords(String table, List<ObjectNode> records, Strategy strategy,
      boolean fresh) {
    return inWriteTransaction(c -> importInto(c, localTable(c, table), records, strategy,
        fresh));
  }

  /**
   * A database being written to (a transfer's target) answers from its writing connection's
   * kept description, like the importer: no new connection and catalog read per question. One
   * only read (a share, a table list) reads through a snapshot as before, its table filter
   * applied, and never opens a writing connection.
   */
  @Override
  public TableSchema getSchema(String table) {
    synchronized (writeLock) {
      if (writer == null) {
        return Database.super.getSchema(table);
      }
    }
    return readOnWriter("read the schema of " + table + " in", c -> localTable(c, table)
        .schema());
  }

  @Override
  public boolean isEmpty(String table) {
    return readOnWriter("read", c -> {
      try (java.sql.Statement s = c.createStatement();
           java.sql.ResultSet rs = s.executeQuery("SELECT 1 FROM "
               + Sql.quote(localTable(c, table).schema().table()) + " LIMIT 1")) {
        return !rs.next();
      }
    });
  }

  /**
   * Deletes the rows with these keys (values as they travel, one per key column) in one
   * transaction, a parameter per value.
   *
   * @return the number of rows deleted
   */
  @Override
  public long deleteRows(String table, List<List<com.fasterxml.jackson.databind.JsonNode>> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    return inWriteTransaction(c -> {
      LocalTable t = localTable(c, table);
      List<String> key = t.schema().primaryKey();
      if (key.isEmpty()) {
        throw new DbSyncException("Table '" + table + "' has no primary key: its rows cannot "
            + "be deleted by key.");
      }
      StringBuilder sql = new StringBuilder("DELETE FROM ").append(Sql.quote(table))
          .append(" WHERE ");
      for (int i = 0; i < key.size(); i++) {
        String k = key.get(i);
        sql.append(i == 0 ? "" : " AND ").append(compared(t, k, Sql.quote(k))).append(" = ")
            .append(compared(t, k, param(t, k, "?")));
      }
      long deleted = 0;
      try (java.sql.PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (List<com.fasterxml.jackson.databind.JsonNode> values : keys) {
          if (values.size() != key.size()) {
            throw new DbSyncException("A key of '" + table + "' has " + values.size()
                + " values; the table's key has " + key.size() + ".");
          }
          for (int i = 0; i < key.size(); i++) {
            bind(ps, i + 1, values.get(i), t, key.get(i));
          }
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          deleted += Math.max(0, n);
        }
      }
      return deleted;
    });
  }

  @Override
  public ImportResult replaceRows(String table, RowFeed rows) {
    try {
      return inWriteTransaction(c -> {
        LocalTable t = localTable(c, table);
        long deleted;
        try (java.sql.Statement s = c.createStatement()) {
          deleted = s.executeUpdate("DELETE FROM " + Sql.quote(t.schema().table()));
        }
        ImportResult r = new ImportResult();
        boolean whole;
        try {
          whole = rows.feed(batch -> {
            if (!batch.isEmpty()) {
              try {
                r.add(importInto(c, t, batch, Strategy.OVERWRITE, true));
              } catch (SQLException e) {
                throw new Refused(e);
              }
            }
          });
        } catch (Refused e) {
          throw e.sql;
        }
        if (!whole) {
          throw new Stopped(); // rolled back: the table keeps its rows
        }
        r.addDeleted(deleted);
        return r;
      });
    } catch (Stopped e) {
      return null;
    }
  }

  /** A batch of a replace that the database refused, carried out of the feed. */
  private static final class Refused extends RuntimeException {
    final SQLException sql;

    Refused(SQLException sql) {
      super(sql.getMessage(), sql, false, false);
      this.sql = sql;
    }
  }

  /** A replace whose feed stopped early: its transaction is rolled back. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped", null, false, false);
    }
  }

  /**
   * Adds columns to a table (nullable, no default: the rows it holds get NULL), typed for this
   * database as a created table would be.
   */
  @Override
  public void addColumns(String table, List<dev.dbsync.engine.model.ColumnInfo> columns) {
    if (columns.isEmpty()) {
      return;
    }
    inWriteTransaction(c -> {
      localTable(c, table);
      try (java.sql.Statement s = c.createStatement()) {
        for (dev.dbsync.engine.model.ColumnInfo col : columns) {
          s.execute("ALTER TABLE " + Sql.quote(table) + " ADD COLUMN " + Sql.quote(col.name())
              + " " + declaredType(col));
        }
      }
      return null;
    });
    forget(table);
  }

  /** How this database declares a column of another database's type. */
  protected abstract String declaredType(dev.dbsync.engine.model.ColumnInfo column);

  /** The table older versions kept their resume points in, inside the target. */
  static final String LEGACY_CHECKPOINTS = TableFilter.OWN_PREFIX + "checkpoints";

  @Override
  public void removeLegacyCheckpoints() {
    if (!allTableNames().contains(LEGACY_CHECKPOINTS)) {
      return;
    }
    try {
      inWriteTransaction(c -> {
        try (java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT 1 FROM " + LEGACY_CHECKPOINTS
                 + " LIMIT 1")) {
          if (!rs.next()) {
            s.execute("DROP TABLE " + LEGACY_CHECKPOINTS);
          }
        }
        return null;
      });
    } catch (DbSyncException e) {
      // not ours to force: the user may not drop it, or another transfer still needs it
    }
  }

  @Override
  public List<String> allTableNames() {
    if (writes) {
      synchronized (writeLock) {
        if (!midBatch) { // not in the middle of a streamed batch's COPY
          return readOnWriter("list the tables of", this::tableNames);
        }
      }
    }
    synchronized (catalogLock) {
      try {
        if (catalog != null && !catalog.isClosed()) {
          try {
            return tableNames(catalog);
          } catch (SQLException e) {
            // a kept connection the server has since dropped: once more on a new one
            closeCatalog();
          }
        }
        catalog = connect(true);
        return tableNames(catalog);
      } catch (SQLException e) {
        closeCatalog();
        throw failure("list the tables of", e);
      }
    }
  }

  private void closeCatalog() {
    synchronized (catalogLock) {
      if (catalog != null) {
        closeQuietly(catalog);
        catalog = null;
      }
    }
  }

  @Override
  public boolean tableExists(String table) {
    return allTableNames().contains(table);
  }

  /** Runs work on the one writing connection, inside a transaction it commits. */
  protected <T> T inWriteTransaction(SqlWork<T> work) {
    return inWriteTransaction("write to", work);
  }

  /** The same, {@code what} it does saying what failed ("Could not <what> <database>"). */
  private <T> T inWriteTransaction(String what, SqlWork<T> work) {
    synchronized (writeLock) {
      try {
        Connection c = writer();
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          try {
            c.rollback();
          } catch (SQLException also) {
            e.addSuppressed(also); // the first failure says why (a connection lost, say)
          }
          throw e;
        } finally {
          midBatch = false;
        }
      } catch (SQLException e) {
        throw failure(what, e);
      }
    }
  }

  /**
   * Work that only reads, on the writing connection: when the server had ended that
   * connection (a restart, an administrator; it is not asked before each transaction), the
   * work runs once more on a new one. A transfer asks these first for each table, so a lost
   * connection is replaced before anything is written.
   */
  protected <T> T readOnWriter(String what, SqlWork<T> work) {
    synchronized (writeLock) {
      boolean streaming = midBatch; // a streamed batch lost with the connection is not rerun
      try {
        return inWriteTransaction(what, work);
      } catch (DbSyncException e) {
        if (streaming || !(e.getCause() instanceof SQLException s) || !lost(s)) {
          throw e;
        }
        closeQuietly(writer);
        writer = null;
        return inWriteTransaction(what, work);
      }
    }
  }

  /** Whether a statement failed because the connection is gone, not because of the work. */
  private boolean lost(SQLException e) {
    String state = e.getSQLState();
    try {
      return writer == null || writer.isClosed() || state != null
          && (state.startsWith("08") || state.startsWith("57P0"));
    } catch (SQLException closed) {
      return true;
    }
  }

  /**
   * Runs work on the writing connection inside the transaction it leaves open: a streamed
   * batch's lines, until {@link #inWriteTransaction} ends the batch (commits it) or
   * {@link #rollbackWrite} drops it. Meanwhile the connection is in the middle of a COPY, so
   * it is not checked with a query.
   */
  protected <T> T inOpenWrite(SqlWork<T> work) {
    synchronized (writeLock) {
      try {
        Connection c = writer();
        midBatch = true;
        return work.run(c);
      } catch (SQLException e) {
        throw failure("write to", e);
      }
    }
  }

  /** Drops the open transaction of the writing connection, if there is one. */
  protected void rollbackWrite() {
    synchronized (writeLock) {
      midBatch = false;
      try {
        if (writer != null && !writer.isClosed()) {
          writer.rollback();
        }
      } catch (SQLException e) {
        // the connection is gone, and the transaction with it
      }
    }
  }

  /**
   * The writing connection (autocommit off), opened when missing or broken. One left idle a
   * while is asked whether it still works (a server restarted meanwhile); one in use moments
   * ago is not: the question is a round trip before every transaction, three per table of a
   * pull (a lost connection fails its statement with a clear error all the same).
   */
  private Connection writer() throws SQLException {
    if (writer == null || writer.isClosed() || (!midBatch
        && System.nanoTime() - writerUsed > WRITER_IDLE_NANOS && !writer.isValid(2))) {
      writer = connect(false);
      writer.setAutoCommit(false);
    }
    writerUsed = System.nanoTime();
    return writer;
  }

  /** How long the writing connection may sit idle before it is checked again. */
  private static final long WRITER_IDLE_NANOS = 2_000_000_000L;

  protected DbSyncException failure(String what, SQLException e) {
    return new DbSyncException("Could not " + what + " " + locator.describe() + ": "
        + Errors.describe(e), e);
  }

  @Override
  public void close() {
    closeCatalog();
    java.util.concurrent.CompletableFuture<Connection> unused;
    synchronized (spareLock) {
      closed = true;
      unused = spare;
      spare = null;
    }
    if (unused != null) {
      unused.thenAccept(JdbcDatabase::closeQuietly);
    }
    synchronized (writeLock) {
      if (writer != null) {
        closeQuietly(writer);
        writer = null;
      }
    }
  }

  /** A piece of JDBC work. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }
}

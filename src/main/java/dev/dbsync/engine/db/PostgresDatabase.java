package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** PostgreSQL, one schema of one database ({@code public} unless another is chosen). */
public final class PostgresDatabase extends JdbcDatabase {

  public PostgresDatabase(DatabaseLocator locator, TableFilter filter) {
    super(locator, filter);
  }

  private PostgresDatabase(DatabaseLocator locator, TableFilter filter,
      Descriptions described) {
    super(locator, filter, described);
  }

  /**
   * The driver itself, not through {@link DriverManager}: that one first loads every JDBC
   * driver on the class path (a service scan) at the first connection of each process.
   */
  private static final java.sql.Driver DRIVER = new org.postgresql.Driver();

  @Override
  protected Connection connect(boolean readOnly) throws SQLException {
    Properties p = new Properties();
    if (locator.user() != null) {
      p.setProperty("user", locator.user());
    }
    if (locator.password() != null) {
      p.setProperty("password", locator.password());
    }
    p.setProperty("ApplicationName", "dbsync");
    p.setProperty("currentSchema", locator.schema());
    p.setProperty("options", "-c TimeZone=UTC -c IntervalStyle=iso_8601 -c extra_float_digits=1");
    p.setProperty("connectTimeout", "10");
    p.setProperty("reWriteBatchedInserts", "true");
    p.setProperty("tcpKeepAlive", "true");
    if (!readOnly) {
      // a target that stops answering (killed, unplugged, a lock held elsewhere) fails the
      // pull within the same bound as a sender that stops answering
      p.setProperty("socketTimeout", String.valueOf(WRITE_ANSWER_SECONDS));
    }
    Connection c = DRIVER.connect(locator.jdbcUrl(), p);
    if (readOnly) {
      c.setReadOnly(true);
    }
    return c;
  }

  /**
   * PostgreSQL takes several writers at once: another connection to the same database, which
   * shares this one's table descriptions.
   */
  @Override
  public Database openAnother() {
    return new PostgresDatabase(locator, filter, descriptions());
  }

  /** What each strategy does to a table: the privileges it needs there. */
  private static List<String> privilegesFor(Strategy s) {
    return switch (s) {
      case SKIP -> List.of("SELECT", "INSERT");
      case APPEND -> List.of("INSERT");
      case MIRROR -> List.of("SELECT", "INSERT", "UPDATE", "DELETE");
      default -> List.of("SELECT", "INSERT", "UPDATE");
    };
  }

  @Override
  public void checkWritable(String table, Strategy strategy) {
    String qualified = Sql.quote(locator.schema()) + "." + Sql.quote(table);
    List<String> needed = privilegesFor(strategy);
    java.util.Set<String> held = privilegesReadAhead(table);
    if (held != null) {
      // read ahead with the others; the connection is still asked whether it is there, so a
      // lost one is replaced before the table is written
      readOnWriter("reach", c -> {
        if (!c.isValid(WRITE_ANSWER_SECONDS)) {
          throw new SQLException("The connection was closed.", "08003");
        }
        return null;
      });
      needed.stream().filter(p -> !held.contains(p)).findFirst().ifPresent(p -> {
        throw lacks(userReadAhead(), p, table, strategy, needed, qualified);
      });
      return;
    }
    readOnWriter("check the privileges on " + table + " in", c -> {
      // every privilege the strategy needs in one question, the first one missing named
      StringBuilder sql = new StringBuilder("SELECT current_user");
      needed.forEach(p -> sql.append(", has_table_privilege(?, ?)"));
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < needed.size(); i++) {
          ps.setString(2 * i + 1, qualified);
          ps.setString(2 * i + 2, needed.get(i));
        }
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          for (int i = 0; i < needed.size(); i++) {
            if (!rs.getBoolean(i + 2)) {
              throw lacks(rs.getString(1), needed.get(i), table, strategy, needed, qualified);
            }
          }
        }
      }
      return null;
    });
  }

  private static DbSyncException lacks(String user, String privilege, String table,
      Strategy strategy, List<String> needed, String qualified) {
    return new DbSyncException("The target's user '" + user + "' lacks " + privilege
        + " on table " + table + ", which " + strategy.wireName() + " needs ("
        + String.join(", ", needed) + "). Ask for: GRANT " + privilege + " ON " + qualified
        + " TO " + user + ";");
  }

  /** The privileges each strategy may need, in the order {@link #checksAhead} asks them. */
  private static final List<String> PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE",
      "DELETE");

  /**
   * Every table's privileges and whether it was ever written, in one statement: a pull into
   * 300 existing tables asked each table twice, in a transaction each, as its turn came.
   */
  @Override
  protected void checksAhead(Connection c, List<String> tables, Descriptions into)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT c.relname, current_user");
    PRIVILEGES.forEach(p -> sql.append(", has_table_privilege(c.oid, '").append(p)
        .append("')"));
    sql.append(", ").append(NO_PAGES).append(" FROM pg_class c JOIN pg_namespace n ON n.oid "
        + "= c.relnamespace WHERE n.nspname = ? AND c.relname = ANY(?)");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setString(1, locator.schema());
      ps.setArray(2, c.createArrayOf("text", tables.toArray()));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          java.util.Set<String> held = new java.util.HashSet<>();
          for (int i = 0; i < PRIVILEGES.size(); i++) {
            if (rs.getBoolean(i + 3)) {
              held.add(PRIVILEGES.get(i));
            }
          }
          into.user = rs.getString(2);
          into.privileges.put(rs.getString(1), held);
          if (rs.getBoolean(PRIVILEGES.size() + 3)) {
            into.neverWritten.add(rs.getString(1));
          }
        }
      }
    }
    try {
      into.foreignKeyChecks.putAll(ForeignKeyChecks.read(c, locator.schema(), tables));
    } catch (SQLException e) {
      // a catalog this reading does not know: foreign keys are checked row by row, as always
    }
  }


  /** How long a statement on the target may go without any answer from the server. */
  static final int WRITE_ANSWER_SECONDS = 60;

  @Override
  protected String snapshotStatement() {
    return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  }

  @Override
  public List<String> tableNames(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
        + "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname")) {
      ps.setString(1, locator.schema());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  @Override
  public List<TableInfo> describeTables(Connection c, List<String> names) throws SQLException {
    java.util.Map<String, long[]> stats = new java.util.HashMap<>();
    java.util.Map<String, Long> exact = new java.util.HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT c.relname, " + STATISTICS_ROWS
        + ", pg_total_relation_size(c.oid), " + STATISTICS_EXACT + ", " + NO_PAGES
        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = ? AND c.relname = ANY(?)")) {
      ps.setString(1, locator.schema());
      ps.setArray(2, c.createArrayOf("text", names.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stats.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
          if (rs.getBoolean(5)) {
            exact.put(rs.getString(1), 0L);
          } else if (rs.getBoolean(4) && rs.getLong(2) < JdbcReader.ESTIMATED_ABOVE) {
            exact.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
    }
    exact.putAll(exactCounts(c, names.stream().filter(n -> stats.containsKey(n)
        && !exact.containsKey(n) && stats.get(n)[0] < JdbcReader.ESTIMATED_ABOVE).toList()));
    List<TableInfo> out = new ArrayList<>();
    for (String name : names) {
      long[] s = stats.get(name);
      if (s != null) {
        Long count = exact.get(name);
        out.add(new TableInfo(name, count != null ? count : s[0], count == null, s[1]));
      }
    }
    return out;
  }

  /**
   * The rows a table holds as the statistics tell (a column of {@code pg_class c}): the
   * planner's, or the live rows the server has counted since, whichever is more. A table just
   * loaded or restored and not analyzed yet has no planner's figure (it was counted row by
   * row however big: 10M rows took a second before the list).
   */
  static final String STATISTICS_ROWS = "GREATEST(c.reltuples, "
      + "COALESCE(pg_stat_get_live_tuples(c.oid), 0))::bigint";

  /**
   * Whether a table's statistics hold its row count exactly (a column of {@code pg_class c}):
   * analyzed whole (a table of fewer pages than ANALYZE samples is read whole), nothing
   * inserted, updated or deleted since, and the live rows the server counts agree. Such a
   * table is not counted again: a list of 300 tables of 50,000 rows each counted 15 million
   * rows before the first one moved. A table written since is counted (the server reports its
   * writes within seconds; a count listed meanwhile may be that much behind).
   */
  static final String STATISTICS_EXACT = "(c.reltuples > 0 AND c.relpages > 0 "
      + "AND c.relpages < 30000 "
      + "AND COALESCE(pg_stat_get_last_analyze_time(c.oid), "
      + "pg_stat_get_last_autoanalyze_time(c.oid)) IS NOT NULL "
      + "AND pg_stat_get_mod_since_analyze(c.oid) = 0 "
      + "AND pg_stat_get_live_tuples(c.oid) = c.reltuples::bigint)";

  /**
   * Whether a table's file holds no page (a column of {@code pg_class c}): then it holds no
   * row, committed or not, and is not counted (a pull into 300 tables just made counted each,
   * 0.1 s before the first row moved). A table written and emptied keeps its pages and is
   * counted; a partitioned table keeps its rows in its partitions and is always counted. Asked
   * only of a table the statistics do not say holds rows: the size opens each table (20 ms
   * for 300 on a new connection), which a table known to be big need not cost.
   */
  static final String NO_PAGES = "(c.relkind = 'r' AND CASE WHEN c.reltuples > 0 THEN false "
      + "ELSE pg_relation_size(c.oid) = 0 END)";

  /** Tables counted in one statement, at most (a few statements for hundreds of tables). */
  static final int COUNTS_PER_STATEMENT = 100;

  /**
   * The exact row counts of tables this database's own catalog named (quoted here, never a
   * peer's text), {@link #COUNTS_PER_STATEMENT} to a statement.
   */
  static java.util.Map<String, Long> exactCounts(Connection c, List<String> tables)
      throws SQLException {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    for (int from = 0; from < tables.size(); from += COUNTS_PER_STATEMENT) {
      List<String> part = tables.subList(from, Math.min(tables.size(),
          from + COUNTS_PER_STATEMENT));
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i)
            .append(", count(*) FROM ").append(Sql.quote(part.get(i)));
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
        while (rs.next()) {
          out.put(part.get(rs.getInt(1)), rs.getLong(2));
        }
      }
    }
    return out;
  }

  @Override
  protected boolean describesAtOnce() {
    return true;
  }

  @Override
  protected java.util.Map<String, LocalTable> loadTables(Connection c, List<String> tables)
      throws SQLException {
    return PostgresCatalog.loadAll(c, locator.schema(), tables);
  }

  @Override
  protected LocalTable loadTable(Connection c, String table) throws SQLException {
    return PostgresCatalog.load(c, locator.schema(), table);
  }

  @Override
  public String selectExpr(ColumnInfo column) {
    String q = Sql.quote(column.name());
    return switch (ValueKind.of(column)) {
      case ARRAY -> "array_to_json(" + q + ")::text";
      case DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> "to_json(" + q + ") #>> '{}'";
      // char(n) through text drops the padding, as COPY text (CopyValues) does too
      case TEXT -> "character".equals(column.type()) ? q + "::text" : q;
      default -> q;
    };
  }

  @Override
  public JsonNode read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
    ValueKind kind = ValueKind.of(column);
    if (kind == ValueKind.INTEGER) {
      long v = rs.getLong(i);
      return rs.wasNull() ? NullNode.instance : WireValues.NODES.numberNode(v);
    }
    if (kind == ValueKind.BOOLEAN) {
      boolean v = rs.getBoolean(i);
      return rs.wasNull() ? NullNode.instance : WireValues.NODES.booleanNode(v);
    }
    if (kind == ValueKind.BINARY) {
      byte[] b = rs.getBytes(i);
      return b == null ? NullNode.instance : WireValues.binary(b);
    }
    String text = rs.getString(i);
    if (text == null) {
      return NullNode.instance;
    }
    return switch (kind) {
      case FLOAT -> WireValues.floatNode(text);
      case JSON, ARRAY -> WireValues.parseJson(text);
      default -> TextNode.valueOf(text);
    };
  }

  @Override
  public String param(LocalTable table, String column, String value) {
    return "CAST(" + value + " AS " + table.sqlType(column) + ")";
  }

  @Override
  public void bind(PreparedStatement ps, int index, JsonNode value, LocalTable table,
      String column) throws SQLException {
    ps.setString(index, WireValues.textOf(value));
  }

  @Override
  public String physicalOrder() {
    return "ctid";
  }

  @Override
  protected ImportResult importInto(Connection c, LocalTable table, List<ObjectNode> records,
      Strategy strategy, boolean fresh) throws SQLException {
    return new PostgresImporter(c, table).run(records, strategy, fresh);
  }

  @Override
  public boolean canCopyIn() {
    return true;
  }

  @Override
  public ImportResult importCopy(String table, List<ColumnInfo> columns, byte[] text,
      int length, long rows, Strategy strategy, boolean fresh) {
    return inWriteTransaction(c -> new PostgresImporter(c, localTable(c, table),
        directFirst(table, fresh)).runCopy(columns.stream().map(ColumnInfo::name).toList(),
            text, length, rows, strategy, fresh));
  }

  /** Per table: whether its next batch tries a plain COPY first (PostgresImporter). */
  private final java.util.Map<String, PostgresImporter.DirectFirst> directFirst =
      new java.util.concurrent.ConcurrentHashMap<>();

  private PostgresImporter.DirectFirst directFirst(String table, boolean fresh) {
    return fresh ? null : directFirst.computeIfAbsent(table,
        k -> new PostgresImporter.DirectFirst());
  }

  @Override
  public CopyStream streamCopy(String table, List<ColumnInfo> columns, Strategy strategy,
      boolean fresh) {
    return streamCopy(table, columns, strategy, fresh, false);
  }

  @Override
  public CopyStream streamCopy(String table, List<ColumnInfo> columns, Strategy strategy,
      boolean fresh, boolean binary) {
    List<String> names = columns.stream().map(ColumnInfo::name).toList();
    // the table's description is read now, before its rows arrive
    boolean direct = inWriteTransaction(c -> new PostgresImporter(c, localTable(c, table),
        directFirst(table, fresh)).streams(names, strategy, fresh, binary));
    return direct ? new StreamedCopy(table, names, strategy, fresh, binary) : null;
  }

  /** Batches streamed into one table on the writing connection, one transaction each. */
  private final class StreamedCopy implements CopyStream {
    private final String table;
    private final List<String> columns;
    private final Strategy strategy;
    private final boolean fresh;
    private final boolean binary;
    private PostgresImporter.Streamed batch;
    /** Rows committed, and those of the last batch: see {@link ForeignKeyChecks#worthIt}. */
    private long rowsIn;
    private long lastBatch;

    StreamedCopy(String table, List<String> columns, Strategy strategy, boolean fresh,
        boolean binary) {
      this.table = table;
      this.columns = columns;
      this.strategy = strategy;
      this.fresh = fresh;
      this.binary = binary;
    }

    @Override
    public void write(byte[] text, int off, int len) {
      inOpenWrite(c -> {
        open(c).write(text, off, len);
        return null;
      });
    }

    @Override
    public ImportResult commit(byte[] text, int length) {
      try {
        ImportResult r = inWriteTransaction(c -> open(c).finish(text, length));
        lastBatch = r.created();
        rowsIn += lastBatch;
        return r;
      } finally {
        batch = null;
      }
    }

    private PostgresImporter.Streamed open(java.sql.Connection c) throws SQLException {
      if (batch == null) {
        batch = new PostgresImporter(c, localTable(c, table), directFirst(table, fresh))
            .stream(columns, strategy, fresh, binary, fresh
                && ForeignKeyChecks.worthIt(rowsIn, lastBatch)
                ? descriptions().foreignKeyChecks.get(table) : null);
      }
      return batch;
    }

    @Override
    public void close() {
      if (batch != null) {
        batch.abort();
        batch = null;
        rollbackWrite();
      }
    }
  }

  @Override
  public void createTable(String name, TableSchema schema) {
    inWriteTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT current_user, has_schema_privilege(?, 'CREATE')")) {
        ps.setString(1, locator.schema());
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          if (rs.next() && !rs.getBoolean(2)) {
            throw new DbSyncException("The target's user '" + rs.getString(1) + "' may not "
                + "create the missing table " + name + " (it lacks CREATE on schema "
                + locator.schema() + "). Create the table first, or ask for: GRANT CREATE ON "
                + "SCHEMA " + locator.schema() + " TO " + rs.getString(1) + ";");
          }
        }
      }
      try (Statement s = c.createStatement()) {
        for (String ddl : TypeMapper.postgresDdl(name, schema, c)) {
          s.execute(ddl);
        }
      }
      return null;
    });
    forget(name);
  }

  /** The referenced columns; none when a SQLite source named none (the parent's key). */
  private static String refColumns(dev.dbsync.engine.model.ForeignKey fk) {
    return fk.refColumns().isEmpty() || fk.refColumns().stream().anyMatch(c -> c == null) ? ""
        : " (" + Sql.quoteAll(fk.refColumns()) + ")";
  }

  /**
   * Adds the source's foreign keys and its plain indexes, in one transaction (each key checks
   * the rows once, now that they are all in). A key whose parent table is not here, or whose
   * rows lack parents, is left out (rolled back to its savepoint) and said so; nothing else
   * is changed.
   */
  @Override
  public List<String> completeTable(String name, TableSchema schema) {
    List<String> notes = new java.util.ArrayList<>();
    String table = Sql.quote(name);
    inWriteTransaction(c -> {
      try (Statement st = c.createStatement()) {
        for (dev.dbsync.engine.model.ForeignKey fk : schema.foreignKeys()) {
          if (made(c, "SELECT 1 FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid "
              + "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ? AND "
              + "r.relname = ? AND k.conname = ? AND k.contype = 'f'", name, fk.name())) {
            continue; // made by a run of this pull that was cut before it could say so
          }
          if (!exists(c, fk.refTable())) {
            notes.add("foreign key " + fk.name() + " not made: table " + fk.refTable()
                + " is not in the target");
            continue;
          }
          attempt(c, st, "ALTER TABLE " + table + " ADD CONSTRAINT " + Sql.quote(fk.name())
              + " FOREIGN KEY (" + Sql.quoteAll(fk.columns()) + ") REFERENCES "
              + Sql.quote(fk.refTable()) + refColumns(fk), e -> notes.add("foreign key "
              + fk.name() + " not kept: " + (Errors.isForeignKeyViolation(e)
              ? "some rows reference rows of " + fk.refTable() + " that are not in the target"
              : Errors.describe(e))));
        }
        for (dev.dbsync.engine.model.IndexInfo ix : schema.indexes()) {
          if (made(c, "SELECT 1 FROM pg_indexes WHERE schemaname = ? AND tablename = ? AND "
              + "indexname = ?", name, ix.name())) {
            continue;
          }
          attempt(c, st, "CREATE INDEX " + Sql.quote(ix.name()) + " ON " + table + " ("
              + Sql.quoteAll(ix.columns()) + ")", e -> notes.add("index " + ix.name()
              + " not made: " + Errors.describe(e)));
        }
      }
      return null;
    });
    forget(name);
    return notes;
  }

  /** Whether this table already has the constraint or index {@code what} names. */
  private boolean made(Connection c, String sql, String table, String what)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, locator.schema());
      ps.setString(2, table);
      ps.setString(3, what);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Whether the table is here (its description is kept once read). */
  private boolean exists(Connection c, String table) throws SQLException {
    try {
      localTable(c, table);
      return true;
    } catch (TableNotFoundException e) {
      return false;
    }
  }

  /** Runs one statement under a savepoint: a failure is reported and undone alone. */
  private static void attempt(Connection c, Statement st, String sql,
      java.util.function.Consumer<SQLException> failed) throws SQLException {
    java.sql.Savepoint sp = c.setSavepoint();
    try {
      st.execute(sql);
      c.releaseSavepoint(sp);
    } catch (SQLException e) {
      c.rollback(sp);
      failed.accept(e);
    }
  }

  @Override
  protected String declaredType(dev.dbsync.engine.model.ColumnInfo column) {
    return TypeMapper.postgresType(column);
  }
}

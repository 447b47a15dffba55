package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads shared tables from one snapshot. Every table name is checked against the filter and
 * the catalog; columns, filters and keys are checked against the table's schema; values are
 * bound as parameters. Nothing the caller sends is spliced into SQL.
 */
final class JdbcReader implements TableReader {
  private final ReadDialect dialect;
  private final TableFilter filter;
  private final String what;
  private final Connection connection;
  /** What this snapshot said of each table; shared with readers that joined it. */
  private final SnapshotCatalog known;
  private String exported;

  JdbcReader(ReadDialect dialect, TableFilter filter, String what) {
    this(dialect, filter, what, null);
  }

  /** A reader of its own snapshot, or (with {@code exported}) of another reader's. */
  JdbcReader(ReadDialect dialect, TableFilter filter, String what, String exported) {
    this.dialect = dialect;
    this.filter = filter;
    this.what = what;
    try {
      this.connection = exported == null ? dialect.openSnapshot()
          : dialect.joinSnapshot(exported);
      this.known = exported == null ? new SnapshotCatalog()
          : dialect.snapshotCatalog(exported);
    } catch (SQLException e) {
      throw new DbSyncException("Could not open " + what + ": " + Errors.describe(e), e);
    }
  }

  @Override
  public List<TableInfo> listTables() {
    List<TableInfo> listed = known.listing;
    if (listed != null) {
      return listed;
    }
    try {
      List<String> shared = dialect.tableNames(connection).stream()
          .filter(filter::isShared).toList();
      listed = List.copyOf(dialect.describeTables(connection, shared));
      // the descriptions come next (a pull describes what it lists): all in a few statements
      dialect.tables(connection, shared.stream().filter(t -> !known.tables.containsKey(t))
          .toList()).forEach(known.tables::putIfAbsent);
      for (TableInfo t : listed) {
        if (!t.estimated()) { // counted, or from statistics that hold it exactly
          known.progressCounts.put(t.name(), t.rowCount());
        }
      }
      known.listing = listed;
      return listed;
    } catch (SQLException e) {
      throw fail("list the tables", e);
    }
  }

  private LocalTable shared(String table) throws SQLException {
    if (table == null || !filter.isShared(table)) {
      throw new TableNotFoundException(String.valueOf(table));
    }
    LocalTable t = known.tables.get(table);
    if (t == null) {
      t = dialect.table(connection, table); // read once per snapshot, fresh for each
      if (t == null) {
        throw new TableNotFoundException(table);
      }
      known.tables.put(table, t);
    }
    return t;
  }

  @Override
  public TableSchema getSchema(String table) {
    try {
      return shared(table).schema();
    } catch (SQLException e) {
      throw fail("read the schema of " + table, e);
    }
  }

  @Override
  public long getCount(String table) {
    try {
      shared(table);
      Long counted = known.counts.get(table);
      if (counted != null) {
        return counted; // counted already in this snapshot
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT count(*) FROM " + Sql.quote(table)); ResultSet rs = ps.executeQuery()) {
        rs.next();
        known.counts.put(table, rs.getLong(1));
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw fail("count the rows of " + table, e);
    }
  }

  @Override
  public long estimateCount(String table) {
    if (!isPostgres()) {
      return getCount(table);
    }
    try {
      shared(table);
    } catch (SQLException e) {
      throw fail("estimate the rows of " + table, e);
    }
    return estimateCounts(List.of(table)).get(table);
  }

  /**
   * Every table's {@link #estimateCount} in a few statements: the statistics of all in one,
   * then the exact counts of the small ones, a hundred to a statement. A
   * pull into 300 existing tables asked each whether it held rows, one table's description
   * and two statements at a time (1.3 s before the first row moved).
   */
  @Override
  public java.util.Map<String, Long> estimateCounts(List<String> tables) {
    if (!isPostgres()) {
      return TableReader.super.estimateCounts(tables);
    }
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String t : tables) {
      if (t == null || !filter.isShared(t)) {
        throw new TableNotFoundException(String.valueOf(t));
      }
      Long counted = known.counts.getOrDefault(t, known.progressCounts.get(t));
      if (counted != null) {
        out.put(t, counted);
      } else {
        unknown.add(t);
      }
    }
    if (unknown.isEmpty()) {
      return out; // all counted in this snapshot already (a lane's copy of a listed table)
    }
    try {
      // the statistics (PostgresDatabase.STATISTICS_ROWS)
      java.util.Map<String, Long> estimates = new java.util.HashMap<>();
      java.util.Set<String> noPages = new java.util.HashSet<>();
      java.util.Set<String> exact = new java.util.HashSet<>();
      try (PreparedStatement ps = connection.prepareStatement("SELECT c.relname, "
          + PostgresDatabase.STATISTICS_ROWS + ", " + PostgresDatabase.NO_PAGES + ", "
          + PostgresDatabase.STATISTICS_EXACT + " FROM pg_class c "
          + "JOIN pg_namespace n ON n.oid = c.relnamespace "
          + "WHERE n.nspname = current_schema() AND c.relname = ANY(?)")) {
        ps.setArray(1, connection.createArrayOf("text", unknown.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            estimates.put(rs.getString(1), rs.getLong(2));
            if (rs.getBoolean(3)) {
              noPages.add(rs.getString(1));
            } else if (rs.getBoolean(4)) {
              exact.add(rs.getString(1));
            }
          }
        }
      }
      List<String> small = new ArrayList<>();
      for (String t : unknown) {
        Long estimate = estimates.get(t);
        if (estimate == null) {
          throw new TableNotFoundException(t);
        }
        if (noPages.contains(t)) {
          known.counts.put(t, 0L); // nothing was ever written to it (or it was truncated)
          out.put(t, 0L);
        } else if (estimate >= ESTIMATED_ABOVE) {
          out.put(t, estimate);
        } else if (exact.contains(t)) {
          // analyzed whole and not written since (PostgresDatabase.STATISTICS_EXACT): 300
          // tables of 2,000 rows were counted, 600,000 rows, 0.3 s of the sender's server
          known.progressCounts.put(t, estimate);
          out.put(t, estimate);
        } else {
          small.add(t); // named by this database's own catalog, quoted
        }
      }
      PostgresDatabase.exactCounts(connection, small).forEach(known.counts::put);
      small.forEach(t -> out.put(t, known.counts.get(t)));
      java.util.Map<String, Long> ordered = new java.util.LinkedHashMap<>();
      tables.forEach(t -> ordered.put(t, out.get(t)));
      return ordered;
    } catch (SQLException e) {
      throw fail("count the rows of " + tables.size() + " tables", e);
    }
  }

  /** Tables the statistics say hold more rows than this are not counted for a progress bar. */
  static final long ESTIMATED_ABOVE = 100_000;

  @Override
  public long count(String table, List<RowFilter> filters) {
    try {
      LocalTable t = shared(table);
      List<Object[]> params = new ArrayList<>();
      List<String> where = new ArrayList<>();
      for (RowFilter f : filters) {
        where.add(condition(t, f, bound(params)));
      }
      String sql = "SELECT count(*) FROM " + Sql.quote(t.schema().table())
          + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        for (int i = 0; i < params.size(); i++) {
          dialect.bind(ps, i + 1, (JsonNode) params.get(i)[1], t, (String) params.get(i)[0]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw fail("count the rows of " + table, e);
    }
  }

  @Override
  public Page page(String table, ExportRequest request) {
    List<ObjectNode> rows = new ArrayList<>();
    List<JsonNode>[] lastKey = new List[1];
    try {
      LocalTable t = shared(table);
      List<ColumnInfo> cols = selected(t, request);
      int limit = Math.min(request.limit(), ExportRequest.MAX_PAGE);
      query(t, request, limit, rs -> {
        rows.add(row(rs, cols));
        return true;
      });
      if (!rows.isEmpty() && t.schema().hasPrimaryKey()) {
        lastKey[0] = keyOf(rows.get(rows.size() - 1), t.schema());
      }
      return new Page(rows, rows.size() == limit, lastKey[0]);
    } catch (SQLException e) {
      throw fail("read rows of " + table, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DbSyncException("Reading " + table + " was interrupted.", e);
    }
  }

  @Override
  public long stream(String table, ExportRequest request, int batchSize, BatchSink sink) {
    long[] count = {0};
    List<ObjectNode>[] batch = new List[] {new ArrayList<>(batchSize)};
    try {
      LocalTable t = shared(table);
      List<ColumnInfo> cols = selected(t, request);
      boolean[] stopped = {false};
      query(t, request, -1, rs -> {
        batch[0].add(row(rs, cols));
        if (batch[0].size() >= batchSize) {
          count[0] += batch[0].size();
          boolean go = sink.accept(batch[0]);
          batch[0] = new ArrayList<>(batchSize);
          stopped[0] = !go;
          return go;
        }
        return true;
      });
      if (!stopped[0] && !batch[0].isEmpty()) {
        count[0] += batch[0].size();
        sink.accept(batch[0]);
      }
      return count[0];
    } catch (SQLException e) {
      throw fail("read rows of " + table, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DbSyncException("Reading " + table + " was interrupted.", e);
    }
  }

  private boolean isPostgres() {
    try {
      return connection.isWrapperFor(org.postgresql.PGConnection.class);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Another database: the rows read as wire values and written out as COPY text. */
  private long encodeCopy(String table, List<String> columns, List<JsonNode> after,
      List<RowFilter> filters, java.io.OutputStream out)
      throws SQLException, java.io.IOException {
    LocalTable t = shared(table);
    ExportRequest req = new ExportRequest(columns, filters, after, 0, 1);
    List<ColumnInfo> cols = selected(t, req);
    ValueKind[] kinds = cols.stream().map(ValueKind::of).toArray(ValueKind[]::new);
    CopyText text = new CopyText();
    long[] rows = {0};
    try {
      query(t, req, -1, rs -> {
        for (int i = 0; i < kinds.length; i++) {
          if (i > 0) {
            text.tab();
          }
          dialect.copyValue(rs, i + 1, cols.get(i), kinds[i], text);
        }
        text.newline();
        rows[0]++;
        if (text.length() >= 256 * 1024) {
          write(out, text);
        }
        return true;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    write(out, text);
    return rows[0];
  }

  private static void write(java.io.OutputStream out, CopyText text) {
    write(out, text.bytes(), text.length());
    text.reset();
  }

  private static void write(java.io.OutputStream out, byte[] b, int n) {
    try {
      out.write(b, 0, n);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public long copyOut(String table, List<String> columns, List<JsonNode> after,
      List<RowFilter> filters, java.io.OutputStream out) {
    return copyOut(table, columns, after, filters, out, false);
  }

  @Override
  public long copyOutBinary(String table, List<String> columns, List<JsonNode> after,
      java.io.OutputStream out) {
    if (isPostgres()) {
      return copyOut(table, columns, after, List.of(), out, true);
    }
    try {
      LocalTable t = shared(table);
      ExportRequest req = new ExportRequest(columns, List.of(), after, 0, 1);
      BinaryTuples tuples = dialect.binaryTuples(table, selected(t, req));
      if (tuples == null) {
        return TableReader.super.copyOutBinary(table, columns, after, out);
      }
      long[] rows = {0};
      query(t, req, -1, rs -> {
        tuples.tuple(rs);
        rows[0]++;
        if (tuples.length() >= 256 * 1024) {
          write(out, tuples.bytes(), tuples.length());
          tuples.reset();
        }
        return true;
      });
      tuples.end();
      write(out, tuples.bytes(), tuples.length());
      return rows[0];
    } catch (SQLException e) {
      throw fail("copy rows of " + table, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DbSyncException("Reading " + table + " was interrupted.", e);
    } catch (java.io.UncheckedIOException e) {
      throw new DbSyncException("Copying " + table + " stopped: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private long copyOut(String table, List<String> columns, List<JsonNode> after,
      List<RowFilter> filters, java.io.OutputStream out, boolean binary) {
    try {
      if (!isPostgres()) {
        return encodeCopy(table, columns, after, filters, out);
      }
      LocalTable t = shared(table);
      TableSchema s = t.schema();
      List<ColumnInfo> cols = selected(t, new ExportRequest(columns, null, null, 0, 1));
      StringBuilder sql = new StringBuilder("COPY (SELECT ");
      for (int i = 0; i < cols.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(Sql.quote(cols.get(i).name()));
      }
      sql.append(" FROM ").append(Sql.quote(s.table()));
      org.postgresql.core.BaseConnection pg =
          connection.unwrap(org.postgresql.core.BaseConnection.class);
      List<String> where = new ArrayList<>();
      for (RowFilter f : filters) {
        where.add(condition(t, f, literal(pg, "the filter on '" + f.column() + "'")));
      }
      if (after != null && s.hasPrimaryKey()) {
        if (after.size() != s.primaryKey().size()) {
          throw new DbSyncException("The key to continue after has " + after.size()
              + " values; table '" + s.table() + "' has a key of " + s.primaryKey().size()
              + ".");
        }
        StringBuilder rhs = new StringBuilder();
        Binder key = literal(pg, "the key to continue after");
        for (int i = 0; i < after.size(); i++) {
          String k = s.primaryKey().get(i);
          rhs.append(i == 0 ? "" : ", ").append(dialect.param(t, k, key.bind(k, after.get(i))));
        }
        where.add("(" + Sql.quoteAll(s.primaryKey()) + ") > (" + rhs + ")");
      }
      if (!where.isEmpty()) {
        sql.append(" WHERE ").append(String.join(" AND ", where));
      }
      sql.append(" ORDER BY ").append(s.hasPrimaryKey() ? Sql.quoteAll(s.primaryKey())
          : dialect.physicalOrder()).append(") TO STDOUT").append(binary ? " (FORMAT binary)"
          : "");
      return connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
          .copyOut(sql.toString(), out);
    } catch (SQLException e) {
      throw fail("copy rows of " + table, e);
    } catch (java.io.IOException e) {
      throw new DbSyncException("Copying " + table + " stopped: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hashesInDatabase(String table, dev.dbsync.engine.model.HashSpec spec) {
    return isPostgres();
  }

  @Override
  public long[] keyRange(String table) {
    return twoKeys(table, (k, t) -> "SELECT min(" + k + "), max(" + k + ") FROM " + t);
  }

  @Override
  public long[] keyBody(String table, int tail) {
    // two walks of the key's index, tail rows from each end
    return twoKeys(table, (k, t) -> "SELECT (SELECT " + k + " FROM " + t + " ORDER BY " + k
        + " LIMIT 1 OFFSET " + tail + "), (SELECT " + k + " FROM " + t + " ORDER BY " + k
        + " DESC LIMIT 1 OFFSET " + tail + ")");
  }

  /**
   * Two keys of a table whose key is one whole-number column, lowest first, from the query
   * {@code sql} makes of the quoted key and table; null for another key, or no such keys.
   */
  private long[] twoKeys(String table,
      java.util.function.BiFunction<String, String, String> sql) {
    try {
      LocalTable t = shared(table);
      List<String> key = t.schema().primaryKey();
      if (key.size() != 1 || ValueKind.of(t.column(key.get(0))) != ValueKind.INTEGER) {
        return null;
      }
      try (PreparedStatement ps = connection.prepareStatement(sql.apply(Sql.quote(key.get(0)),
          Sql.quote(t.schema().table()))); ResultSet rs = ps.executeQuery()) {
        rs.next();
        long lo = rs.getLong(1);
        boolean none = rs.wasNull();
        long hi = rs.getLong(2);
        return none || rs.wasNull() || hi < lo ? null : new long[] {lo, hi};
      }
    } catch (SQLException e) {
      throw fail("read the key range of " + table, e);
    }
  }

  @Override
  public boolean wholeNumberKeys(String table) {
    try {
      LocalTable t = shared(table);
      List<String> key = t.schema().primaryKey();
      if (key.size() != 1 || ValueKind.of(t.column(key.get(0))) != ValueKind.INTEGER) {
        return false;
      }
      String other = dialect.notWholeNumber(Sql.quote(key.get(0)));
      if (other == null) {
        return true;
      }
      try (PreparedStatement ps = connection.prepareStatement("SELECT NOT EXISTS (SELECT 1 "
          + "FROM " + Sql.quote(t.schema().table()) + " WHERE " + other + ")");
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw fail("read the keys of " + table, e);
    }
  }

  @Override
  public Long hashProbe() {
    if (!isPostgres()) {
      return null;
    }
    try {
      return new PostgresHashing(connection, dialect).probe();
    } catch (SQLException e) {
      throw fail("compute a probe hash", e);
    }
  }

  @Override
  public List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
      dev.dbsync.engine.model.HashSpec spec) {
    if (!isPostgres()) {
      return TableReader.super.hashBuckets(table, spec);
    }
    try {
      return new PostgresHashing(connection, dialect).buckets(shared(table), spec,
          spec.ranged() ? keyRange(table) : null);
    } catch (SQLException e) {
      throw fail("compute checksums of " + table, e);
    }
  }

  @Override
  public long hashRows(String table, dev.dbsync.engine.model.HashSpec spec, int[] buckets,
      java.util.function.Consumer<dev.dbsync.engine.model.RowHash> sink) {
    if (!isPostgres()) {
      return TableReader.super.hashRows(table, spec, buckets, sink);
    }
    try {
      return new PostgresHashing(connection, dialect).rows(shared(table), spec, buckets, sink);
    } catch (SQLException e) {
      throw fail("compute row hashes of " + table, e);
    }
  }

  static List<JsonNode> keyOf(ObjectNode row, TableSchema schema) {
    List<JsonNode> key = new ArrayList<>();
    for (String k : schema.primaryKey()) {
      key.add(row.get(k));
    }
    return key;
  }

  private List<ColumnInfo> selected(LocalTable t, ExportRequest request) {
    if (request.columns().isEmpty()) {
      return t.schema().columns();
    }
    List<ColumnInfo> cols = new ArrayList<>();
    for (String name : request.columns()) {
      if (!t.hasColumn(name)) {
        throw new DbSyncException("Table '" + t.schema().table() + "' has no column '" + name
            + "'.");
      }
      cols.add(t.column(name));
    }
    // the key always travels, so that paging and resume work with any column subset
    for (String k : t.schema().primaryKey()) {
      if (!request.columns().contains(k)) {
        cols.add(t.column(k));
      }
    }
    return cols;
  }

  private ObjectNode row(ResultSet rs, List<ColumnInfo> cols) throws SQLException {
    ObjectNode row = WireValues.NODES.objectNode();
    for (int i = 0; i < cols.size(); i++) {
      row.set(cols.get(i).name(), dialect.read(rs, i + 1, cols.get(i)));
    }
    return row;
  }

  private interface RowHandler {
    boolean handle(ResultSet rs) throws SQLException, InterruptedException;
  }

  private void query(LocalTable t, ExportRequest request, int limit, RowHandler handler)
      throws SQLException, InterruptedException {
    TableSchema s = t.schema();
    List<ColumnInfo> cols = selected(t, request);
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(dialect.selectExpr(cols.get(i)));
    }
    sql.append(" FROM ").append(Sql.quote(s.table()));
    List<Object[]> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (RowFilter f : request.filters()) {
      where.add(condition(t, f, bound(params)));
    }
    if (request.after() != null && s.hasPrimaryKey()) {
      if (request.after().size() != s.primaryKey().size()) {
        throw new DbSyncException("The key to continue after has " + request.after().size()
            + " values; table '" + s.table() + "' has a key of " + s.primaryKey().size() + ".");
      }
      StringBuilder lhs = new StringBuilder("(");
      StringBuilder rhs = new StringBuilder("(");
      for (int i = 0; i < s.primaryKey().size(); i++) {
        String k = s.primaryKey().get(i);
        lhs.append(i == 0 ? "" : ", ").append(Sql.quote(k));
        rhs.append(i == 0 ? "" : ", ").append(dialect.param(t, k, "?"));
        params.add(new Object[] {k, request.after().get(i)});
      }
      where.add(lhs + ") > " + rhs + ")");
    }
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    sql.append(" ORDER BY ").append(s.hasPrimaryKey() ? Sql.quoteAll(s.primaryKey())
        : dialect.physicalOrder());
    if (limit > 0) {
      sql.append(" LIMIT ").append(limit);
    } else if (request.after() == null && request.offset() > 0) {
      sql.append(" LIMIT ").append(Long.MAX_VALUE); // SQLite needs a LIMIT before OFFSET
    }
    if (request.after() == null && request.offset() > 0) {
      sql.append(" OFFSET ").append(request.offset());
    }
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      ps.setFetchSize(dialect.fetchSize());
      for (int i = 0; i < params.size(); i++) {
        dialect.bind(ps, i + 1, (JsonNode) params.get(i)[1], t, (String) params.get(i)[0]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!handler.handle(rs)) {
            ps.cancel();
            break;
          }
        }
      }
    }
  }

  /** Where a filter's values go: a placeholder and a parameter, or a literal. */
  @FunctionalInterface
  private interface Binder {
    /** The SQL text for {@code value}, compared with {@code column} (null: as text). */
    String bind(String column, JsonNode value);
  }

  /** Values as parameters of a prepared statement, gathered in {@code params}. */
  private static Binder bound(List<Object[]> params) {
    return (column, value) -> {
      params.add(new Object[] {column, value});
      return "?";
    };
  }

  /**
   * Values as literals for COPY, which takes no parameters: escaped by the driver for this
   * connection (and cast to the column's own type by the dialect, as the key of {@code after}
   * is).
   */
  private static Binder literal(org.postgresql.core.BaseConnection pg, String what) {
    return (c, value) -> {
      String text = WireValues.textOf(value);
      if (text == null || text.indexOf('\0') >= 0) {
        throw new DbSyncException("A value of " + what + " is not usable.");
      }
      try {
        return "'" + pg.escapeString(text) + "'";
      } catch (SQLException e) {
        throw new DbSyncException("A value of " + what + " is not usable: " + e.getMessage(),
            e);
      }
    };
  }

  private String condition(LocalTable t, RowFilter f, Binder values) {
    if (!t.hasColumn(f.column())) {
      throw new DbSyncException("Cannot filter on '" + f.column() + "': table '"
          + t.schema().table() + "' has no such column.");
    }
    String col = Sql.quote(f.column());
    if (!f.op().takesValue()) {
      return col + " " + f.op().sql();
    }
    if (f.value() == null || f.value().isNull()) {
      throw new DbSyncException("The filter on '" + f.column() + "' needs a value.");
    }
    if (f.op() == RowFilter.Op.IN) {
      if (!f.value().isArray() || f.value().isEmpty()) {
        throw new DbSyncException("The 'in' filter on '" + f.column() + "' needs a list.");
      }
      ValueKind kind = ValueKind.of(t.column(f.column()));
      if (f.value().size() > 1 && kind != ValueKind.ARRAY && kind != ValueKind.JSON
          && isPostgres()) {
        // one array value instead of one per key: a batch of keys is parsed and planned
        // once, however long it is
        String array = values.bind(null, WireValues.NODES.textNode(arrayLiteral(f.value())));
        return col + " = ANY(CAST(" + array + " AS " + t.sqlType(f.column()) + "[]))";
      }
      List<String> ps = new ArrayList<>();
      for (JsonNode v : f.value()) {
        ps.add(dialect.compared(t, f.column(), dialect.param(t, f.column(),
            values.bind(f.column(), v))));
      }
      return dialect.compared(t, f.column(), col) + " IN (" + String.join(", ", ps) + ")";
    }
    if (f.op() == RowFilter.Op.LIKE) {
      return "CAST(" + col + " AS TEXT) LIKE " + values.bind(null, f.value());
    }
    return dialect.compared(t, f.column(), col) + " " + f.op().sql() + " "
        + dialect.compared(t, f.column(), dialect.param(t, f.column(),
            values.bind(f.column(), f.value())));
  }

  /** PostgreSQL's text form of an array of these values, every element quoted. */
  static String arrayLiteral(JsonNode values) {
    StringBuilder b = new StringBuilder("{");
    for (JsonNode v : values) {
      String text = WireValues.textOf(v);
      if (text == null) {
        throw new DbSyncException("An 'in' list may not hold NULL; use 'is null'.");
      }
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }

  private DbSyncException fail(String action, SQLException e) {
    return new DbSyncException("Could not " + action + " in " + what + ": "
        + Errors.describe(e), e);
  }

  /**
   * PostgreSQL exports this transaction's snapshot for other connections to join; a standby
   * answers null. A failed export leaves the transaction aborted (PostgreSQL cannot export
   * from a savepoint): the caller opens another reader then.
   */
  @Override
  public String exportSnapshot() {
    if (!isPostgres()) {
      return null;
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT CASE WHEN "
        + "pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      exported = rs.getString(1);
      if (exported != null) {
        dialect.shareCatalog(exported, known); // one snapshot, one catalog: read once
      }
      return exported;
    } catch (SQLException e) {
      throw fail("export the snapshot", e);
    }
  }

  @Override
  public void close() {
    if (exported != null) {
      dialect.unshareCatalog(exported);
    }
    try {
      connection.rollback();
      connection.close();
    } catch (SQLException ignored) {
      // the snapshot is read-only: nothing to lose
    }
  }
}

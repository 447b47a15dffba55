package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/** A SQLite file. Values are stored as described in docs/types.md. */
public final class SqliteDatabase extends JdbcDatabase {
  public SqliteDatabase(DatabaseLocator locator, TableFilter filter) {
    super(locator, filter);
  }

  @Override
  protected Connection connect(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    config.setBusyTimeout(10_000);
    // sqlite-jdbc already serializes every call on a connection (each native method is
    // synchronized on it), so SQLite's own per-call mutex is a second lock taken and released
    // around every value read or bound: 14% of a SQLite sender's read of 1M rows
    config.setOpenMode(org.sqlite.SQLiteOpenMode.NOMUTEX);
    if (!readOnly) {
      // WAL with synchronous=NORMAL: a crash keeps the file consistent and loses at most the
      // last commits, whose checkpoints go with them, so a resume starts at the right row
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    }
    Connection c = config.createConnection(locator.jdbcUrl());
    if (!readOnly) {
      try {
        walWhileWriting(c);
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
    }
    return c;
  }

  /**
   * Whether this database's writing turned WAL on in a file that was not in WAL. Only WAL
   * stays with the file; the other modes are each connection's own, so such a file is given
   * back the mode a new connection uses, DELETE.
   */
  private volatile boolean turnedWalOn;

  /**
   * WAL while this database writes (one fsync per checkpoint, not per batch): a file in
   * another journal mode gets it back when this database closes, since WAL stays with the
   * file (its -wal and -shm files beside it, readers that must be able to write the
   * directory): the file is the user's, its settings too.
   */
  private void walWhileWriting(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      String mode;
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        mode = rs.next() ? rs.getString(1).toLowerCase(java.util.Locale.ROOT) : "wal";
      }
      if (!mode.equals("wal")) {
        turnedWalOn = true;
        s.execute("PRAGMA journal_mode=WAL");
      }
    }
  }

  @Override
  public void close() {
    super.close();
    if (!turnedWalOn) {
      return;
    }
    turnedWalOn = false;
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(2_000);
    config.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE); // a file gone since is not made
    try (Connection c = config.createConnection(locator.jdbcUrl());
         Statement s = c.createStatement()) {
      // succeeds only when no other connection has the file open; else it stays WAL
      s.execute("PRAGMA journal_mode=DELETE");
    } catch (SQLException e) {
      // the rows are in; the file is left in WAL, which every SQLite since 3.7 reads
    }
  }

  /** Opening a SQLite file costs next to nothing: nothing is kept open ahead. */
  @Override
  public void readAhead() {
  }

  @Override
  public void keepReadingAhead() {
  }

  @Override
  protected String snapshotStatement() {
    return "SELECT count(*) FROM sqlite_master"; // a read in a transaction pins the snapshot
  }

  @Override
  public List<String> tableNames(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Override
  public List<TableInfo> describeTables(Connection c, List<String> names) throws SQLException {
    List<TableInfo> out = new ArrayList<>();
    for (String name : names) {
      long count;
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Sql.quote(name))) {
        rs.next();
        count = rs.getLong(1);
      }
      out.add(new TableInfo(name, count, false, size(c, name)));
    }
    return out;
  }

  private static Long size(Connection c, String table) {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sum(pgsize) FROM dbstat WHERE name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? (Long) rs.getObject(1, Long.class) : null;
      }
    } catch (SQLException e) {
      return null; // this build of SQLite has no dbstat table: size unknown
    }
  }

  @Override
  protected LocalTable loadTable(Connection c, String table) throws SQLException {
    return SqliteCatalog.load(c, table);
  }

  @Override
  public String selectExpr(ColumnInfo column) {
    return Sql.quote(column.name());
  }

  @Override
  public JsonNode read(ResultSet rs, int i, ColumnInfo column) throws SQLException {
    switch (ValueKind.of(column)) {
      case TEXT, DATE, TIME, INTERVAL, UUID, TIMESTAMP, TIMESTAMPTZ -> {
        // text as SQLite's bytes: one call, no question of the storage class, no direct
        // buffer per value (the canonical compare of a million rows spent a third of its
        // reading there); what could be a number's text is read by its type, as before
        byte[] b = rs.getBytes(i);
        if (b == null) {
          return NullNode.instance;
        }
        if (!numberLike(b)) {
          return value(new String(b, java.nio.charset.StandardCharsets.UTF_8), column);
        }
      }
      default -> { }
    }
    return value(rs.getObject(i), column);
  }

  /** A value as SQLite gave it (its storage class's Java type), as the wire carries it. */
  private static JsonNode value(Object v, ColumnInfo column) {
    if (v == null) {
      return NullNode.instance;
    }
    ValueKind kind = ValueKind.of(column);
    if (v instanceof byte[] bytes) {
      return kind == ValueKind.BINARY || kind == ValueKind.OTHER ? WireValues.binary(bytes)
          : TextNode.valueOf(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    return switch (kind) {
      case INTEGER -> v instanceof Number n && !(v instanceof Double)
          ? WireValues.NODES.numberNode(n.longValue()) : TextNode.valueOf(v.toString());
      case BOOLEAN -> v instanceof Number n ? WireValues.NODES.booleanNode(n.longValue() != 0)
          : WireValues.NODES.booleanNode(isTrue(v.toString()));
      // text that is not a number (SQLite keeps it there) goes as text: the target refuses
      // that row with its own words, not the whole table with a parse error of ours
      case FLOAT -> v instanceof Number ? WireValues.floatNode(v.toString())
          : TextNode.valueOf(v.toString());
      case NUMERIC -> TextNode.valueOf(v instanceof Double d && Double.isFinite(d)
          ? java.math.BigDecimal.valueOf(d).toPlainString() : v instanceof Double d
          ? (d > 0 ? "Infinity" : d < 0 ? "-Infinity" : "NaN") : v.toString());
      case JSON, ARRAY -> WireValues.parseJson(v.toString());
      // SQLite's own date functions write "YYYY-MM-DD HH:MM:SS"; the wire wants ISO-8601
      case TIMESTAMP, TIMESTAMPTZ -> TextNode.valueOf(isoGap(v.toString()));
      case BINARY -> v instanceof String s && s.startsWith("\\x")
          ? WireValues.binary(WireValues.bytesOf(TextNode.valueOf(s)))
          : WireValues.binary(v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default -> TextNode.valueOf(v.toString());
    };
  }

  /**
   * Whether a SQLite sender writes this column of its description as binary COPY
   * (docs/protocol.md, "copy_binary"): whole numbers, double precision, numeric, boolean, text,
   * json, bytea, dates, timestamps and uuids.
   */
  public static boolean writesBinaryCopy(ColumnInfo column) {
    return SqliteBinaryCopy.writes(column);
  }

  @Override
  public BinaryTuples binaryTuples(String table, List<ColumnInfo> columns) {
    return SqliteBinaryCopy.of(table, columns);
  }

  /**
   * Scalars go straight from SQLite into COPY text, as their wire values would be written;
   * arrays and anything unusual take the wire-value way. Text and whole numbers are read as
   * SQLite's own text of the value (one call, no question of its type); a value whose text
   * could be a number's, or is not ASCII, is read again by its type and written as before: a
   * float's text from SQLite has 15 digits, not the shortest that reads back the same.
   */
  @Override
  public void copyValue(ResultSet rs, int i, ColumnInfo column, ValueKind kind, CopyText out)
      throws SQLException {
    switch (kind) {
      case INTEGER, TEXT, DATE, TIME, INTERVAL, UUID, JSON, TIMESTAMP, TIMESTAMPTZ -> {
        byte[] b = rs.getBytes(i);
        if (b == null) {
          out.nullValue();
          return;
        }
        if (kind == ValueKind.INTEGER) {
          if (wholeNumber(b)) {
            out.digits(b);
            return;
          }
        } else if (!numberLike(b) && out.ascii(b, kind == ValueKind.TIMESTAMP
            || kind == ValueKind.TIMESTAMPTZ)) {
          return;
        }
      }
      default -> { }
    }
    Object v = rs.getObject(i);
    if (v == null) {
      out.nullValue();
      return;
    }
    if (v instanceof byte[] bytes && (kind == ValueKind.JSON || kind == ValueKind.BOOLEAN
        || kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMPTZ)) {
      // a blob where text was declared (SQLite keeps anything anywhere): the text its bytes
      // spell, as when they are ASCII above, not the Java array's name
      v = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    switch (kind) {
      case INTEGER, TEXT, DATE, TIME, INTERVAL, UUID -> {
        if (v instanceof byte[] || v instanceof Double) {
          out.value(value(v, column), kind);
        } else {
          out.text(v.toString());
        }
      }
      case JSON -> out.text(v.toString()); // json text as stored; PostgreSQL parses it
      case BOOLEAN -> {
        if (v instanceof Number n) {
          out.text(n.longValue() != 0 ? "true" : "false");
        } else {
          out.text(isTrue(v.toString()) ? "true" : "false");
        }
      }
      case TIMESTAMP, TIMESTAMPTZ -> out.text(isoGap(v.toString()));
      default -> out.value(value(v, column), kind);
    }
  }

  /** {@code -?[0-9]+}: the text SQLite gives an integer. */
  static boolean wholeNumber(byte[] b) {
    if (b.length == 0) {
      return false;
    }
    for (int k = 0; k < b.length; k++) {
      if ((b[k] < '0' || b[k] > '9') && !(k == 0 && b[k] == '-' && b.length > 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Could be SQLite's text of a number ({@code -?digits[.digits][e[+-]digits]}, {@code Inf}):
   * whether it was stored as one is then asked.
   */
  static boolean numberLike(byte[] b) {
    int k = b.length > 0 && b[0] == '-' ? 1 : 0;
    if (b.length - k == 3 && b[k] == 'I' && b[k + 1] == 'n' && b[k + 2] == 'f') {
      return true;
    }
    int digits = 0;
    while (k < b.length && b[k] >= '0' && b[k] <= '9') {
      k++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (k < b.length && b[k] == '.') {
      k++;
      while (k < b.length && b[k] >= '0' && b[k] <= '9') {
        k++;
      }
    }
    if (k < b.length && (b[k] == 'e' || b[k] == 'E')) {
      k++;
      if (k < b.length && (b[k] == '+' || b[k] == '-')) {
        k++;
      }
      while (k < b.length && b[k] >= '0' && b[k] <= '9') {
        k++;
      }
    }
    return k == b.length;
  }

  /** SQLite's {@code YYYY-MM-DD HH:...} as ISO ({@code T} between date and time). */
  static String isoGap(String s) {
    if (s.length() < 12 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' ') {
      return s;
    }
    for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11}) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return s;
      }
    }
    return s.substring(0, 10) + 'T' + s.substring(11);
  }

  static boolean isTrue(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    return t.equals("true") || t.equals("t") || t.equals("1") || t.equals("yes");
  }

  @Override
  public String param(LocalTable table, String column, String value) {
    return value;
  }

  /**
   * Dates and timestamps are text here, written as {@code 2026-11-01T12:00:00Z} by DB Sync and
   * as {@code 2026-11-01 12:00:00} by most other programs: a filter compares them as instants
   * ({@code julianday}), so both forms, fractions and offsets order as time does.
   */
  @Override
  public String compared(LocalTable table, String column, String expr) {
    return switch (ValueKind.of(table.column(column))) {
      case DATE, TIMESTAMP, TIMESTAMPTZ -> "julianday(" + expr + ")";
      default -> expr;
    };
  }

  @Override
  public void bind(PreparedStatement ps, int index, JsonNode value, LocalTable table,
      String column) throws SQLException {
    if (column == null) {
      ps.setString(index, WireValues.textOf(value));
    } else {
      SqliteValues.bind(ps, index, value, table.column(column));
    }
  }

  @Override
  public String physicalOrder() {
    return "rowid";
  }

  /** SQLite keeps any value in a column declared INTEGER (but a rowid's alias). */
  @Override
  public String notWholeNumber(String quotedColumn) {
    return "typeof(" + quotedColumn + ") <> 'integer'";
  }

  @Override
  public int fetchSize() {
    return 0;
  }

  @Override
  protected ImportResult importInto(Connection c, LocalTable table, List<ObjectNode> records,
      Strategy strategy, boolean fresh) throws SQLException {
    return new SqliteImporter(c, table).run(records, strategy);
  }

  @Override
  public boolean canCopyIn() {
    return true;
  }

  /**
   * COPY text from a PostgreSQL sender, turned into the same values the row path carries and
   * written like any batch: the sender then streams its own COPY, the cheapest way to read.
   */
  @Override
  public ImportResult importCopy(String table, List<ColumnInfo> columns, byte[] text,
      int length, long rows, Strategy strategy, boolean fresh) {
    return inWriteTransaction(c -> new SqliteImporter(c, localTable(c, table))
        .runCopy(columns, text, length, strategy));
  }

  @Override
  public void createTable(String name, TableSchema schema) {
    inWriteTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(TypeMapper.sqliteDdl(name, schema));
      }
      return null;
    });
    forget(name);
  }

  /**
   * SQLite declares foreign keys only in CREATE TABLE, where {@link #createTable} put them; here
   * they are checked, and the indexes are made.
   */
  @Override
  public List<String> completeTable(String name, TableSchema schema) {
    return inWriteTransaction(c -> {
      List<String> notes = new java.util.ArrayList<>();
      try (Statement s = c.createStatement()) {
        for (dev.dbsync.engine.model.IndexInfo ix : schema.indexes()) {
          if (!hasIndex(c, ix.name())) {
            s.execute("CREATE INDEX " + Sql.quote(ix.name()) + " ON " + Sql.quote(name) + " ("
                + Sql.quoteAll(ix.columns()) + ")");
          } else {
            notes.add("index " + ix.name() + " not made: the name is taken in the target");
          }
        }
        java.util.Map<Integer, Long> orphans = new java.util.TreeMap<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(
            "SELECT fkid, count(*) FROM pragma_foreign_key_check(?) GROUP BY fkid")) {
          ps.setString(1, name);
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              orphans.put(rs.getInt(1), rs.getLong(2));
            }
          }
        } catch (SQLException e) {
          // a foreign key to a table the target lacks: SQLite cannot check it
          notes.add("foreign keys not checked: " + Errors.describe(e));
        }
        // the catalog lists foreign keys in SQLite's id order
        List<dev.dbsync.engine.model.ForeignKey> fks = localTable(c, name).schema().foreignKeys();
        orphans.forEach((id, n) -> notes.add("foreign key " + (id < fks.size()
            ? fks.get(id).columns() + " -> " + fks.get(id).refTable() : "#" + id) + ": " + n
            + " rows reference rows the target lacks"));
      }
      return notes;
    });
  }

  private static boolean hasIndex(java.sql.Connection c, String index) throws SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?")) {
      ps.setString(1, index);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  protected String declaredType(dev.dbsync.engine.model.ColumnInfo column) {
    return TypeMapper.sqliteType(column);
  }
}

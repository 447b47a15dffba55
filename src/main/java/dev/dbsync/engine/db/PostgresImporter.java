package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.RowError;
import dev.dbsync.engine.model.Strategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes a batch into PostgreSQL with COPY: straight into the table when nothing can conflict,
 * otherwise into a temporary all-text staging table followed by one
 * {@code INSERT ... SELECT ... ON CONFLICT} that casts to the table's own types and applies
 * the strategy. If that fails, the staged rows go in one at a time inside savepoints, so only
 * the rows that do not fit are refused, each with its key and the reason.
 */
final class PostgresImporter {
  private static final Pattern TYPMOD = Pattern.compile("\\(\\d+(,\\s*\\d+)?\\)");
  private static final ThreadLocal<CopyText> BUFFER = ThreadLocal.withInitial(CopyText::new);

  private final Connection c;
  private final LocalTable t;
  /** Whether a batch that may conflict tries the plain COPY first; null: never. */
  private final DirectFirst directFirst;

  PostgresImporter(Connection c, LocalTable t) {
    this(c, t, null);
  }

  PostgresImporter(Connection c, LocalTable t, DirectFirst directFirst) {
    this.c = c;
    this.t = t;
    this.directFirst = directFirst;
  }

  /**
   * One table's batches that may conflict with its rows (a strategy that keeps or updates
   * them, into a table that held rows) try a plain COPY into the table first, in a savepoint:
   * when none of the batch's keys is there, that is all the strategy would do, at the cost of
   * a first pull into an empty table instead of a staging table and an upsert (a mirror of
   * 1M rows into a development copy holding 1,000 of them moved them whole at less than half
   * the speed). A batch that conflicts is rolled back to the savepoint (its first row
   * that is already there ends the COPY) and goes the usual way, and the next tries wait
   * 1, 2, 4 ... up to {@link #MOST_SKIPPED} batches: a table whose rows are mostly there
   * pays a few refused COPYs in all.
   */
  static final class DirectFirst {
    static final int MOST_SKIPPED = 64;
    private int skip;
    private int gap;

    synchronized boolean now() {
      if (skip > 0) {
        skip--;
        return false;
      }
      return true;
    }

    synchronized void worked() {
      gap = 0;
    }

    synchronized void refused() {
      gap = gap == 0 ? 1 : Math.min(2 * gap, MOST_SKIPPED);
      skip = gap;
    }
  }

  /**
   * Writes rows in wire form.
   *
   * @param fresh the table was empty when this transfer began, so rows arriving in key order
   *     cannot conflict
   */
  ImportResult run(List<ObjectNode> records, Strategy strategy, boolean fresh)
      throws SQLException {
    ImportResult result = new ImportResult();
    ImportPlan plan = ImportPlan.of(t, records, strategy, result);
    if (plan == null) {
      return result;
    }
    List<String> incoming = plan.incoming();
    CopyText text = BUFFER.get();
    text.reset();
    ValueKind[] kinds = new ValueKind[incoming.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = ValueKind.of(t.column(incoming.get(i)));
    }
    for (ObjectNode r : records) {
      for (int i = 0; i < kinds.length; i++) {
        if (i > 0) {
          text.tab();
        }
        text.value(r.get(incoming.get(i)), kinds[i]);
      }
      text.newline();
    }
    write(plan, plan.incoming(), text.bytes(), text.length(), records.size(), fresh, result);
    return result;
  }

  /** Writes rows already in COPY text form, one line per row, for {@code columns}. */
  ImportResult runCopy(List<String> columns, byte[] text, int length, long rows,
      Strategy strategy, boolean fresh) throws SQLException {
    ImportResult result = new ImportResult();
    ImportPlan plan = ImportPlan.of(t, columns, strategy, result);
    if (plan != null) {
      write(plan, columns, text, length, rows, fresh, result);
    }
    return result;
  }

  /**
   * A batch of COPY text written into the table as its lines arrive, so PostgreSQL parses
   * while the rest of the batch is still on its way; null when rows cannot go straight in (a
   * strategy that needs the staging table, or a skip that first looks for the batch's keys).
   * Its first line opens the batch's savepoint and COPY: use it inside the batch's
   * transaction.
   */
  Streamed stream(List<String> columns, Strategy strategy, boolean fresh, boolean binary,
      ForeignKeyChecks.Checks keyChecks) {
    ImportResult result = new ImportResult();
    ImportPlan plan = ImportPlan.of(t, columns, strategy, result);
    return streams(plan, columns, fresh, binary) ? new Streamed(plan, result, binary, keyChecks)
        : null;
  }

  /** What starts a binary COPY stream: its signature, no flags, no header extension. */
  static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r',
      '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
  /** What ends one: a tuple of -1 fields. */
  static final byte[] BINARY_TRAILER = {(byte) 0xff, (byte) 0xff};

  /** Whether {@link #stream} takes rows of {@code columns} for {@code strategy}. */
  boolean streams(List<String> columns, Strategy strategy, boolean fresh, boolean binary) {
    return streams(ImportPlan.of(t, columns, strategy, new ImportResult()), columns, fresh,
        binary);
  }

  /**
   * Streamed: rows that go straight in, and binary COPY into a table that holds rows under a
   * strategy that updates them (each batch a plain COPY first, else through a staging table
   * of the table's own types: see {@link Streamed}); not a skip, which first looks for the
   * batch's keys.
   */
  private boolean streams(ImportPlan plan, List<String> columns, boolean fresh,
      boolean binary) {
    if (plan == null || plan.incoming().size() != columns.size()
        || !fresh && plan.strategy() == Strategy.SKIP) {
      return false;
    }
    return direct(plan, fresh) || binary && directFirst != null
        && plan.columns().equals(plan.incoming());
  }

  /** One batch being streamed; {@link #finish} ends it, {@link #abort} drops it. */
  final class Streamed {
    private final ImportPlan plan;
    private final ImportResult result;
    /** Tuples of binary COPY (header and trailer added here) instead of lines of text. */
    private final boolean binary;
    /**
     * The table's foreign keys, checked once after the COPY ({@link ForeignKeyChecks}), or
     * null: checked row by row. Used when the batch's first lines are many.
     */
    private final ForeignKeyChecks.Checks keyChecks;
    private boolean checkingOnce;
    private Savepoint savepoint;
    private CopyIn in;
    private SQLException failed;
    /** The staging table this batch is copied into (binary rows that may conflict), or null. */
    private String stage;
    /** This batch tried a plain COPY into a table that holds rows ({@link DirectFirst}). */
    private boolean trying;

    private Streamed(ImportPlan plan, ImportResult result, boolean binary,
        ForeignKeyChecks.Checks keyChecks) {
      this.plan = plan;
      this.result = result;
      this.binary = binary;
      this.keyChecks = keyChecks;
    }

    /** Whole lines of the batch; once the COPY has failed they are only kept by the caller. */
    void write(byte[] text, int off, int len) {
      if (failed != null || len == 0) {
        return;
      }
      try {
        if (in == null) {
          savepoint = c.setSavepoint();
          if (keyChecks != null && len >= ForeignKeyChecks.AT_LEAST_BYTES) {
            try (Statement s = c.createStatement()) {
              s.execute(ForeignKeyChecks.TRIGGERS_OFF);
              checkingOnce = true;
            } catch (SQLException refused) {
              // no longer allowed (the user lost superuser): the triggers check, as always
              c.rollback(savepoint);
              savepoint = c.setSavepoint();
            }
          }
          if (!direct(plan, false) && directFirst != null) { // may conflict (binary only)
            trying = directFirst.now();
            stage = trying ? null : typedStage(plan.incoming());
          }
          in = c.unwrap(PGConnection.class).getCopyAPI().copyIn((stage == null
              ? directCopy(plan) : "COPY " + stage + " FROM STDIN")
              + (binary ? " (FORMAT binary)" : ""));
          if (binary) {
            in.writeToCopy(BINARY_HEADER, 0, BINARY_HEADER.length);
          }
        }
        in.writeToCopy(text, off, len);
      } catch (SQLException e) {
        failed = e;
        abort();
      }
    }

    /**
     * Ends the batch ({@code text} is all of it): its rows are in, or, when the COPY failed,
     * the batch goes through the staging table row by row as in {@link #runCopy}.
     */
    ImportResult finish(byte[] text, int length) throws SQLException {
      if (in == null && failed == null) {
        write(text, 0, length);
      }
      if (failed == null && in != null) {
        try {
          if (binary) {
            in.writeToCopy(BINARY_TRAILER, 0, BINARY_TRAILER.length);
          }
          long rows = in.endCopy();
          if (checkingOnce) {
            ForeignKeyChecks.verify(c, t.schema().table(), keyChecks);
          }
          if (stage != null) {
            merged(plan, stage, rows, result);
          } else {
            result.addCreated(rows);
            if (trying) {
              directFirst.worked(); // no key was there: inserted, as the strategy would have
            }
          }
          c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          failed = e;
          abort();
        }
      }
      if (failed != null && trying && stage == null) {
        // a key already there (or a value that does not fit) ended the plain COPY: the batch
        // again, through the staging table
        c.rollback(savepoint);
        directFirst.refused();
        failed = null;
        try {
          staged(plan, text, length, true, result);
          c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          failed = e;
        }
      }
      if (failed != null) {
        if (savepoint != null) {
          c.rollback(savepoint);
        }
        if (binary) {
          // no text to go through row by row: the caller goes on in text from this batch
          throw new dev.dbsync.engine.BinaryCopyRefused("The target refused a batch of "
              + t.schema().table() + " as binary COPY (" + failed.getMessage() + ").", failed);
        }
        rowByRow(plan, text, length, result);
      }
      moveSequences(plan, result);
      return result;
    }

    /** Leaves the COPY, if one is open; the caller rolls the transaction back. */
    void abort() {
      if (in != null && in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException ignored) {
          // the transaction is rolled back anyway
        }
      }
    }
  }

  private static boolean direct(ImportPlan plan, boolean fresh) {
    return (!plan.upsert() || fresh) && plan.columns().equals(plan.incoming());
  }

  private String directCopy(ImportPlan plan) {
    return "COPY " + Sql.quote(t.schema().table()) + " (" + Sql.quoteAll(plan.columns())
        + ") FROM STDIN";
  }

  private void write(ImportPlan plan, List<String> fields, byte[] text, int length, long rows,
      boolean fresh, ImportResult result) throws SQLException {
    if (!fresh && allPresent(plan, fields, text, length, rows)) {
      result.addSkipped(rows); // skip, and every key is already here: nothing to write
      return;
    }
    Savepoint sp = c.setSavepoint();
    try {
      load(plan, text, length, rows, fresh, result);
      c.releaseSavepoint(sp);
    } catch (SQLException batchFailure) {
      c.rollback(sp);
      rowByRow(plan, text, length, result);
    }
    moveSequences(plan, result);
  }

  /** A batch that failed as a whole, through the text staging table one row at a time. */
  private void rowByRow(ImportPlan plan, byte[] text, int length, ImportResult result)
      throws SQLException {
    String stage = stage(plan.incoming().size());
    copyIn("COPY " + stage + " FROM STDIN", text, length);
    oneByOne(plan, stage, result);
  }

  /** {@link PresentKeys#all}, in a savepoint: a check that cannot run just says no. */
  private boolean allPresent(ImportPlan plan, List<String> fields, byte[] text, int length,
      long rows) throws SQLException {
    if (plan.strategy() != dev.dbsync.engine.model.Strategy.SKIP) {
      return false;
    }
    Savepoint sp = c.setSavepoint();
    try {
      boolean all = PresentKeys.all(c, t, plan, fields, text, length, rows);
      c.releaseSavepoint(sp);
      return all;
    } catch (SQLException e) {
      c.rollback(sp);
      return false;
    }
  }

  private void load(ImportPlan plan, byte[] text, int length, long rows, boolean fresh,
      ImportResult result) throws SQLException {
    if (direct(plan, fresh)) {
      result.addCreated(copyIn(directCopy(plan), text, length));
      return;
    }
    if (directFirst != null && plan.columns().equals(plan.incoming()) && directFirst.now()) {
      Savepoint first = c.setSavepoint();
      try {
        long copied = copyIn(directCopy(plan), text, length);
        c.releaseSavepoint(first);
        directFirst.worked();
        result.addCreated(copied); // no key was there: inserted, as the strategy would have
        return;
      } catch (SQLException conflict) {
        c.rollback(first); // a key already there (or a value that does not fit): as usual
        directFirst.refused();
      }
    }
    // a staging table with the target's own types: COPY parses each value once, and a value
    // that does not fit fails the batch, which then goes through the text staging row by row
    staged(plan, text, length, false, result);
  }

  /** The batch through a staging table of the table's own types, then {@link #merged}. */
  private void staged(ImportPlan plan, byte[] text, int length, boolean binary,
      ImportResult result) throws SQLException {
    String stage = typedStage(plan.incoming());
    long rows = copyIn("COPY " + stage + " FROM STDIN" + (binary ? " (FORMAT binary)" : ""),
        text, length, binary);
    merged(plan, stage, rows, result);
  }

  /** The {@code rows} staged, into the table as the strategy says, counted. */
  private void merged(ImportPlan plan, String stage, long rows, ImportResult result)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("WITH ins AS (" + merge(plan, stage, "",
        false) + ") SELECT count(*) FILTER (WHERE created), count(*) FROM ins");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      long created = rs.getLong(1);
      long touched = rs.getLong(2);
      result.addCreated(created);
      result.addUpdated(touched - created);
      result.addSkipped(rows - touched);
    }
  }

  private long copyIn(String sql, byte[] text, int length) throws SQLException {
    return copyIn(sql, text, length, false);
  }

  /** COPY of {@code text}: lines, or ({@code binary}) tuples, the header and trailer added. */
  private long copyIn(String sql, byte[] text, int length, boolean binary) throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      if (binary) {
        in.writeToCopy(BINARY_HEADER, 0, BINARY_HEADER.length);
      }
      in.writeToCopy(text, 0, length);
      if (binary) {
        in.writeToCopy(BINARY_TRAILER, 0, BINARY_TRAILER.length);
      }
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /** The staged rows one at a time, each in its own savepoint. */
  private void oneByOne(ImportPlan plan, String stage, ImportResult result)
      throws SQLException {
    int n = plan.incoming().size();
    StringBuilder cols = new StringBuilder("ctid");
    for (int i = 1; i <= n; i++) {
      cols.append(", c").append(i);
    }
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT " + cols + " FROM " + stage + " ORDER BY ctid");
         PreparedStatement one = c.prepareStatement(merge(plan, stage,
             " WHERE ctid = CAST(? AS tid)", true))) {
      while (rs.next()) {
        ObjectNode row = WireValues.NODES.objectNode();
        for (int i = 0; i < n; i++) {
          String col = plan.incoming().get(i);
          row.set(col, WireValues.fromText(rs.getString(i + 2), ValueKind.of(t.column(col))));
        }
        Savepoint sp = c.setSavepoint();
        try {
          one.setString(1, rs.getString(1));
          try (ResultSet r = one.executeQuery()) {
            if (!r.next()) {
              result.addSkipped(1);
            } else if (r.getBoolean(1)) {
              result.addCreated(1);
            } else {
              result.addUpdated(1);
            }
          }
          c.releaseSavepoint(sp);
        } catch (SQLException e) {
          c.rollback(sp);
          RowError error = new RowError(plan.keyOf(row), Errors.describe(e),
              Errors.isForeignKeyViolation(e));
          if (error.foreignKey()) {
            result.addForeignKeyFailure(row, error);
          } else {
            result.addError(error);
          }
        }
      }
    }
  }

  /** A temporary all-text table of n columns, emptied at every commit. */
  private String stage(int n) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE IF NOT EXISTS dbsync_stage_")
        .append(n).append(" (");
    for (int i = 1; i <= n; i++) {
      ddl.append(i > 1 ? ", " : "").append('c').append(i).append(" text");
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(") ON COMMIT DELETE ROWS").toString());
      s.execute("TRUNCATE pg_temp.dbsync_stage_" + n);
    }
    return "pg_temp.dbsync_stage_" + n;
  }

  /**
   * A temporary table shaped like the incoming columns of the target (same types, no
   * constraints), emptied at every commit; one per table and column list.
   */
  private String typedStage(List<String> incoming) throws SQLException {
    String name = "dbsync_typed_" + Integer.toHexString(
        (t.schema().table() + "\u0000" + String.join("\u0000", incoming)).hashCode()
            & 0x7fffffff);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS " + name + " ON COMMIT DELETE ROWS AS SELECT "
          + Sql.quoteAll(incoming) + " FROM " + Sql.quote(t.schema().table()) + " WITH NO DATA");
      s.execute("TRUNCATE pg_temp." + name);
    }
    return "pg_temp." + name;
  }

  /**
   * INSERT ... SELECT from a staging table with the strategy's conflict clause; {@code text}
   * when the staging table holds text (c1, c2, ...) to cast to the target's types.
   */
  private String merge(ImportPlan plan, String stage, String where, boolean text)
      throws SQLException {
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < plan.columns().size(); i++) {
      String col = plan.columns().get(i);
      if (text) {
        select.append(i > 0 ? ", " : "").append("CAST(c")
            .append(plan.incoming().indexOf(col) + 1).append(" AS ")
            .append(castType(t.sqlType(col))).append(")");
      } else {
        select.append(i > 0 ? ", " : "").append(Sql.quote(col));
      }
    }
    boolean identity = plan.columns().stream()
        .anyMatch(col -> "identity".equals(t.column(col).defaultValue()));
    return "INSERT INTO " + Sql.quote(t.schema().table()) + " AS tgt ("
        + Sql.quoteAll(plan.columns()) + ")" + (identity ? " OVERRIDING SYSTEM VALUE" : "")
        + " SELECT " + select + " FROM " + stage + where + conflict(plan)
        + " RETURNING (xmax = 0) AS created";
  }

  /**
   * The type to cast staged text to: without its length (an explicit cast to varchar(5) would
   * cut a longer value silently, where assigning it to the column refuses it), and never a
   * one-character char.
   */
  static String castType(String sqlType) {
    String base = TYPMOD.matcher(sqlType).replaceAll("");
    return switch (base) {
      case "character" -> "text";
      case "character[]" -> "text[]";
      case "bit" -> "bit varying";
      case "bit[]" -> "bit varying[]";
      default -> base;
    };
  }

  private String conflict(ImportPlan plan) throws SQLException {
    if (!plan.upsert()) {
      return "";
    }
    String on = " ON CONFLICT (" + Sql.quoteAll(plan.key()) + ")";
    if (plan.strategy() == Strategy.SKIP) {
      return on + " DO NOTHING";
    }
    List<String> set = plan.updated().isEmpty() ? plan.key() : plan.updated();
    boolean byValue = c.getMetaData().getDatabaseMajorVersion() >= 14;
    return on + " DO UPDATE SET " + set.stream().map(col -> Sql.quote(col) + " = "
        + newValue(plan, col)).collect(Collectors.joining(", "))
        // a row that would not change is left alone (and counted unchanged, not updated)
        + " WHERE " + set.stream().map(col -> changed(col, newValue(plan, col), byValue))
        .collect(Collectors.joining(" OR "));
  }

  /**
   * Whether the row's value of this column differs from the incoming one, by the same measure
   * as the compare's row hash (PostgresHashing), so that a pull updates the rows a dry run
   * counted as changed and no others: from PostgreSQL 14, where the compare hashes numbers,
   * uuids, booleans, timestamps and json by value, by the type's own equality (1.50 equals
   * 1.5000 and -0 equals 0, as they hash alike; json by its jsonb value, once the text
   * differs, as a json column has no equality). Every other kind, and everything before 14
   * (whose compare hashes the row's text), as text: what every type has.
   */
  private String changed(String col, String incoming, boolean byValue) {
    String old = "tgt." + Sql.quote(col);
    String text = "CAST(" + old + " AS text) IS DISTINCT FROM CAST(" + incoming + " AS text)";
    if (!byValue) {
      return text;
    }
    String type = t.column(col).type().toLowerCase(java.util.Locale.ROOT);
    return switch (ValueKind.of(t.column(col))) {
      case INTEGER, FLOAT, NUMERIC, BOOLEAN, UUID, TIMESTAMP, TIMESTAMPTZ ->
          old + " IS DISTINCT FROM " + incoming;
      case JSON -> type.equals("jsonb") ? old + " IS DISTINCT FROM " + incoming
          // the text first: the same text is the same value, and a json that jsonb refuses
          // (an escaped NUL) is only cast where it was written differently
          : "CASE WHEN " + text + " THEN CAST(" + old + " AS jsonb) IS DISTINCT FROM CAST("
              + incoming + " AS jsonb) ELSE false END";
      default -> text;
    };
  }

  private static String newValue(ImportPlan plan, String col) {
    String q = Sql.quote(col);
    return plan.strategy() == Strategy.MERGE ? "COALESCE(EXCLUDED." + q + ", tgt." + q + ")"
        : "EXCLUDED." + q;
  }

  /** Moves each sequence behind an explicitly written id past the highest id in the table. */
  private void moveSequences(ImportPlan plan, ImportResult result) throws SQLException {
    for (String col : t.sequences()) {
      if (!plan.columns().contains(col)) {
        continue;
      }
      String table = Sql.quote(t.schema().schema()) + "." + Sql.quote(t.schema().table());
      try (PreparedStatement ps = c.prepareStatement("SELECT has_sequence_privilege("
          + "pg_get_serial_sequence(?, ?), 'UPDATE')")) {
        ps.setString(1, table);
        ps.setString(2, col);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && !rs.getBoolean(1)) {
            result.addWarning("The sequence behind " + t.schema().table() + "." + col
                + " was not moved past the copied ids: the target's user lacks UPDATE on it. "
                + "Rows inserted later without an id may collide until its owner runs "
                + "setval.");
            continue;
          }
        }
      }
      String q = Sql.quote(col);
      try (PreparedStatement ps = c.prepareStatement("SELECT setval(s.seq, m.v) FROM "
          + "(SELECT pg_get_serial_sequence(?, ?) AS seq) s, (SELECT max(" + q + ") AS v FROM "
          + Sql.quote(t.schema().table()) + ") m WHERE m.v IS NOT NULL AND m.v > "
          + "COALESCE(pg_sequence_last_value(CAST(s.seq AS regclass)), 0)")) {
        ps.setString(1, Sql.quote(t.schema().schema()) + "." + Sql.quote(t.schema().table()));
        ps.setString(2, col);
        ps.execute();
      }
    }
  }

}

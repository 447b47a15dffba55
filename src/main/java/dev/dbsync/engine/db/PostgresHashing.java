package dev.dbsync.engine.db;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.model.BucketSum;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.RowHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checksums computed inside PostgreSQL (docs/protocol.md, "compare"): a row's hash is
 * PostgreSQL's hash of the record of its compared columns (json as jsonb, so key order does not
 * count; see {@link #hash}), with fixed settings (UTC, ISO dates, shortest exact floats, hex
 * bytea) for whatever is hashed as text. A row's bucket is its whole
 * number key modulo the buckets, or 31 bits of the MD5 of its key's text; a table without a
 * key is bucketed by its row hash. Column names come from the table's own catalog, never from
 * the request's text.
 */
final class PostgresHashing {
  private static final String[][] SETTINGS = {
      {"TimeZone", "UTC"}, {"DateStyle", "ISO, YMD"}, {"IntervalStyle", "postgres"},
      {"extra_float_digits", "1"}, {"bytea_output", "hex"},
      // one process per checksum: a parallel plan's gather and partial sorts cost more than
      // they save here (0.55 s alone either way on 1M rows, 1.0 s against 0.6 s when both
      // ends hash on one machine), and a compare leaves a production server's other cores
      // to its own users
      {"max_parallel_workers_per_gather", "0"},
      // a few thousand buckets: a hash table, never a sort of every row (the planner cannot
      // tell how many buckets the expression makes, and would sort 10M rows on disk). The
      // planner expects a group per row, so the table is first made as big as work_mem
      // allows: 16 MB holds the most buckets (65,536 took 15 MB) and costs 20-40 ms less per
      // million rows than 64 MB did (EXPLAIN ANALYZE, 4 runs each)
      {"enable_sort", "off"}, {"work_mem", "16MB"},
      // each statement runs once per server process: compiling it (and loading the JIT's
      // library in that process first) cost more than it saved: 0.79-1.05 s for the first
      // bucket pass of 1M rows, 0.72-0.74 s without; a bigger table's bucket pass keeps the
      // server's own setting (see JIT_BUCKETS)
      {"jit", "off"}};
  /**
   * From this many buckets (about 4M rows at 256 a bucket) the bucket pass keeps the server's
   * {@code jit} setting: compiling the hash expression and the tuple deforming once costs a
   * few hundred milliseconds and saves about a fifth of each row's work (10M rows, PostgreSQL
   * 15 with LLVM: 6.5-7.0 s against 8.7 s, EXPLAIN ANALYZE). A server without JIT, or one whose
   * administrator turned it off, runs as before.
   */
  private static final int JIT_BUCKETS = 16_384;
  /**
   * Key ranges are read through the key's index: a table just loaded has no statistics yet,
   * and the planner, guessing, scanned 1M rows for 100 narrow ranges (1.4 s against a few ms).
   */
  private static final String[][] RANGES = {{"enable_seqscan", "off"}};

  private final Connection connection;
  private final ReadDialect dialect;

  PostgresHashing(Connection connection, ReadDialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  /**
   * @param keyRange the lowest and highest key of the table, when its key is one whole number
   *     and it holds rows (null otherwise)
   */
  List<BucketSum> buckets(LocalTable t, HashSpec spec, long[] keyRange) throws SQLException {
    String hash = hash(t, spec);
    if (groupsByStep(spec, keyRange)) {
      return groupedByStep(t, spec, hash);
    }
    String sql = "SELECT b, count(*), sum(h)::text FROM (SELECT " + hash + " AS h"
        + (spec.key().isEmpty() ? "" : ", " + keyBucket(t, spec) + " AS b")
        + " FROM " + Sql.quote(t.schema().table()) + ") x"
        + (spec.key().isEmpty() ? " CROSS JOIN LATERAL (SELECT " + hashBucket("h", spec)
            + " AS b) y" : "")
        + " GROUP BY b";
    List<BucketSum> out = new ArrayList<>();
    withSettings(new String[0][], serverJit(spec), () -> {
      try (PreparedStatement ps = connection.prepareStatement(sql);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new BucketSum(rs.getInt(1), rs.getLong(2), rs.getString(3)));
        }
      }
    });
    return out;
  }

  /**
   * Key ranges that start on a multiple of their step (as a receiver cuts them since
   * 2026-12-04) over keys that are none of them negative: each row's key divided by the step
   * names its range (one division per row, where the bucket expression compares twice,
   * subtracts, divides and narrows), and the ranges below the first bucket or past the last
   * are added into those here. False when the buckets are computed in SQL as before:
   * another cut, a negative key, or keys spanning more than twice the buckets (the source
   * holding far more keys than the target, whose keys cut the ranges), which a hash table
   * of one group per range would not hold in work_mem.
   */
  private static boolean groupsByStep(HashSpec spec, long[] keyRange) {
    return spec.ranged() && spec.keyFrom() >= 0 && spec.keyFrom() % spec.keyStep() == 0
        && keyRange != null && keyRange[0] >= 0
        && keyRange[1] / spec.keyStep() - keyRange[0] / spec.keyStep() < 2L * spec.buckets();
  }

  /** The bucket sums of {@link #groupsByStep}: one group per key range, then clamped. */
  private List<BucketSum> groupedByStep(LocalTable t, HashSpec spec, String hash)
      throws SQLException {
    String sql = "SELECT " + Sql.quote(spec.key().get(0)) + " / " + spec.keyStep()
        + " AS g, count(*), sum(" + hash + ")::text FROM " + Sql.quote(t.schema().table())
        + " GROUP BY 1"; // by place: "GROUP BY g" would take a column of the table named g
    long first = spec.keyFrom() / spec.keyStep();
    java.util.TreeMap<Integer, BucketSum> out = new java.util.TreeMap<>();
    withSettings(new String[0][], serverJit(spec), () -> {
      try (PreparedStatement ps = connection.prepareStatement(sql);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int b = (int) Math.max(0, Math.min(spec.buckets() - 1L, rs.getLong(1) - first));
          // only the first and last bucket gather more than one range
          out.merge(b, new BucketSum(b, rs.getLong(2), rs.getString(3)), (x, y) ->
              new BucketSum(b, x.count() + y.count(), new java.math.BigInteger(x.sum())
                  .add(new java.math.BigInteger(y.sum())).toString()));
        }
      }
    });
    return new ArrayList<>(out.values());
  }

  long rows(LocalTable t, HashSpec spec, int[] buckets, Consumer<RowHash> sink)
      throws SQLException {
    List<ColumnInfo> key = spec.key().stream().map(t::column).toList();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (ColumnInfo k : key) {
      sql.append(dialect.selectExpr(k)).append(", ");
    }
    if (key.isEmpty()) {
      sql.append("h FROM (SELECT ").append(hash(t, spec)).append(" AS h FROM ")
          .append(Sql.quote(t.schema().table())).append(") x WHERE get_bit(?, ")
          .append(hashBucket("h", spec)).append(") = 1");
    } else if (spec.ranged() && HashSpec.runs(buckets).size() <= MAX_RANGES) {
      // key ranges: the rows of these buckets through the key's index, no full scan
      sql.append(hash(t, spec)).append(" FROM ").append(Sql.quote(t.schema().table()))
          .append(" WHERE (");
      String k = Sql.quote(spec.key().get(0));
      List<int[]> runs = HashSpec.runs(buckets);
      for (int i = 0; i < runs.size(); i++) {
        int[] r = runs.get(i);
        sql.append(i == 0 ? "" : " OR ").append("(");
        List<String> parts = new ArrayList<>();
        if (r[0] > 0) {
          parts.add(k + " >= " + bound(spec, r[0]));
        }
        if (r[1] < spec.buckets() - 1) {
          parts.add(k + " < " + bound(spec, r[1] + 1));
        }
        sql.append(parts.isEmpty() ? "true" : String.join(" AND ", parts)).append(")");
      }
      sql.append(")");
    } else {
      // the buckets wanted as a bitmap: one look per row, however many buckets are asked
      sql.append(hash(t, spec)).append(" FROM ").append(Sql.quote(t.schema().table()))
          .append(" WHERE get_bit(?, (").append(keyBucket(t, spec)).append(")::int) = 1");
    }
    boolean bitmapped = sql.indexOf("get_bit(?") >= 0;
    boolean ranged = !key.isEmpty() && !bitmapped;
    long[] n = {0};
    withSettings(ranged ? RANGES : new String[0][], false, () -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        // one answer (the caller asks for a bounded group of buckets), no cursor
        byte[] bitmap = new byte[(spec.buckets() + 7) / 8];
        for (int b : buckets) {
          bitmap[b / 8] |= (byte) (1 << (b % 8));
        }
        if (bitmapped) {
          ps.setBytes(1, bitmap);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            List<com.fasterxml.jackson.databind.JsonNode> k = new ArrayList<>(key.size());
            for (int i = 0; i < key.size(); i++) {
              k.add(dialect.read(rs, i + 1, key.get(i)));
            }
            sink.accept(new RowHash(k, rs.getLong(key.size() + 1)));
            n[0]++;
          }
        }
      }
    });
    return n[0];
  }

  /**
   * The 64-bit hash of a row's compared columns: each column hashed by PostgreSQL's own hash
   * function for its kind (the functions hash partitioning relies on, by value: the same on
   * any server of one version and byte order), seeded with its place, NULL a constant of its
   * place, the columns combined by XOR. Kinds without such a function (dates, times,
   * intervals, arrays, enums, bytes) are hashed as their text under the fixed settings. No
   * record is built per row: a third less work than {@code hash_record_extended} of the row.
   * Before 14, which lacks the extended hash functions, the MD5 of the record's text. The
   * probe tells the other end whether both hash alike.
   */
  private String hash(LocalTable t, HashSpec spec) throws SQLException {
    if (!nativeHash()) {
      List<String> values = new ArrayList<>();
      for (String name : spec.columns()) {
        ColumnInfo c = column(t, name);
        values.add(Sql.quote(c.name()) + (ValueKind.of(c) == ValueKind.JSON ? "::jsonb" : ""));
      }
      return md5Hash(values);
    }
    List<String> exprs = new ArrayList<>();
    List<ValueKind> kinds = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (String name : spec.columns()) {
      ColumnInfo c = column(t, name);
      exprs.add(Sql.quote(c.name()));
      kinds.add(ValueKind.of(c));
      types.add(c.type());
    }
    return combined(exprs, kinds, types);
  }

  /** The row hash of these value expressions of these kinds (see {@link #hash}). */
  static String combined(List<String> exprs, List<ValueKind> kinds) {
    return combined(exprs, kinds, java.util.Collections.nCopies(exprs.size(), ""));
  }

  /**
   * The row hash of these value expressions of these kinds, each of this PostgreSQL data type
   * (empty when not known). A smallint, integer or real column is hashed by its own type's
   * function, which PostgreSQL makes equal to the wider type's for the same value (so that
   * hash joins work across them): the same hash as the bigint or double precision form,
   * without a cast per row (docs/performance.md, "the bucket pass").
   */
  static String combined(List<String> exprs, List<ValueKind> kinds, List<String> types) {
    StringBuilder h = new StringBuilder("(");
    for (int i = 0; i < exprs.size(); i++) {
      long seed = i + 1;
      String e = exprs.get(i);
      String type = types.get(i).toLowerCase(java.util.Locale.ROOT);
      String f = switch (kinds.get(i)) {
        case INTEGER -> type.equals("integer") ? "hashint4extended(" + e + ", " + seed + ")"
            : type.equals("smallint") ? "hashint2extended(" + e + ", " + seed + ")"
            : "hashint8extended((" + e + ")::int8, " + seed + ")";
        case FLOAT -> type.equals("real") ? "hashfloat4extended(" + e + ", " + seed + ")"
            : "hashfloat8extended((" + e + ")::float8, " + seed + ")";
        case NUMERIC -> "hash_numeric_extended((" + e + ")::numeric, " + seed + ")";
        case BOOLEAN -> "hashint4extended((" + e + ")::int4, " + seed + ")";
        case UUID -> "uuid_hash_extended((" + e + ")::uuid, " + seed + ")";
        case JSON -> "jsonb_hash_extended((" + e + ")::jsonb, " + seed + ")";
        case TIMESTAMP -> "timestamp_hash_extended((" + e + ")::timestamp, " + seed + ")";
        // the instant in UTC, hashed like a timestamp: shifted by a zero interval, the same
        // value a cast gives under the fixed TimeZone (UTC) without the calendar arithmetic
        // of the session's time zone per row (a tenth of a 1M-row bucket pass)
        case TIMESTAMPTZ -> "timestamp_hash_extended((" + e + ") AT TIME ZONE INTERVAL "
            + "'00:00', " + seed + ")";
        default -> "hashtextextended((" + e + ")::text, " + seed + ")";
      };
      // NULL is a constant of its place, so a NULL moving to another column changes the hash
      h.append(i == 0 ? "" : " # ").append("coalesce(").append(f).append(", ")
          .append(NULL_HASH + i).append(")");
    }
    return h.append(")").toString();
  }

  /** Before PostgreSQL 14: the first 64 bits of the MD5 of the record's text. */
  private static String md5Hash(List<String> values) {
    return "('x' || md5(ROW(" + String.join(", ", values) + ")::text))::bit(64)::bigint";
  }

  /** The hash of a NULL in the first column (the next columns add their place). */
  private static final long NULL_HASH = 6_148_914_691_236_517_205L;

  private Boolean nativeHash;

  private boolean nativeHash() throws SQLException {
    if (nativeHash == null) {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT current_setting('server_version_num')::int >= 140000");
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        nativeHash = rs.getBoolean(1);
      }
    }
    return nativeHash;
  }

  /**
   * The hash of a fixed row of every by-value kind, as {@link #hash} would compute it: two
   * servers whose probes differ (another major version's form, another byte order) do not
   * hash alike, and the compare falls back to DB Sync's canonical form.
   */
  long probe() throws SQLException {
    List<String> values = List.of("1::int8", "'ä b'::text", "1.50::numeric", "1.5::float8",
        "true", "'2026-01-02'::date", "'2026-01-02 03:04:05.678'::timestamp",
        "'2026-01-02 03:04:05+00'::timestamptz", "'00000000-0000-0000-0000-0000000000a1'::uuid",
        "'{\"b\": [1, 2.0], \"a\": null}'::jsonb", "'\\x00ff'::bytea", "NULL::text");
    List<ValueKind> kinds = List.of(ValueKind.INTEGER, ValueKind.TEXT, ValueKind.NUMERIC,
        ValueKind.FLOAT, ValueKind.BOOLEAN, ValueKind.DATE, ValueKind.TIMESTAMP,
        ValueKind.TIMESTAMPTZ, ValueKind.UUID, ValueKind.JSON, ValueKind.BINARY, ValueKind.TEXT);
    String sql = nativeHash() ? "SELECT " + combined(values, kinds)
        : "SELECT " + md5Hash(values);
    long[] out = new long[1];
    withSettings(() -> {
      try (PreparedStatement ps = connection.prepareStatement(sql);
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        out[0] = rs.getLong(1);
      }
    });
    return out[0];
  }

  private static String keyBucket(LocalTable t, HashSpec spec) {
    int n = spec.buckets();
    if (spec.ranged()) {
      // no subtraction outside the ranges, so no whole number overflows
      String k = Sql.quote(spec.key().get(0)) + "::bigint";
      return "(CASE WHEN " + k + " < " + spec.keyFrom() + " THEN 0 WHEN " + k + " >= "
          + bound(spec, n - 1) + " THEN " + (n - 1) + " ELSE ((" + k + " - " + spec.keyFrom()
          + ") / " + spec.keyStep() + ")::int END)";
    }
    if (spec.key().size() == 1 && ValueKind.of(column(t, spec.key().get(0)))
        == ValueKind.INTEGER) {
      String k = Sql.quote(spec.key().get(0)) + "::bigint";
      return "((" + k + " % " + n + ") + " + n + ") % " + n;
    }
    return "((('x' || md5(ROW(" + Sql.quoteAll(spec.key()) + ")::text))::bit(32)::int"
        + " & 2147483647) % " + n + ")";
  }

  /** Most key ranges one read of row hashes names; beyond, it scans with the bitmap. */
  static final int MAX_RANGES = 256;

  /** The first key of bucket {@code b} (a number the spec computed, never peer text). */
  private static String bound(HashSpec spec, int b) {
    return spec.firstKey(b).toString();
  }

  private static String hashBucket(String h, HashSpec spec) {
    return "((" + h + " & 2147483647) % " + spec.buckets() + ")::int";
  }

  private static ColumnInfo column(LocalTable t, String name) {
    if (!t.hasColumn(name)) {
      throw new DbSyncException("Table '" + t.schema().table() + "' has no column '" + name
          + "'.");
    }
    return t.column(name);
  }

  private interface Work {
    void run() throws SQLException;
  }

  /** Runs with the fixed settings, then puts the transaction's own back. */
  private void withSettings(Work work) throws SQLException {
    withSettings(new String[0][], false, work);
  }

  /** True for a pass over every row of a big table: it keeps the server's {@code jit}. */
  private static boolean serverJit(HashSpec spec) {
    return spec.buckets() >= JIT_BUCKETS;
  }

  /**
   * Runs work under {@link #SETTINGS} (but {@code jit} with {@code serverJit}) and {@code more},
   * each for this transaction only, and puts back what was set before (the snapshot's later
   * statements run as they would have).
   * Reading and setting are one statement each.
   */
  private void withSettings(String[][] more, boolean serverJit, Work work)
      throws SQLException {
    // before 11 there is no such setting; with serverJit the server's own stays
    boolean jit = !serverJit && connection.getMetaData().getDatabaseMajorVersion() >= 11;
    String[][] settings = java.util.stream.Stream.concat(java.util.Arrays.stream(SETTINGS),
        java.util.Arrays.stream(more)).filter(x -> jit || !x[0].equals("jit"))
        .toArray(String[][]::new);
    StringBuilder read = new StringBuilder("SELECT ");
    for (int i = 0; i < settings.length; i++) {
      read.append(i == 0 ? "" : ", ").append("current_setting(?)");
    }
    String[] before = new String[settings.length];
    try (PreparedStatement ps = connection.prepareStatement(read.toString())) {
      for (int i = 0; i < settings.length; i++) {
        ps.setString(i + 1, settings[i][0]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        for (int i = 0; i < settings.length; i++) {
          before[i] = rs.getString(i + 1);
        }
      }
    }
    set(settings, null);
    try {
      work.run();
    } finally {
      set(settings, before);
    }
  }

  private void set(String[][] settings, String[] values) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < settings.length; i++) {
      sql.append(i == 0 ? "" : ", ").append("set_config(?, ?, true)");
    }
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < settings.length; i++) {
        ps.setString(2 * i + 1, settings[i][0]);
        ps.setString(2 * i + 2, values == null ? settings[i][1] : values[i]);
      }
      ps.executeQuery().close();
    }
  }
}

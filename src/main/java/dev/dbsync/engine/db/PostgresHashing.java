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
 * Checksums computed inside PostgreSQL (docs/protocol.md, "compare"): a row's hash is the
 * first 64 bits of the MD5 of the text of {@code ROW(columns)} (json as jsonb, so key order
 * does not count), written with fixed settings (UTC, ISO dates, shortest exact floats, hex
 * bytea) so that two servers write the same value the same way. A row's bucket is its whole
 * number key modulo the buckets, or 31 bits of the MD5 of its key's text; a table without a
 * key is bucketed by its row hash. Column names come from the table's own catalog, never from
 * the request's text.
 */
final class PostgresHashing {
  private static final String[][] SETTINGS = {
      {"TimeZone", "UTC"}, {"DateStyle", "ISO, YMD"}, {"IntervalStyle", "postgres"},
      {"extra_float_digits", "1"}, {"bytea_output", "hex"}};

  private final Connection connection;
  private final ReadDialect dialect;

  PostgresHashing(Connection connection, ReadDialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  List<BucketSum> buckets(LocalTable t, HashSpec spec) throws SQLException {
    String sql = "SELECT b, count(*), sum(h)::text FROM (SELECT " + hash(t, spec) + " AS h"
        + (spec.key().isEmpty() ? "" : ", " + keyBucket(t, spec) + " AS b")
        + " FROM " + Sql.quote(t.schema().table()) + ") x"
        + (spec.key().isEmpty() ? " CROSS JOIN LATERAL (SELECT " + hashBucket("h", spec)
            + " AS b) y" : "")
        + " GROUP BY b";
    List<BucketSum> out = new ArrayList<>();
    withSettings(() -> {
      try (PreparedStatement ps = connection.prepareStatement(sql);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new BucketSum(rs.getInt(1), rs.getLong(2), rs.getString(3)));
        }
      }
    });
    return out;
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
          .append(Sql.quote(t.schema().table())).append(") x WHERE ")
          .append(hashBucket("h", spec));
    } else {
      sql.append(hash(t, spec)).append(" FROM ").append(Sql.quote(t.schema().table()))
          .append(" WHERE ").append(keyBucket(t, spec));
    }
    sql.append(" = ANY(?)");
    long[] n = {0};
    withSettings(() -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        ps.setFetchSize(5000);
        Integer[] boxed = new Integer[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
          boxed[i] = buckets[i];
        }
        ps.setArray(1, connection.createArrayOf("int4", boxed));
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

  /** The 64-bit hash of a row's compared columns. */
  private static String hash(LocalTable t, HashSpec spec) {
    StringBuilder row = new StringBuilder("ROW(");
    for (int i = 0; i < spec.columns().size(); i++) {
      ColumnInfo c = column(t, spec.columns().get(i));
      row.append(i == 0 ? "" : ", ").append(Sql.quote(c.name()));
      if (ValueKind.of(c) == ValueKind.JSON) {
        row.append("::jsonb");
      }
    }
    return "('x' || md5(" + row + ")::text))::bit(64)::bigint";
  }

  private static String keyBucket(LocalTable t, HashSpec spec) {
    int n = spec.buckets();
    if (spec.key().size() == 1 && ValueKind.of(column(t, spec.key().get(0)))
        == ValueKind.INTEGER) {
      String k = Sql.quote(spec.key().get(0)) + "::bigint";
      return "((" + k + " % " + n + ") + " + n + ") % " + n;
    }
    return "((('x' || md5(ROW(" + Sql.quoteAll(spec.key()) + ")::text))::bit(32)::int"
        + " & 2147483647) % " + n + ")";
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
    String[] before = new String[SETTINGS.length];
    try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting(?)")) {
      for (int i = 0; i < SETTINGS.length; i++) {
        ps.setString(1, SETTINGS[i][0]);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          before[i] = rs.getString(1);
        }
      }
    }
    set(SETTINGS, null);
    try {
      work.run();
    } finally {
      set(SETTINGS, before);
    }
  }

  private void set(String[][] settings, String[] values) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
      for (int i = 0; i < settings.length; i++) {
        ps.setString(1, settings[i][0]);
        ps.setString(2, values == null ? settings[i][1] : values[i]);
        ps.executeQuery().close();
      }
    }
  }
}

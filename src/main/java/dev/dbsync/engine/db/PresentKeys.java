package dev.dbsync.engine.db;

import dev.dbsync.engine.model.Strategy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * For {@code skip} into a PostgreSQL table that already holds rows: whether every row of a
 * batch (COPY text, in key order) already has its key in the target. Such a batch is skipped
 * without staging it, which is what re-running a sync into an up-to-date copy costs most.
 * Single-column keys; the keys are read from the COPY text and counted in one query over
 * the key's index range. A "no" only means the batch takes the usual staging path.
 */
final class PresentKeys {
  private PresentKeys() {}

  /**
   * True when all {@code rows} lines of {@code text} (whose fields are {@code fields}, in
   * order) have a key the target already holds.
   */
  static boolean all(Connection c, LocalTable t, ImportPlan plan, List<String> fields,
      byte[] text, int length, long rows) throws SQLException {
    if (plan.strategy() != Strategy.SKIP || !plan.upsert() || plan.key().size() != 1
        || rows < 1 || rows > 1_000_000) {
      return false;
    }
    String key = plan.key().get(0);
    int at = fields.indexOf(key);
    if (at < 0) {
      return false;
    }
    String[] keys = new String[(int) rows];
    int n = 0;
    int lineStart = 0;
    for (int i = 0; i < length; i++) {
      if (text[i] == '\n') {
        String k = field(text, lineStart, i, at);
        if (k == null || n == keys.length) {
          return false;
        }
        keys[n++] = k;
        lineStart = i + 1;
      }
    }
    if (n != rows) {
      return false;
    }
    String type = PostgresImporter.castType(t.sqlType(key));
    String q = Sql.quote(key);
    // the range lets the index answer: only the batch's own stretch of the key is read
    String sql = "SELECT count(*) FROM " + Sql.quote(t.schema().table()) + " WHERE " + q
        + " >= CAST(? AS " + type + ") AND " + q + " <= CAST(? AS " + type + ") AND " + q
        + " = ANY(CAST(? AS " + type + "[]))";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, keys[0]);
      ps.setString(2, keys[n - 1]);
      ps.setArray(3, c.createArrayOf("text", keys));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) == rows;
      }
    }
  }

  /** Field {@code index} of the line {@code [from, to)}, decoded; null for NULL or absent. */
  static String field(byte[] b, int from, int to, int index) {
    int start = from;
    int seen = 0;
    while (seen < index) {
      while (start < to && b[start] != '\t') {
        start++;
      }
      if (start >= to) {
        return null;
      }
      start++;
      seen++;
    }
    int end = start;
    boolean plain = true;
    while (end < to && b[end] != '\t') {
      plain &= b[end] != '\\';
      end++;
    }
    if (plain) {
      return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
    return CopyText.decodeLine(b, start, end)[0];
  }
}

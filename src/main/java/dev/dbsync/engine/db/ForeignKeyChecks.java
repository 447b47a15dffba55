package dev.dbsync.engine.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's foreign keys checked once for a whole batch instead of row by row.
 *
 * <p>PostgreSQL checks a foreign key for each row COPY inserts: a trigger per row looks up and
 * locks the parent row (about 5 µs a row on this machine; 200,000 child rows of a 300-table
 * pull cost the target server 0.5-0.8 s of its 2.6-3.9 s). When the target's user may set
 * {@code session_replication_role} (a superuser), a batch COPY'd into a table that was empty
 * when the transfer began runs with those triggers off ({@code SET LOCAL}, inside the batch's
 * savepoint), and then every foreign key of the table is checked by one statement: the
 * distinct non-null references must each find a parent row, which it locks {@code FOR KEY
 * SHARE}, as the row triggers would, so that no parent can go before the batch commits. A
 * statement that finds a missing parent fails the batch, which then goes in again the usual
 * way (the triggers name each refused row). The check finds the batch's rows by their
 * transaction ({@code xmin}), which means reading the whole table: it is used on a table that
 * was empty at the start, while the table is not much bigger than a batch ({@link #worthIt}).
 *
 * <p>Only where turning the triggers off changes nothing else: an ordinary table with no rule
 * and no trigger but its foreign keys' own (enabled), whose keys are {@code MATCH SIMPLE}
 * and compare columns of one type with PostgreSQL's own {@code =} under a deterministic
 * collation (equal bytes), and a parent that is a table or a partitioned table. Any other
 * table keeps the row triggers. Names come from the target's own catalog, never from the
 * other side.
 */
final class ForeignKeyChecks {
  private ForeignKeyChecks() {}

  /** A batch smaller than this (bytes of COPY) is cheaper checked row by row. */
  static final int AT_LEAST_BYTES = 16 * 1024;

  /**
   * Checked once while the table holds at most this many times the rows of the batch before:
   * the check reads every row of the table (about 0.1 µs a row) to find the batch's, where
   * the triggers cost about 5 µs for each of the batch's rows.
   */
  static final int TABLE_TO_BATCH = 20;

  /** Whether a table that was empty at the start, holding {@code rows} of ours, checks once. */
  static boolean worthIt(long rows, long lastBatch) {
    return rows == 0 || rows <= TABLE_TO_BATCH * lastBatch;
  }

  /**
   * One table's statements, each answering one boolean: {@code unchanged} that its triggers
   * are still those read ({@link #unchanged}), {@code keys} that each foreign key's parents
   * were all found ({@link #check}).
   */
  record Checks(String unchanged, List<String> keys) {}

  /** The statement that turns the row triggers off, then on again, inside a savepoint. */
  static final String TRIGGERS_OFF = "SET LOCAL session_replication_role = replica";
  static final String TRIGGERS_ON = "SET LOCAL session_replication_role = origin";

  /**
   * For each of {@code tables} (in {@code schema}) whose foreign keys can be checked per
   * batch, the statements that check them. Empty when
   * the user may not turn the triggers off, they are off already, or the server is older than
   * 12.
   */
  static Map<String, Checks> read(Connection c, String schema, List<String> tables)
      throws SQLException {
    Map<String, Checks> out = new HashMap<>();
    if (tables.isEmpty() || c.getMetaData().getDatabaseMajorVersion() < 12) {
      return out;
    }
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_setting('is_superuser') = 'on' AND "
             + "current_setting('session_replication_role') = 'origin'")) {
      // a server set to replica for this user or database already writes without the
      // triggers: no check is added there
      if (!rs.next() || !rs.getBoolean(1)) {
        return out;
      }
    }
    Set<String> refused = new HashSet<>();
    Map<String, String> unchanged = new HashMap<>();
    Map<String, List<String>> keys = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(FOREIGN_KEYS)) {
      ps.setString(1, schema);
      ps.setArray(2, c.createArrayOf("text", tables.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString("child");
          // another trigger or a rule, no foreign key at all, or columns unlike their parent's
          if (!rs.getBoolean("plain_table") || rs.getString("conname") == null
              || !rs.getBoolean("comparable")) {
            refused.add(table);
            continue;
          }
          unchanged.put(table, unchanged(rs.getLong("child_oid"), rs.getLong("triggers")));
          keys.computeIfAbsent(table, k -> new ArrayList<>()).add(check(table,
              rs.getString("parent_schema"), rs.getString("parent"),
              rs.getBoolean("parent_partitioned"),
              List.of((String[]) rs.getArray("fk_columns").getArray()),
              List.of((String[]) rs.getArray("pk_columns").getArray())));
        }
      }
    }
    keys.forEach((t, list) -> {
      if (!refused.contains(t)) {
        out.put(t, new Checks(unchanged.get(t), List.copyOf(list)));
      }
    });
    return out;
  }

  /**
   * One row per foreign key of each named table (one row with a null key for a table without
   * any): whether the table is plain (an ordinary table, no rule, no trigger but enabled
   * foreign-key ones) and whether every column pair compares as equal bytes.
   */
  private static final String FOREIGN_KEYS = """
      SELECT c.relname::text AS child, c.oid AS child_oid,
             (SELECT count(*) FROM pg_trigger tg WHERE tg.tgrelid = c.oid) AS triggers,
             c.relkind = 'r' AND NOT c.relhasrules AND NOT EXISTS (
               SELECT 1 FROM pg_trigger tg LEFT JOIN pg_constraint tk ON tk.oid = tg.tgconstraint
                WHERE tg.tgrelid = c.oid
                  AND (tk.contype IS DISTINCT FROM 'f' OR tg.tgenabled <> 'O')) AS plain_table,
             k.conname::text AS conname,
             pn.nspname::text AS parent_schema, p.relname::text AS parent,
             p.relkind = 'p' AS parent_partitioned,
             k.confmatchtype = 's' AND p.relkind IN ('r', 'p') AND (
               SELECT bool_and(fa.atttypid = pa.atttypid AND fa.attcollation = pa.attcollation
                               AND (fa.attcollation = 0 OR co.collisdeterministic)
                               AND op.oprname = '='
                               AND op.oprnamespace = 'pg_catalog'::regnamespace
                               AND NOT fa.attisdropped AND NOT pa.attisdropped)
                 FROM unnest(k.conkey, k.confkey, k.conpfeqop) AS u(fk, pk, eq)
                 JOIN pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = u.fk
                 JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.pk
                 JOIN pg_operator op ON op.oid = u.eq
                 LEFT JOIN pg_collation co ON co.oid = fa.attcollation) AS comparable,
             (SELECT array_agg(a.attname::text ORDER BY u.n)
                FROM unnest(k.conkey) WITH ORDINALITY AS u(att, n)
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.att) AS fk_columns,
             (SELECT array_agg(a.attname::text ORDER BY u.n)
                FROM unnest(k.confkey) WITH ORDINALITY AS u(att, n)
                JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.att) AS pk_columns
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'
        LEFT JOIN pg_class p ON p.oid = k.confrelid
        LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
       WHERE n.nspname = ? AND c.relname = ANY(?)
      """;

  /**
   * The statement that checks the table is as it was read: the same table (its oid), the
   * same number of triggers, no rule. Someone may add a foreign key or a trigger between the
   * reading and a batch; the batch's COPY holds a lock that keeps them out until it commits,
   * so asked after it, within the batch, this sees every trigger the rows should have met.
   */
  static String unchanged(long oid, long triggers) {
    return "SELECT (SELECT count(*) FROM pg_trigger WHERE tgrelid = " + oid + ") = " + triggers
        + " AND EXISTS (SELECT 1 FROM pg_class WHERE oid = " + oid + " AND NOT relhasrules)";
  }

  /**
   * The statement that checks one foreign key for the rows this transaction wrote into the
   * child table: as many distinct non-null references as parent rows found (and locked) for
   * them. It reads the whole table to find those rows (by their xmin).
   */
  static String check(String child, String parentSchema, String parent,
      boolean parentPartitioned, List<String> fk, List<String> pk) {
    // this transaction's rows, and any newer: a row's xmin is its inserting transaction,
    // whose age (from this transaction's own id, or the next one if it has none yet) is 0 or
    // less for this transaction and its savepoints, above 0 for every older one (and for a
    // frozen row)
    String from = "ONLY " + Sql.quote(child) + " WHERE age(xmin) <= 0";
    String refs = Sql.quoteAll(fk);
    StringBuilder notNull = new StringBuilder();
    for (String col : fk) {
      notNull.append(" AND ").append(Sql.quote(col)).append(" IS NOT NULL");
    }
    StringBuilder keys = new StringBuilder();
    for (String col : pk) {
      keys.append(keys.length() == 0 ? "" : ", ").append("p.").append(Sql.quote(col));
    }
    return "SELECT (SELECT count(*) FROM (SELECT DISTINCT " + refs + " FROM " + from
        + notNull + ") d) = (SELECT count(*) FROM (SELECT 1 FROM "
        + (parentPartitioned ? "" : "ONLY ") + Sql.quote(parentSchema) + "."
        + Sql.quote(parent) + " p WHERE (" + keys + ") IN (SELECT " + refs + " FROM " + from
        + ") FOR KEY SHARE OF p) l)";
  }

  /**
   * Runs {@code checks} (the triggers on again first); a key with a reference that finds no
   * parent fails with the server's code for a foreign key violation.
   */
  static void verify(Connection c, String table, Checks checks) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(TRIGGERS_ON);
      if (!holds(s, checks.unchanged())) {
        throw new SQLException("The triggers of " + table + " changed during the transfer; the "
            + "batch goes in again with them.", "23503");
      }
      for (String check : checks.keys()) {
        if (!holds(s, check)) {
          throw new SQLException("A row of " + table + " references a row its parent table "
              + "lacks (checked for the whole batch).", "23503");
        }
      }
    }
  }

  private static boolean holds(Statement s, String check) throws SQLException {
    try (ResultSet rs = s.executeQuery(check)) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}

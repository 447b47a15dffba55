package dev.dbsync.engine.db;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.IndexInfo;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a PostgreSQL table's description from the catalog. */
final class PostgresCatalog {
  /**
   * The columns, described as information_schema.columns describes them, read from pg_catalog
   * directly: the view costs more to plan (about 10 ms a table on a fresh connection) than the
   * whole read. The sizes are computed as the view's functions compute them
   * ({@code information_schema._pg_char_max_length}, {@code _pg_numeric_precision},
   * {@code _pg_numeric_scale} of the domain's base type and modifier), written out: called per
   * column, those SQL functions (and their whole-row arguments) took a third of reading 300
   * tables' columns. The sequence a column owns is found in pg_depend as {@code
   * pg_get_serial_sequence} finds it (a sequence depending on the column, automatically or as
   * its identity), for all columns in one join: the function, once per column, took another
   * third. PostgresCatalogTest holds the result to the view's.
   */
  static final String COLUMNS = columns("", "= ?", "");

  /** {@link #COLUMNS} of several tables at once, each row ending with its table's name. */
  private static final String COLUMNS_OF_TABLES = columns(", r.relname::text", "= ANY(?)",
      "r.relname, ");

  private static String columns(String tableName, String which, String order) {
    return """
      SELECT a.attname::text AS column_name,
             CASE WHEN t.typtype = 'd' THEN
                    CASE WHEN bt.typelem <> 0 AND bt.typlen = -1 THEN 'ARRAY'
                         WHEN nbt.nspname = 'pg_catalog' THEN format_type(t.typbasetype, NULL)
                         ELSE 'USER-DEFINED' END
                  ELSE CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY'
                         WHEN nt.nspname = 'pg_catalog' THEN format_type(a.atttypid, NULL)
                         ELSE 'USER-DEFINED' END END AS data_type,
             CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN 'NO'
                  ELSE 'YES' END AS is_nullable,
             pg_get_expr(ad.adbin, ad.adrelid) AS column_default,
             CASE WHEN tt.tmod = -1 THEN NULL WHEN tt.tid IN (1042, 1043) THEN tt.tmod - 4
                  WHEN tt.tid IN (1560, 1562) THEN tt.tmod END AS character_maximum_length,
             CASE tt.tid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64
                  WHEN 1700 THEN CASE WHEN tt.tmod = -1 THEN NULL
                                      ELSE ((tt.tmod - 4) >> 16) & 65535 END
                  WHEN 700 THEN 24 WHEN 701 THEN 53 END AS numeric_precision,
             CASE WHEN tt.tid IN (21, 23, 20) THEN 0
                  WHEN tt.tid = 1700 THEN CASE WHEN tt.tmod = -1 THEN NULL
                                               ELSE (tt.tmod - 4) & 65535 END
                  END AS numeric_scale,
             COALESCE(bt.typname, t.typname)::text AS udt_name,
             format_type(a.atttypid, a.atttypmod) AS sql_type,
             CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN
               (SELECT CASE WHEN en.nspname = 'pg_catalog' THEN format_type(e.oid, NULL)
                            ELSE 'USER-DEFINED' END
                  FROM pg_type e JOIN pg_namespace en ON en.oid = e.typnamespace
                 WHERE e.oid = t.typelem) END AS element_type,
             (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e
               WHERE e.enumtypid = a.atttypid) AS enum_values,
             sq.seq,
             CASE WHEN a.attidentity IN ('a', 'd') THEN 'YES' ELSE 'NO' END AS is_identity%1$s
        FROM pg_attribute a
        JOIN pg_class r ON r.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_namespace nt ON nt.oid = t.typnamespace
        CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype
                                        ELSE a.atttypid END AS tid,
                                   CASE WHEN t.typtype = 'd' THEN t.typtypmod
                                        ELSE a.atttypmod END AS tmod) tt
        LEFT JOIN (pg_type bt JOIN pg_namespace nbt ON nbt.oid = bt.typnamespace)
          ON t.typtype = 'd' AND t.typbasetype = bt.oid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN (SELECT DISTINCT ON (d.refobjid, d.refobjsubid) d.refobjid, d.refobjsubid,
                          quote_ident(sn.nspname) || '.' || quote_ident(s.relname) AS seq
                     FROM pg_depend d
                     JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                     JOIN pg_namespace sn ON sn.oid = s.relnamespace
                    WHERE d.classid = 'pg_class'::regclass
                      AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                    ORDER BY d.refobjid, d.refobjsubid, d.objid) sq
          ON sq.refobjid = a.attrelid AND sq.refobjsubid = a.attnum
       WHERE n.nspname = ? AND r.relname %2$s AND a.attnum > 0 AND NOT a.attisdropped
         AND r.relkind IN ('r', 'p', 'v', 'm', 'f')
       ORDER BY %3$sa.attnum""".formatted(tableName, which, order);
  }

  /** The same description through information_schema (kept to check the one above). */
  static final String COLUMNS_VIEW = """
      SELECT c.column_name, c.data_type, c.is_nullable, c.column_default,
             c.character_maximum_length, c.numeric_precision, c.numeric_scale, c.udt_name,
             format_type(a.atttypid, a.atttypmod) AS sql_type,
             (SELECT et.data_type FROM information_schema.element_types et
               WHERE et.object_schema = c.table_schema AND et.object_name = c.table_name
                 AND et.object_type = 'TABLE'
                 AND et.collection_type_identifier = c.dtd_identifier) AS element_type,
             (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e
               WHERE e.enumtypid = a.atttypid) AS enum_values,
             pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) AS seq,
             c.is_identity
        FROM information_schema.columns c
        JOIN pg_namespace n ON n.nspname = c.table_schema
        JOIN pg_class r ON r.relnamespace = n.oid AND r.relname = c.table_name
        JOIN pg_attribute a ON a.attrelid = r.oid AND a.attname = c.column_name
       WHERE c.table_schema = ? AND c.table_name = ?
       ORDER BY c.ordinal_position""";

  private static final String CONSTRAINTS = """
      SELECT con.conname, con.contype,
             (SELECT array_agg(a.attname::text ORDER BY k.n)
                FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
             f.relname,
             (SELECT array_agg(a.attname::text ORDER BY k.n)
                FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
             r.relname::text
        FROM pg_constraint con
        JOIN pg_class r ON r.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        LEFT JOIN pg_class f ON f.oid = con.confrelid
       WHERE n.nspname = ? AND r.relname = ANY(?) AND con.contype IN ('p', 'u', 'f')
       ORDER BY r.relname, con.conname""";

  /** Plain btree indexes on columns: not unique, no expression, no WHERE. */
  private static final String INDEXES = """
      SELECT i.relname,
             (SELECT array_agg(a.attname::text ORDER BY k.n)
                FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum),
             r.relname::text
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class r ON r.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        JOIN pg_am am ON am.oid = i.relam
       WHERE n.nspname = ? AND r.relname = ANY(?) AND NOT x.indisunique AND NOT x.indisprimary
         AND x.indexprs IS NULL AND x.indpred IS NULL AND am.amname = 'btree'
         AND NOT (0 = ANY (x.indkey::int2[]))
       ORDER BY r.relname, i.relname""";

  private PostgresCatalog() {}

  static LocalTable load(Connection c, String schemaName, String table) throws SQLException {
    return loadAll(c, schemaName, List.of(table)).get(table);
  }

  /**
   * Several tables' descriptions in three statements, not three per table (a sender listing
   * 300 tables read their catalogs 900 times); a table that is not there is left out.
   */
  static java.util.Map<String, LocalTable> loadAll(Connection c, String schemaName,
      List<String> tables) throws SQLException {
    Array names = c.createArrayOf("text", tables.toArray());
    java.util.Map<String, List<String>> pks = new java.util.HashMap<>();
    java.util.Map<String, List<List<String>>> uniques = new java.util.HashMap<>();
    java.util.Map<String, List<ForeignKey>> fks = new java.util.HashMap<>();
    eachRow(c, CONSTRAINTS, schemaName, names, rs -> {
      String table = rs.getString(6);
      List<String> cols = strings(rs.getArray(3));
      switch (rs.getString(2)) {
        case "p" -> pks.computeIfAbsent(table, t -> new ArrayList<>()).addAll(cols);
        case "u" -> uniques.computeIfAbsent(table, t -> new ArrayList<>()).add(cols);
        default -> fks.computeIfAbsent(table, t -> new ArrayList<>()).add(new ForeignKey(
            rs.getString(1), cols, rs.getString(4), strings(rs.getArray(5))));
      }
    });
    java.util.Map<String, List<IndexInfo>> indexes = new java.util.HashMap<>();
    eachRow(c, INDEXES, schemaName, names, rs -> indexes.computeIfAbsent(rs.getString(3),
        t -> new ArrayList<>()).add(new IndexInfo(rs.getString(1), strings(rs.getArray(2)))));
    /** One table's columns as they are read. */
    final class Columns {
      final List<ColumnInfo> columns = new ArrayList<>();
      final List<String> sqlTypes = new ArrayList<>();
      final List<String> sequences = new ArrayList<>();
    }
    java.util.Map<String, Columns> read = new java.util.LinkedHashMap<>();
    eachRow(c, COLUMNS_OF_TABLES, schemaName, names, rs -> {
      String table = rs.getString(14);
      List<String> pk = pks.getOrDefault(table, List.of());
      Columns t = read.computeIfAbsent(table, x -> new Columns());
      String name = rs.getString(1);
      String dataType = rs.getString(2);
      String def = rs.getString(4);
      if (def == null && "YES".equals(rs.getString(13))) {
        def = "identity";
      }
      boolean numeric = "numeric".equals(dataType);
      Array enums = rs.getArray(11);
      t.columns.add(new ColumnInfo(name, dataType, "YES".equals(rs.getString(3)),
          pk.contains(name), def, (Integer) rs.getObject(5),
          numeric ? (Integer) rs.getObject(6) : null,
          numeric ? (Integer) rs.getObject(7) : null, rs.getString(8), rs.getString(10),
          enums == null ? null : strings(enums)));
      t.sqlTypes.add(rs.getString(9));
      if (rs.getString(12) != null) {
        t.sequences.add(name);
      }
    });
    java.util.Map<String, LocalTable> out = new java.util.HashMap<>();
    read.forEach((table, t) -> out.put(table, new LocalTable(new TableSchema(table,
        schemaName, t.columns, pks.getOrDefault(table, List.of()),
        uniques.getOrDefault(table, List.of()), fks.getOrDefault(table, List.of()),
        indexes.getOrDefault(table, List.of())), t.sqlTypes, t.sequences)));
    return out;
  }

  /** Reads one row of a catalog query. */
  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /** Runs a catalog query of a schema and an array of table names, row by row. */
  private static void eachRow(Connection c, String sql, String schemaName, Array names,
      RowReader reader) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schemaName);
      ps.setArray(2, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    }
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }
}

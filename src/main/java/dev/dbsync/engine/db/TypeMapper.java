package dev.dbsync.engine.db;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps column types between PostgreSQL and SQLite and writes CREATE TABLE statements. Every
 * type written into DDL is chosen from the fixed lists here; names are validated and quoted;
 * a default is kept only when it is a plain literal or a well-known function. The mapping is
 * documented in docs/types.md.
 */
public final class TypeMapper {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'(::[a-z ]+)?");
  private static final Pattern DECLARED = Pattern.compile(
      "\\s*([A-Za-z_][A-Za-z0-9_ ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*(\\[\\])?\\s*");

  private TypeMapper() {}

  // ---------------------------------------------------------------- SQLite -> description

  /** Describes a SQLite column from its declared type, in PostgreSQL's vocabulary. */
  public static ColumnInfo fromSqlite(String name, String declared, boolean notNull,
      String defaultValue, boolean primaryKey, boolean rowidAlias) {
    Matcher m = DECLARED.matcher(declared == null ? "" : declared);
    String base = "";
    Integer a = null;
    Integer b = null;
    boolean array = false;
    if (m.matches()) {
      base = m.group(1).trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
      a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
      b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
      array = m.group(4) != null;
    }
    String type = sqliteBaseToPg(base);
    Integer maxLength = type.startsWith("character") ? a : null;
    Integer precision = "numeric".equals(type) ? a : null;
    Integer scale = "numeric".equals(type) ? (a == null ? null : (b == null ? 0 : b)) : null;
    String def = rowidAlias ? "autoincrement" : portableDefault(defaultValue);
    if (array) {
      return new ColumnInfo(name, "ARRAY", !notNull, primaryKey, def, null, null, null,
          "_" + type, type, null);
    }
    return new ColumnInfo(name, type, !notNull && !primaryKey, primaryKey, def, maxLength, precision, scale, null, null, null);
  }

  private static String sqliteBaseToPg(String base) {
    switch (base) {
      case "INTEGER", "BIGINT", "INT8", "UNSIGNED BIG INT":
        return "bigint";
      case "INT", "INT4", "MEDIUMINT":
        return "integer";
      case "SMALLINT", "INT2", "TINYINT":
        return "smallint";
      case "BOOLEAN", "BOOL":
        return "boolean";
      case "FLOAT4":
        return "real";
      case "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT", "FLOAT8":
        return "double precision";
      case "NUMERIC", "DECIMAL", "NUMERIC_TEXT", "DECIMAL_TEXT":
        return "numeric";
      case "VARCHAR", "CHARACTER VARYING", "NVARCHAR", "VARYING CHARACTER", "NATIVE CHARACTER":
        return "character varying";
      case "CHAR", "CHARACTER", "NCHAR":
        return "character";
      case "BLOB", "BYTEA":
        return "bytea";
      case "DATE":
        return "date";
      case "TIME":
        return "time without time zone";
      case "TIMETZ":
        return "time with time zone";
      case "TIMESTAMP", "DATETIME":
        return "timestamp without time zone";
      case "TIMESTAMPTZ":
        return "timestamp with time zone";
      case "INTERVAL":
        return "interval";
      case "UUID":
        return "uuid";
      case "JSON":
        return "json";
      case "JSONB":
        return "jsonb";
      case "INET":
        return "inet";
      case "CIDR":
        return "cidr";
      case "MACADDR":
        return "macaddr";
      default:
        return "text";
    }
  }

  // ---------------------------------------------------------------- description -> SQLite

  /** The declared SQLite type that keeps a column's meaning (and the right affinity). */
  public static String sqliteType(ColumnInfo c) {
    if (c.isArray()) {
      return sqliteScalar(c.elementType() == null ? "text" : c.elementType(), null, null, null)
          + "[]";
    }
    return sqliteScalar(c.type(), c.maxLength(), c.precision(), c.scale());
  }

  private static String sqliteScalar(String type, Integer len, Integer precision, Integer scale) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "bigint" -> "BIGINT";
      case "integer" -> "INT";
      case "smallint" -> "SMALLINT";
      case "boolean" -> "BOOLEAN";
      case "real" -> "FLOAT4";
      case "double precision" -> "DOUBLE PRECISION";
      // TEXT affinity: SQLite would turn a decimal into a binary float and lose digits
      case "numeric" -> precision == null ? "NUMERIC_TEXT"
          : "NUMERIC_TEXT(" + precision + "," + (scale == null ? 0 : scale) + ")";
      case "character varying" -> len == null ? "VARCHAR" : "VARCHAR(" + len + ")";
      case "character" -> len == null ? "CHARACTER" : "CHARACTER(" + len + ")";
      case "bytea" -> "BLOB";
      case "date" -> "DATE";
      case "time without time zone" -> "TIME";
      case "time with time zone" -> "TIMETZ";
      case "timestamp without time zone" -> "TIMESTAMP";
      case "timestamp with time zone" -> "TIMESTAMPTZ";
      case "interval" -> "INTERVAL";
      case "uuid" -> "UUID";
      case "json" -> "JSON";
      case "jsonb" -> "JSONB";
      case "inet" -> "INET";
      case "cidr" -> "CIDR";
      case "macaddr" -> "MACADDR";
      default -> "TEXT";
    };
  }

  public static String sqliteDdl(String table, TableSchema schema) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(Sql.quote(table)).append(" (");
    List<String> parts = new ArrayList<>();
    // a single 64-bit integer key becomes SQLite's rowid: no separate index to maintain
    boolean rowidKey = schema.primaryKey().size() == 1
        && schema.column(schema.primaryKey().get(0))
            .map(c -> ValueKind.of(c) == ValueKind.INTEGER
                && (isGenerated(c.defaultValue()) || "bigint".equals(c.type())))
            .orElse(false);
    for (ColumnInfo c : schema.columns()) {
      if (rowidKey && c.name().equals(schema.primaryKey().get(0))) {
        parts.add(Sql.quote(c.name()) + " INTEGER PRIMARY KEY");
        continue;
      }
      StringBuilder col = new StringBuilder(Sql.quote(c.name())).append(' ')
          .append(sqliteType(c));
      if (!c.nullable()) {
        col.append(" NOT NULL");
      }
      String def = portableDefault(c);
      if (def != null) {
        col.append(" DEFAULT ").append(def);
      }
      parts.add(col.toString());
    }
    if (!rowidKey && schema.hasPrimaryKey()) {
      parts.add("PRIMARY KEY (" + Sql.quoteAll(schema.primaryKey()) + ")");
    }
    for (List<String> u : schema.uniqueConstraints()) {
      parts.add("UNIQUE (" + Sql.quoteAll(u) + ")");
    }
    // SQLite declares foreign keys only here; they are checked once the rows are in
    for (dev.dbsync.engine.model.ForeignKey fk : schema.foreignKeys()) {
      boolean implicit = fk.refColumns().stream().anyMatch(c -> c == null)
          || fk.refColumns().isEmpty();
      parts.add("FOREIGN KEY (" + Sql.quoteAll(fk.columns()) + ") REFERENCES "
          + Sql.quote(fk.refTable()) + (implicit ? "" : " (" + Sql.quoteAll(fk.refColumns())
          + ")"));
    }
    return sql.append(String.join(", ", parts)).append(")").toString();
  }

  // ---------------------------------------------------------------- description -> PostgreSQL

  /** The PostgreSQL type of a column, from the fixed list; unknown types become text. */
  public static String postgresType(ColumnInfo c) {
    if (c.isArray()) {
      String element = c.elementType() == null ? "text" : c.elementType();
      return scalarPg(element, null, null, null) + "[]";
    }
    if (c.isEnum()) {
      return Sql.quote(c.udt());
    }
    return scalarPg(c.type(), c.maxLength(), c.precision(), c.scale());
  }

  private static String scalarPg(String type, Integer len, Integer precision, Integer scale) {
    String t = type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "smallint", "integer", "bigint", "real", "double precision", "boolean", "text",
          "bytea", "date", "time without time zone", "time with time zone",
          "timestamp without time zone", "timestamp with time zone", "interval", "uuid", "json",
          "jsonb", "inet", "cidr", "macaddr" -> t;
      case "numeric" -> precision == null ? "numeric"
          : "numeric(" + bounded(precision, 1000) + "," + bounded(scale == null ? 0 : scale,
              1000) + ")";
      case "character varying" -> len == null ? "character varying"
          : "character varying(" + bounded(len, 10_485_760) + ")";
      case "character" -> len == null ? "character" : "character(" + bounded(len, 10_485_760)
          + ")";
      default -> "text";
    };
  }

  private static int bounded(int n, int max) {
    if (n < 0 || n > max) {
      throw new DbSyncException("A type size of " + n + " is out of range.");
    }
    return n;
  }

  /** CREATE TYPE for enums that are missing, then CREATE TABLE. */
  public static List<String> postgresDdl(String table, TableSchema schema, Connection c)
      throws SQLException {
    List<String> ddl = new ArrayList<>();
    for (ColumnInfo col : schema.columns()) {
      if (col.isEnum() && !typeExists(c, col.udt())) {
        String labels = col.enumValues().stream().map(TypeMapper::literal)
            .reduce((x, y) -> x + ", " + y).orElse("");
        ddl.add("CREATE TYPE " + Sql.quote(col.udt()) + " AS ENUM (" + labels + ")");
      }
    }
    List<String> parts = new ArrayList<>();
    for (ColumnInfo col : schema.columns()) {
      StringBuilder s = new StringBuilder(Sql.quote(col.name())).append(' ')
          .append(postgresType(col));
      if (isGenerated(col.defaultValue()) && ValueKind.of(col) == ValueKind.INTEGER) {
        s.append(" GENERATED BY DEFAULT AS IDENTITY");
      } else {
        String def = portableDefault(col);
        if (def != null) {
          s.append(" DEFAULT ").append(def);
        }
      }
      if (!col.nullable()) {
        s.append(" NOT NULL");
      }
      parts.add(s.toString());
    }
    if (schema.hasPrimaryKey()) {
      parts.add("PRIMARY KEY (" + Sql.quoteAll(schema.primaryKey()) + ")");
    }
    for (List<String> u : schema.uniqueConstraints()) {
      parts.add("UNIQUE (" + Sql.quoteAll(u) + ")");
    }
    ddl.add("CREATE TABLE " + Sql.quote(table) + " (" + String.join(", ", parts) + ")");
    return ddl;
  }

  private static boolean typeExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM pg_type WHERE typname = ? AND typnamespace = "
            + "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A portable default fitted to the column's type (0/1 become false/true for booleans). */
  static String portableDefault(ColumnInfo c) {
    String def = portableDefault(c.defaultValue());
    if (def != null && ValueKind.of(c) == ValueKind.BOOLEAN) {
      return switch (def.toLowerCase(Locale.ROOT)) {
        case "0", "false", "'f'", "'false'" -> "false";
        case "1", "true", "'t'", "'true'" -> "true";
        default -> null;
      };
    }
    return def;
  }

  static boolean isGenerated(String def) {
    return def != null && (def.startsWith("nextval(") || def.equals("identity")
        || def.equals("autoincrement"));
  }

  /**
   * A default that means the same in both databases, rewritten from the fixed forms it may
   * take: a number, a string literal, true/false, or the current time. Anything else is null.
   */
  static String portableDefault(String def) {
    if (def == null) {
      return null;
    }
    String d = def.trim();
    if (NUMBER.matcher(d).matches()) {
      return d;
    }
    Matcher s = STRING.matcher(d);
    if (s.matches()) {
      return literal(s.group(1).replace("''", "'"));
    }
    String lower = d.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "true", "false" -> lower;
      case "now()", "current_timestamp", "transaction_timestamp()" -> "CURRENT_TIMESTAMP";
      case "current_date" -> "CURRENT_DATE";
      default -> null;
    };
  }

  static String literal(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new DbSyncException("A text value holds a NUL character.");
    }
    return "'" + text.replace("'", "''") + "'";
  }
}

package dev.dbsync.engine.db;

import dev.dbsync.engine.model.ColumnInfo;
import java.util.Locale;

/** How a column's values travel: which JSON shape they take on the wire. */
public enum ValueKind {
  INTEGER, FLOAT, NUMERIC, BOOLEAN, TEXT, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, UUID,
  JSON, BINARY, ARRAY, OTHER;

  private static final java.util.Map<String, ValueKind> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  public static ValueKind of(ColumnInfo c) {
    return ofDataType(c.type());
  }

  /** Classifies a PostgreSQL {@code information_schema.data_type} string. */
  public static ValueKind ofDataType(String dataType) {
    return CACHE.computeIfAbsent(dataType, ValueKind::classify);
  }

  private static ValueKind classify(String dataType) {
    String t = dataType.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "smallint", "integer", "bigint" -> INTEGER;
      case "real", "double precision" -> FLOAT;
      case "numeric" -> NUMERIC;
      case "boolean" -> BOOLEAN;
      case "text", "character varying", "character", "name", "citext" -> TEXT;
      case "date" -> DATE;
      case "time without time zone", "time with time zone" -> TIME;
      case "timestamp without time zone" -> TIMESTAMP;
      case "timestamp with time zone" -> TIMESTAMPTZ;
      case "interval" -> INTERVAL;
      case "uuid" -> UUID;
      case "json", "jsonb" -> JSON;
      case "bytea" -> BINARY;
      case "array" -> ARRAY;
      default -> OTHER;
    };
  }
}

package dev.dbsync.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One condition of a row filter, given as data: a column, an operator from a fixed list and a
 * value. The value is always bound as a parameter, never spliced into SQL.
 */
public record RowFilter(String column, Op op, JsonNode value) {

  /** The operators a filter may use. */
  public enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), IS_NULL("IS NULL"),
    NOT_NULL("IS NOT NULL"), IN("IN");

    private final String sql;

    Op(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }

    public boolean takesValue() {
      return this != IS_NULL && this != NOT_NULL;
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Op parse(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (Op op : values()) {
        if (op.wireName().equals(t) || op.sql.equalsIgnoreCase(t)) {
          return op;
        }
      }
      throw new IllegalArgumentException("Unknown filter operator '" + text + "'");
    }
  }
}

package dev.dbsync.engine.subset;

import dev.dbsync.engine.model.RowFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One condition on a column as the user wrote it: {@code column op value}, the value still
 * text. It becomes a {@link RowFilter} once the column's type is known ({@link Values}).
 *
 * @param values no value for {@code is null} / {@code is not null}, one for the comparisons,
 *     the list for {@code in}
 */
public record Clause(String column, RowFilter.Op op, List<String> values) {

  public Clause {
    values = List.copyOf(values);
  }

  /** The operators in the order they are tried, longest spelling first. */
  private static final String[][] OPS = {
      {"is not null", "NOT_NULL"}, {"is null", "IS_NULL"}, {"not like", null}, {"like", "LIKE"},
      {"in", "IN"}, {"!=", "NE"}, {"<>", "NE"}, {"<=", "LE"}, {">=", "GE"}, {"=", "EQ"},
      {"<", "LT"}, {">", "GT"}};

  /**
   * Parses {@code column op value}: ops {@code = != < <= > >= like in (a, b) is null
   * is not null}; a value may be quoted with single quotes ({@code 'it''s'}).
   */
  public static Clause parse(String text) {
    String t = text.trim();
    int i = 0;
    String column;
    if (t.startsWith("\"")) {
      int end = t.indexOf('"', 1);
      if (end < 0) {
        throw new IllegalArgumentException("A quoted column name is not closed: " + text);
      }
      column = t.substring(1, end);
      i = end + 1;
    } else {
      while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_'
          || t.charAt(i) == '$')) {
        i++;
      }
      column = t.substring(0, i);
    }
    if (column.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' does not start with a column name.");
    }
    String rest = t.substring(i).trim();
    String lower = rest.toLowerCase(Locale.ROOT);
    for (String[] op : OPS) {
      if (!lower.startsWith(op[0])) {
        continue;
      }
      boolean word = Character.isLetter(op[0].charAt(0));
      String after = rest.substring(op[0].length());
      if (word && !after.isEmpty() && !Character.isWhitespace(after.charAt(0))
          && after.charAt(0) != '(' && after.charAt(0) != '\'') {
        continue; // "inx" is not "in"
      }
      if (op[1] == null) {
        throw new IllegalArgumentException("'" + op[0] + "' is not supported in '" + text
            + "'; use = != < <= > >= like in (a, b) is null / is not null.");
      }
      RowFilter.Op o = RowFilter.Op.valueOf(op[1]);
      after = after.trim();
      if (!o.takesValue()) {
        if (!after.isEmpty()) {
          throw new IllegalArgumentException("Nothing may follow '" + op[0] + "' in '" + text
              + "'.");
        }
        return new Clause(column, o, List.of());
      }
      if (o == RowFilter.Op.IN) {
        return new Clause(column, o, list(after, text));
      }
      return new Clause(column, o, List.of(value(after, text)));
    }
    throw new IllegalArgumentException("No operator after '" + column + "' in '" + text
        + "'; use = != < <= > >= like in (a, b) is null / is not null"
        + (!t.startsWith("\"") && !rest.isEmpty() && Character.isLetterOrDigit(rest.charAt(0))
            ? ", and double quotes around a column name with spaces or other signs (\""
            + column + " " + rest.split("\\s")[0] + "\" = ...)." : "."));
  }

  /** The condition written back as text. */
  @Override
  public String toString() {
    return switch (op) {
      case IS_NULL -> column + " is null";
      case NOT_NULL -> column + " is not null";
      case IN -> column + " in (" + String.join(", ", values.stream().map(Clause::quoted)
          .toList()) + ")";
      default -> column + " " + (op == RowFilter.Op.LIKE ? "like" : op == RowFilter.Op.NE ? "!="
          : op.sql()) + " " + quoted(values.get(0));
    };
  }

  private static String quoted(String v) {
    return v.matches("[A-Za-z0-9_.:+-]+") ? v : "'" + v.replace("'", "''") + "'";
  }

  private static String value(String text, String whole) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("A value is missing in '" + whole + "'.");
    }
    if (text.startsWith("'")) {
      List<String> out = new ArrayList<>();
      int end = quotedEnd(text, 0, out);
      if (end != text.length()) {
        throw new IllegalArgumentException("Unexpected text after the quoted value in '" + whole
            + "'.");
      }
      return out.get(0);
    }
    return text;
  }

  private static List<String> list(String text, String whole) {
    if (!text.startsWith("(") || !text.endsWith(")")) {
      throw new IllegalArgumentException("'in' takes a list in parentheses, as in "
          + "status in (paid, shipped): '" + whole + "'.");
    }
    String body = text.substring(1, text.length() - 1);
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i <= body.length()) {
      while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
        i++;
      }
      if (i < body.length() && body.charAt(i) == '\'') {
        i = quotedEnd(body, i, out);
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
          i++;
        }
      } else {
        int comma = body.indexOf(',', i);
        int end = comma < 0 ? body.length() : comma;
        String v = body.substring(i, end).trim();
        if (v.isEmpty()) {
          throw new IllegalArgumentException("An empty value in the list of '" + whole + "'.");
        }
        out.add(v);
        i = end;
      }
      if (i < body.length() && body.charAt(i) != ',') {
        throw new IllegalArgumentException("Values in a list are separated by commas: '"
            + whole + "'.");
      }
      i++;
    }
    return out;
  }

  /** Reads a quoted value starting at {@code start}; returns the index after its quote. */
  private static int quotedEnd(String text, int start, List<String> out) {
    StringBuilder v = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          v.append('\'');
          i += 2;
          continue;
        }
        out.add(v.toString());
        return i + 1;
      }
      v.append(c);
      i++;
    }
    throw new IllegalArgumentException("A quoted value is not closed: " + text);
  }
}

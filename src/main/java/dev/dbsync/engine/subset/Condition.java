package dev.dbsync.engine.subset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code TABLE:CONDITION} as {@code --where} takes it: clauses joined by {@code and}. */
public record Condition(String table, List<Clause> clauses) {

  public Condition {
    clauses = List.copyOf(clauses);
  }

  public static Condition parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || text.substring(0, colon).isBlank()) {
      throw new IllegalArgumentException("--where takes TABLE:CONDITION, as in "
          + "'orders:created_at >= 2026-11-01', not '" + text + "'.");
    }
    String table = text.substring(0, colon).trim();
    List<Clause> clauses = new ArrayList<>();
    for (String part : splitAnd(text.substring(colon + 1))) {
      clauses.add(Clause.parse(part));
    }
    return new Condition(table, clauses);
  }

  /** Splits on the word {@code and} outside quotes and parentheses. */
  static List<String> splitAnd(String text) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int depth = 0;
    int from = 0;
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && Character.isWhitespace(c)
          && lower.startsWith("and", i + 1) && i + 4 < text.length()
          && Character.isWhitespace(text.charAt(i + 4))) {
        parts.add(text.substring(from, i));
        from = i + 4;
        i += 3;
      }
    }
    parts.add(text.substring(from));
    for (String p : parts) {
      if (p.isBlank()) {
        throw new IllegalArgumentException("An empty condition in '" + text.trim() + "'.");
      }
    }
    return parts;
  }
}

package dev.dbsync.engine.db;

import dev.dbsync.engine.DbSyncException;
import java.util.List;
import java.util.stream.Collectors;

/** Identifier quoting and validation. Only names that passed {@link #checkName} are quoted. */
public final class Sql {
  private static final int MAX_NAME = 63;

  private Sql() {}

  /** Quotes an identifier for both PostgreSQL and SQLite. */
  public static String quote(String name) {
    checkName(name);
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  public static String quoteAll(List<String> names) {
    return names.stream().map(Sql::quote).collect(Collectors.joining(", "));
  }

  /** Refuses names no database here can hold: empty, too long, or with control characters. */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new DbSyncException("A table or column name is empty.");
    }
    if (name.length() > MAX_NAME) {
      throw new DbSyncException("The name '" + name.substring(0, 20) + "...' is longer than "
          + MAX_NAME + " characters.");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new DbSyncException("The name '" + name.replaceAll("\\p{Cntrl}", "?")
            + "' contains a control character.");
      }
    }
    return name;
  }

  public static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}

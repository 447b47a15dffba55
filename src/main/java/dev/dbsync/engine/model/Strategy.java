package dev.dbsync.engine.model;

import java.util.Locale;

/** What to do with an incoming row whose primary key already exists in the target. */
public enum Strategy {
  /** Leave the existing row alone; the incoming row is counted as skipped. */
  SKIP("Keep existing rows; only add rows whose key is new."),
  /** Replace the existing row with the incoming values, NULLs included. */
  OVERWRITE("Replace existing rows with the incoming values."),
  /** Update the existing row but keep its value wherever the incoming value is NULL. */
  MERGE("Update existing rows, keeping local values where the incoming value is empty (NULL)."),
  /** Always insert; key columns are dropped so the target generates new keys. */
  APPEND("Insert every row as new; the target generates new keys."),
  /**
   * Make the target table equal the source table: new rows inserted, changed rows updated,
   * rows the source lacks deleted (children before parents).
   */
  MIRROR("Make the table equal the source: add, update, and delete rows the source lacks.");

  private final String explanation;

  Strategy(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() {
    return explanation;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Strategy parse(String text) {
    for (Strategy s : values()) {
      if (s.wireName().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown strategy '" + text + "': use skip, overwrite, merge, append or mirror");
  }
}

package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Counts of what an import did. Mutable so that batches can be added up; not thread-safe. */
public final class ImportResult {
  /** At most this many row errors are kept with their details; the rest are only counted. */
  public static final int MAX_KEPT_ERRORS = 1000;

  private long created;
  private long updated;
  private long skipped;
  private long failed;
  private long deleted;
  private boolean withoutPrimaryKey;
  private final List<RowError> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<ObjectNode> foreignKeyFailures = new ArrayList<>();

  public void addCreated(long n) {
    created += n;
  }

  public void addUpdated(long n) {
    updated += n;
  }

  public void addSkipped(long n) {
    skipped += n;
  }

  /** Rows a mirror deleted because the source lacks them. */
  public void addDeleted(long n) {
    deleted += n;
  }

  public void addError(RowError error) {
    failed++;
    if (errors.size() < MAX_KEPT_ERRORS) {
      errors.add(error);
    }
  }

  /**
   * A row refused because a row it references is not there (yet). It counts as an error until
   * a caller takes it back with {@link #takeForeignKeyFailures()} to try again later.
   */
  public void addForeignKeyFailure(ObjectNode row, RowError error) {
    addError(error);
    foreignKeyFailures.add(row);
  }

  /** Removes the foreign-key failures from the counts and hands their rows back. */
  public List<ObjectNode> takeForeignKeyFailures() {
    List<ObjectNode> rows = new ArrayList<>(foreignKeyFailures);
    failed -= rows.size();
    errors.removeIf(e -> e.foreignKey());
    foreignKeyFailures.clear();
    return rows;
  }

  public void addWarning(String warning) {
    if (!warnings.contains(warning)) {
      warnings.add(warning);
    }
  }

  @JsonProperty("warnings")
  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  public void markWithoutPrimaryKey() {
    withoutPrimaryKey = true;
  }

  public void add(ImportResult other) {
    created += other.created;
    updated += other.updated;
    skipped += other.skipped;
    failed += other.failed;
    deleted += other.deleted;
    withoutPrimaryKey |= other.withoutPrimaryKey;
    other.warnings.forEach(this::addWarning);
    foreignKeyFailures.addAll(other.foreignKeyFailures);
    for (RowError e : other.errors) {
      if (errors.size() < MAX_KEPT_ERRORS) {
        errors.add(e);
      }
    }
  }

  @JsonProperty("created")
  public long created() {
    return created;
  }

  @JsonProperty("updated")
  public long updated() {
    return updated;
  }

  @JsonProperty("skipped")
  public long skipped() {
    return skipped;
  }

  @JsonProperty("deleted")
  public long deleted() {
    return deleted;
  }

  @JsonProperty("errors")
  public long failed() {
    return failed;
  }

  @JsonProperty("error_rows")
  public List<RowError> errors() {
    return Collections.unmodifiableList(errors);
  }

  /** True when the table had no primary key, so every strategy inserted every row. */
  @JsonProperty("without_primary_key")
  public boolean withoutPrimaryKey() {
    return withoutPrimaryKey;
  }

  public long processed() {
    return created + updated + skipped + failed;
  }

  @Override
  public String toString() {
    return "created=" + created + " updated=" + updated + " skipped=" + skipped
        + (deleted > 0 ? " deleted=" + deleted : "") + " errors=" + failed
        + (withoutPrimaryKey ? " (no primary key: rows were inserted)" : "");
  }
}

package dev.dbsync.engine.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a target table's columns differ from the source's. Rows are compared and moved on the
 * common columns; nothing in the target is dropped to make it fit.
 *
 * @param added columns the source has and the target lacks ({@code --add-columns} adds them)
 * @param removed columns the target has and the source lacks (left as they are)
 * @param retyped common columns whose types differ (a length, precision or scale included)
 * @param sourceKey the source's primary key
 * @param targetKey the target's primary key
 */
public record Drift(List<String> added, List<String> removed, List<Retyped> retyped,
    @JsonProperty("source_key") List<String> sourceKey,
    @JsonProperty("target_key") List<String> targetKey) {

  /** A column whose type differs between the two ends. */
  public record Retyped(String column, String source, String target) {}

  public static Drift of(TableSchema source, TableSchema target) {
    List<String> added = new ArrayList<>();
    List<Retyped> retyped = new ArrayList<>();
    for (ColumnInfo c : source.columns()) {
      var t = target.column(c.name());
      if (t.isEmpty()) {
        added.add(c.name());
      } else if (!sameType(c, t.get())) {
        retyped.add(new Retyped(c.name(), typeName(c), typeName(t.get())));
      }
    }
    List<String> removed = target.columnNames().stream()
        .filter(c -> source.column(c).isEmpty()).toList();
    return new Drift(added, removed, retyped, source.primaryKey(), target.primaryKey());
  }

  /**
   * True when every common column has the same type at both ends but for its length,
   * precision or scale: each end's checksum of such columns (which hashes values, not their
   * declared size) agrees, and the compare may run inside both databases.
   */
  public static boolean hashesAlike(TableSchema source, TableSchema target) {
    for (ColumnInfo c : source.columns()) {
      var t = target.column(c.name());
      if (t.isPresent() && !sameBase(c, t.get())) {
        return false;
      }
    }
    return true;
  }

  /** The same type, its length, precision and scale included. */
  private static boolean sameType(ColumnInfo a, ColumnInfo b) {
    return sameBase(a, b) && Objects.equals(a.maxLength(), b.maxLength())
        && Objects.equals(a.precision(), b.precision()) && Objects.equals(a.scale(), b.scale());
  }

  private static boolean sameBase(ColumnInfo a, ColumnInfo b) {
    if (a.isArray() && b.isArray()) {
      // arrays by their element type: PostgreSQL names the array type _int4 where a SQLite
      // column declared INT[] has no such name
      return a.elementType() == null || b.elementType() == null
          || a.elementType().equalsIgnoreCase(b.elementType());
    }
    return a.type().equalsIgnoreCase(b.type()) && (a.udt() == null || b.udt() == null
        || a.udt().equalsIgnoreCase(b.udt()))
        && Objects.equals(a.elementType(), b.elementType());
  }

  /** The type as a user declares it: numeric(10,2), character varying(20), integer[]. */
  static String typeName(ColumnInfo c) {
    if (c.isArray() && c.elementType() != null) {
      return c.elementType() + "[]";
    }
    String base = c.udt() != null && c.type().equals("USER-DEFINED") ? c.udt() : c.type();
    if (c.precision() != null) {
      return base + "(" + c.precision() + (c.scale() == null ? "" : "," + c.scale()) + ")";
    }
    return c.maxLength() == null ? base : base + "(" + c.maxLength() + ")";
  }

  /** True when the two keys name different columns: such a table is left alone. */
  @JsonIgnore
  public boolean keyDiffers() {
    return !sourceKey.equals(targetKey);
  }

  @JsonIgnore
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && retyped.isEmpty() && !keyDiffers();
  }

  /** In plain words, for a terminal line: "+ notes; - legacy_code; price numeric -> text". */
  public String words() {
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("only in the source: " + String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      parts.add("only in the target: " + String.join(", ", removed));
    }
    for (Retyped r : retyped) {
      parts.add(r.column() + " is " + r.source() + " in the source, " + r.target()
          + " in the target");
    }
    if (keyDiffers()) {
      parts.add("key (" + String.join(", ", sourceKey) + ") in the source, ("
          + String.join(", ", targetKey) + ") in the target");
    }
    return String.join("; ", parts);
  }
}

package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a checksum of a table covers (see docs/protocol.md, "compare"): the compared columns in
 * order, the key that names a row (empty for a table without one: its rows are compared as a
 * multiset), the kind of each column (how its values are normalised), how many buckets the
 * rows are spread over by key, and where the hash is computed.
 *
 * @param kinds one kind per column, as the receiver reads the source's schema ("integer",
 *     "numeric", "timestamp", ...): both ends normalise a value by the same kind
 * @param inDatabase true: each PostgreSQL database hashes its rows' text itself (both ends
 *     PostgreSQL, the same column types, nothing masked); false: the rows are read as wire
 *     values and hashed by DB Sync in their canonical form, the same on any database
 */
public record HashSpec(
    List<String> key,
    List<String> columns,
    List<String> kinds,
    int buckets,
    @JsonProperty("in_database") boolean inDatabase,
    @JsonProperty("key_from") Long keyFrom,
    @JsonProperty("key_step") Long keyStep) {

  /** Most buckets a checksum may be asked for. */
  public static final int MAX_BUCKETS = 1 << 20;

  public HashSpec {
    key = key == null ? List.of() : List.copyOf(key);
    columns = List.copyOf(columns);
    kinds = List.copyOf(kinds);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("A checksum needs at least one column.");
    }
    if (kinds.size() != columns.size()) {
      throw new IllegalArgumentException("A checksum needs one kind per column.");
    }
    if (!columns.containsAll(key)) {
      throw new IllegalArgumentException("The key of a checksum must be among its columns.");
    }
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException("A checksum has 1 to " + MAX_BUCKETS + " buckets.");
    }
    if ((keyFrom == null) != (keyStep == null) || keyStep != null && (keyStep < 1
        || key.size() != 1)) {
      throw new IllegalArgumentException("Key ranges need one key column, a start and a "
          + "positive step.");
    }
  }

  public HashSpec(List<String> key, List<String> columns, List<String> kinds, int buckets,
      boolean inDatabase) {
    this(key, columns, kinds, buckets, inDatabase, null, null);
  }

  /** The same spec, hashed in the database or not. */
  public HashSpec inDatabase(boolean in) {
    return new HashSpec(key, columns, kinds, buckets, in, keyFrom, keyStep);
  }

  /**
   * True when the rows are bucketed by ranges of their whole-number key: bucket b holds the
   * keys from {@code keyFrom + b * keyStep} (the first bucket also every lower key, the last
   * every higher one), so a bucket's rows are read through the key's index.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean ranged() {
    return keyStep != null;
  }

  /** The bucket of a whole-number key under {@link #ranged()}. */
  public int rangeBucket(long k) {
    if (k < keyFrom) {
      return 0;
    }
    try {
      if (k >= Math.addExact(keyFrom, Math.multiplyExact(keyStep, buckets - 1L))) {
        return buckets - 1;
      }
    } catch (ArithmeticException beyond) {
      // the last bucket starts past every whole number: k is below it
    }
    return (int) ((k - keyFrom) / keyStep);
  }

  /**
   * The first key of bucket {@code b} under {@link #ranged()} (bucket 0 also holds every lower
   * key): a number computed here, never text from a peer.
   */
  public java.math.BigInteger firstKey(int b) {
    return java.math.BigInteger.valueOf(keyFrom).add(java.math.BigInteger.valueOf(keyStep)
        .multiply(java.math.BigInteger.valueOf(b)));
  }

  /** Consecutive buckets joined: [first, last] of each run, in order. */
  public static List<int[]> runs(int[] buckets) {
    int[] sorted = buckets.clone();
    java.util.Arrays.sort(sorted);
    List<int[]> out = new java.util.ArrayList<>();
    for (int b : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1)[1] >= b - 1) {
        out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], b);
      } else {
        out.add(new int[] {b, b});
      }
    }
    return out;
  }

  public String kindOf(String column) {
    return kinds.get(columns.indexOf(column));
  }
}

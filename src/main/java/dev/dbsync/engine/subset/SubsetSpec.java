package dev.dbsync.engine.subset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What part of the chosen tables to move, as the user said it: conditions per table, the
 * first N rows by key, a deterministic sample, and whether rows they reference come along.
 *
 * @param conditions clauses per table, all of which must hold
 * @param limits the first N rows by key, per table
 * @param samples a percentage (0-100] of rows per table, the same rows for the same seed
 * @param seed the sample's seed
 * @param references follow foreign keys: parents of chosen rows come along, children of a
 *     filtered table keep only rows whose parents are in
 */
public record SubsetSpec(Map<String, List<Clause>> conditions, Map<String, Long> limits,
    Map<String, Double> samples, long seed, boolean references) {

  public static final long DEFAULT_SEED = 1;

  public SubsetSpec {
    conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
    limits = limits == null ? Map.of() : Map.copyOf(limits);
    samples = samples == null ? Map.of() : Map.copyOf(samples);
  }

  /** Whole tables, with the rows they reference. */
  public static SubsetSpec none() {
    return new SubsetSpec(null, null, null, DEFAULT_SEED, true);
  }

  /** From the command line's {@code --where}, {@code --limit}, {@code --sample} values. */
  public static SubsetSpec parse(List<String> where, List<String> limit, List<String> sample,
      Long seed, boolean references) {
    Map<String, List<Clause>> conditions = new LinkedHashMap<>();
    for (String w : where == null ? List.<String>of() : where) {
      Condition c = Condition.parse(w);
      conditions.computeIfAbsent(c.table(), k -> new ArrayList<>()).addAll(c.clauses());
    }
    Map<String, Long> limits = new LinkedHashMap<>();
    for (String l : limit == null ? List.<String>of() : limit) {
      String[] kv = pair("--limit", l, "orders=1000");
      try {
        long n = Long.parseLong(kv[1]);
        if (n < 0) {
          throw new NumberFormatException();
        }
        limits.put(kv[0], n);
      } catch (NumberFormatException e) {
        throw new SubsetException("--limit " + l + ": '" + kv[1] + "' is not a row count.");
      }
    }
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String s : sample == null ? List.<String>of() : sample) {
      String[] kv = pair("--sample", s, "orders=10");
      String p = kv[1].endsWith("%") ? kv[1].substring(0, kv[1].length() - 1) : kv[1];
      try {
        double d = Double.parseDouble(p);
        if (!(d > 0 && d <= 100)) {
          throw new NumberFormatException();
        }
        samples.put(kv[0], d);
      } catch (NumberFormatException e) {
        throw new SubsetException("--sample " + s + ": '" + kv[1] + "' is not a percentage "
            + "between 0 and 100.");
      }
    }
    return new SubsetSpec(conditions, limits, samples, seed == null ? DEFAULT_SEED : seed,
        references);
  }

  private static String[] pair(String option, String text, String example) {
    String[] kv = text.split("=", 2);
    if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
      throw new SubsetException(option + " takes TABLE=N, as in " + example + ", not '" + text
          + "'.");
    }
    return new String[] {kv[0].trim(), kv[1].trim()};
  }

  /** True when some table is narrowed (a condition, a limit or a sample). */
  public boolean narrows() {
    return !conditions.isEmpty() || !limits.isEmpty() || !samples.isEmpty();
  }

  /** Every table the spec names. */
  public Set<String> namedTables() {
    Set<String> out = new TreeSet<>(conditions.keySet());
    out.addAll(limits.keySet());
    out.addAll(samples.keySet());
    return out;
  }

  public SubsetSpec withReferences(boolean on) {
    return new SubsetSpec(conditions, limits, samples, seed, on);
  }
}

package dev.dbsync.engine.mask;

import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The masks of a share: per table, per column, a {@link MaskRule}. Written by the sender's user
 * as {@code TABLE.COLUMN=RULE} ({@code --mask}, a mask file, a permanent connection) and
 * checked against the shared database's schema before anything is served.
 */
public final class MaskRules {
  private final Map<String, Map<String, MaskRule>> byTable;

  private MaskRules(Map<String, Map<String, MaskRule>> byTable) {
    this.byTable = byTable;
  }

  public static MaskRules none() {
    return new MaskRules(Map.of());
  }

  /**
   * The rules of {@code --mask} options and a mask file (either may be absent).
   *
   * @throws IllegalArgumentException naming the option or the file and line at fault
   */
  public static MaskRules parse(List<String> specs, Path file) {
    Map<String, Map<String, MaskRule>> m = new LinkedHashMap<>();
    if (file != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("The mask file " + file + " cannot be read: "
            + e.getMessage());
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int hash = line.indexOf('#');
        String text = (hash < 0 ? line : line.substring(0, hash)).trim();
        if (!text.isEmpty()) {
          add(m, text, file + " line " + (i + 1));
        }
      }
    }
    for (String s : specs == null ? List.<String>of() : specs) {
      add(m, s, "--mask " + s);
    }
    return new MaskRules(m);
  }

  private static void add(Map<String, Map<String, MaskRule>> m, String spec, String where) {
    int eq = spec.indexOf('=');
    String target = eq < 0 ? "" : spec.substring(0, eq).trim();
    int dot = target.indexOf('.');
    if (eq < 0 || dot <= 0 || dot == target.length() - 1) {
      throw new IllegalArgumentException(where + ": a mask is TABLE.COLUMN=RULE (for example "
          + "users.email=email), not '" + spec.trim() + "'.");
    }
    MaskRule rule;
    try {
      rule = MaskRule.parse(spec.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
    m.computeIfAbsent(target.substring(0, dot), k -> new LinkedHashMap<>())
        .put(target.substring(dot + 1), rule);
  }

  /** These rules and {@code more} (theirs win for a column both name). */
  public MaskRules and(MaskRules more) {
    Map<String, Map<String, MaskRule>> m = new LinkedHashMap<>();
    byTable.forEach((t, cols) -> m.put(t, new LinkedHashMap<>(cols)));
    more.byTable.forEach((t, cols) -> m.computeIfAbsent(t, k -> new LinkedHashMap<>())
        .putAll(cols));
    return new MaskRules(m);
  }

  /** The same rules with one column's changed ({@code rule} null: unmasked). */
  public MaskRules with(String table, String column, MaskRule rule) {
    Map<String, Map<String, MaskRule>> m = new LinkedHashMap<>();
    byTable.forEach((t, cols) -> m.put(t, new LinkedHashMap<>(cols)));
    Map<String, MaskRule> cols = m.computeIfAbsent(table, k -> new LinkedHashMap<>());
    if (rule == null) {
      cols.remove(column);
    } else {
      cols.put(column, rule);
    }
    return new MaskRules(m);
  }

  public boolean isEmpty() {
    return byTable.values().stream().allMatch(Map::isEmpty);
  }

  /** The rules of one table, by column (empty when it has none). */
  public Map<String, MaskRule> forTable(String table) {
    return Collections.unmodifiableMap(byTable.getOrDefault(table, Map.of()));
  }

  /** Every rule as {@code TABLE.COLUMN=RULE}, as it is written and stored. */
  public List<String> specs() {
    List<String> out = new ArrayList<>();
    byTable.forEach((t, cols) -> cols.forEach((c, r) -> out.add(t + "." + c + "=" + r)));
    return out;
  }

  /** What a check against the schema found: errors stop the share, warnings are shown. */
  public record Check(List<String> errors, List<String> warnings) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /**
   * Checks every rule against the shared tables: the table is shared, the column exists, the
   * rule fits the column's type and nullability. Warns when a masked key is referenced by a
   * shared column that is not masked alike (the join would break), and when a rule that can
   * repeat values masks a unique column (its transfers would fail rather than duplicate).
   *
   * @param schemas the schema of a shared table, or null when it is not shared
   */
  public Check check(List<String> sharedTables, Function<String, TableSchema> schemas) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    byTable.forEach((table, cols) -> {
      TableSchema s = sharedTables.contains(table) ? schemas.apply(table) : null;
      if (s == null) {
        errors.add("Mask on " + table + ": no shared table is called '" + table + "'.");
        return;
      }
      cols.forEach((column, rule) -> {
        ColumnInfo c = s.column(column).orElse(null);
        if (c == null) {
          errors.add("Mask on " + table + "." + column + ": " + table + " has no column '"
              + column + "'.");
          return;
        }
        String why = fits(rule, c);
        if (why != null) {
          errors.add("Mask " + table + "." + column + "=" + rule + ": " + why);
        } else if (!rule.injective() && unique(s, column)) {
          warnings.add(table + "." + column + " is unique but " + rule + " can give two rows the "
              + "same value: reading " + table + " will fail rather than write duplicates. Use "
              + "email or hash to keep it unique.");
        }
      });
    });
    for (String child : sharedTables) {
      TableSchema cs = schemas.apply(child);
      if (cs == null || cs.foreignKeys() == null) {
        continue;
      }
      for (ForeignKey fk : cs.foreignKeys()) {
        for (int i = 0; i < fk.columns().size() && i < fk.refColumns().size(); i++) {
          MaskRule parent = forTable(fk.refTable()).get(fk.refColumns().get(i));
          MaskRule mine = forTable(child).get(fk.columns().get(i));
          if (parent != null && sharedTables.contains(fk.refTable())
              && !parent.equals(mine)) {
            warnings.add(fk.refTable() + "." + fk.refColumns().get(i) + " is masked (" + parent
                + ") but " + child + "." + fk.columns().get(i) + " references it "
                + (mine == null ? "unmasked" : "masked with " + mine) + ": the join would break."
                + " Mask " + child + "." + fk.columns().get(i) + "=" + parent + " too.");
          }
        }
      }
    }
    return new Check(errors, warnings);
  }

  /** {@link #check(List, Function)} against the tables a reader shares. */
  public Check check(dev.dbsync.engine.db.TableReader reader) {
    List<String> shared = reader.listTables().stream()
        .map(dev.dbsync.engine.model.TableInfo::name).toList();
    return check(shared, t -> {
      try {
        return shared.contains(t) ? reader.getSchema(t) : null;
      } catch (dev.dbsync.engine.DbSyncException e) {
        return null;
      }
    });
  }

  private static boolean unique(TableSchema s, String column) {
    if (s.primaryKey().equals(List.of(column))) {
      return true;
    }
    return s.uniqueConstraints() != null
        && s.uniqueConstraints().stream().anyMatch(u -> u.equals(List.of(column)));
  }

  /** Why {@code rule} cannot mask column {@code c}, or null when it can. */
  static String fits(MaskRule rule, ColumnInfo c) {
    ValueKind k = ValueKind.of(c);
    boolean text = k == ValueKind.TEXT;
    String type = c.type();
    return switch (rule.kind()) {
      case NULL -> c.nullable() ? null : "the column is NOT NULL; use another rule.";
      case DATE_SHIFT -> k == ValueKind.DATE || k == ValueKind.TIMESTAMP
          || k == ValueKind.TIMESTAMPTZ || text ? null
          : "date-shift needs a date or timestamp column, not " + type + ".";
      case IP -> text || type.equalsIgnoreCase("inet") || type.equalsIgnoreCase("cidr") ? null
          : "ip needs a text or inet column, not " + type + ".";
      case CONSTANT -> text || (k == ValueKind.INTEGER || k == ValueKind.NUMERIC)
          && rule.argument().matches("-?\\d+(\\.\\d+)?") ? null
          : "constant:" + rule.argument() + " does not fit a " + type + " column.";
      default -> text ? fitsLength(rule, c)
          : rule.kind().word() + " needs a text column, not " + type + ".";
    };
  }

  private static String fitsLength(MaskRule rule, ColumnInfo c) {
    Integer max = c.maxLength();
    int needs = switch (rule.kind()) {
      case EMAIL -> 33;
      case HASH -> 32;
      default -> 0;
    };
    return max != null && needs > max ? rule + " writes " + needs + " characters; the column "
        + "holds " + max + "." : null;
  }
}

package dev.dbsync.ui.receive;

import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.subset.Clause;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which rows of one table the user wants: conditions (column, operator, value), the first N
 * rows by key, a sample. Empty means the whole table.
 */
public final class RowChoice {

  /** One condition as the filter editor holds it, the value still text. */
  public static final class Condition {
    private final StringProperty column = new SimpleStringProperty();
    private final ObjectProperty<RowFilter.Op> op = new SimpleObjectProperty<>(RowFilter.Op.EQ);
    private final StringProperty value = new SimpleStringProperty("");

    public Condition(String column) {
      this.column.set(column);
    }

    public StringProperty columnProperty() {
      return column;
    }

    public ObjectProperty<RowFilter.Op> opProperty() {
      return op;
    }

    public StringProperty valueProperty() {
      return value;
    }

    /** The clause, or null while the row is incomplete (no column, or no value it needs). */
    Clause clause() {
      String c = column.get();
      RowFilter.Op o = op.get();
      String v = value.get() == null ? "" : value.get().trim();
      if (c == null || o == null || (o.takesValue() && v.isEmpty())) {
        return null;
      }
      if (!o.takesValue()) {
        return new Clause(c, o, List.of());
      }
      if (o == RowFilter.Op.IN) {
        String list = v.startsWith("(") && v.endsWith(")") ? v.substring(1, v.length() - 1) : v;
        return new Clause(c, o, Arrays.stream(list.split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList());
      }
      return new Clause(c, o, List.of(v));
    }
  }

  private final ObservableList<Condition> conditions = FXCollections.observableArrayList(
      c -> new Observable[] {c.columnProperty(), c.opProperty(), c.valueProperty()});
  private final StringProperty limit = new SimpleStringProperty("");
  private final StringProperty sample = new SimpleStringProperty("");

  public ObservableList<Condition> conditions() {
    return conditions;
  }

  /** The first N rows by key, as typed (empty: no limit). */
  public StringProperty limitProperty() {
    return limit;
  }

  /** A sample percentage, as typed (empty: no sample). */
  public StringProperty sampleProperty() {
    return sample;
  }

  /** The complete conditions. */
  public List<Clause> clauses() {
    List<Clause> out = new ArrayList<>();
    for (Condition c : conditions) {
      Clause clause = c.clause();
      if (clause != null) {
        out.add(clause);
      }
    }
    return out;
  }

  public boolean isWhole() {
    return clauses().isEmpty() && blank(limit) && blank(sample);
  }

  private static boolean blank(StringProperty p) {
    return p.get() == null || p.get().isBlank();
  }

  /** In a few words: "created_at >= 2026-11-01 · first 100 · 10% sample", or "all rows". */
  public String summary() {
    List<String> parts = new ArrayList<>(clauses().stream().map(Clause::toString).toList());
    if (!blank(limit)) {
      parts.add("first " + limit.get().trim());
    }
    if (!blank(sample)) {
      parts.add(sample.get().trim().replace("%", "") + "% sample");
    }
    return parts.isEmpty() ? "all rows" : String.join(" · ", parts);
  }

  /** The limit as --limit takes it ({@code TABLE=N}), or null. */
  String limitSpec(String table) {
    return blank(limit) ? null : table + "=" + limit.get().trim();
  }

  String sampleSpec(String table) {
    return blank(sample) ? null : table + "=" + sample.get().trim();
  }
}

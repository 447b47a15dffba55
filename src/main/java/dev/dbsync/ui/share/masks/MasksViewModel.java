package dev.dbsync.ui.share.masks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.mask.MaskKey;
import dev.dbsync.engine.mask.MaskRule;
import dev.dbsync.engine.mask.MaskRules;
import dev.dbsync.engine.mask.MaskSuggestions;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.ui.common.BackgroundTask;
import dev.dbsync.ui.common.Formats;
import dev.dbsync.ui.common.TaskExecutor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The masks of one shared table: a rule per column (suggested where a column looks personal),
 * checked at the field as it is typed, with the first sampled row shown as it would leave.
 */
public final class MasksViewModel {
  /** The rules the editor offers in its picker. */
  public static final List<String> RULES = List.of("", "email", "name", "phone", "hash", "null",
      "constant:", "keep-last:4", "date-shift:30", "redact", "city", "address", "ip", "text");

  private final TaskExecutor executor;
  private final String table;
  private final Path dataDir;
  private final ObservableList<ColumnMask> columns = FXCollections.observableArrayList();
  private final StringProperty message = new SimpleStringProperty("");
  private final BooleanProperty ready = new SimpleBooleanProperty();
  private MaskKey key;

  public MasksViewModel(TaskExecutor executor, String table, Path dataDir) {
    this.executor = executor;
    this.table = table;
    this.dataDir = dataDir;
  }

  /** Reads the table's columns and a sample row (in the background), with the rules so far. */
  public void load(Supplier<Database> open, Map<String, MaskRule> current) {
    message.set("Reading " + table + "…");
    executor.execute(BackgroundTask.of(() -> {
      try (Database db = open.get(); TableReader r = db.openReader()) {
        TableSchema s = r.getSchema(table);
        List<ObjectNode> rows = r.page(table, ExportRequest.page(0, 200)).records();
        Map<String, MaskSuggestions.Suggestion> suggested = new LinkedHashMap<>();
        for (ColumnInfo c : s.columns()) {
          MaskSuggestions.Suggestion g = MaskSuggestions.suggest(table, c, rows);
          if (g != null) {
            suggested.put(c.name(), g);
          }
        }
        key = MaskKey.load(dataDir.resolve(MaskKey.FILE));
        return new Loaded(s, rows.isEmpty() ? null : rows.get(0), suggested);
      }
    }).onSuccess(l -> {
      schema = l.schema();
      columns.clear();
      for (ColumnInfo c : l.schema().columns()) {
        JsonNode v = l.first() == null ? null : l.first().get(c.name());
        MaskSuggestions.Suggestion g = l.suggested().get(c.name());
        ColumnMask m = new ColumnMask(c.name(), c.type(), v == null || v.isNull() ? "NULL"
            : v.asText(), g == null ? "" : g.rule().toString(), g == null ? "" : g.why());
        MaskRule now = current.get(c.name());
        m.ruleProperty().set(now != null ? now.toString() : "");
        m.ruleProperty().addListener((o, was, rule) -> check(m, c));
        check(m, c);
        columns.add(m);
      }
      message.set("");
      ready.set(true);
    }).onError(e -> message.set(Formats.problem(e))));
  }

  private TableSchema schema;

  private record Loaded(TableSchema schema, ObjectNode first,
      Map<String, MaskSuggestions.Suggestion> suggested) {}

  /** Takes every suggestion (the user still sees and may edit each). */
  public void acceptSuggestions() {
    for (ColumnMask m : columns) {
      if (!m.suggestedRule().isEmpty() && m.ruleProperty().get().isBlank()) {
        m.ruleProperty().set(m.suggestedRule());
      }
    }
  }

  /** Parses and fits the rule of {@code m}; shows the problem at the field, or the preview. */
  private void check(ColumnMask m, ColumnInfo c) {
    String text = m.ruleProperty().get() == null ? "" : m.ruleProperty().get().trim();
    m.problemProperty().set("");
    if (text.isEmpty()) {
      m.maskedProperty().set(m.sample());
      return;
    }
    try {
      MaskRule rule = MaskRule.parse(text);
      String why = MaskRules.parse(List.of(table + "." + c.name() + "=" + text), null)
          .check(List.of(table), t -> schema != null ? schema
              : new TableSchema(table, null, List.of(c), List.of(), List.of(), List.of()))
          .errors().stream().findFirst().orElse("");
      m.problemProperty().set(why.replaceFirst("^Mask [^:]*: ", ""));
      m.maskedProperty().set(why.isEmpty() && key != null
          ? String.valueOf(rule.apply("NULL".equals(m.sample()) ? null : m.sample(), key)) : "");
    } catch (IllegalArgumentException e) {
      m.problemProperty().set(e.getMessage());
      m.maskedProperty().set("");
    }
  }

  /** The rules to keep, or null (and the problems shown) when one does not fit. */
  public Map<String, MaskRule> rules() {
    Map<String, MaskRule> out = new LinkedHashMap<>();
    boolean ok = true;
    for (ColumnMask m : columns) {
      String text = m.ruleProperty().get() == null ? "" : m.ruleProperty().get().trim();
      if (!m.problemProperty().get().isEmpty()) {
        ok = false;
      } else if (!text.isEmpty()) {
        out.put(m.column(), MaskRule.parse(text));
      }
    }
    message.set(ok ? "" : "A rule does not fit its column: see the marked rows.");
    return ok ? out : null;
  }

  public String table() {
    return table;
  }

  public ObservableList<ColumnMask> columns() {
    return columns;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public BooleanProperty readyProperty() {
    return ready;
  }
}

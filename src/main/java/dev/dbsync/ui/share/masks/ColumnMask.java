package dev.dbsync.ui.share.masks;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One column in the masks editor: its rule (empty: sent as it is), a sample, the preview. */
public final class ColumnMask {
  private final String column;
  private final String type;
  private final String sample;
  private final String suggestion;
  private final String suggestedRule;
  private final StringProperty rule = new SimpleStringProperty("");
  private final StringProperty masked = new SimpleStringProperty("");
  private final StringProperty problem = new SimpleStringProperty("");

  public ColumnMask(String column, String type, String sample, String suggestedRule,
      String suggestion) {
    this.column = column;
    this.type = type;
    this.sample = sample;
    this.suggestedRule = suggestedRule;
    this.suggestion = suggestion;
  }

  /** The rule DB Sync suggests, or empty. */
  public String suggestedRule() {
    return suggestedRule;
  }

  public String column() {
    return column;
  }

  public String type() {
    return type;
  }

  /** A value of the first sampled row (what the sender's user already sees). */
  public String sample() {
    return sample;
  }

  /** Why DB Sync suggests masking it, or empty. */
  public String suggestion() {
    return suggestion;
  }

  /** The rule as typed ({@code email}, {@code keep-last:4}); empty for none. */
  public StringProperty ruleProperty() {
    return rule;
  }

  /** The sample as it would leave. */
  public StringProperty maskedProperty() {
    return masked;
  }

  /** What is wrong with the rule, in plain words; empty when it fits. */
  public StringProperty problemProperty() {
    return problem;
  }
}

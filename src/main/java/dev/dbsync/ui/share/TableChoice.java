package dev.dbsync.ui.share;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A table the user may share, with its row count, and whether it is chosen. */
public final class TableChoice {
  private final String name;
  private final long rows;
  private final boolean estimated;
  private final BooleanProperty shared = new SimpleBooleanProperty(true);
  private final javafx.beans.property.StringProperty masked =
      new javafx.beans.property.SimpleStringProperty("");

  public TableChoice(String name, long rows, boolean estimated) {
    this.name = name;
    this.rows = rows;
    this.estimated = estimated;
  }

  public String name() {
    return name;
  }

  public long rows() {
    return rows;
  }

  public boolean estimated() {
    return estimated;
  }

  public BooleanProperty sharedProperty() {
    return shared;
  }

  /** The masked columns and their rules ("email: email, phone: phone"), empty for none. */
  public javafx.beans.property.StringProperty maskedProperty() {
    return masked;
  }
}

package dev.dbsync.ui.share;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A table the user may share, with its row count, and whether it is chosen. */
public final class TableChoice {
  private final String name;
  private final long rows;
  private final boolean estimated;
  private final BooleanProperty shared = new SimpleBooleanProperty(true);

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
}

package dev.dbsync.ui.receive;

import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * A table the sender offers, next to the local one: counts, status, and the user's choices.
 *
 * @param localSchema the target's table, or null when it has none
 */
public final class RemoteTable {
  /** How the remote table compares with the local one (by existence and row count). */
  public enum Status {
    NEW("new"), DIFFERS("differs"), SAME("same");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final String name;
  private final long remoteCount;
  private final long localCount;
  private final boolean estimated;
  private final TableSchema remoteSchema;
  private final TableSchema localSchema;
  private final BooleanProperty selected = new SimpleBooleanProperty();
  private final ObjectProperty<Strategy> strategy = new SimpleObjectProperty<>(Strategy.SKIP);
  private final RowChoice rows = new RowChoice();

  public RemoteTable(String name, long remoteCount, long localCount, boolean estimated,
      TableSchema remoteSchema, TableSchema localSchema) {
    this.name = name;
    this.remoteCount = remoteCount;
    this.localCount = localCount;
    this.estimated = estimated;
    this.remoteSchema = remoteSchema;
    this.localSchema = localSchema;
  }

  public String name() {
    return name;
  }

  public long remoteCount() {
    return remoteCount;
  }

  /** Rows in the local table, -1 when there is no local table. */
  public long localCount() {
    return localCount;
  }

  /** True when a count is the planner's estimate (a big PostgreSQL table). */
  public boolean estimated() {
    return estimated;
  }

  public Status status() {
    return localSchema == null ? Status.NEW
        : localCount == remoteCount ? Status.SAME : Status.DIFFERS;
  }

  public TableSchema remoteSchema() {
    return remoteSchema;
  }

  public TableSchema localSchema() {
    return localSchema;
  }

  /** The tables this one's foreign keys point at (itself left out). */
  public List<String> parents() {
    return remoteSchema == null ? List.of() : remoteSchema.foreignKeys().stream()
        .map(ForeignKey::refTable).filter(t -> !t.equals(name)).distinct().toList();
  }

  public BooleanProperty selectedProperty() {
    return selected;
  }

  public ObjectProperty<Strategy> strategyProperty() {
    return strategy;
  }

  /** Which of its rows to pull (all by default). */
  public RowChoice rows() {
    return rows;
  }
}

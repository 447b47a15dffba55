package dev.dbsync.ui.share;

import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.ui.common.Formats;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A connected receiver as the share screen lists it, updated as events arrive. */
public final class ReceiverRow {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
      .withZone(ZoneId.systemDefault());
  private final String id;
  private final String who;
  private final String address;
  private final String since;
  private final StringProperty status = new SimpleStringProperty();
  private final StringProperty reading = new SimpleStringProperty("");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);

  public ReceiverRow(ReceiverView v) {
    this.id = v.id();
    this.who = v.displayName();
    this.address = v.address();
    this.since = TIME.format(v.since());
    update(v);
  }

  /** Takes the receiver's latest state. */
  public void update(ReceiverView v) {
    status.set(switch (v.status()) {
      case "pending_approval" -> "Waiting for your approval";
      case "active" -> v.table() == null || (v.rowsExpected() >= 0
          && v.rowsSent() >= v.rowsExpected()) ? "Connected" : "Reading";
      case "closed" -> "Left";
      default -> "Connecting";
    });
    if (v.table() != null) {
      boolean done = v.rowsExpected() >= 0 && v.rowsSent() >= v.rowsExpected();
      reading.set((done ? "Read " : "") + v.table() + " · " + Formats.count(v.rowsSent())
          + (v.rowsExpected() > 0 ? " of " + Formats.count(v.rowsExpected()) : "") + " rows");
      progress.set(v.rowsExpected() > 0
          ? Math.min(1.0, (double) v.rowsSent() / v.rowsExpected()) : -1);
    }
  }

  public String id() {
    return id;
  }

  public String who() {
    return who;
  }

  public String address() {
    return address;
  }

  public String since() {
    return since;
  }

  public boolean waitingForApproval() {
    return status.get().startsWith("Waiting");
  }

  public ReadOnlyStringProperty statusProperty() {
    return status;
  }

  public ReadOnlyStringProperty readingProperty() {
    return reading;
  }

  public DoubleProperty progressProperty() {
    return progress;
  }
}

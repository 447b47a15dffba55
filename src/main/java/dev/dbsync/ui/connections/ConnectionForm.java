package dev.dbsync.ui.connections;

import dev.dbsync.engine.connections.Connection;
import dev.dbsync.engine.connections.ConnectionSettings;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Every setting of a permanent connection as the form shows it (text as typed), and the
 * settings it means; {@link #settings()} refuses what does not parse, in plain words.
 */
public final class ConnectionForm {
  final StringProperty name = new SimpleStringProperty("");
  final StringProperty allowedTables = new SimpleStringProperty("");
  final StringProperty excludedTables = new SimpleStringProperty("");
  final BooleanProperty requiresApproval = new SimpleBooleanProperty();
  final StringProperty freeTables = new SimpleStringProperty("");
  final ObjectProperty<LocalDate> expires = new SimpleObjectProperty<>();
  final StringProperty maxDownloads = new SimpleStringProperty("");
  final StringProperty maxRecords = new SimpleStringProperty("");
  final StringProperty maxPerRequest = new SimpleStringProperty("");
  final StringProperty perMinute = new SimpleStringProperty("");
  final StringProperty allowFrom = new SimpleStringProperty("");
  final StringProperty hours = new SimpleStringProperty("");
  final StringProperty password = new SimpleStringProperty("");
  /** Masks, TABLE.COLUMN=RULE separated by commas or lines. */
  final StringProperty masks = new SimpleStringProperty("");
  /** The loaded connection's exact expiry, kept while its date is not changed. */
  private java.time.Instant loadedExpiry;

  /** Empties the form for a new connection. */
  void clear() {
    load(null);
  }

  /** Shows {@code c}'s settings (the password is never shown: empty means unchanged). */
  void load(Connection c) {
    ConnectionSettings s = c == null ? ConnectionSettings.none() : c.settings();
    name.set(c == null ? "" : c.name());
    allowedTables.set(String.join(", ", s.allowedTables()));
    excludedTables.set(String.join(", ", s.excludedTables()));
    requiresApproval.set(Boolean.TRUE.equals(s.requiresApproval()));
    freeTables.set(String.join(", ", s.noApprovalTables()));
    loadedExpiry = s.expiresAt();
    expires.set(shownDate(s.expiresAt()));
    maxDownloads.set(text(s.maxDownloads()));
    maxRecords.set(text(s.maxRecordsTotal()));
    maxPerRequest.set(text(s.maxRecordsPerRequest()));
    perMinute.set(s.requestsPerMinute() == null ? "" : s.requestsPerMinute().toString());
    allowFrom.set(String.join(", ", s.allowedAddresses()));
    hours.set(s.allowedHoursUtc() == null ? "" : s.allowedHoursUtc());
    password.set("");
    masks.set(String.join(", ", s.masks()));
  }

  /**
   * The settings the form holds. The expiry date is the last whole day (UTC) the connection
   * may be used.
   *
   * @throws IllegalArgumentException naming the field and what it takes
   */
  ConnectionSettings settings() {
    return new ConnectionSettings(list(allowedTables), list(excludedTables), list(freeTables),
        expiry(),
        number("Max downloads", maxDownloads), number("Max records in total", maxRecords),
        number("Max records per request", maxPerRequest),
        perMinute.get().isBlank() ? null
            : Math.toIntExact(number("Requests per minute", perMinute)),
        list(allowFrom), hours.get().isBlank() ? null : hours.get().trim(),
        requiresApproval.get() ? Boolean.TRUE : null, masks());
  }

  /** The masks as typed, each checked (an unknown rule is named). */
  private List<String> masks() {
    List<String> out = Arrays.stream(masks.get().split("[,\\n]")).map(String::trim)
        .filter(t -> !t.isEmpty()).toList();
    try {
      dev.dbsync.engine.mask.MaskRules.parse(out, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Masks: " + e.getMessage().replace("--mask ", ""));
    }
    return out;
  }

  /**
   * The expiry the form means: the loaded one unchanged (an expiry set from the command line
   * need not fall at midnight), else the end of the chosen last day.
   */
  private java.time.Instant expiry() {
    if (expires.get() == null) {
      return null;
    }
    if (loadedExpiry != null && expires.get().equals(shownDate(loadedExpiry))) {
      return loadedExpiry;
    }
    return expires.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The last whole day (UTC) before {@code expiry}, as the date picker shows it. */
  private static LocalDate shownDate(java.time.Instant expiry) {
    return expiry == null ? null : expiry.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static List<String> list(StringProperty p) {
    return Arrays.stream(p.get().split(",")).map(String::trim).filter(t -> !t.isEmpty())
        .toList();
  }

  private static Long number(String field, StringProperty p) {
    String t = p.get().trim().replace("_", "").replace(",", "");
    if (t.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong(t);
      if (v < 1) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(field + " is a whole number of at least 1, or "
          + "empty for no limit; '" + p.get() + "' is not.");
    }
  }

  private static String text(Long v) {
    return v == null ? "" : v.toString();
  }
}

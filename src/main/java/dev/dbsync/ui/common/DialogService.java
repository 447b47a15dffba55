package dev.dbsync.ui.common;

import java.nio.file.Path;
import java.util.Optional;

/** The one way ViewModels reach the user outside their own screen. */
public interface DialogService {
  void showError(String title, String message);

  /**
   * Asks before something that cannot be undone. The button that goes ahead says what it does
   * ({@code action}, e.g. "Delete 3 rows and run"); Cancel is the default, so Enter does not
   * go ahead by accident.
   */
  boolean confirm(String title, String message, String action);

  /** A short notification that goes away by itself. */
  void notify(String title, String message);

  Optional<String> askText(String title, String message, boolean secret);

  /** Picks a SQLite file: an existing one, or (when {@code create}) a new name. */
  Optional<Path> chooseSqliteFile(String title, boolean create);

  void copyToClipboard(String text);
}

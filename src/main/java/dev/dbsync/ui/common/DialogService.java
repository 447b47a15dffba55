package dev.dbsync.ui.common;

import java.nio.file.Path;
import java.util.Optional;

/** The one way ViewModels reach the user outside their own screen. */
public interface DialogService {
  void showError(String title, String message);

  boolean confirm(String title, String message);

  /** A short notification that goes away by itself. */
  void notify(String title, String message);

  Optional<String> askText(String title, String message, boolean secret);

  /** Picks a SQLite file: an existing one, or (when {@code create}) a new name. */
  Optional<Path> chooseSqliteFile(String title, boolean create);

  void copyToClipboard(String text);
}

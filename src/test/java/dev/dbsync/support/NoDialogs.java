package dev.dbsync.support;

import dev.dbsync.ui.common.DialogService;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A dialog service for ViewModels driven without windows: confirms, and answers a question
 * with nothing (or with the answer it was made with).
 */
public final class NoDialogs implements DialogService {
  private final String answer;

  public NoDialogs() {
    this(null);
  }

  private NoDialogs(String answer) {
    this.answer = answer;
  }

  /** One that answers every question with {@code text}. */
  public static NoDialogs answering(String text) {
    return new NoDialogs(text);
  }

  @Override
  public void showError(String title, String message) {}

  @Override
  public boolean confirm(String title, String message, String action) {
    return true;
  }

  @Override
  public void notify(String title, String message) {}

  @Override
  public Optional<String> askText(String title, String message, boolean secret) {
    return Optional.ofNullable(answer);
  }

  @Override
  public Optional<Path> chooseSqliteFile(String title, boolean create) {
    return Optional.empty();
  }

  @Override
  public void copyToClipboard(String text) {}
}

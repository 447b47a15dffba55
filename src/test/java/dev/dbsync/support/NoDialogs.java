package dev.dbsync.support;

import dev.dbsync.ui.common.DialogService;
import java.nio.file.Path;
import java.util.Optional;

/** A dialog service for ViewModels driven without windows: confirms, asks nothing. */
public final class NoDialogs implements DialogService {
  @Override
  public void showError(String title, String message) {}

  @Override
  public boolean confirm(String title, String message) {
    return true;
  }

  @Override
  public void notify(String title, String message) {}

  @Override
  public Optional<String> askText(String title, String message, boolean secret) {
    return Optional.empty();
  }

  @Override
  public Optional<Path> chooseSqliteFile(String title, boolean create) {
    return Optional.empty();
  }

  @Override
  public void copyToClipboard(String text) {}
}

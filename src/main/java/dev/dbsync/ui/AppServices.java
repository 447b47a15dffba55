package dev.dbsync.ui;

import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.ui.common.DialogService;
import dev.dbsync.ui.common.TaskExecutor;
import java.nio.file.Path;

/** What every screen is built from; made once, in {@link DesktopApp}, and passed down. */
public record AppServices(Path dataDir, TaskExecutor executor, DialogService dialogs,
    SavedDatabases databases, UiSettings settings, HistoryStore history) {}

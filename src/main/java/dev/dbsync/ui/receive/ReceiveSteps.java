package dev.dbsync.ui.receive;

import dev.dbsync.ui.receive.connect.ConnectViewModel;
import dev.dbsync.ui.receive.preview.PreviewViewModel;
import dev.dbsync.ui.receive.results.ResultsViewModel;
import dev.dbsync.ui.receive.run.RunViewModel;
import dev.dbsync.ui.receive.tables.TablesViewModel;
import java.util.List;

/**
 * The steps of the receive wizard, in order, each on the wizard's shared model. Kept apart
 * from the model, which knows its steps only as {@link StepViewModel}s, so that the steps
 * may know the model and not the reverse.
 */
public final class ReceiveSteps {
  private ReceiveSteps() {}

  /** Connect, tables, preview, run, results. */
  public static List<StepViewModel> of(ReceiveWizardModel wizard) {
    return List.of(new ConnectViewModel(wizard), new TablesViewModel(wizard),
        new PreviewViewModel(wizard), new RunViewModel(wizard), new ResultsViewModel(wizard));
  }
}

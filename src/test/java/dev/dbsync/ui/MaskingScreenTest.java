package dev.dbsync.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.ui.share.TableChoice;
import dev.dbsync.ui.share.masks.ColumnMask;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The share screen's masks, driven in a real window: suggested, applied, obeyed. */
class MaskingScreenTest {
  @TempDir
  Path dir;

  @Test
  void suggestedMasksAreAppliedAndTheReceiverGetsOnlyMaskedValues() throws Exception {
    try (AppWindow app = AppWindow.open(dir, 0)) {
      app.click("#navShare");
      app.run(() -> app.window.share().listenOn("127.0.0.1", 0));
      AppWindow.waitFor(20, "the workspace tables", () -> app.window.share().tables().size()
          == 4);
      TableView<TableChoice> tables = app.find("#shareTables");
      app.run(() -> tables.getSelectionModel().select(tables.getItems().stream()
          .filter(t -> t.name().equals("customers")).findFirst().orElseThrow()));
      app.click("#maskTable");
      AppWindow.waitFor(20, "the columns of customers", () -> {
        TableView<ColumnMask> cols = app.findInDialog("#maskColumns");
        return cols != null && cols.getItems().size() == 6;
      });
      app.clickInDialog("#useSuggestions");
      TableView<ColumnMask> cols = app.findInDialog("#maskColumns");
      ColumnMask email = cols.getItems().stream().filter(c -> c.column().equals("email"))
          .findFirst().orElseThrow();
      AppWindow.waitFor(5, "the suggestion for email", () -> email.ruleProperty().get()
          .equals("email"));
      assertTrue(email.maskedProperty().get().matches("user\\.[a-z2-7]{16}@example\\.com"),
          "the preview shows the first row as it will leave: " + email.maskedProperty().get());
      app.clickInDialog("#applyMasks");
      TableChoice customers = tables.getItems().stream()
          .filter(t -> t.name().equals("customers")).findFirst().orElseThrow();
      AppWindow.waitFor(5, "the masks on the table list", () -> customers.maskedProperty().get()
          .contains("email: email"));
      assertTrue(customers.maskedProperty().get().contains("name: name"),
          customers.maskedProperty().get());

      app.run(() -> app.window.share().modeProperty().set(
          dev.dbsync.engine.link.sender.IncomingMode.AUTO_ACCEPT));
      app.click("#startSharing");
      AppWindow.waitFor(20, "sharing", () -> !app.window.share().live().codeProperty().get()
          .isEmpty());
      String address = app.window.share().live().addresses().stream()
          .filter(a -> a.contains("127.0.0.1")).findFirst().orElseThrow();
      String code = app.window.share().live().codeProperty().get().replace(" ", "");
      try (SyncClient c = SyncClient.connect(address, code, ConnectOptions.defaults())) {
        c.getSchema("customers");
        assertEquals("email", c.maskedColumns("customers").get("email"));
        List<ObjectNode> rows = c.fetchRecords("customers", ExportRequest.page(0, 20))
            .records();
        assertEquals(12, rows.size());
        String all = rows.toString();
        assertTrue(!all.contains("ada.lovelace") && !all.contains("Lovelace"), all);
        assertTrue(all.contains("GB"), "unmasked columns as they are: " + all);
      }
    }
  }
}

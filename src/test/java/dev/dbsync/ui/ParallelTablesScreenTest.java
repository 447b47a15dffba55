package dev.dbsync.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.engine.workspace.SavedDatabase;
import dev.dbsync.engine.workspace.SavedDatabases;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sharing;
import dev.dbsync.ui.receive.ReceiveWizardModel;
import java.net.URI;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receive wizard's "Tables at once", in the real window: PostgreSQL to PostgreSQL, two
 * tables at a time, every table whole, children after their parents.
 */
class ParallelTablesScreenTest {
  @TempDir
  Path dir;

  @Test
  void twoTablesAtOnceFromTheTablesStep() throws Exception {
    String src = Pg.newDatabase();
    Pg.chain(src, "q", 6, 300);
    String tgt = Pg.newDatabase();
    URI u = URI.create(tgt);
    Path receiverDir = dir.resolve("receiver");
    new SavedDatabases(receiverDir).save(SavedDatabase.postgres("pg target", u.getHost(),
        u.getPort(), u.getPath().substring(1), "postgres", "disable"), null);
    try (Database s = Pg.open(src); ShareServer server = Sharing.start(s);
         AppWindow app = AppWindow.open(receiverDir, 0)) {
      ReceiveWizardModel w = app.receiveFrom(server, "pg target");
      AppWindow.waitFor(20, "six tables", () -> w.tables().size() == 6);
      app.click("#selectAllTables");
      ComboBox<Integer> jobs = app.find("#jobs");
      assertEquals("automatic", jobs.getConverter().toString(jobs.getValue()));
      app.click("#jobs");
      app.robot().clickOn("2");
      AppWindow.waitFor(5, "two at once", () -> w.jobsProperty().get() == 2);
      app.click("#wizardNext"); // preview
      app.click("#wizardNext"); // review
      app.click("#wizardNext"); // run
      AppWindow.waitFor(60, "results", () -> w.indexProperty().get() == 4);
      TransferReport r = w.reportProperty().get();
      assertTrue(r.succeeded(), r.toString());
      assertEquals(2, r.jobs());
      assertEquals(6, r.tables().size());
    }
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      for (int i = 1; i <= 6; i++) {
        assertEquals(Rows.all(s, "q" + i), Rows.all(t, "q" + i), "q" + i);
      }
    }
    assertEquals("[[3]]", Pg.query(tgt, "SELECT count(*) FROM pg_constraint WHERE contype = "
        + "'f'").toString());
  }
}

package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransferRunnerTest {

  static TransferReport copy(String from, String to, TransferOptions o) {
    try (Database s = Pg.open(from); Database t = Pg.open(to)) {
      return new TransferRunner(new LocalSource(s), t, o, null).run();
    }
  }

  @Test
  void parentsAreWrittenBeforeChildren() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE z_parent (id int PRIMARY KEY);"
        + "CREATE TABLE a_child (id int PRIMARY KEY, p int NOT NULL REFERENCES z_parent);"
        + "INSERT INTO z_parent VALUES (1), (2); INSERT INTO a_child VALUES (10, 1), (11, 2);");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE z_parent (id int PRIMARY KEY);"
        + "CREATE TABLE a_child (id int PRIMARY KEY, p int NOT NULL REFERENCES z_parent);");
    TransferReport r = copy(src, dst, TransferOptions.defaults());
    assertTrue(r.succeeded(), r::toString);
    assertEquals(List.of("z_parent", "a_child"),
        r.tables().stream().map(TableOutcome::table).toList());
  }

  @Test
  void selfReferenceWithChildrenBeforeParentsArrivesWhole() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE nodes (id int PRIMARY KEY, parent int REFERENCES nodes);"
        + "INSERT INTO nodes VALUES (5, NULL), (4, 5), (3, 4), (2, 3), (1, 2);");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE nodes (id int PRIMARY KEY, parent int REFERENCES nodes);");
    TransferReport r = copy(src, dst, TransferOptions.defaults().withBatchSize(1));
    assertTrue(r.succeeded(), r::toString);
    assertEquals(5, r.tables().get(0).result().created());
    assertEquals("[[1, 2], [2, 3], [3, 4], [4, 5], [5, null]]",
        Pg.query(dst, "SELECT id, parent FROM nodes ORDER BY id").toString());
  }

  @Test
  void cycleBetweenTablesIsResolvedByRetrying() {
    String ddl = "CREATE TABLE a (id int PRIMARY KEY, b_id int);"
        + "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);"
        + "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;";
    String src = Pg.newDatabase();
    Pg.exec(src, ddl + "INSERT INTO a VALUES (2, NULL); INSERT INTO b VALUES (1, 2);"
        + "INSERT INTO a VALUES (1, 1);");
    String dst = Pg.newDatabase();
    Pg.exec(dst, ddl);
    TransferReport r = copy(src, dst, TransferOptions.defaults());
    assertTrue(r.succeeded(), r::toString);
    assertEquals("[[1, 1], [2, null]]", Pg.query(dst, "SELECT id, b_id FROM a ORDER BY id")
        .toString());
  }

  @Test
  void rowsThatNeverFindTheirParentAreErrors() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE kids (id int PRIMARY KEY, parent int);"
        + "INSERT INTO kids VALUES (1, 99), (2, NULL);");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE parents (id int PRIMARY KEY);"
        + "CREATE TABLE kids (id int PRIMARY KEY, parent int REFERENCES parents);");
    TransferReport r = copy(src, dst, TransferOptions.defaults());
    TableOutcome kids = r.tables().get(0);
    assertEquals(1, kids.result().created());
    assertEquals(1, kids.result().failed());
    assertTrue(kids.result().errors().get(0).reason().contains("foreign key"));
  }

  @Test
  void cancelledTransferKeepsCommittedBatchesAndResumesAfterThem() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (id int PRIMARY KEY, v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    TransferOptions o = TransferOptions.defaults().withBatchSize(100);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      AtomicInteger batches = new AtomicInteger();
      TransferRunner[] runner = new TransferRunner[1];
      runner[0] = new TransferRunner(new LocalSource(s), t, o, new TransferListener() {
        @Override
        public void progress(TransferProgress p) {
          if (batches.incrementAndGet() == 3) {
            runner[0].cancel();
          }
        }
      });
      TransferReport first = runner[0].run();
      assertEquals(TableOutcome.Status.CANCELLED, first.tables().get(0).status());
      assertEquals(300, t.getCount("big"));
      TransferReport second = new TransferRunner(new LocalSource(s), t, o, null).run();
      assertEquals(300, second.tables().get(0).resumedFrom());
      assertEquals(700, second.tables().get(0).result().created());
      assertEquals(0, second.tables().get(0).result().skipped()); // nothing was sent twice
      assertEquals(1000, t.getCount("big"));
      assertTrue(dev.dbsync.engine.resume.ResumePoints.inMemory().load(t.locator().describe(),
          new LocalSource(s).sourceId(), "big").isEmpty());
    }
    assertEquals("[[1000, 1000]]",
        Pg.query(dst, "SELECT count(*), count(DISTINCT v) FROM big").toString());
  }

  @Test
  void columnTheTargetLacksIsLeftOutWithAWarning() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE t (id int PRIMARY KEY, a text, extra text);"
        + "INSERT INTO t VALUES (1, 'x', 'dropped'), (2, 'y', NULL);");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE t (id int PRIMARY KEY, a text);");
    TransferReport r = copy(src, dst, TransferOptions.defaults());
    TableOutcome t = r.tables().get(0);
    assertEquals(TableOutcome.Status.COMPLETED, t.status(), () -> String.valueOf(t.error()));
    assertEquals(2, t.result().created());
    assertTrue(t.result().warnings().get(0).contains("'extra'"), t.result().warnings()::toString);
    assertEquals("[[1, x], [2, y]]", Pg.query(dst, "SELECT id, a FROM t ORDER BY id").toString());
  }

  @Test
  void missingTableIsCreatedOrReportedAsTheUserChose() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);");
    String dst = Pg.newDatabase();
    TransferReport refused = copy(src, dst,
        TransferOptions.defaults().withCreateMissingTables(false));
    assertEquals(TableOutcome.Status.FAILED, refused.tables().get(0).status());
    assertTrue(refused.tables().get(0).error().contains("does not exist in the target"));
    TransferReport created = copy(src, dst, TransferOptions.defaults());
    assertTrue(created.tables().get(0).created());
    try (Database t = Pg.open(dst)) {
      assertEquals(1, Rows.all(t, "t").size());
    }
  }
}

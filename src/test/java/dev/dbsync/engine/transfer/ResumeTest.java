package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.resume.ResumeFiles;
import dev.dbsync.support.DyingResumePoints;
import dev.dbsync.support.Pg;
import dev.dbsync.support.WatchedSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume points live outside the target; a process that dies after a batch committed but
 * before its point was saved still resumes exactly: a keyed table takes that batch again
 * (harmless), append and key-less tables count the target to know whether it committed.
 */
class ResumeTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"id int PRIMARY KEY, skip", "id int PRIMARY KEY, overwrite",
      "id int PRIMARY KEY, merge", "id int, skip", "id int, append"})
  void aKillBetweenCommitAndPointResumesExactly(String idColumn, String strategy) {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (" + idColumn + ", v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE big (" + idColumn + ", v text);");
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100)
        .withStrategy(Strategy.parse(strategy), null);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      DyingResumePoints.cutAfterThreeBatchesThenResume(s, t, o, files);
      assertTrue(files.load(t.locator().describe(), new LocalSource(s).sourceId(), "big")
          .isEmpty(), "no point is left after a completed table");
    }
    assertEquals("[[1000, 1000]]",
        Pg.query(dst, "SELECT count(*), count(DISTINCT v) FROM big").toString());
    assertEquals("[]", Pg.query(dst, "SELECT tablename FROM pg_tables WHERE tablename LIKE "
        + "'dbsync%'").toString(), "nothing of ours in the target");
  }

  /**
   * A table resumed after a whole-number key above which the target holds nothing goes on
   * straight in (binary COPY here), as into an empty table; one that holds a batch committed
   * after its point was lost (rows above the point) goes on the careful way. Both end whole.
   */
  @ParameterizedTest
  @CsvSource({"false, true", "true, false"})
  void aResumedTableWithNothingAboveItsPointGoesOnStraightIn(boolean pointLost,
      boolean straight) {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (id int PRIMARY KEY, v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    Pg.exec(dst, "CREATE TABLE big (id int PRIMARY KEY, v text);");
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100);
    java.util.Set<String> called = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      dev.dbsync.engine.resume.ResumePoints dying = pointLost
          ? new DyingResumePoints(files, 3) : cutBeforeFourthBatch(files);
      TransferReport first = new TransferRunner(new LocalSource(s), t,
          o.withResumePoints(dying), null).run();
      assertEquals(TableOutcome.Status.FAILED, first.tables().get(0).status());
      assertEquals(300, t.getCount("big"));
      TableOutcome again = new TransferRunner(WatchedSource.of(new LocalSource(s), called),
          t, o.withResumePoints(files), null).run().tables().get(0);
      assertEquals(TableOutcome.Status.COMPLETED, again.status(), again.error());
      assertEquals(pointLost ? 200 : 300, again.resumedFrom());
    }
    assertEquals(straight, called.contains("copyBinary"), called::toString);
    assertEquals("[[1000, 1000]]",
        Pg.query(dst, "SELECT count(*), count(DISTINCT v) FROM big").toString());
  }

  /**
   * Tables a pull made get their foreign keys and indexes once their rows are in, also when
   * the pull was cut first: the run that finishes it makes them, for the table it resumed and
   * for the one the cut run had already completed, also when it compares them (a mirror), and
   * leaves no point behind.
   */
  @ParameterizedTest
  @CsvSource({"true", "false"})
  void aCutPullsTablesGetTheirKeysAndIndexesFromTheRunThatFinishesIt(boolean resuming) {
    String src = parentAndChild();
    String dst = Pg.newDatabase();
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100).withJobs(1);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      dev.dbsync.engine.resume.ResumePoints cut = childCutAt300(files);
      TransferReport first = new TransferRunner(new LocalSource(s), t,
          o.withResumePoints(cut), null).run();
      assertTrue(first.tables().stream().anyMatch(x -> x.status() == TableOutcome.Status.FAILED),
          first::toString);
      assertEquals("[[0, 0]]", Pg.query(dst, CHILD_KEYS).toString(), "cut before they were made");
      // resumed, or compared first as the faces do it (a mirror compares every table)
      TransferOptions next = resuming ? o.withResumePoints(files)
          : o.withStrategy(Strategy.MIRROR, null).withResumePoints(files);
      if (!resuming) {
        next = next.withScope(dev.dbsync.engine.compare.Compare.changesOnly(t, next));
      }
      TransferReport again = new TransferRunner(new LocalSource(s), t, next, null).run();
      assertTrue(again.succeeded(), again::toString);
      for (String table : java.util.List.of("parent", "child")) {
        assertTrue(files.load(t.locator().describe(), new LocalSource(s).sourceId(), table)
            .isEmpty(), table + ": no point is left");
      }
    }
    assertEquals("[[1, 1]]", Pg.query(dst, CHILD_KEYS).toString(), "the foreign key and the index");
    assertEquals("[[500, 1000]]", Pg.query(dst, "SELECT (SELECT count(*) FROM parent), "
        + "(SELECT count(DISTINCT id) FROM child)").toString());
  }

  /**
   * A pull cut right after it made a table, before its first batch: the point it left (keys
   * to make, no key yet) lets the next run go on from the first row, and make the keys.
   */
  @Test
  void aPullCutBeforeTheFirstBatchOfATableItMadeGoesOnFromItsFirstRow() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (id int PRIMARY KEY, v text); CREATE INDEX big_v ON big (v);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      TableOutcome cut = new TransferRunner(new LocalSource(s), t,
          o.withResumePoints(afterEachSave(files, p -> {
            if (p.rowsDone() == 0) {
              throw new dev.dbsync.engine.DbSyncException("killed");
            }
          })), null).run().tables().get(0);
      assertEquals(TableOutcome.Status.FAILED, cut.status());
      assertEquals("[[0]]", Pg.query(dst, "SELECT count(*) FROM big").toString());
      TableOutcome again = new TransferRunner(new LocalSource(s), t, o.withResumePoints(files),
          null).run().tables().get(0);
      assertEquals(TableOutcome.Status.COMPLETED, again.status(), again.error());
    }
    assertEquals("[[1000, 1000, 1]]", Pg.query(dst, "SELECT count(*), count(DISTINCT v), "
        + "(SELECT count(*) FROM pg_indexes WHERE indexname = 'big_v') FROM big").toString());
  }

  /**
   * A pull made the tables and was cut; a mirror that compared them was cut too, before it
   * made their keys: the run after it still makes them (the mirror kept that mark, and only
   * that: the last run goes on from the first row, not after a key the mirror moved).
   */
  @ParameterizedTest
  @CsvSource({"true", "false"})
  void aComparedRunCutBeforeTheKeysLeavesThemToTheNextRun(boolean resuming) {
    String src = parentAndChild();
    String dst = Pg.newDatabase();
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100).withJobs(1);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      new TransferRunner(new LocalSource(s), t, o.withResumePoints(childCutAt300(files)), null)
          .run();
      Pg.exec(src, "UPDATE child SET v = v || '!' WHERE id % 2 = 0");
      // the mirror compares both tables, then its link breaks as the child's rows come
      Source breaking = WatchedSource.breaking(new LocalSource(s), "child");
      TransferOptions mirror = o.withStrategy(Strategy.MIRROR, null).withResumePoints(files);
      TransferReport cut = new TransferRunner(breaking, t,
          mirror.withScope(dev.dbsync.engine.compare.Compare.changesOnly(t, mirror)), null).run();
      assertTrue(cut.tables().stream().anyMatch(x -> x.table().equals("child")
          && x.status() == TableOutcome.Status.FAILED), cut::toString);
      assertTrue(cut.compared().containsKey("child"), "the child was compared");
      assertEquals("[[0, 0]]", Pg.query(dst, CHILD_KEYS).toString(), "cut before they were made");
      TransferOptions next = resuming
          ? o.withStrategy(Strategy.OVERWRITE, null).withResumePoints(files) : mirror;
      if (!resuming) {
        next = next.withScope(dev.dbsync.engine.compare.Compare.changesOnly(t, next));
      }
      TransferReport again = new TransferRunner(new LocalSource(s), t, next, null).run();
      assertTrue(again.succeeded(), again::toString);
      assertTrue(files.load(t.locator().describe(), new LocalSource(s).sourceId(), "child")
          .isEmpty(), "no point is left");
    }
    assertEquals("[[1, 1]]", Pg.query(dst, CHILD_KEYS).toString(), "the foreign key and the index");
    assertEquals("[[1000, 1000, 500]]", Pg.query(dst, "SELECT count(*), count(DISTINCT id), "
        + "count(*) FILTER (WHERE v LIKE '%!') FROM child").toString());
  }

  /** A parent of 500 rows and a child of 1,000 that references it, with an index. */
  private static String parentAndChild() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE parent (id int PRIMARY KEY, v text);"
        + "CREATE TABLE child (id int PRIMARY KEY, p int NOT NULL REFERENCES parent, v text);"
        + "CREATE INDEX child_v ON child (v);"
        + "INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 500) g;"
        + "INSERT INTO child SELECT g, 1 + g % 500, 'c' || g FROM generate_series(1, 1000) g;");
    return src;
  }

  /** The child's foreign keys and its index, as a target has them. */
  private static final String CHILD_KEYS = "SELECT (SELECT count(*) FROM pg_constraint WHERE "
      + "conrelid = 'child'::regclass AND contype = 'f'), (SELECT count(*) FROM pg_indexes "
      + "WHERE tablename = 'child' AND indexname = 'child_v')";

  /** Resume files whose process dies once the child's point passes 300 rows. */
  private static dev.dbsync.engine.resume.ResumePoints childCutAt300(ResumeFiles files) {
    return afterEachSave(files, p -> {
      if (p.table().equals("child") && p.rowsDone() >= 300) {
        throw new dev.dbsync.engine.DbSyncException("killed");
      }
    });
  }

  /**
   * A point left by a cut pull whose table was dropped since: the table made again starts from
   * its first row, not after the point (which would leave the first rows out).
   */
  @Test
  void aTableMadeAgainStartsFromItsFirstRowWhateverPointWasLeft() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (id int PRIMARY KEY, v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
    String dst = Pg.newDatabase();
    ResumeFiles files = ResumeFiles.in(dir);
    TransferOptions o = TransferOptions.defaults().withBatchSize(100);
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      TransferReport first = new TransferRunner(new LocalSource(s), t,
          o.withResumePoints(cutBeforeFourthBatch(files)), null).run();
      assertEquals(TableOutcome.Status.FAILED, first.tables().get(0).status());
      Pg.exec(dst, "DROP TABLE big");
      TableOutcome again = new TransferRunner(new LocalSource(s), t,
          o.withResumePoints(files), null).run().tables().get(0);
      assertEquals(TableOutcome.Status.COMPLETED, again.status(), again.error());
      assertEquals(0, again.resumedFrom());
    }
    assertEquals("[[1000, 1000]]",
        Pg.query(dst, "SELECT count(*), count(DISTINCT v) FROM big").toString());
  }

  /** A point saved by an older version (no {@code keys_pending}) reads as keys made. */
  @Test
  void anOlderPointReadsWithoutPendingKeys() throws Exception {
    ResumeFiles files = ResumeFiles.in(dir);
    files.save(new dev.dbsync.engine.resume.ResumePoint("t", "s", "big",
        com.fasterxml.jackson.databind.node.TextNode.valueOf("7"), 7, null).withKeysPending());
    try (var all = java.nio.file.Files.list(dir.resolve("resume"))) {
      for (Path f : all.toList()) {
        String json = java.nio.file.Files.readString(f);
        assertTrue(json.contains("\"keys_pending\":true"), json);
        java.nio.file.Files.writeString(f, json.replace(",\"keys_pending\":true", ""));
      }
    }
    var p = files.load("t", "s", "big").orElseThrow();
    assertEquals(7, p.rowsDone());
    assertTrue(!p.keysPending());
  }

  /** Resume files whose process dies right after the third batch's point is saved. */
  static dev.dbsync.engine.resume.ResumePoints cutBeforeFourthBatch(ResumeFiles files) {
    int[] saved = {0};
    return afterEachSave(files, point -> {
      if (++saved[0] == 3) {
        throw new dev.dbsync.engine.DbSyncException("killed");
      }
    });
  }

  /** Resume files that hand each point, once saved, to {@code then} (which may throw). */
  static dev.dbsync.engine.resume.ResumePoints afterEachSave(ResumeFiles files,
      java.util.function.Consumer<dev.dbsync.engine.resume.ResumePoint> then) {
    return new dev.dbsync.engine.resume.ResumePoints() {
      @Override
      public java.util.Optional<dev.dbsync.engine.resume.ResumePoint> load(String target,
          String source, String table) {
        return files.load(target, source, table);
      }

      @Override
      public void save(dev.dbsync.engine.resume.ResumePoint point) {
        files.save(point);
        then.accept(point);
      }

      @Override
      public void clear(String target, String source, String table) {
        files.clear(target, source, table);
      }
    };
  }

  /** A table's last batch saves no point (the table is finished next): small tables none. */
  @ParameterizedTest
  @CsvSource({"50, 0", "950, 9"})
  void theLastBatchSavesNoPoint(int rows, int saves) {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE big (id int PRIMARY KEY, v text);"
        + "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, " + rows + ") g;");
    String dst = Pg.newDatabase();
    java.util.List<String> saved = new java.util.ArrayList<>();
    ResumeFiles files = ResumeFiles.in(dir);
    dev.dbsync.engine.resume.ResumePoints counting = afterEachSave(files,
        point -> saved.add(point.table()));
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(new LocalSource(s), t, TransferOptions.defaults()
          .withBatchSize(100).withResumePoints(counting), null).run();
      assertTrue(r.succeeded(), r::toString);
      assertEquals(saves, saved.size(), saved::toString);
      assertTrue(files.load(t.locator().describe(), new LocalSource(s).sourceId(), "big")
          .isEmpty(), "no point is left after a completed table");
    }
    assertEquals("[[" + rows + "]]", Pg.query(dst, "SELECT count(*) FROM big").toString());
  }
}

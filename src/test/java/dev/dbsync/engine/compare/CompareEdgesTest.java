package dev.dbsync.engine.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.engine.transfer.TransferRunner;
import dev.dbsync.engine.transfer.LocalSource;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases that make a compare lie if it is careless: NULL against an empty string, float
 * NaN, json key order, a key that differs, a mirror cut half way. Each gives exact counts or
 * a clear message.
 */
class CompareEdgesTest {
  @TempDir
  Path dir;

  static CompareReport dryRun(Database source, Database target, Strategy strategy,
      String... tables) {
    return Compare.dryRun(new LocalSource(source), target, List.of(tables),
        TransferOptions.defaults().withStrategy(strategy, null), 3);
  }

  static TransferReport pull(Database source, Database target, Strategy strategy,
      String... tables) {
    TransferOptions o = TransferOptions.defaults().withTables(List.of(tables))
        .withStrategy(strategy, null);
    return new TransferRunner(new LocalSource(source), target,
        o.withScope(Compare.changesOnly(target, o)), null).run();
  }

  @Test
  void nullIsNotEmptyNanEqualsNanAndJsonKeyOrderDoesNotCount() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String ddl = "CREATE TABLE v (id int PRIMARY KEY, t text, f float8, j json, b jsonb);";
    Pg.exec(src, ddl + "INSERT INTO v VALUES (1, NULL, 'NaN', '{\"a\":1,\"b\":2}', '{\"x\":1}'),"
        + " (2, '', 1.5, '[1,2]', '{\"y\":[1,2]}'), (3, 'same', 'Infinity', '{}', 'null')");
    Pg.exec(tgt, ddl + "INSERT INTO v VALUES (1, NULL, 'NaN', '{\"b\":2, \"a\":1}', '{\"x\":1}'),"
        + " (2, NULL, 1.5, '[1,2]', '{\"y\":[1,2]}'), (3, 'same', 'Infinity', '{}', 'null')");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TableComparison c = dryRun(s, t, Strategy.OVERWRITE, "v").tables().get(0);
      assertEquals(new TableComparison.Counts(0, 1, 2, 0), c.diff(),
          "row 2: '' against NULL differs; row 1: NaN = NaN and json keys in any order");
      assertEquals("{\"t\":{\"old\":null,\"new\":\"\"}}",
          c.sample().get("changed").get(0).get("columns").toString());
    }
    // the same rows in SQLite: the canonical form agrees
    Path file = dir.resolve("v.db");
    try (Database s = Pg.open(src); Database t = Sample.open(file)) {
      pull(s, t, Strategy.SKIP, "v");
      TableComparison c = dryRun(s, t, Strategy.OVERWRITE, "v").tables().get(0);
      assertEquals(new TableComparison.Counts(0, 0, 3, 0), c.diff());
    }
  }

  @Test
  void valuesSqliteStoresItsOwnWayCompareAsTheSameRowsAndTheSameTypes() {
    String src = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE w (id int PRIMARY KEY, f float8, r real, a int[], d date, "
        + "ts timestamptz, iv interval, b bytea);"
        + "INSERT INTO w VALUES (1, '-0', '-0', '{}', '0001-01-01', 'infinity', '-1 mon', ''),"
        + " (2, 1e308, 'Infinity', '{1,NULL,3}', '2000-02-29', "
        + "'1999-12-31 23:59:59.999999+05', '1 day 02:00', '\\x00ff'),"
        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    Path file = dir.resolve("w.db");
    try (Database s = Pg.open(src); Database t = Sample.open(file)) {
      pull(s, t, Strategy.SKIP, "w");
      TableComparison c = dryRun(s, t, Strategy.MIRROR, "w").tables().get(0);
      // SQLite keeps no sign of zero in a REAL column: -0 equals 0, as in PostgreSQL
      assertEquals(new TableComparison.Counts(0, 0, 3, 0), c.diff(), c.sample().toString());
      assertTrue(c.drift().isEmpty(), "int[] is int[] at both ends: " + c.drift());
    }
  }

  @Test
  void aLengthPrecisionOrScaleThatDiffersIsReportedAndTheSameValuesStillCompareEqual() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String rows = "INSERT INTO s SELECT g, g / 4.0, 'w' || g, 'c' || (g % 10), g * 3 "
        + "FROM generate_series(1, 500) g";
    Pg.exec(src, "CREATE TABLE s (id int PRIMARY KEY, v numeric(10,2), w varchar(20), "
        + "c char(5), n int);" + rows);
    Pg.exec(tgt, "CREATE TABLE s (id int PRIMARY KEY, v numeric(12,4), w varchar(10), "
        + "c char(10), n bigint);" + rows + "; UPDATE s SET v = v + 1 WHERE id IN (3, 300)");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TableComparison c = dryRun(s, t, Strategy.MIRROR, "s").tables().get(0);
      assertEquals(new TableComparison.Counts(0, 2, 498, 0), c.diff(), c.sample().toString());
      assertEquals("[Retyped[column=v, source=numeric(10,2), target=numeric(12,4)], "
          + "Retyped[column=w, source=character varying(20), target=character varying(10)], "
          + "Retyped[column=c, source=character(5), target=character(10)], "
          + "Retyped[column=n, source=integer, target=bigint]]", c.drift().retyped().toString());
      pull(s, t, Strategy.MIRROR, "s");
      assertEquals(new TableComparison.Counts(0, 0, 500, 0),
          dryRun(s, t, Strategy.MIRROR, "s").tables().get(0).diff(),
          "after the mirror a padded char(10) and a numeric of scale 4 hold the same values");
    }
  }

  @Test
  void whenMostRowsDifferTheTableMovesWholeAndTheReportSaysSo() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String ddl = "CREATE TABLE m (id bigint PRIMARY KEY, v text);";
    Pg.exec(src, ddl + "INSERT INTO m SELECT g, 'v' || g FROM generate_series(1, 1000) g");
    Pg.exec(tgt, ddl + "INSERT INTO m SELECT g, 'v' || g FROM generate_series(1, 10) g;"
        + "INSERT INTO m VALUES (5000, 'gone')");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TransferReport r = pull(s, t, Strategy.MIRROR, "m");
      assertTrue(r.succeeded(), r.toString());
      assertEquals(new dev.dbsync.engine.transfer.Scope.Compared(990, 0, 10, 1, true, true),
          r.compared().get("m"));
      assertEquals(new TableComparison.Counts(0, 0, 1000, 0),
          dryRun(s, t, Strategy.MIRROR, "m").tables().get(0).diff());
    }
  }

  @Test
  void aTableWithoutAKeyThatHoldsTheSameRowsIsNotWrittenAgainByAnyStrategy() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String rows = "CREATE TABLE n (a int, b text); INSERT INTO n VALUES (1, 'x'), (1, 'x'), "
        + "(2, NULL)";
    Pg.exec(src, rows);
    Pg.exec(tgt, rows);
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      for (Strategy strategy : List.of(Strategy.SKIP, Strategy.OVERWRITE, Strategy.MERGE)) {
        TransferReport r = pull(s, t, strategy, "n");
        assertEquals(0, r.rows(), strategy + ": nothing changed, nothing written");
        assertEquals(new dev.dbsync.engine.transfer.Scope.Compared(0, 0, 3, 0, true, false),
            r.compared().get("n"));
      }
      assertEquals(new TableComparison.Counts(0, 0, 3, 0),
          dryRun(s, t, Strategy.MIRROR, "n").tables().get(0).diff(), "no row doubled");
      Pg.exec(src, "INSERT INTO n VALUES (3, 'y')");
      TransferReport r = pull(s, t, Strategy.MIRROR, "n");
      assertTrue(r.compared().get("n").movedWhole(), "a mirror replaced the table");
    }
  }

  @Test
  void aPullUpdatesTheRowsTheDryRunCountsAsChangedAndNoOthers() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String rows = "CREATE TABLE e (id int PRIMARY KEY, name text, n numeric, f float8, "
        + "j json, b jsonb, at timestamptz);"
        + "INSERT INTO e SELECT g, 'e' || g, g * 1.5, g / 4.0, json_build_object('a', g, "
        + "'b', 1), jsonb_build_object('a', g * 1.0), timestamptz '2026-01-01' + g * "
        + "interval '1 hour' FROM generate_series(1, 300) g;";
    Pg.exec(src, rows + "UPDATE e SET f = '-0' WHERE id = 20");
    // the same values written otherwise: a scale, a zero's sign, json's key order and
    // spacing, a jsonb number's trailing zeros; and two rows that really changed
    Pg.exec(tgt, rows + "UPDATE e SET n = round(n, 4) WHERE id BETWEEN 10 AND 19;"
        + "UPDATE e SET f = 0 WHERE id = 20;"
        + "UPDATE e SET j = ('{ \"b\": 1,  \"a\": ' || id || '}')::json WHERE id BETWEEN 30 AND 39;"
        + "UPDATE e SET b = ('{\"a\": ' || id || '.000}')::jsonb WHERE id = 40;"
        + "UPDATE e SET name = 'old' WHERE id IN (100, 200)");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TableComparison c = dryRun(s, t, Strategy.OVERWRITE, "e").tables().get(0);
      assertEquals(new TableComparison.Counts(0, 2, 298, 0), c.diff(), c.sample().toString());
      assertEquals(2, c.would().updated());
      // the whole table through the upsert (no compare first), then comparing first
      TransferReport whole = new TransferRunner(new LocalSource(s), t, TransferOptions
          .defaults().withTables(List.of("e")).withStrategy(Strategy.OVERWRITE, null), null)
          .run();
      assertEquals(2, whole.tables().get(0).result().updated(),
          "the rows the dry run counted as changed, not those written otherwise");
      Pg.exec(tgt, "UPDATE e SET name = 'old' WHERE id IN (100, 200)");
      assertEquals(2, pull(s, t, Strategy.OVERWRITE, "e").tables().get(0).result().updated());
      assertEquals(new TableComparison.Counts(0, 0, 300, 0),
          dryRun(s, t, Strategy.OVERWRITE, "e").tables().get(0).diff());
    }
    assertEquals("[[15.0000, e10], [150.0, e100]]", Pg.query(tgt, "SELECT n, name FROM e "
        + "WHERE id IN (10, 100) ORDER BY id").toString(),
        "an equal value is left as the target wrote it, a changed row takes the source's");
  }

  @Test
  void aMergesDryRunCountsTheRowsWhoseOnlyDifferencesAreNullsAtTheSourceAsSkipped() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String rows = "CREATE TABLE g (id int PRIMARY KEY, a text, b text, n int);"
        + "INSERT INTO g SELECT x, 'a' || x, 'b' || x, x FROM generate_series(1, 100) x;";
    Pg.exec(tgt, rows);
    // 1 and 4: only NULLs where they differ (merge keeps the target's); 2: a new value;
    // 3: a NULL (kept) and a new number (written)
    Pg.exec(src, rows + "UPDATE g SET b = NULL WHERE id = 1; UPDATE g SET a = 'new' WHERE id = 2;"
        + "UPDATE g SET a = NULL, n = 999 WHERE id = 3; UPDATE g SET a = NULL, b = NULL "
        + "WHERE id = 4");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TableComparison merge = dryRun(s, t, Strategy.MERGE, "g").tables().get(0);
      assertEquals(new TableComparison.Counts(0, 4, 96, 0), merge.diff());
      assertEquals(new TableComparison.Would(0, 2, 2, 0), merge.would());
      assertEquals("[{\"key\":{\"id\":2},\"columns\":{\"a\":{\"old\":\"a2\",\"new\":\"new\"}}}, "
          + "{\"key\":{\"id\":3},\"columns\":{\"n\":{\"old\":3,\"new\":999}}}]",
          merge.sample().get("changed").toString(), "what merge writes, not the NULLs");
      assertEquals(new TableComparison.Would(0, 4, 0, 0),
          dryRun(s, t, Strategy.OVERWRITE, "g").tables().get(0).would(), "overwrite writes all");
      var pulled = pull(s, t, Strategy.MERGE, "g").tables().get(0).result();
      assertEquals(merge.would().updated(), pulled.updated(), "the pull does what it said");
    }
    assertEquals("[[1, a1, b1, 1], [2, new, b2, 2], [3, a3, b3, 999], [4, a4, b4, 4]]",
        Pg.query(tgt, "SELECT * FROM g WHERE id <= 4 ORDER BY id").toString());
  }

  @Test
  void aKeyThatDiffersIsReportedAndAMirrorLeavesTheTableAlone() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    Pg.exec(src, "CREATE TABLE k (id int PRIMARY KEY, code text NOT NULL);"
        + "INSERT INTO k VALUES (1, 'a'), (2, 'b')");
    Pg.exec(tgt, "CREATE TABLE k (id int NOT NULL, code text PRIMARY KEY);"
        + "INSERT INTO k VALUES (1, 'a'), (9, 'z')");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TableComparison c = dryRun(s, t, Strategy.MIRROR, "k").tables().get(0);
      assertNull(c.diff());
      assertTrue(c.error().contains("(id) in the source, (code) in the target"), c.error());
      TransferReport r = pull(s, t, Strategy.MIRROR, "k");
      TableOutcome o = r.tables().get(0);
      assertEquals(TableOutcome.Status.FAILED, o.status());
      assertTrue(o.error().contains("left alone"), o.error());
    }
    assertEquals("[[1, a], [9, z]]", Pg.query(tgt, "SELECT id, code FROM k ORDER BY id")
        .toString(), "nothing touched");
  }

  @Test
  void aMirrorCutHalfWayLeavesTheTargetConsistentAndARerunFinishesIt() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String ddl = "CREATE TABLE p (id int PRIMARY KEY, v text);"
        + "CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p(id), v text);";
    Pg.exec(src, ddl + "INSERT INTO p SELECT g, 'v' || g FROM generate_series(1, 5000) g;"
        + "INSERT INTO c SELECT g, g, 'c' || g FROM generate_series(1, 5000) g;");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      Pg.exec(tgt, ddl);
      pull(s, t, Strategy.SKIP, "p", "c");
    }
    Pg.exec(src, "UPDATE p SET v = v || '!' WHERE id % 2 = 0; DELETE FROM c WHERE id > 4000;"
        + "DELETE FROM p WHERE id > 4500; INSERT INTO p SELECT g, 'n' FROM "
        + "generate_series(6001, 6500) g");
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TransferOptions o = TransferOptions.defaults().withTables(List.of("p", "c"))
          .withStrategy(Strategy.MIRROR, null).withBatchSize(100);
      TransferRunner runner = new TransferRunner(new LocalSource(s), t,
          o.withScope(Compare.changesOnly(t, o)), new dev.dbsync.engine.transfer
          .TransferListener() {
            long seen;

            @Override
            public void progress(dev.dbsync.engine.transfer.TransferProgress p) {
              if (++seen == 5) {
                runnerRef[0].cancel();
              }
            }
          });
      runnerRef[0] = runner;
      TransferReport cut = runner.run();
      assertTrue(cut.tables().stream().anyMatch(x -> x.status()
          == TableOutcome.Status.CANCELLED), cut.toString());
    }
    // consistent: every child has its parent
    assertEquals("0", Pg.query(tgt, "SELECT count(*) FROM c LEFT JOIN p ON p.id = c.p "
        + "WHERE p.id IS NULL").get(0).get(0));
    try (Database s = Pg.open(src); Database t = Pg.open(tgt)) {
      TransferReport again = pull(s, t, Strategy.MIRROR, "p", "c");
      assertTrue(again.succeeded(), again.toString());
      for (TableComparison c : dryRun(s, t, Strategy.MIRROR, "p", "c").tables()) {
        assertEquals(0, c.diff().fresh() + c.diff().changed() + c.diff().onlyTarget(),
            c.table() + " " + c.diff());
      }
    }
  }

  private final TransferRunner[] runnerRef = new TransferRunner[1];
}

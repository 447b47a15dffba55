package dev.dbsync.engine.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.HashSpec;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare before importing and move only what changed, over a real link: a dry run's counts,
 * a mirror that leaves the target equal to the source, a re-run that writes nothing, into
 * PostgreSQL and SQLite.
 */
class CompareTest {
  @TempDir
  Path dir;

  static final String SCHEMA = """
      CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric(10,2), tags jsonb,
        doc json, score double precision, created_at timestamptz, flag boolean);
      CREATE TABLE notes (id integer PRIMARY KEY, item_id bigint REFERENCES items(id),
        note text);
      CREATE TABLE events (kind text, at timestamp);
      INSERT INTO items SELECT g, 'item ' || g, g * 1.25, jsonb_build_object('a', g, 'b', 'x'),
        json_build_object('k', g, 'z', true), g / 3.0,
        timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour', g % 2 = 0
        FROM generate_series(1, 2000) g;
      INSERT INTO notes SELECT g, g, 'note ' || g FROM generate_series(1, 500) g;
      INSERT INTO events SELECT 'k' || (g % 7), timestamp '2026-01-01' + g * interval '1 minute'
        FROM generate_series(1, 300) g;
      """;

  /** What changes on the source after the first pull. */
  static final String CHANGES = """
      INSERT INTO items SELECT g, 'new ' || g, 1, '{}', '{}', 0, now(), true
        FROM generate_series(2001, 2005) g;
      UPDATE items SET name = 'renamed' WHERE id = 10;
      UPDATE items SET price = 99.99 WHERE id = 20;
      UPDATE items SET score = 'NaN' WHERE id = 30;
      UPDATE items SET tags = '{"a": 40, "b": "changed"}' WHERE id = 40;
      UPDATE items SET created_at = created_at + interval '1 second' WHERE id = 50;
      DELETE FROM notes WHERE id = 7;
      DELETE FROM items WHERE id = 7 OR id BETWEEN 1995 AND 1999;
      UPDATE events SET kind = 'changed' WHERE at < '2026-01-01 00:04';
      """;

  /** Shares {@code source} on a loopback port (with or without extensions) and connects. */
  static <T> T linked(String source, boolean extensions,
      java.util.function.Function<SyncClient, T> work) {
    try (Database src = Pg.open(source);
         ShareServer server = new ShareServer(src, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withExtensions(extensions)
             .withMode(IncomingMode.AUTO_ACCEPT, null), null)) {
      server.start();
      try (SyncClient c = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        return work.apply(c);
      }
    }
  }

  static TransferReport pull(String source, Database target, Strategy strategy,
      boolean extensions, List<String> tables) {
    TransferOptions o = TransferOptions.defaults().withTables(tables)
        .withStrategy(strategy, null);
    return linked(source, extensions, c -> c.transferAll(target,
        o.withScope(Compare.changesOnly(target, o)), null));
  }

  static CompareReport dryRun(String source, Database target, Strategy strategy,
      boolean extensions, int sample) {
    TransferOptions o = TransferOptions.defaults().withStrategy(strategy, null);
    return linked(source, extensions, c -> Compare.dryRun(c, target,
        List.of("items", "notes", "events"), o, sample));
  }

  static Map<String, TableComparison> byTable(CompareReport r) {
    return r.tables().stream().collect(Collectors.toMap(TableComparison::table,
        Function.identity()));
  }

  static Map<String, TableOutcome> outcomes(TransferReport r) {
    return r.tables().stream().collect(Collectors.toMap(TableOutcome::table,
        Function.identity()));
  }

  static String source() {
    String url = Pg.newDatabase();
    Pg.exec(url, SCHEMA);
    return url;
  }

  @Test
  void aDryRunCountsEachKindOfRowAndWritesNothing() {
    String src = source();
    String tgt = pulledThenChanged(src, true);
    String before = fingerprint(tgt);
    CompareReport r;
    try (Database target = Pg.open(tgt)) {
      r = dryRun(src, target, Strategy.MIRROR, true, 3);
    }
    assertEquals(before, fingerprint(tgt), "the dry run wrote nothing");
    assertTrue(r.fastCompare());
    assertNull(r.note());
    TableComparison items = byTable(r).get("items");
    assertEquals(new TableComparison.Counts(5, 6, 1988, 6), items.diff());
    assertEquals(new TableComparison.Would(5, 6, 0, 6), items.would());
    assertFalse(items.createTable());
    assertEquals(new TableComparison.Counts(0, 0, 499, 1), byTable(r).get("notes").diff());
    TableComparison events = byTable(r).get("events");
    assertEquals(new TableComparison.Counts(3, 0, 297, 3), events.diff(), "a multiset");
    assertEquals(new TableComparison.Would(300, 0, 0, 300), events.would(),
        "a mirror replaces a table without a key");
    // the sample: changed rows with the columns that differ, old and new
    var changed = items.sample().get("changed");
    assertEquals(3, changed.size());
    assertEquals(3, items.sample().get("new").size());
    assertEquals(3, items.sample().get("only_target").size());
    String all = changed.toString();
    assertTrue(all.contains("\"name\":{\"old\":\"item 10\",\"new\":\"renamed\"}"), all);
  }

  @Test
  void aMirrorLeavesTheTargetEqualToTheSourceAndARerunWritesNothing() {
    String src = source();
    String tgt = pulledThenChanged(src, true);
    try (Database target = Pg.open(tgt)) {
      TransferReport r = pull(src, target, Strategy.MIRROR, true, List.of());
      assertTrue(r.succeeded(), r.toString());
      var items = outcomes(r).get("items").result();
      assertEquals(5, items.created());
      assertEquals(6, items.updated());
      assertEquals(6, items.deleted());
      assertEquals(1, outcomes(r).get("notes").result().deleted(), "children first");
      assertEquals(new dev.dbsync.engine.transfer.Scope.Compared(5, 6, 1988, 6, true, false),
          r.compared().get("items"));
      assertEquals(300, outcomes(r).get("events").result().created());
      assertEquals(300, outcomes(r).get("events").result().deleted());
    }
    assertEquals(fingerprint(src), fingerprint(tgt));
    try (Database target = Pg.open(tgt)) {
      TransferReport again = pull(src, target, Strategy.MIRROR, true, List.of());
      assertEquals(0, again.rows(), "nothing changed: nothing written");
      again.tables().forEach(t -> assertEquals(0, t.result().deleted()));
    }
    assertEquals(fingerprint(src), fingerprint(tgt));
  }

  @Test
  void moreDifferingRowsThanAPullHoldsKeysForMoveWholeOrLeaveAMirrorAlone() {
    String src = source();
    String tgt = pulledThenChanged(src, true);
    // items: 5 new and 6 changed rows, 6 the source lacks; at most 3 moved by key, 10 deleted
    try (Database target = Pg.open(tgt)) {
      TransferOptions o = TransferOptions.defaults().withStrategy(Strategy.MIRROR, null);
      TransferReport r = linked(src, true, c -> c.transferAll(target,
          o.withScope(Compare.changesOnly(target, o, 3, 10)), null));
      assertTrue(r.succeeded(), r.toString());
      assertEquals(new dev.dbsync.engine.transfer.Scope.Compared(5, 6, 1988, 6, true, true),
          r.compared().get("items"), "moved whole, its keys not held");
      assertEquals(6, outcomes(r).get("items").result().deleted());
    }
    assertEquals(fingerprint(src), fingerprint(tgt));

    String src2 = source();
    String tgt2 = pulledThenChanged(src2, true);
    String before = fingerprint(tgt2);
    try (Database target = Pg.open(tgt2)) {
      // 6 rows the source lacks, a mirror deleting at most 4 by key: the table is left alone
      TransferOptions o = TransferOptions.defaults().withTables(List.of("items"))
          .withStrategy(Strategy.MIRROR, null);
      TransferReport r = linked(src2, true, c -> c.transferAll(target,
          o.withScope(Compare.changesOnly(target, o, 3, 4)), null));
      TableOutcome items = outcomes(r).get("items");
      assertEquals(TableOutcome.Status.FAILED, items.status());
      assertTrue(items.error().contains("holds 6 rows the source lacks: a mirror deletes up to "
          + "4 rows by key"), items.error());
    }
    assertEquals(before, fingerprint(tgt2), "nothing touched");

    // skip: more new rows than a pull holds keys for, so the whole table moves, and the rows
    // already there stay as they are
    try (Database target = Pg.open(tgt2)) {
      TransferOptions o = TransferOptions.defaults().withTables(List.of("items"))
          .withStrategy(Strategy.SKIP, null);
      TransferReport r = linked(src2, true, c -> c.transferAll(target,
          o.withScope(Compare.changesOnly(target, o, 3, 4)), null));
      assertTrue(r.succeeded(), r.toString());
      assertTrue(r.compared().get("items").movedWhole(), r.compared().toString());
      assertEquals(5, outcomes(r).get("items").result().created());
    }
    assertEquals("[[2005, item 10, null]]", Pg.query(tgt2, "SELECT count(*), "
        + "(SELECT name FROM items WHERE id = 10), (SELECT name FROM items WHERE id = 70) "
        + "FROM items").toString(), "the changed rows kept, the new ones added");
  }

  @Test
  void aDryRunHoldsTheKeysOfItsSampleOnlyAndCountsEveryRow() {
    String src = source();
    String tgt = pulledThenChanged(src, true);
    try (Database target = Pg.open(tgt)) {
      TableComparison items = byTable(dryRun(src, target, Strategy.MIRROR, true, 2))
          .get("items");
      assertEquals(new TableComparison.Counts(5, 6, 1988, 6), items.diff());
      assertEquals(2, items.found().newKeys().size());
      assertEquals(2, items.found().changedKeys().size());
      assertEquals(2, items.found().onlyTargetKeys().size());
      assertEquals(2, items.sample().get("only_target").size());
      TableComparison none = byTable(dryRun(src, target, Strategy.MIRROR, true, 0))
          .get("items");
      assertEquals(items.diff(), none.diff());
      assertEquals(0, none.found().newKeys().size() + none.found().changedKeys().size()
          + none.found().onlyTargetKeys().size(), "no sample, no key held");
    }
  }

  @Test
  void aSenderWithoutTheExtensionComparesKeysBeyondTheTargetsInBoundedMemory() {
    String ddl = "CREATE TABLE older (id bigint PRIMARY KEY, v text);";
    String src = Pg.newDatabase();
    Pg.exec(src, ddl + "INSERT INTO older SELECT g, 'v' || g FROM generate_series(1, 60000) g");
    String tgt = Pg.newDatabase();
    // a copy of the first 300 rows: the source's other keys lie beyond the target's
    Pg.exec(tgt, ddl + "INSERT INTO older SELECT g, 'v' || g FROM generate_series(1, 300) g;"
        + "UPDATE older SET v = 'old' WHERE id IN (5, 290)");
    TableComparison.Counts expected = new TableComparison.Counts(59_700, 2, 298, 0);
    TransferOptions o = TransferOptions.defaults().withStrategy(Strategy.MIRROR, null);
    try (Database target = Pg.open(tgt)) {
      CompareReport report = linked(src, false, c -> Compare.dryRun(c, target,
          List.of("older"), o, 2));
      assertEquals(expected, byTable(report).get("older").diff());
      // the samples of a sender that cannot filter: its rows read, those keys picked
      assertEquals(2, byTable(report).get("older").sample().get("changed").size());
      assertEquals(2, byTable(report).get("older").sample().get("new").size());
      // keeping 1,000 of the source's rows at most: each second look reads it again
      TableDiff few = linked(src, false, c -> {
        try (dev.dbsync.engine.db.TableReader reader = target.openReader()) {
          HashSpec spec = new HashSpec(List.of("id"), List.of("id", "v"),
              List.of("integer", "text"), 2, false, 0L, 150L);
          return Differ.diff(Differ.reading(c, "older", 1000), Differ.local(reader, "older"),
              spec, false, false, 10, 10);
        }
      });
      assertEquals(expected, new TableComparison.Counts(few.fresh(), few.changed(),
          few.identical(), few.onlyTarget()));
    }
  }

  @Test
  void aFewFarKeysDoNotStretchTheKeyRanges() {
    String tgt = Pg.newDatabase();
    Pg.exec(tgt, "CREATE TABLE far (id bigint PRIMARY KEY, v text);"
        + "INSERT INTO far SELECT g, 'v' FROM generate_series(1, 5000) g;"
        + "INSERT INTO far VALUES (-7, 'test row'), (1000000000000, 'test row')");
    HashSpec probe = new HashSpec(List.of("id"), List.of("id", "v"),
        List.of("integer", "text"), 20, true);
    try (Database target = Pg.open(tgt);
         dev.dbsync.engine.db.TableReader reader = target.openReader()) {
      HashSpec spec = Compare.ranged(probe, reader, "far", 5002);
      assertTrue(spec.ranged(), "ranges up to the body of the keys, not 10^12 wide");
      // from -7 (as near the rest as they are to each other) to the key 256 rows below the
      // top: 4,753 keys over 20 buckets
      assertEquals(238, spec.keyStep(), spec.toString());
      // statistics that do not know the rows yet: both ends cut at the body, as it is half as
      // wide again (4,490 keys 256 rows in from either end, over 20 buckets)
      HashSpec unknown = Compare.ranged(probe, reader, "far", 0);
      assertTrue(unknown.ranged(), unknown.toString());
      assertEquals(225, unknown.keyStep(), unknown.toString());
      assertEquals(19, unknown.rangeBucket(1_000_000_000_000L));
      assertEquals(0, spec.rangeBucket(-7));
      assertEquals(19, spec.rangeBucket(1_000_000_000_000L));
    }
  }

  @Test
  void overwriteMovesOnlyChangedRowsAndSkipOnlyNewOnes() {
    String src = source();
    String tgt = pulledThenChanged(src, false);
    try (Database target = Pg.open(tgt)) {
      TransferReport skip = pull(src, target, Strategy.SKIP, true, List.of("items"));
      var r = outcomes(skip).get("items");
      assertEquals(5, r.result().created());
      assertEquals(0, r.result().updated());
      assertEquals(5, r.rowsExpected(), "only the new keys were read");
      TransferReport over = pull(src, target, Strategy.OVERWRITE, true, List.of("items"));
      var o = outcomes(over).get("items");
      assertEquals(0, o.result().created());
      assertEquals(5, o.result().updated());
      assertEquals(0, o.result().deleted(), "overwrite deletes nothing");
    }
    assertEquals("2005", Pg.query(tgt, "SELECT count(*) FROM items").get(0).get(0),
        "the 2000 first pulled and the 5 new: overwrite keeps the rows the source lacks");
  }

  @Test
  void aDryRunOfATableWithoutAKeySaysWhatThePullThenWrites() {
    String src = source();
    String tgt = Pg.newDatabase();
    try (Database target = Pg.open(tgt)) {
      pull(src, target, Strategy.SKIP, true, List.of());
      // the same 300 rows at both ends: a sender with checksums compares first and moves
      // nothing, whatever the strategy; an older one has every row inserted again
      for (boolean extensions : List.of(true, false)) {
        for (Strategy s : List.of(Strategy.SKIP, Strategy.OVERWRITE, Strategy.MERGE)) {
          TableComparison.Would would = byTable(dryRun(src, target, s, extensions, 0))
              .get("events").would();
          long created = outcomes(pull(src, target, s, extensions, List.of("events")))
              .get("events").result().created();
          assertEquals(extensions ? 0 : 300, created, s + " " + extensions);
          assertEquals(new TableComparison.Would(created, 0, 0, 0), would,
              s + (extensions ? "" : " from an older sender"));
          if (!extensions) {
            Pg.exec(tgt, "DELETE FROM events WHERE ctid IN (SELECT ctid FROM events "
                + "ORDER BY ctid DESC LIMIT 300)");
          }
        }
      }
    }
  }

  @Test
  void aSenderWithoutTheExtensionStillGetsAnExactDryRun() {
    String src = source();
    String tgt = pulledThenChanged(src, true);
    try (Database target = Pg.open(tgt)) {
      CompareReport r = dryRun(src, target, Strategy.MIRROR, false, 3);
      assertFalse(r.fastCompare());
      assertNotNull(r.note());
      assertEquals(new TableComparison.Counts(5, 6, 1988, 6), byTable(r).get("items").diff());
      assertEquals(new TableComparison.Counts(3, 0, 297, 3), byTable(r).get("events").diff());
      assertEquals(3, byTable(r).get("items").sample().get("changed").size(),
          "a sender that cannot filter: the sample's rows picked from a read of every row");
      // a mirror compares by reading the rows, moves the rows that differ by key, and leaves
      // the target equal to the source
      TransferReport mirror = pull(src, target, Strategy.MIRROR, false, List.of());
      assertTrue(mirror.succeeded(), mirror.toString());
      assertFalse(mirror.compared().get("items").fast());
      assertEquals(5, outcomes(mirror).get("items").result().created());
      assertEquals(6, outcomes(mirror).get("items").result().updated());
      // an overwrite moves every row as before (no row read twice, no keys held here)
      TransferReport over = pull(src, target, Strategy.OVERWRITE, false, List.of("items"));
      assertTrue(over.compared().isEmpty(), over.compared().toString());
      // equal by content (a base-layer sender's json arrives re-serialised: same document,
      // other whitespace, which the compare rightly counts as identical)
      for (TableComparison t : dryRun(src, target, Strategy.MIRROR, true, 0).tables()) {
        assertEquals(0, t.diff().fresh() + t.diff().changed() + t.diff().onlyTarget(),
            t.table() + " " + t.diff());
      }
    }
  }

  @Test
  void intoSqliteAndBackTheRowFormIsTheSameOnBothSides() throws Exception {
    String src = source();
    Path file = dir.resolve("target.db");
    try (Database target = Sample.open(file)) {
      pull(src, target, Strategy.SKIP, true, List.of());
      CompareReport same = dryRun(src, target, Strategy.MIRROR, true, 0);
      for (TableComparison t : same.tables()) {
        assertEquals(0, t.diff().fresh() + t.diff().changed() + t.diff().onlyTarget(),
            t.table() + " " + t.diff());
      }
    }
    Pg.exec(src, CHANGES);
    try (Database target = Sample.open(file)) {
      CompareReport r = dryRun(src, target, Strategy.MIRROR, true, 0);
      assertEquals(new TableComparison.Counts(5, 5, 1989, 6), byTable(r).get("items").diff());
      TransferReport m = pull(src, target, Strategy.MIRROR, true, List.of());
      assertTrue(m.succeeded(), m.toString());
      CompareReport after = dryRun(src, target, Strategy.MIRROR, true, 0);
      for (TableComparison t : after.tables()) {
        assertEquals(0, t.diff().fresh() + t.diff().changed() + t.diff().onlyTarget(),
            t.table() + " " + t.diff());
      }
    }
  }

  @Test
  void aFloatInTheSampleReadsAsPostgresqlWritesItNotAsItsBinaryExpansion() {
    String src = Pg.newDatabase();
    String tgt = Pg.newDatabase();
    String ddl = "CREATE TABLE f (id int PRIMARY KEY, x float8, y real, n numeric);";
    Pg.exec(src, ddl + "INSERT INTO f VALUES (1, 0.1, 0.1, 2.50), (2, 1e-300, 3.4e38, 0)");
    Pg.exec(tgt, ddl + "INSERT INTO f VALUES (1, 1, 1, 1), (2, 1, 1, 0)");
    try (Database target = Pg.open(tgt)) {
      CompareReport r = linked(src, true, c -> Compare.dryRun(c, target, List.of("f"),
          TransferOptions.defaults().withStrategy(Strategy.MIRROR, null), 2));
      String changed = r.tables().get(0).sample().get("changed").toString();
      assertTrue(changed.contains("\"x\":{\"old\":1.0,\"new\":0.1}"), changed);
      assertTrue(changed.contains("\"y\":{\"old\":1.0,\"new\":0.1}"), changed);
      assertTrue(changed.contains("\"x\":{\"old\":1.0,\"new\":1.0E-300}"), changed);
      assertTrue(changed.contains("\"n\":{\"old\":\"1\",\"new\":\"2.50\"}"), "a numeric keeps its "
          + "scale: " + changed);
    }
  }

  @Test
  void aChildPulledAloneMovesOnlyTheReferencedParentsThatChanged() {
    String src = Pg.newDatabase();
    Pg.exec(src, """
        CREATE TABLE p (id int PRIMARY KEY, name text);
        CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));
        INSERT INTO p SELECT g, 'p' || g FROM generate_series(1, 3000) g;
        INSERT INTO c SELECT g, 1 + g % 2500 FROM generate_series(1, 5000) g;
        """);
    String tgt = Pg.newDatabase();
    // as the command line pulls: the rows the chosen ones reference come along
    TransferOptions o = TransferOptions.defaults().withTables(List.of("c"))
        .withStrategy(Strategy.MIRROR, null).withScope(dev.dbsync.engine.subset.Subsets.scope(
            dev.dbsync.engine.subset.SubsetSpec.none()));
    try (Database target = Pg.open(tgt)) {
      java.util.function.Supplier<TransferReport> pull = () -> linked(src, true, c ->
          c.transferAll(target, o.withScope(Compare.changesOnly(target, o)), null));
      TransferReport first = pull.get();
      assertEquals(2500, outcomes(first).get("p").result().created(), "the referenced parents");
      // three referenced parents change, a child references a parent the target lacks, and a
      // parent no child references changes
      Pg.exec(src, "UPDATE p SET name = 'changed' WHERE id IN (5, 600, 2400);"
          + "INSERT INTO c VALUES (5001, 2700); UPDATE p SET name = 'x' WHERE id = 2900");
      TransferReport again = pull.get();
      assertTrue(again.succeeded(), again.toString());
      TableOutcome p = outcomes(again).get("p");
      assertEquals(4, p.rowsExpected(), "3 changed and 1 new referenced parent, not all 2,501");
      assertEquals(1, p.result().created());
      assertEquals(3, p.result().updated());
      assertEquals(0, p.result().deleted(), "a table added for references loses nothing");
      assertEquals(1, outcomes(again).get("c").result().created());
    }
    String referenced = "SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM p "
        + "WHERE id IN (SELECT p_id FROM c)";
    assertEquals(Pg.query(src, referenced), Pg.query(tgt, referenced));
    assertEquals(List.of(List.of("2501")), Pg.query(tgt, "SELECT count(*) FROM p"),
        "the referenced parents only (2900, changed but not referenced, did not move)");
  }

  /**
   * A target that holds a few of the source's keys (a development copy of a table that grew
   * since), and keys a far outlier spreads thin: the rows beyond the target's keys, or crowded
   * in one key range, would not fit one answer of the sender (found by hand: such a dry run
   * failed with "More than 250000 rows in the buckets asked for").
   */
  @Test
  void keysBeyondTheTargetsOrSpreadByAFarOutlierStillCompareExactly() {
    String ddl = "CREATE TABLE grown (id bigint PRIMARY KEY, v text);"
        + "CREATE TABLE older (id bigint PRIMARY KEY, v text);"
        + "CREATE TABLE far (id bigint PRIMARY KEY, v text);";
    String src = Pg.newDatabase();
    Pg.exec(src, ddl + "INSERT INTO grown SELECT g, 'v' || g FROM generate_series(1, 260000) g;"
        + "INSERT INTO older SELECT * FROM grown;"
        + "INSERT INTO far SELECT * FROM grown; INSERT INTO far VALUES (1000000000000, 'far')");
    String tgt = Pg.newDatabase();
    Pg.exec(tgt, ddl + "INSERT INTO grown SELECT g, 'v' || g FROM generate_series(1, 100) g;"
        + "UPDATE grown SET v = 'old' WHERE id = 7;"
        // the newest rows only: the source's older keys lie below the target's
        + "INSERT INTO older SELECT g, 'v' || g FROM generate_series(259901, 260000) g;"
        + "UPDATE older SET v = 'old' WHERE id = 259950;"
        + "INSERT INTO far SELECT g, 'v' || g FROM generate_series(1, 260000) g "
        + "WHERE g <> 130000;"
        + "INSERT INTO far VALUES (1000000000000, 'far'), (300000, 'only here');"
        + "UPDATE far SET v = 'old' WHERE id = 5");
    List<String> tables = List.of("grown", "older", "far");
    TransferOptions o = TransferOptions.defaults().withStrategy(Strategy.MIRROR, null);
    try (Database target = Pg.open(tgt)) {
      CompareReport report = linked(src, true, c -> Compare.dryRun(c, target, tables, o, 1));
      Map<String, TableComparison> r = byTable(report);
      // the rows of key ranges the target has none of are counted as new, not read
      assertTrue(report.bytes() < 3_000_000, report.bytes() + " bytes over the link");
      assertEquals(new TableComparison.Counts(259_900, 1, 99, 0), r.get("grown").diff());
      assertEquals(new TableComparison.Counts(259_900, 1, 99, 0), r.get("older").diff());
      assertEquals(new TableComparison.Counts(1, 1, 259_999, 1), r.get("far").diff());
      TransferReport mirrored = pull(src, target, Strategy.MIRROR, true, tables);
      assertTrue(mirrored.succeeded(), mirrored.toString());
    }
    String rows = "SELECT (SELECT count(*) || md5(string_agg(g::text, '|' ORDER BY id)) "
        + "FROM grown g), (SELECT count(*) || md5(string_agg(o::text, '|' ORDER BY id)) "
        + "FROM older o), (SELECT count(*) || md5(string_agg(f::text, '|' ORDER BY id)) "
        + "FROM far f)";
    assertEquals(Pg.query(src, rows).toString(), Pg.query(tgt, rows).toString());
  }

  /**
   * A target pulled from {@code src}, then the source changed ({@link #CHANGES}) and, with
   * {@code editTarget}, one row of the target too (a change made only there).
   */
  static String pulledThenChanged(String src, boolean editTarget) {
    String tgt = Pg.newDatabase();
    try (Database target = Pg.open(tgt)) {
      pull(src, target, Strategy.SKIP, true, List.of());
    }
    Pg.exec(src, CHANGES);
    if (editTarget) {
      Pg.exec(tgt, "UPDATE items SET name = NULL WHERE id = 70");
    }
    return tgt;
  }

  /** Every row of the three tables, hashed (the same settings on both databases). */
  static String fingerprint(String url) {
    return Pg.query(url, "SELECT (SELECT md5(string_agg(i::text, '|' ORDER BY id)) FROM items i),"
        + " (SELECT md5(string_agg(n::text, '|' ORDER BY id)) FROM notes n),"
        + " (SELECT md5(string_agg(e::text, '|' ORDER BY e::text)) FROM events e),"
        + " (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')").toString();
  }
}

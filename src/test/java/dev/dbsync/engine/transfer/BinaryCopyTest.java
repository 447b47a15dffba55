package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sharing;
import dev.dbsync.support.WatchedSource;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Rows between two PostgreSQL databases travel as binary COPY where both sides have the same
 * built-in types, every value arriving as it left; a batch the target refuses goes on as text
 * from the last committed row, nothing lost or written twice.
 */
class BinaryCopyTest {
  static final int ROWS = 3_000;
  static String source;

  @BeforeAll
  static void load() {
    source = Pg.newDatabase();
    Pg.exec(source, "CREATE TABLE kinds (id bigint PRIMARY KEY, small smallint, whole integer, "
        + "name text, code varchar(12), flag char(3), price numeric(12,2), big numeric, "
        + "ratio real, score double precision, active boolean, born date, at time, "
        + "seen timestamp, stamp timestamptz, span interval, ref uuid, doc jsonb, raw json, "
        + "blob bytea);"
        + "INSERT INTO kinds SELECT g, (g % 30000)::smallint, g * 7, "
        + "CASE WHEN g % 4 = 0 THEN NULL ELSE 'name ' || g || E'\\t\\n\\\\ ✓' END, "
        + "'c' || (g % 1000), 'ab', (g % 100000) / 100.0, "
        + "CASE WHEN g % 50 = 0 THEN 'NaN'::numeric ELSE (g::numeric ^ 3) / 7 END, "
        + "g / 3.0, CASE WHEN g % 100 = 0 THEN 'Infinity'::float8 WHEN g % 101 = 0 THEN "
        + "'NaN'::float8 ELSE g * 1.5 END, g % 2 = 0, "
        + "CASE WHEN g % 97 = 0 THEN '-infinity'::date WHEN g % 89 = 0 THEN '0044-03-15 BC'::date "
        + "ELSE date '2024-01-01' + g END, time '00:00' + g * interval '1 second', "
        + "timestamp '2024-01-01' + g * interval '1 minute', "
        + "CASE WHEN g % 83 = 0 THEN 'infinity'::timestamptz ELSE timestamptz "
        + "'2024-01-01 00:00:00.123456+00' + g * interval '1 hour' END, "
        + "make_interval(0, g % 13, 0, g % 31, 0, 0, g / 1000.0), md5(g::text)::uuid, "
        + "jsonb_build_object('k', g, 'ü', 't' || (g % 10)), '{\"b\": 1, \"a\": [1, 2]}', "
        + "decode(lpad(to_hex(g), 8, '0'), 'hex') FROM generate_series(1, " + ROWS + ") g");
  }

  @Test
  void everyKindArrivesAsItLeftAndTheRowsTravelledAsBinary() {
    String dst = Pg.newDatabase();
    Set<String> called = ConcurrentHashMap.newKeySet();
    try (Database s = Pg.open(source); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(WatchedSource.of(new LocalSource(s), called), t,
          TransferOptions.defaults().withBatchSize(700), null).run();
      assertTrue(r.succeeded(), r::toString);
      assertEquals(ROWS, r.tables().get(0).result().created());
      assertTrue(called.contains("copyBinary"), called::toString);
      assertFalse(called.contains("copy"), called::toString);
      assertEquals(Rows.all(s, "kinds"), Rows.all(t, "kinds"));
    }
    assertEquals(Pg.query(source, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k"),
        Pg.query(dst, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k"));
  }

  @Test
  void overTheLinkTooEveryValueArrives() {
    String dst = Pg.newDatabase();
    try (Database src = Pg.open(source); ShareServer server = Sharing.start(src);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults()); Database t = Pg.open(dst)) {
      assertTrue(client.canCopyBinary("kinds"));
      TransferReport r = client.transferAll(t, TransferOptions.defaults(), null);
      assertTrue(r.succeeded(), r::toString);
      assertEquals(ROWS, r.tables().get(0).result().created());
    }
    assertEquals(Pg.query(source, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k"),
        Pg.query(dst, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k"));
  }

  @Test
  void aBatchTheTargetRefusesGoesOnAsTextFromTheLastCommittedRow() {
    String dst = Pg.newDatabase();
    // the target's own table: the same types, and a rule one row breaks in the third batch
    Pg.exec(dst, "CREATE TABLE kinds (id bigint PRIMARY KEY CHECK (id <> 1500), small smallint, "
        + "whole integer, name text, code varchar(12), flag char(3), price numeric(12,2), "
        + "big numeric, ratio real, score double precision, active boolean, born date, at time, "
        + "seen timestamp, stamp timestamptz, span interval, ref uuid, doc jsonb, raw json, "
        + "blob bytea)");
    Set<String> called = ConcurrentHashMap.newKeySet();
    try (Database s = Pg.open(source); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(WatchedSource.of(new LocalSource(s), called), t,
          TransferOptions.defaults().withBatchSize(700), null).run();
      TableOutcome o = r.tables().get(0);
      assertTrue(called.contains("copyBinary") && called.contains("copy"), called::toString);
      assertEquals(ROWS - 1, o.result().created(), r::toString);
      assertEquals(1, o.result().errors().size(), r::toString);
    }
    assertEquals(List.of(List.of(Integer.toString(ROWS - 1), Integer.toString(ROWS - 1))),
        Pg.query(dst, "SELECT count(*), count(DISTINCT id) FROM kinds"));
    assertEquals(Pg.query(source, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k "
        + "WHERE id <> 1500"), Pg.query(dst, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) "
        + "FROM kinds k"));
  }

  /**
   * Into a table that holds rows (an overwrite or merge of the whole table, no compare), the
   * rows still travel as binary COPY: a batch whose keys are all new goes straight in, one
   * with a key already there (at its first row, or in its middle) is rolled back and goes
   * through a staging table of the table's own types, and a batch after a refusal goes
   * there at once. The table then equals the source, every row once.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"overwrite", "merge"})
  void intoATableThatHoldsRowsBinaryBatchesGoStraightInOrThroughAStagingTable(String how) {
    String dst = Pg.newDatabase();
    try (Database s = Pg.open(source); Database t = Pg.open(dst)) {
      assertTrue(new TransferRunner(new LocalSource(s), t, TransferOptions.defaults(), null)
          .run().succeeded());
    }
    // the first 1,400 rows there, every tenth edited (in columns never NULL in the source:
    // where the source's value is NULL a merge keeps the target's), then only 2300-2310
    Pg.exec(dst, "UPDATE kinds SET code = 'edited', price = 0 WHERE id % 10 = 0 AND id <= 1400;"
        + "DELETE FROM kinds WHERE id > 1400 AND NOT (id BETWEEN 2300 AND 2310)");
    Set<String> called = ConcurrentHashMap.newKeySet();
    try (Database s = Pg.open(source); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(WatchedSource.of(new LocalSource(s), called), t,
          TransferOptions.defaults().withBatchSize(300).withStrategy(
              dev.dbsync.engine.model.Strategy.parse(how), java.util.Map.of()), null).run();
      assertTrue(r.succeeded(), r::toString);
      TableOutcome o = r.tables().get(0);
      assertTrue(called.contains("copyBinary"), called::toString);
      assertFalse(called.contains("copy"), "no batch went on as text: " + called);
      assertEquals(ROWS - 1400 - 11, o.result().created(), r::toString);
      assertEquals(ROWS, o.result().created() + o.result().updated() + o.result().skipped(),
          r::toString);
    }
    assertEquals(List.of(List.of(Integer.toString(ROWS), Integer.toString(ROWS))),
        Pg.query(dst, "SELECT count(*), count(DISTINCT id) FROM kinds"));
    assertEquals(Pg.query(source, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k"),
        Pg.query(dst, "SELECT md5(string_agg(k::text, '|' ORDER BY id)) FROM kinds k"));
  }

  @Test
  void aChildWhoseParentsThisPullFillsFirstTravelsAsBinaryATreeAsText() {
    String src = Pg.newDatabase();
    String ddl = "CREATE TABLE parent (id int PRIMARY KEY, v text);"
        + "CREATE TABLE child (id int PRIMARY KEY, p int NOT NULL REFERENCES parent, v text);"
        + "CREATE TABLE tree (id int PRIMARY KEY, up int REFERENCES tree, v text);";
    Pg.exec(src, ddl + "INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 500) g;"
        + "INSERT INTO child SELECT g, 1 + g % 500, 'c' || g FROM generate_series(1, 2000) g;"
        // each row references the next one: a batch in key order meets its parent later
        + "INSERT INTO tree SELECT g, NULL, 't' FROM generate_series(1, 1000) g;"
        + "UPDATE tree SET up = id + 1 WHERE id < 1000;");
    String dst = Pg.newDatabase();
    Pg.exec(dst, ddl);
    Set<String> called = ConcurrentHashMap.newKeySet();
    try (Database s = Pg.open(src); Database t = Pg.open(dst)) {
      TransferReport r = new TransferRunner(WatchedSource.of(new LocalSource(s), called), t,
          TransferOptions.defaults().withBatchSize(300), null).run();
      assertTrue(r.succeeded(), r::toString);
      assertTrue(called.contains("copyBinary:parent") && called.contains("copyBinary:child"),
          called::toString);
      assertFalse(called.contains("copyBinary:tree"), called::toString);
    }
    for (String table : List.of("parent", "child", "tree")) {
      assertEquals(Pg.query(src, "SELECT count(*), md5(string_agg(x::text, '' ORDER BY id)) "
          + "FROM " + table + " x"), Pg.query(dst, "SELECT count(*), md5(string_agg(x::text, "
          + "'' ORDER BY id)) FROM " + table + " x"), table);
    }
  }

  @Test
  void tuplesAreFoundWhereverTheChunksEnd() throws Exception {
    byte[] stream = binaryCopy("SELECT id, name, ref FROM kinds ORDER BY id");
    Random random = new Random(3);
    for (int round = 0; round < 20; round++) {
      List<String> lastKeys = new ArrayList<>();
      long[] rows = {0};
      int batch = 1 + random.nextInt(900);
      BinaryCopyBatcher b = new BinaryCopyBatcher(3, batch, 1 << 22, (t, len, n, last) -> {
        rows[0] += n;
        lastKeys.add(BinaryCopyBatcher.keyText(t, last, 0, ValueKind.INTEGER) + "/"
            + BinaryCopyBatcher.keyText(t, last, 2, ValueKind.UUID));
      }, null);
      int at = 0;
      while (at < stream.length) {
        int n = Math.min(stream.length - at, 1 + random.nextInt(round % 2 == 0 ? 7 : 70_000));
        b.accept(stream, at, n);
        at += n;
      }
      assertTrue(b.ended());
      assertEquals(0, b.partial());
      b.flush();
      assertEquals(ROWS, rows[0]);
      assertEquals((ROWS + batch - 1) / batch, lastKeys.size());
      assertEquals(ROWS + "/" + Pg.query(source, "SELECT md5('" + ROWS + "')::uuid").get(0)
          .get(0), lastKeys.get(lastKeys.size() - 1));
    }
  }

  @Test
  void aKeyReadFromItsBinaryFormIsTheTextCopyWouldCarry() throws Exception {
    String select = "SELECT small, whole, id, code, flag, ref FROM kinds WHERE id IN (1, 2999) "
        + "ORDER BY id";
    byte[] stream = binaryCopy(select);
    List<String> read = new ArrayList<>();
    ValueKind[] kinds = {ValueKind.INTEGER, ValueKind.INTEGER, ValueKind.INTEGER, ValueKind.TEXT,
        ValueKind.TEXT, ValueKind.UUID};
    new BinaryCopyBatcher(6, 1, 1 << 22, (t, len, n, last) -> {
      for (int i = 0; i < kinds.length; i++) {
        read.add(BinaryCopyBatcher.keyText(t, last, i, kinds[i]));
      }
    }, null).accept(stream, 0, stream.length);
    List<String> expected = new ArrayList<>();
    Pg.query(source, select).forEach(expected::addAll);
    assertEquals(expected, read);
  }

  @Test
  void whatIsNotWholeTuplesIsRefusedNotGuessedAt() throws Exception {
    byte[] stream = binaryCopy("SELECT id, name FROM kinds WHERE id <= 10 ORDER BY id");
    BinaryCopyBatcher cut = new BinaryCopyBatcher(2, 0, 1 << 22, (t, len, n, last) -> { },
        null);
    cut.accept(stream, 0, stream.length - 5);
    assertFalse(cut.ended());
    assertTrue(cut.partial() > 0);
    assertThrows(DbSyncException.class, () -> new BinaryCopyBatcher(3, 0, 1 << 22,
        (t, len, n, last) -> { }, null).accept(stream, 0, stream.length));
    byte[] more = Arrays.copyOf(stream, stream.length + 1);
    assertThrows(DbSyncException.class, () -> new BinaryCopyBatcher(2, 0, 1 << 22,
        (t, len, n, last) -> { }, null).accept(more, 0, more.length));
    byte[] text = "1\tone\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(text, 40);
    assertThrows(DbSyncException.class, () -> new BinaryCopyBatcher(2, 0, 1 << 22,
        (t, len, n, last) -> { }, null).accept(padded, 0, padded.length));
  }

  private static byte[] binaryCopy(String select) throws Exception {
    dev.dbsync.engine.db.DatabaseLocator l = dev.dbsync.engine.db.DatabaseLocator.parse(source,
        null);
    try (Connection c = DriverManager.getConnection(l.jdbcUrl(), l.user(), "")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select
          + ") TO STDOUT (FORMAT binary)", out);
      return out.toByteArray();
    }
  }
}

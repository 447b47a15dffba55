package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypeRoundTripTest {
  static final String DDL = """
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE everything (
        id bigserial PRIMARY KEY,
        i2 smallint, i4 integer, i8 bigint,
        num numeric(30,10), num_free numeric,
        f4 real, f8 double precision,
        t text, vc varchar(20), ch char(5),
        b boolean, d date, tm time, ts timestamp, tstz timestamptz, iv interval,
        u uuid, j json, jb jsonb, bin bytea, arr_int integer[], arr_text text[],
        e mood, ip inet, cn cidr, mac macaddr, f4z real);
      INSERT INTO everything (i2, i4, i8, num, num_free, f4, f8, t, vc, ch, b, d, tm, ts, tstz,
        iv, u, j, jb, bin, arr_int, arr_text, e, ip, cn, mac, f4z) VALUES
       (-32768, 2147483647, -9223372036854775808, 12345678901234567890.0123456789,
        0.000000000000000000000000000001, 0.1, 1.7976931348623157e308,
        'Grüße 👋 مرحبا e\u0301', 'short', 'ab', true, '2024-02-29', '23:59:59.999999',
        '1999-12-31 23:59:59.123456', '2024-06-01 12:00:00.5+02', '1 year 2 mons 3 days 04:05:06.7',
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1, "a": [1, 2.50, "x"]}',
        '{"nested": {"deep": [true, null]}, "n": 123456789012345678901234567890}',
        '\\x00ff10'::bytea, '{1,NULL,3}', '{"a","b,c","","NULL"}', 'happy', '192.168.1.0/24', '10.1.0.0/16',
        '08:00:2b:01:02:03', -0.0),
       (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
       (0, 0, 0, 'NaN', -1.5, 'NaN', 'Infinity', '', '', '', false, '0001-01-01', '00:00',
        '2038-01-19 03:14:08', '1970-01-01 00:00:00+00', '-1 day', '00000000-0000-0000-0000-000000000000',
        '"just a string"', '[]', '\\x'::bytea, '{}', '{}', 'sad', '::1', '::/0', '00:00:00:00:00:00', 0),
       (1, 1, 1, -0.0000000001, 1e20, '-Infinity', -0.0, 'line1\nline2\ttab "quoted" \\ back',
        'x', 'x', true, '2000-01-01', '12:00', '2000-01-01', '2000-01-01 00:00+14',
        'PT0.000001S', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', '{"": ""}', '\\x7f'::bytea,
        '{-2147483648}', '{"ünï", null}', 'ok', '10.0.0.1', '192.168.0.0/24', 'ff:ff:ff:ff:ff:ff', 1.5);
      """;

  static String source;

  @BeforeAll
  static void loadSource() {
    source = Pg.newDatabase();
    Pg.exec(source, DDL);
  }

  @Test
  void everyTypeSurvivesPostgresToPostgres() {
    String target = Pg.newDatabase();
    try (Database from = Pg.open(source); Database to = Pg.open(target)) {
      copy(from, to, "everything");
      assertEquals(Rows.all(from, "everything"), Rows.all(to, "everything"));
      assertEquals(from.getSchema("everything").columns().stream().map(c -> c.type()).toList(),
          to.getSchema("everything").columns().stream().map(c -> c.type()).toList());
    }
  }

  @Test
  void postgresToPostgresKeepsExactText() {
    String target = Pg.newDatabase();
    try (Database from = Pg.open(source); Database to = Pg.open(target)) {
      copy(from, to, "everything");
    }
    String cols = "i2, i4, i8, num, num_free, f4, f8, t, vc, ch, b, d, tm, ts, tstz, iv, u, jb, "
        + "bin, arr_int, arr_text, e, ip, cn, mac, f4z";
    assertEquals(Pg.query(source, "SELECT " + cols + " FROM everything ORDER BY id"),
        Pg.query(target, "SELECT " + cols + " FROM everything ORDER BY id"));
  }

  @Test
  void everyTypeSurvivesPostgresToSqliteToPostgres(@TempDir Path dir) {
    String back = Pg.newDatabase();
    DatabaseLocator lite = DatabaseLocator.sqlite(dir.resolve("middle.db"));
    try (Database from = Pg.open(source);
         Database middle = JdbcDatabase.open(lite, TableFilter.defaults(), true);
         Database to = Pg.open(back)) {
      copy(from, middle, "everything");
      assertEquals(Rows.all(from, "everything"), Rows.all(middle, "everything"));
      copy(middle, to, "everything");
      assertEquals(Rows.all(from, "everything"), Rows.all(to, "everything"));
    }
    String cols = "i2, i4, i8, num, num_free, f4, f8, t, vc, ch, b, d, tm, ts, tstz, iv, u, jb, "
        + "bin, arr_int, arr_text, e::text, ip, cn, mac, f4z, f8::text";
    assertEquals(Pg.query(source, "SELECT " + cols + " FROM everything ORDER BY id"),
        Pg.query(back, "SELECT " + cols + " FROM everything ORDER BY id"));
    assertEquals("[[cidr, macaddr]]", Pg.query(back, "SELECT pg_typeof(cn)::text, "
        + "pg_typeof(mac)::text FROM everything LIMIT 1").toString());
  }

  @Test
  void everyTypeSurvivesTheCopyPathIntoSqlite(@TempDir Path dir) {
    DatabaseLocator lite = DatabaseLocator.sqlite(dir.resolve("copy.db"));
    try (Database from = Pg.open(source);
         Database to = JdbcDatabase.open(lite, TableFilter.defaults(), true)) {
      pullAll(from, to);
      assertEquals(Rows.all(from, "everything"), Rows.all(to, "everything"));
    }
  }

  @Test
  void everyTypeSurvivesTheCopyPathFromSqliteIntoPostgres(@TempDir Path dir) {
    DatabaseLocator lite = DatabaseLocator.sqlite(dir.resolve("middle.db"));
    try (Database from = Pg.open(source);
         Database middle = JdbcDatabase.open(lite, TableFilter.defaults(), true);
         Database to = Pg.open(Pg.newDatabase())) {
      copy(from, middle, "everything");
      pullAll(middle, to);
      assertEquals(Rows.all(from, "everything"), Rows.all(to, "everything"));
    }
  }

  @Test
  void nullAndEmptyStringStayDifferentInSqlite(@TempDir Path dir) {
    DatabaseLocator lite = DatabaseLocator.sqlite(dir.resolve("t.db"));
    try (Database from = Pg.open(source);
         Database to = JdbcDatabase.open(lite, TableFilter.defaults(), true)) {
      copy(from, to, "everything");
      List<ObjectNode> rows = Rows.all(to, "everything");
      assertTrue(rows.get(1).get("t").isNull());
      assertEquals("", rows.get(2).get("t").asText());
      assertTrue(rows.get(2).get("t").isTextual());
    }
  }

  @Test
  void sqliteNativeTypesArriveInPostgres(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("native.db");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         var s = c.createStatement()) {
      s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
          + "score REAL, price NUMERIC(10,2), done BOOLEAN DEFAULT 0, body BLOB, "
          + "created DATETIME DEFAULT CURRENT_TIMESTAMP, meta JSON)");
      s.execute("INSERT INTO notes VALUES (1, 'first', 1.5, '19.99', 1, x'0102', "
          + "'2024-01-02 03:04:05', '{\"k\":\"v\"}'), (2, '', NULL, NULL, 0, NULL, NULL, NULL)");
    }
    String target = Pg.newDatabase();
    try (Database from = JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(),
        false); Database to = Pg.open(target)) {
      copy(from, to, "notes");
      assertEquals(Rows.all(from, "notes"), Rows.all(to, "notes"));
      TableSchema s = to.getSchema("notes");
      assertEquals(List.of("bigint", "text", "double precision", "numeric", "boolean", "bytea",
          "timestamp without time zone", "json"), s.columns().stream().map(c -> c.type()).toList());
      // the SQLite rowid key becomes an identity column: new rows still get keys
      ImportResult r = to.importRecords("notes", Rows.rows("{\"title\":\"new\"}"),
          Strategy.APPEND);
      assertEquals(1, r.created());
    }
    assertEquals("[[3, new]]", Pg.query(target, "SELECT id, title FROM notes WHERE id > 2")
        .toString());
  }

  /** Through the transfer runner, which takes the COPY path between any two databases. */
  static void pullAll(Database from, Database to) {
    dev.dbsync.engine.transfer.TransferReport r = new dev.dbsync.engine.transfer.TransferRunner(
        new dev.dbsync.engine.transfer.LocalSource(from), to,
        dev.dbsync.engine.transfer.TransferOptions.defaults(), null).run();
    assertTrue(r.succeeded(), r::toString);
  }

  static void copy(Database from, Database to, String table) {
    to.createTable(table, from.getSchema(table));
    ImportResult r = to.importRecords(table, Rows.all(from, table), Strategy.SKIP);
    assertEquals(0, r.failed(), () -> r.errors().toString());
  }
}

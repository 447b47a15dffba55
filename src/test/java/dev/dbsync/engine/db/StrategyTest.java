package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each strategy against a target holding a conflicting row (1), an identical one (2) and one
 * the source lacks (3), with one incoming row (4) the target lacks.
 */
class StrategyTest {
  @TempDir
  Path dir;

  static ColumnInfo col(String name, String type, boolean pk, Integer len) {
    return new ColumnInfo(name, type, !pk, pk, pk ? "identity" : null, len, null, null, null,
        null, null);
  }

  static final TableSchema ITEMS = new TableSchema("items", null, List.of(
      col("id", "bigint", true, null), col("name", "character varying", false, 5),
      col("qty", "integer", false, null)), List.of("id"), null, null);

  Database target(String kind) {
    Database db = kind.equals("postgres") ? Pg.open(Pg.newDatabase())
        : JdbcDatabase.open(DatabaseLocator.sqlite(dir.resolve("t.db")), TableFilter.defaults(),
            true);
    db.createTable("items", ITEMS);
    ImportResult seeded = db.importRecords("items", Rows.rows(
        "{\"id\":1,\"name\":\"a\",\"qty\":1}", "{\"id\":2,\"name\":\"b\",\"qty\":2}",
        "{\"id\":3,\"name\":\"c\",\"qty\":3}"), Strategy.SKIP);
    assertEquals(3, seeded.created());
    return db;
  }

  static final List<String> INCOMING = List.of("{\"id\":1,\"name\":\"A\",\"qty\":null}",
      "{\"id\":2,\"name\":\"b\",\"qty\":2}", "{\"id\":4,\"name\":\"d\",\"qty\":4}");

  static String contents(Database db) {
    return Rows.all(db, "items").stream()
        .map(r -> r.get("id") + ":" + r.get("name").asText() + ":" + r.get("qty"))
        .collect(Collectors.joining(" "));
  }

  ImportResult run(Database db, Strategy s) {
    return db.importRecords("items", Rows.rows(INCOMING.toArray(String[]::new)), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void skipKeepsExistingRowOnKeyConflict(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = run(db, Strategy.SKIP);
      assertEquals(List.of(1L, 0L, 2L, 0L),
          List.of(r.created(), r.updated(), r.skipped(), r.failed()));
      assertEquals("1:a:1 2:b:2 3:c:3 4:d:4", contents(db));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void overwriteReplacesExistingRowNullsIncluded(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = run(db, Strategy.OVERWRITE);
      // the identical row 2 is left alone: unchanged (skipped), not updated
      assertEquals(List.of(1L, 1L, 1L, 0L),
          List.of(r.created(), r.updated(), r.skipped(), r.failed()));
      assertEquals("1:A:null 2:b:2 3:c:3 4:d:4", contents(db));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void mergeKeepsLocalValueWhereIncomingIsNull(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = run(db, Strategy.MERGE);
      // the identical row 2 is left alone: unchanged (skipped), not updated
      assertEquals(List.of(1L, 1L, 1L, 0L),
          List.of(r.created(), r.updated(), r.skipped(), r.failed()));
      assertEquals("1:A:1 2:b:2 3:c:3 4:d:4", contents(db));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void appendInsertsEveryRowWithNewKeys(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = run(db, Strategy.APPEND);
      assertEquals(List.of(3L, 0L, 0L, 0L),
          List.of(r.created(), r.updated(), r.skipped(), r.failed()));
      assertEquals("1:a:1 2:b:2 3:c:3 4:A:null 5:b:2 6:d:4", contents(db));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void compositeKeyDecidesConflicts(String kind) {
    try (Database db = target(kind)) {
      db.createTable("pairs", new TableSchema("pairs", null, List.of(
          col("a", "integer", true, null), col("b", "text", true, null),
          col("v", "text", false, null)), List.of("a", "b"), null, null));
      db.importRecords("pairs", Rows.rows("{\"a\":1,\"b\":\"x\",\"v\":\"old\"}",
          "{\"a\":1,\"b\":\"y\",\"v\":\"keep\"}"), Strategy.SKIP);
      ImportResult r = db.importRecords("pairs", Rows.rows("{\"a\":1,\"b\":\"x\",\"v\":\"new\"}",
          "{\"a\":2,\"b\":\"x\",\"v\":\"added\"}"), Strategy.OVERWRITE);
      assertEquals(List.of(1L, 1L), List.of(r.created(), r.updated()));
      assertEquals("1:x:new 1:y:keep 2:x:added", Rows.all(db, "pairs").stream()
          .map(n -> n.get("a") + ":" + n.get("b").asText() + ":" + n.get("v").asText())
          .collect(Collectors.joining(" ")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void tableWithoutKeyInsertsEveryRowAndSaysSo(String kind) {
    try (Database db = target(kind)) {
      db.createTable("log", new TableSchema("log", null,
          List.of(col("msg", "text", false, null)), List.of(), null, null));
      db.importRecords("log", Rows.rows("{\"msg\":\"one\"}"), Strategy.SKIP);
      ImportResult r = db.importRecords("log", Rows.rows("{\"msg\":\"one\"}",
          "{\"msg\":\"two\"}"), Strategy.SKIP);
      assertEquals(2, r.created());
      assertTrue(r.withoutPrimaryKey());
      assertEquals(3, db.getCount("log"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void rowThatDoesNotFitIsReportedAndTheOthersAreWritten(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = db.importRecords("items", Rows.rows(
          "{\"id\":7,\"name\":\"ok\",\"qty\":1}", "{\"id\":8,\"name\":\"ok\",\"qty\":\"many\"}",
          "{\"id\":9,\"name\":\"fine\",\"qty\":9}"), Strategy.SKIP);
      if (kind.equals("postgres")) {
        assertEquals(2, r.created());
        assertEquals(1, r.failed());
        assertEquals("{\"id\":8}", r.errors().get(0).key().toString());
        assertTrue(r.errors().get(0).reason().contains("invalid input syntax"),
            r.errors().get(0).reason());
      } else {
        // SQLite stores what it is given; the row is kept as it came
        assertEquals(3, r.created());
      }
      assertTrue(contents(db).contains("9:fine:9"));
    }
  }

  @org.junit.jupiter.api.Test
  void tooLongValueInPostgresNamesTheKeyAndTheReason() {
    try (Database db = target("postgres")) {
      ImportResult r = db.importRecords("items", Rows.rows(
          "{\"id\":7,\"name\":\"toolong\",\"qty\":1}", "{\"id\":8,\"name\":\"ok\",\"qty\":1}"),
          Strategy.SKIP);
      assertEquals(1, r.created());
      assertEquals(1, r.failed());
      assertEquals("{\"id\":7}", r.errors().get(0).key().toString());
      assertTrue(r.errors().get(0).reason().contains("too long"), r.errors().get(0).reason());
    }
  }

  @org.junit.jupiter.api.Test
  void skipLeavesAFullTargetUntouched() {
    try (Database db = target("postgres")) {
      ImportResult r = db.importRecords("items", Rows.rows(
          "{\"id\":1,\"name\":\"A\",\"qty\":9}", "{\"id\":3,\"name\":\"C\",\"qty\":9}"),
          Strategy.SKIP);
      assertEquals(List.of(0L, 0L, 2L, 0L),
          List.of(r.created(), r.updated(), r.skipped(), r.failed()));
      assertEquals("1:a:1 2:b:2 3:c:3", contents(db));
    }
  }

  @org.junit.jupiter.api.Test
  void skipOfCopyTextFindsEscapedTextKeysAlreadyPresent() {
    TableSchema codes = new TableSchema("codes", null, List.of(
        col("code", "text", true, null), col("qty", "integer", false, null)), List.of("code"),
        null, null);
    List<ColumnInfo> cols = codes.columns();
    try (Database db = Pg.open(Pg.newDatabase())) {
      db.createTable("codes", codes);
      byte[] first = "a\\tb\t1\nc\\\\d\t2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(2, db.importCopy("codes", cols, first, first.length, 2, Strategy.SKIP,
          false).created());
      byte[] again = "a\\tb\t7\nc\\\\d\t8\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ImportResult r = db.importCopy("codes", cols, again, again.length, 2, Strategy.SKIP,
          false);
      assertEquals(List.of(0L, 2L), List.of(r.created(), r.skipped()));
      byte[] oneNew = "a\\tb\t7\nz\t9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ImportResult n = db.importCopy("codes", cols, oneNew, oneNew.length, 2, Strategy.SKIP,
          false);
      assertEquals(List.of(1L, 1L), List.of(n.created(), n.skipped()));
      assertEquals(List.of("a\tb:1", "c\\d:2", "z:9"), Rows.all(db, "codes").stream()
          .map(x -> x.get("code").asText() + ":" + x.get("qty").asText()).toList());
    }
  }

  /**
   * Batches into a table that holds rows try a plain COPY first: one whose keys are all new
   * goes in as is; one whose last row is already there is rolled back and goes the usual way
   * (its new rows once, the old one as the strategy says); after a refusal the next batch
   * goes the usual way at once, the one after tries again. Counts and rows as without it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"skip", "overwrite", "merge", "mirror"})
  void batchesThatMayConflictTryAPlainCopyFirstAndFallBackExactly(String strategy) {
    Strategy s = Strategy.parse(strategy);
    List<ColumnInfo> cols = ITEMS.columns();
    try (Database db = target("postgres")) {
      String[] batches = {"10\tj\t10\n11\tk\t11\n", "12\tl\t12\n13\tm\t13\n1\tA\t\\N\n",
          "20\tt\t20\n2\tB\t22\n", "30\tx\t30\n"};
      List<String> counts = new java.util.ArrayList<>();
      for (String b : batches) {
        byte[] text = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long rows = b.chars().filter(ch -> ch == '\n').count();
        ImportResult r = db.importCopy("items", cols, text, text.length, rows, s, false);
        counts.add(r.created() + "/" + r.updated() + "/" + r.skipped() + "/" + r.failed());
      }
      boolean keeps = s == Strategy.SKIP;
      assertEquals(List.of("2/0/0/0", keeps ? "2/0/1/0" : "2/1/0/0", keeps ? "1/0/1/0"
          : "1/1/0/0", "1/0/0/0"), counts);
      String one = switch (s) {
        case SKIP -> "1:a:1";
        case MERGE -> "1:A:1"; // the incoming NULL keeps the value here
        default -> "1:A:null";
      };
      assertEquals(one + " " + (keeps ? "2:b:2" : "2:B:22") + " 3:c:3 10:j:10 11:k:11 12:l:12 "
          + "13:m:13 20:t:20 30:x:30", contents(db));
    }
  }

  @org.junit.jupiter.api.Test
  void aRefusedPlainCopyWaitsLongerEachTimeUpToABound() {
    PostgresImporter.DirectFirst d = new PostgresImporter.DirectFirst();
    StringBuilder tries = new StringBuilder();
    for (int batch = 0; batch < 16; batch++) {
      boolean now = d.now();
      tries.append(now ? 'T' : '.');
      if (now) {
        d.refused();
      }
    }
    assertEquals("T.T..T....T.....", tries.toString(), "1, 2, 4 ... batches between tries");
    d.worked();
    for (int i = 0; i < 8; i++) {
      d.now();
    }
    assertTrue(d.now(), "a plain COPY that worked: the next batch tries at once");
    for (int i = 0; i < 20; i++) {
      while (!d.now()) {
        // waiting out the gap
      }
      d.refused();
    }
    int gap = 0;
    while (!d.now()) {
      gap++;
    }
    assertEquals(PostgresImporter.DirectFirst.MOST_SKIPPED, gap);
  }
}

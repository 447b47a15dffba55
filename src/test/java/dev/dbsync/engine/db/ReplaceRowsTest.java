package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * A mirror of a table without a key replaces its rows in one transaction, fed a batch at a
 * time: every batch kept when the feed ends, none when it stops early or fails.
 */
class ReplaceRowsTest {
  @TempDir
  Path dir;

  static final TableSchema LOG = new TableSchema("log", null, List.of(
      new ColumnInfo("kind", "text", false, false, null, null, null, null, null, null, null),
      new ColumnInfo("n", "integer", true, false, null, null, null, null, null, null, null)),
      List.of(), null, null);

  Database target(String kind) {
    Database db = kind.equals("postgres") ? Pg.open(Pg.newDatabase())
        : JdbcDatabase.open(DatabaseLocator.sqlite(dir.resolve("t.db")), TableFilter.defaults(),
            true);
    db.createTable("log", LOG);
    db.importRecords("log", Rows.rows("{\"kind\":\"old\",\"n\":1}", "{\"kind\":\"old\",\"n\":2}"),
        Strategy.APPEND);
    return db;
  }

  static String contents(Database db) {
    return Rows.all(db, "log").stream().map(r -> r.get("kind").asText() + r.get("n"))
        .sorted().collect(Collectors.joining(" "));
  }

  static List<com.fasterxml.jackson.databind.node.ObjectNode> batch(int from) {
    return Rows.rows("{\"kind\":\"new\",\"n\":" + from + "}",
        "{\"kind\":\"new\",\"n\":" + (from + 1) + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void everyBatchFedReplacesTheRows(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = db.replaceRows("log", into -> {
        into.accept(batch(1));
        into.accept(List.of());
        into.accept(batch(3));
        return true;
      });
      assertEquals(4, r.created());
      assertEquals(2, r.deleted());
      assertEquals("new1 new2 new3 new4", contents(db));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void aFeedThatStopsOrFailsHalfWayLeavesTheTableAsItWas(String kind) {
    try (Database db = target(kind)) {
      assertNull(db.replaceRows("log", into -> {
        into.accept(batch(1));
        return false; // cancelled after a batch
      }));
      assertEquals("old1 old2", contents(db));
      RuntimeException lost = assertThrows(RuntimeException.class, () ->
          db.replaceRows("log", into -> {
            into.accept(batch(1));
            throw new IllegalStateException("the link dropped");
          }));
      assertTrue(lost.getMessage().contains("the link dropped"), lost.getMessage());
      assertEquals("old1 old2", contents(db));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "sqlite"})
  void aRowTheTargetRefusesIsReportedAndTheOthersReplaceTheTable(String kind) {
    try (Database db = target(kind)) {
      ImportResult r = db.replaceRows("log", into -> {
        into.accept(batch(1));
        into.accept(Rows.rows("{\"kind\":null,\"n\":3}")); // kind is NOT NULL
        return true;
      });
      assertEquals(1, r.failed(), r.toString());
      assertEquals(2, r.created());
      assertEquals("new1 new2", contents(db));
    }
  }
}

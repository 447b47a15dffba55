package dev.dbsync.engine.db;

import static dev.dbsync.engine.db.StrategyTest.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Rows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of COPY text streamed into PostgreSQL line by line as they arrive (a transfer's
 * fast path): committed batch by batch, a failed COPY retried row by row from the whole batch,
 * a batch cut short rolled back, and no stream where the rows must come whole.
 */
class CopyStreamTest {
  @TempDir
  Path dir;

  static final TableSchema ITEMS = StrategyTest.ITEMS; // id bigint, name varchar(5), qty int
  static final List<ColumnInfo> COLS = ITEMS.columns();

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String contents(Database db) {
    return Rows.all(db, "items").stream()
        .map(r -> r.get("id") + ":" + r.get("name").asText())
        .collect(Collectors.joining(" "));
  }

  @Test
  void batchesGoInAsTheirLinesArriveAndCommitOneByOne() {
    try (Database db = Pg.open(Pg.newDatabase())) {
      db.createTable("items", ITEMS);
      try (Database.CopyStream s = db.streamCopy("items", COLS, Strategy.SKIP, true)) {
        assertNotNull(s);
        byte[] batch = text("1\ta\t1\n2\tb\t2\n3\tc\t3\n");
        s.write(batch, 0, 6); // "1\ta\t1\n"
        s.write(batch, 6, batch.length - 6);
        ImportResult r = s.commit(batch, batch.length);
        assertEquals(List.of(3L, 0L), List.of(r.created(), r.failed()));
        byte[] next = text("4\td\t4\n");
        s.write(next, 0, next.length);
        assertEquals(1, s.commit(next, next.length).created());
      }
      assertEquals("1:a 2:b 3:c 4:d", contents(db));
    }
  }

  @Test
  void aValueThatDoesNotFitFailsTheCopyAndTheBatchGoesInRowByRow() {
    try (Database db = Pg.open(Pg.newDatabase())) {
      db.createTable("items", ITEMS);
      try (Database.CopyStream s = db.streamCopy("items", COLS, Strategy.SKIP, true)) {
        byte[] batch = text("7\ttoolong\t1\n8\tok\t1\n9\tfine\t1\n");
        s.write(batch, 0, batch.length);
        ImportResult r = s.commit(batch, batch.length);
        assertEquals(List.of(2L, 1L), List.of(r.created(), r.failed()));
        assertEquals("{\"id\":7}", r.errors().get(0).key().toString());
        assertTrue(r.errors().get(0).reason().contains("too long"), r.errors().get(0).reason());
        // the stream goes on after a failed batch
        byte[] next = text("10\tnext\t1\n");
        s.write(next, 0, next.length);
        assertEquals(1, s.commit(next, next.length).created());
      }
      assertEquals("8:ok 9:fine 10:next", contents(db));
    }
  }

  @Test
  void aBatchCutShortIsRolledBackAndTheConnectionWritesOn() {
    try (Database db = Pg.open(Pg.newDatabase())) {
      db.createTable("items", ITEMS);
      Database.CopyStream s = db.streamCopy("items", COLS, Strategy.SKIP, true);
      byte[] first = text("1\ta\t1\n");
      s.write(first, 0, first.length);
      s.commit(first, first.length);
      byte[] cut = text("2\tb\t2\n3\tc\t3\n");
      s.write(cut, 0, cut.length); // written, never committed: the link dropped, say
      s.close();
      assertEquals("1:a", contents(db));
      byte[] later = text("5\te\t5\n");
      assertEquals(1, db.importCopy("items", COLS, later, later.length, 1, Strategy.SKIP,
          false).created());
      assertEquals("1:a 5:e", contents(db));
    }
  }

  @Test
  void noStreamWhereRowsMustComeWhole() {
    try (Database db = Pg.open(Pg.newDatabase())) {
      db.createTable("items", ITEMS);
      // a table that held rows: overwrite goes through the staging table, skip looks for keys
      assertNull(db.streamCopy("items", COLS, Strategy.OVERWRITE, false));
      assertNull(db.streamCopy("items", COLS, Strategy.SKIP, false));
      // ... unless binary: each batch straight in when it can, else through a typed staging
      // table (BinaryCopyTest); skip still looks for keys first
      try (Database.CopyStream binary = db.streamCopy("items", COLS, Strategy.OVERWRITE, false,
          true)) {
        assertNotNull(binary);
      }
      assertNull(db.streamCopy("items", COLS, Strategy.SKIP, false, true));
      // a column the target lacks: the lines carry a field the COPY could not take
      List<ColumnInfo> more = new java.util.ArrayList<>(COLS);
      more.add(col("extra", "text", false, null));
      assertNull(db.streamCopy("items", more, Strategy.SKIP, true));
      // append leaves the key to the target: through the staging table
      assertNull(db.streamCopy("items", COLS, Strategy.APPEND, true));
      // nothing can conflict in a table that was empty
      assertNotNull(db.streamCopy("items", COLS, Strategy.OVERWRITE, true));
    }
    try (Database sqlite = JdbcDatabase.open(DatabaseLocator.sqlite(dir.resolve("t.db")),
        TableFilter.defaults(), true)) {
      sqlite.createTable("items", ITEMS);
      assertNull(sqlite.streamCopy("items", COLS, Strategy.SKIP, true));
    }
  }
}

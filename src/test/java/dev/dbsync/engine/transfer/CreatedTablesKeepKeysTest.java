package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite source's foreign keys (even one naming no column) and indexes reach PostgreSQL. */
class CreatedTablesKeepKeysTest {
  @TempDir
  Path dir;

  @Test
  void sqliteKeysAndIndexesAreMadeInPostgresOnceTheRowsAreIn() throws Exception {
    Path file = dir.resolve("src.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES "
          + "authors, title TEXT, year INTEGER)");
      s.execute("CREATE INDEX books_year ON books (year, title)");
      s.execute("INSERT INTO authors VALUES (1, 'Ada'), (2, 'Brian')");
      s.execute("INSERT INTO books VALUES (1, 1, 'a', 1843), (2, 2, 'b', 1978), "
          + "(3, 2, 'c', 1988)");
    }
    String dst = Pg.newDatabase();
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(file.toString(), null),
        TableFilter.defaults(), false);
         ShareServer server = Sharing.start(src);
         SyncClient client = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults());
         Database target = Pg.open(dst)) {
      TransferReport r = client.transferAll(target, TransferOptions.defaults(), null);
      assertTrue(r.tables().stream().allMatch(t -> t.status() == TableOutcome.Status.COMPLETED
          && t.result().warnings().isEmpty()), r.toString());
      // a run that goes on after one cut between making them and saying so finds them made
      assertEquals(List.of(), target.completeTable("books", client.getSchema("books")));
    }
    Set<String> fks = new TreeSet<>();
    Pg.query(dst, "SELECT conrelid::regclass || '>' || confrelid::regclass || ':' || "
        + "convalidated FROM pg_constraint WHERE contype = 'f'").forEach(x -> fks.add(x.get(0)));
    assertEquals(Set.of("books>authors:true"), fks);
    assertEquals(List.of(List.of("CREATE INDEX books_year ON public.books USING btree (year, "
        + "title)")), Pg.query(dst, "SELECT indexdef FROM pg_indexes WHERE indexname = "
        + "'books_year'"));
  }
}

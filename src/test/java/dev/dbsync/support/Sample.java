package dev.dbsync.support;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A small SQLite database to share: authors, books (child of authors), a secret table. */
public final class Sample {
  private Sample() {}

  public static Path create(Path file, int books) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      s.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL "
          + "REFERENCES authors(id), title TEXT, price NUMERIC_TEXT(10,2))");
      s.execute("CREATE TABLE user_tokens (id INTEGER PRIMARY KEY, token TEXT)");
      s.execute("INSERT INTO authors VALUES (1, 'Ada'), (2, 'Brian'), (3, 'Chen')");
      s.execute("INSERT INTO user_tokens VALUES (1, 'secret')");
      c.setAutoCommit(false);
      try (var ps = c.prepareStatement("INSERT INTO books VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= books; i++) {
          ps.setInt(1, i);
          ps.setInt(2, 1 + i % 3);
          ps.setString(3, "Book " + i);
          ps.setString(4, (i % 100) + ".99");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    return file;
  }

  public static Database open(Path file) {
    return JdbcDatabase.open(DatabaseLocator.sqlite(file), TableFilter.defaults(), true);
  }
}

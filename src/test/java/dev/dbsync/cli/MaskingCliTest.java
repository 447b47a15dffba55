package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.support.DbsyncProcess;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.ShareProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mask}, {@code --mask-file} and {@code tables --suggest-masks} as a user runs them. */
class MaskingCliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out) {}

  Run dbsync(String home, String... args) throws Exception {
    Process p = DbsyncProcess.start(dir.resolve(home), true, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  Path people() throws Exception {
    Path db = dir.resolve("people.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT UNIQUE, contact TEXT, "
          + "mobile TEXT, note TEXT)");
      for (int i = 1; i <= 50; i++) {
        s.execute("INSERT INTO people VALUES (" + i + ", 'p" + i + "@corp.example', 'p" + i
            + ".alt@corp.example', '+44 20 7946 " + (1000 + i) + "', 'likes tea')");
      }
    }
    return db;
  }

  @Test
  void suggestionsComeFromNamesAndValues() throws Exception {
    Run r = dbsync("home", "tables", "--db", people().toString(), "--suggest-masks");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("--mask people.email=email"), r.out());
    assertTrue(r.out().contains("--mask people.mobile=phone"), r.out());
    assertTrue(r.out().contains("--mask people.contact=email") && r.out().contains(
        "values look like email addresses"), r.out());
    assertTrue(!r.out().contains("people.note"), r.out());
  }

  @Test
  void aMaskThatDoesNotFitStopsTheShareAndNamesIt() throws Exception {
    Path db = people();
    Run column = dbsync("home", "share", "--db", db.toString(), "--port", "0", "--mask",
        "people.emial=email");
    assertEquals(2, column.exit(), column.out());
    assertTrue(column.out().contains("people has no column 'emial'"), column.out());
    Path file = Files.writeString(dir.resolve("masks.txt"),
        "# production masks\npeople.email=email\npeople.id=email\n");
    Run type = dbsync("home", "share", "--db", db.toString(), "--port", "0", "--mask-file",
        file.toString());
    assertEquals(2, type.exit(), type.out());
    assertTrue(type.out().contains("people.id=email") && type.out().contains("text column"),
        type.out());
    Files.writeString(file, "people.email=emial\n");
    Run rule = dbsync("home", "share", "--db", db.toString(), "--port", "0", "--mask-file",
        file.toString());
    assertEquals(2, rule.exit(), rule.out());
    assertTrue(rule.out().contains("line 1") && rule.out().contains("Unknown rule 'emial'"),
        rule.out());
  }

  @Test
  void aMaskedShareSendsMaskedValuesAndItsHistorySaysWhichColumns() throws Exception {
    Path db = people();
    Path key = dir.resolve("team.key");
    Path target = dir.resolve("copy.db");
    try (ShareProcess share = new ShareProcess(dir.resolve("sender"), db.toString(), List.of(),
        "--mask", "people.email=email", "--mask", "people.mobile=phone", "--mask-key-file",
        key.toString())) {
      Run pull = dbsync("receiver", "pull", "--from", share.url(), "--code", share.nextCode(),
          "--db", target.toString());
      assertEquals(0, pull.exit(), pull.out());
    }
    assertEquals(32, Files.size(key), "the key was exported for the team");
    try (Database t = Sample.open(target)) {
      String all = Rows.all(t, "people").toString();
      assertTrue(!all.contains("p1@corp.example") && !all.contains("7946"), all);
      assertTrue(all.contains("@example.com") && all.contains("likes tea"), all);
    }
    Run history = dbsync("sender", "history", "--json");
    assertTrue(history.out().contains("email=email, mobile=phone"), history.out());
  }
}

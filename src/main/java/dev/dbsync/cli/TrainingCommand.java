package dev.dbsync.cli;

import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.workspace.Workspace;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code dbsync cds-training} (hidden): the workload the class-data-sharing archive is dumped
 * from at package time. It runs what a user runs most, in one process, on loopback and temp
 * files only: a share of the sample database, a pull of it into SQLite, the history and the
 * table list, so their classes are in the archive and later commands start faster.
 */
@Command(name = "cds-training", hidden = true,
    description = "Exercise the common commands once (used to build the start-up archive).")
final class TrainingCommand implements Callable<Integer> {

  /** Never fails the build: the archive only makes start-up faster. */
  @Override
  public Integer call() {
    try {
      train();
    } catch (Exception | LinkageError e) {
      System.err.println("warning: the start-up training run stopped early (" + e
          + "); the archive holds what it loaded so far");
    }
    return DbSyncCommand.OK;
  }

  private void train() throws Exception {
    Path dir = Files.createTempDirectory("dbsync-cds");
    PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream(), true);
    try {
      Path source = Workspace.ensure(dir.resolve(Workspace.FILE));
      try (dev.dbsync.engine.db.Database db = JdbcDatabase.open(DatabaseLocator.sqlite(source),
          TableFilter.defaults(), false);
           ShareServer server = new ShareServer(db, ShareOptions.defaults()
               .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null), null)) {
        server.start();
        String from = "ws://127.0.0.1:" + server.port();
        DbSyncCommand.run(quiet, quiet, "tables", "--from", from, "--code",
            server.currentCode());
        waitForCode(server);
        DbSyncCommand.run(quiet, quiet, "pull", "--from", from, "--code", server.currentCode(),
            "--db", dir.resolve("copy.db").toString(), "--json");
      }
      DbSyncCommand.run(quiet, quiet, "history", "--json");
      DbSyncCommand.run(quiet, quiet, "tables", "--db", source.toString());
      DbSyncCommand.run(quiet, quiet, "--version");
      Class.forName("org.postgresql.Driver");
      loadListed("start-up-classes.txt");
      loadListed("postgres-classes.txt");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Classes listed once from real runs this one cannot make (the desktop app until its first
   * window shows, which needs a display; the commands against a PostgreSQL server): loaded
   * here, not initialised, so the archive holds them. A name that no longer exists is passed
   * over.
   */
  private static void loadListed(String list) throws java.io.IOException {
    ClassLoader loader = TrainingCommand.class.getClassLoader();
    try (var in = TrainingCommand.class.getResourceAsStream(list)) {
      if (in == null) {
        return;
      }
      for (String name : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .split("\n")) {
        if (name.isBlank() || name.startsWith("#")) {
          continue;
        }
        try {
          Class.forName(name.trim(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // renamed or gone since the list was made: the archive just lacks it
        }
      }
    }
  }

  /** A code works once: the sender issues the next one right after the first is used. */
  private static void waitForCode(ShareServer server) throws InterruptedException {
    String used = server.currentCode();
    for (int i = 0; i < 100 && used.equals(server.currentCode()); i++) {
      Thread.sleep(20);
    }
  }
}

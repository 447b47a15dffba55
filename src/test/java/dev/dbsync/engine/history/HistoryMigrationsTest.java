package dev.dbsync.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history skips Flyway when its file is current: "current" must mean the newest file. */
class HistoryMigrationsTest {
  @TempDir
  Path dir;

  @Test
  void latestMigrationIsTheNewestFile() throws Exception {
    int newest;
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/history"))) {
      newest = files.map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
    }
    assertEquals(newest, HistoryStore.LATEST_MIGRATION);
  }

  @Test
  void aNewFileIsMigratedAndACurrentOneOpensAsItIs() throws Exception {
    try (HistoryStore h = HistoryStore.open(dir, Clock.systemUTC())) {
      h.start(new NewTransfer("receive", null, "ABCD2345", "ws://x", "t", "skip", "db", 1L,
          null, null, "ann"), "ann");
    }
    try (HistoryStore h = HistoryStore.open(dir, Clock.systemUTC())) {
      assertEquals(1, h.list(HistoryQuery.recent(10)).size());
      assertEquals(null, h.list(HistoryQuery.recent(10)).get(0).maskedColumns(),
          "the newest column is there");
    }
  }
}

package dev.dbsync.engine.connections;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.history.Approvals;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.SendRecorder;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.MutableClock;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real sender serving permanent connections from its history file (on a clock the test
 * moves) and a real receiver with its own history file and saved connection, on loopback.
 */
final class PermanentLink implements AutoCloseable {
  final MutableClock clock = new MutableClock(); // 2026-01-01T00:00:00Z, a Thursday
  final HistoryStore sender;
  final HistoryStore receiver;
  final Database source;
  final Database target;
  final ShareServer server;
  final Sharing.Recorder events = new Sharing.Recorder();

  PermanentLink(Path dir, int books) throws Exception {
    sender = HistoryStore.open(dir.resolve("sender"), clock);
    receiver = HistoryStore.open(dir.resolve("receiver"), Clock.systemUTC());
    source = Sample.open(Sample.create(dir.resolve("source.db"), books));
    target = Sample.open(dir.resolve("target.db"));
    ShareOptions o = ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withTimes(Duration.ofMinutes(15), Duration.ofMinutes(5), clock)
        .withConnections(new ServedConnections(sender, "SQLite source.db",
            Approvals.DEFAULT_WAIT))
        // as the faces do when they serve connections: the data folder's mask key
        .withMasking(new dev.dbsync.engine.mask.Masking(dev.dbsync.engine.mask.MaskRules.none(),
            dev.dbsync.engine.mask.MaskKey.load(dir.resolve("sender").resolve("mask.key"))));
    server = new ShareServer(source, o, new SendRecorder(sender, "SQLite source.db", events));
    server.start();
  }

  /** Creates {@code name} on the sender and saves its token on the receiver as "prod". */
  String create(String name, ConnectionSettings settings, String password) {
    Connections.Created c = Connections.of(sender).create(name, settings, password, "bob");
    SavedConnections.of(receiver).save("prod", Sharing.url(server), c.token(), password, null,
        "ann");
    return c.token();
  }

  ConnectionPull pull() {
    return new ConnectionPull(receiver, "prod", "ann");
  }

  SyncClient connect() {
    // the app's own timeouts (30 s a request); a test that waits for them has failed anyway
    return pull().connect(ConnectOptions.defaults().withTimeouts(Duration.ofSeconds(30),
        Duration.ofSeconds(10)));
  }

  TransferReport run(SyncClient client, String... tables) {
    return client.runner(target, TransferOptions.defaults().withTables(List.of(tables)), null)
        .run();
  }

  String savedStatus() {
    return SavedConnections.of(receiver).require("prod").status();
  }

  static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 400 && !c.getAsBoolean(); i++) {
      Thread.sleep(25);
    }
  }

  @Override
  public void close() {
    server.close();
    source.close();
    target.close();
    sender.close();
    receiver.close();
  }
}

package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.support.RawClient;
import dev.dbsync.support.Rows;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional compressed link: same rows, and no way to make a peer inflate without end. */
class CompressionTest {
  @TempDir
  Path dir;

  @Test
  void aCompressedLinkCarriesTheSameRowsAndAPlainOneStaysPlain() throws Exception {
    try (Database src = Sample.open(Sample.create(dir.resolve("s.db"), 5000));
         Database dst = Sample.open(dir.resolve("t.db"));
         ShareServer server = Sharing.start(src)) {
      try (SyncClient plain = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults())) {
        assertFalse(plain.compressed());
      }
      try (SyncClient zipped = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults().withCompression(true))) {
        assertTrue(zipped.compressed());
        assertTrue(zipped.runner(dst, TransferOptions.defaults().withTables(
            List.of("authors", "books")), null).run().succeeded());
      }
      assertEquals(Rows.all(src, "books"), Rows.all(dst, "books"));
    }
  }

  @Test
  void aTableOfManyFramesArrivesWholeOverACompressedLink() throws Exception {
    // 30,000 rows are several COPY frames, the last shorter than the buffer it was built in
    try (Database src = Sample.open(Sample.create(dir.resolve("s.db"), 30_000));
         Database dst = Sample.open(dir.resolve("t.db"));
         ShareServer server = Sharing.start(src);
         SyncClient zipped = SyncClient.connect(Sharing.url(server), server.currentCode(),
             ConnectOptions.defaults().withCompression(true))) {
      var report = zipped.runner(dst, TransferOptions.defaults().withTables(
          List.of("authors", "books")), null).run();
      assertTrue(report.succeeded(), report::toString);
      assertEquals(30_000, dst.getCount("books"));
      assertEquals(Rows.all(src, "books"), Rows.all(dst, "books"));
    }
  }

  @Test
  void aMessageThatInflatesPastTheLimitClosesOnlyThatConnection() throws Exception {
    try (Database src = Sample.open(Sample.create(dir.resolve("s.db"), 10));
         ShareServer server = Sharing.start(src)) {
      RawClient bomb = RawClient.compressing(Sharing.wsUrl(server, server.currentCode()));
      try (SyncClient other = SyncClient.connect(Sharing.url(server), server.currentCode(),
          ConnectOptions.defaults().withCompression(true))) {
        // 80 MiB of zeros deflate to well under 1 MiB: the frame itself is small
        bomb.send(ByteBuffer.wrap(new byte[80 * 1024 * 1024]));
        for (int i = 0; i < 200 && bomb.isOpen(); i++) {
          Thread.sleep(25);
        }
        assertFalse(bomb.isOpen(), "the sender closed the connection that sent it");
        assertTrue(bomb.closeReason.contains("inflates past " + Protocol.MAX_REQUEST_BYTES
            + " bytes"), bomb.closeReason);
        assertEquals(10, other.getCount("books"), "everyone else is still served");
      } finally {
        bomb.close();
      }
    }
  }
}

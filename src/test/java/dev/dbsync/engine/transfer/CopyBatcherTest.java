package dev.dbsync.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches of whole lines out of chunks cut anywhere, and what is left after the last one. */
class CopyBatcherTest {
  @Test
  void bytesAfterTheLastNewlineAreAPartialRowNeverHandedOver() {
    List<String> batches = new ArrayList<>();
    CopyBatcher b = new CopyBatcher(0, 1 << 20, (text, length, rows, last) ->
        batches.add(new String(text, 0, length, StandardCharsets.UTF_8)));
    byte[] chunk = "1\ta\n2\tb\n3\tc".getBytes(StandardCharsets.UTF_8);
    b.accept(chunk, 0, chunk.length);
    assertEquals(3, b.partial());
    b.flush();
    assertEquals(List.of("1\ta\n2\tb\n"), batches);
    assertEquals(3, b.partial(), "the cut row stays, it is not a row");
    byte[] rest = "\n".getBytes(StandardCharsets.UTF_8);
    b.accept(rest, 0, rest.length);
    assertEquals(0, b.partial());
    b.flush();
    assertEquals(List.of("1\ta\n2\tb\n", "3\tc\n"), batches);
  }
}

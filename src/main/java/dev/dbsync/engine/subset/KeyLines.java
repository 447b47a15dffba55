package dev.dbsync.engine.subset;

import dev.dbsync.engine.db.CopyText;
import dev.dbsync.engine.transfer.Source;
import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * Passes on the lines of COPY text whose key is in a set: the rest of a composite key, when
 * the rows were asked for by one of its columns.
 */
final class KeyLines implements Source.ChunkSink {
  private final int[] keyAt;
  private final Set<String> keys;
  private final Source.ChunkSink next;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long lines;

  KeyLines(int[] keyAt, Set<String> keys, Source.ChunkSink next) {
    this.keyAt = keyAt.clone();
    this.keys = keys;
    this.next = next;
  }

  @Override
  public void accept(byte[] bytes, int offset, int length) throws InterruptedException {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      if (partial.size() > 0) {
        partial.write(bytes, start, i + 1 - start);
        byte[] line = partial.toByteArray();
        partial.reset();
        keep(line, 0, line.length - 1);
      } else {
        keep(bytes, start, i);
      }
      start = i + 1;
    }
    if (start < end) {
      partial.write(bytes, start, end - start);
    }
    if (kept.size() > 0) {
      byte[] out = kept.toByteArray();
      kept.reset();
      next.accept(out, 0, out.length);
    }
  }

  /** Keeps the line {@code [from, to)} (its newline at {@code to}) when its key is wanted. */
  private void keep(byte[] b, int from, int to) {
    String[] fields = CopyText.decodeLine(b, from, to);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < keyAt.length; i++) {
      if (i > 0) {
        key.append('\u0001');
      }
      key.append(fields[keyAt[i]]);
    }
    if (keys.contains(key.toString())) {
      kept.write(b, from, to + 1 - from);
      lines++;
    }
  }

  /** The lines passed on so far. */
  long lines() {
    return lines;
  }
}

package dev.dbsync.engine.transfer;

/** Passes COPY text on after its first N lines (the rows a cut-off subset already wrote). */
final class SkipLines implements Source.ChunkSink {
  private long left;
  private final Source.ChunkSink next;

  SkipLines(long lines, Source.ChunkSink next) {
    this.left = lines;
    this.next = next;
  }

  @Override
  public void accept(byte[] bytes, int offset, int length) throws InterruptedException {
    int i = offset;
    int end = offset + length;
    while (left > 0 && i < end) {
      if (bytes[i++] == '\n') {
        left--;
      }
    }
    if (i < end) {
      next.accept(bytes, i, end - i);
    }
  }
}

package dev.dbsync.engine.transfer;

import java.util.Arrays;

/**
 * Gathers COPY text arriving in chunks of any size into batches of whole lines, and hands a
 * batch over once it holds {@code batchRows} lines (when that is set) or {@code batchBytes}
 * bytes, and at the end. Holds one batch at most. With a {@link LineSink}, the batch's whole
 * lines are also passed on as each chunk arrives, each line once, all of them before the
 * batch is handed over.
 */
final class CopyBatcher implements RowBatcher {
  /** Receives one batch of whole lines; {@code lastLineStart} is where its last line begins. */
  interface BatchWriter {
    void write(byte[] text, int length, long rows, int lastLineStart);
  }

  /** Receives the whole lines of the batch being gathered as they arrive. */
  interface LineSink {
    void lines(byte[] text, int off, int len);
  }

  private final int batchRows;
  private final int batchBytes;
  private final BatchWriter writer;
  private final LineSink sink;
  private byte[] buf;
  private int len;
  private int scanned;
  private long lines;
  private int lastLineStart;
  private int end;
  private int passed;

  CopyBatcher(int batchRows, int batchBytes, BatchWriter writer) {
    this(batchRows, batchBytes, writer, null);
  }

  CopyBatcher(int batchRows, int batchBytes, BatchWriter writer, LineSink sink) {
    this.batchRows = batchRows;
    this.batchBytes = batchBytes;
    this.writer = writer;
    this.sink = sink;
    // grows with what arrives: a small table costs 64 KiB, not a whole batch's 5 MiB (300
    // tables allocated 1.5 GB of buffers they never filled)
    this.buf = new byte[1 << 16];
  }

  @Override
  public void accept(byte[] b, int off, int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
    while (scanned < len) {
      if (buf[scanned++] == '\n') {
        lines++;
        lastLineStart = end;
        end = scanned;
        if ((batchRows > 0 && lines >= batchRows) || end >= batchBytes) {
          flush();
        }
      }
    }
    pass();
  }

  /** Hands over every whole line gathered so far. */
  @Override
  public void flush() {
    if (end == 0) {
      return;
    }
    pass();
    writer.write(buf, end, lines, lastLineStart);
    System.arraycopy(buf, end, buf, 0, len - end);
    len -= end;
    scanned -= end;
    lines = 0;
    lastLineStart = 0;
    end = 0;
    passed = 0;
  }

  /** Bytes gathered after the last whole line: a row still arriving, or cut short. */
  @Override
  public int partial() {
    return len - end;
  }

  private void pass() {
    if (sink != null && end > passed) {
      sink.lines(buf, passed, end - passed);
      passed = end;
    }
  }
}

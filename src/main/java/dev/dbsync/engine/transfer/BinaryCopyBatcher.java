package dev.dbsync.engine.transfer;

import dev.dbsync.engine.DbSyncException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gathers PostgreSQL binary COPY arriving in chunks of any size into batches of whole tuples,
 * as {@link CopyBatcher} does with lines of text: the stream's header is checked and dropped,
 * each tuple is found by its field lengths, and the trailer ends the stream. Batches hold
 * tuples only (the target adds a header and a trailer to each). Every tuple must have the
 * number of fields asked for; anything else is not a row to guess at.
 */
final class BinaryCopyBatcher implements RowBatcher {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff,
      '\r', '\n', 0};
  /** The signature, the flags and the length of the header extension. */
  private static final int HEADER = SIGNATURE.length + 8;

  private final int fields;
  private final int batchRows;
  private final int batchBytes;
  private final CopyBatcher.BatchWriter writer;
  private final CopyBatcher.LineSink sink;
  private byte[] buf = new byte[1 << 16];
  private int len;
  private int end;
  private int lastStart;
  private long tuples;
  private int passed;
  private boolean headerRead;
  private boolean ended;

  /** Batches of tuples of {@code fields} fields, handed to {@code writer} (and {@code sink}). */
  BinaryCopyBatcher(int fields, int batchRows, int batchBytes, CopyBatcher.BatchWriter writer,
      CopyBatcher.LineSink sink) {
    this.fields = fields;
    this.batchRows = batchRows;
    this.batchBytes = batchBytes;
    this.writer = writer;
    this.sink = sink;
  }

  @Override
  public void accept(byte[] b, int off, int n) {
    if (n == 0) {
      return;
    }
    if (ended) {
      throw malformed("bytes after its end");
    }
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
    if (!headerRead && !header()) {
      return;
    }
    while (!ended) {
      int at = end;
      if (len - at < 2) {
        break;
      }
      short count = (short) (((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff));
      if (count == -1) {
        if (len - at > 2) {
          throw malformed("bytes after its end");
        }
        len = at; // the trailer is not part of any batch
        ended = true;
        break;
      }
      if (count != fields) {
        throw malformed("a row of " + count + " fields where " + fields + " were asked for");
      }
      int next = tupleEnd(at);
      if (next < 0) {
        break;
      }
      lastStart = at;
      end = next;
      tuples++;
      if ((batchRows > 0 && tuples >= batchRows) || end >= batchBytes) {
        flush();
      }
    }
    pass();
  }

  /** Reads and drops the header once it has all arrived; false while it has not. */
  private boolean header() {
    if (len < HEADER) {
      return false;
    }
    if (!Arrays.equals(buf, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw malformed("no binary COPY signature");
    }
    int flags = intAt(buf, SIGNATURE.length);
    if ((flags & 0xffff0000) != 0) {
      throw malformed("header flags this reader does not know (" + flags + ")");
    }
    int extension = intAt(buf, SIGNATURE.length + 4);
    if (extension < 0) {
      throw malformed("a negative header extension");
    }
    if (len < HEADER + extension) {
      return false;
    }
    int skip = HEADER + extension;
    System.arraycopy(buf, skip, buf, 0, len - skip);
    len -= skip;
    headerRead = true;
    return true;
  }

  /** Where the tuple at {@code at} ends, or -1 while part of it has not arrived. */
  private int tupleEnd(int at) {
    int p = at + 2;
    for (int i = 0; i < fields; i++) {
      if (len - p < 4) {
        return -1;
      }
      int n = intAt(buf, p);
      p += 4;
      if (n == -1) {
        continue; // NULL
      }
      if (n < 0) {
        throw malformed("a field of length " + n);
      }
      if (len - p < n) {
        return -1;
      }
      p += n;
    }
    return p;
  }

  /** Hands over every whole tuple gathered so far. */
  @Override
  public void flush() {
    if (end == 0) {
      return;
    }
    pass();
    writer.write(buf, end, tuples, lastStart);
    System.arraycopy(buf, end, buf, 0, len - end);
    len -= end;
    tuples = 0;
    lastStart = 0;
    end = 0;
    passed = 0;
  }

  /**
   * Bytes gathered after the last whole tuple; a stream that has not reached its trailer
   * counts at least one (it stopped before its end, or is still arriving).
   */
  @Override
  public int partial() {
    return ended ? len - end : Math.max(1, len - end);
  }

  /** Whether the trailer arrived: every row of the stream is here. */
  boolean ended() {
    return ended;
  }

  private void pass() {
    if (sink != null && end > passed) {
      sink.lines(buf, passed, end - passed);
      passed = end;
    }
  }

  /**
   * The text of field {@code index} of the tuple at {@code start}, as COPY text would carry a
   * key: a whole number of 2, 4 or 8 bytes, a uuid, or text. Null for NULL.
   */
  static String keyText(byte[] b, int start, int index, dev.dbsync.engine.db.ValueKind kind) {
    int p = start + 2;
    for (int i = 0; i < index; i++) {
      int n = intAt(b, p);
      p += 4 + Math.max(n, 0);
    }
    int n = intAt(b, p);
    p += 4;
    if (n == -1) {
      return null;
    }
    return switch (kind) {
      case INTEGER -> switch (n) {
        case 2 -> Short.toString((short) (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff)));
        case 4 -> Integer.toString(intAt(b, p));
        case 8 -> Long.toString(((long) intAt(b, p) << 32) | (intAt(b, p + 4) & 0xffffffffL));
        default -> throw malformed("a whole number of " + n + " bytes");
      };
      case UUID -> {
        if (n != 16) {
          throw malformed("a uuid of " + n + " bytes");
        }
        long hi = ((long) intAt(b, p) << 32) | (intAt(b, p + 4) & 0xffffffffL);
        long lo = ((long) intAt(b, p + 8) << 32) | (intAt(b, p + 12) & 0xffffffffL);
        yield new java.util.UUID(hi, lo).toString();
      }
      case TEXT -> new String(b, p, n, StandardCharsets.UTF_8);
      default -> throw new IllegalArgumentException("no binary key of kind " + kind);
    };
  }

  /** Whether {@link #keyText} reads a key of this kind. */
  static boolean readsKey(dev.dbsync.engine.db.ValueKind kind) {
    return kind == dev.dbsync.engine.db.ValueKind.INTEGER
        || kind == dev.dbsync.engine.db.ValueKind.UUID
        || kind == dev.dbsync.engine.db.ValueKind.TEXT;
  }

  private static int intAt(byte[] b, int p) {
    return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8)
        | (b[p + 3] & 0xff);
  }

  private static DbSyncException malformed(String what) {
    return new DbSyncException("The rows arrived as binary COPY with " + what + ": nothing "
        + "after the last whole row is written.");
  }
}

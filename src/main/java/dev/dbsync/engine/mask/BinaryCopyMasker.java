package dev.dbsync.engine.mask;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Masks PostgreSQL's binary COPY as it streams: in each whole tuple the masked fields, all of
 * text columns (whose binary form is the value's UTF-8), are decoded, masked and written with
 * their new length; the other fields are copied byte for byte. Only whole tuples are passed
 * on, and a stream that does not parse as binary COPY (another field count, a negative length,
 * bytes after the trailer, no trailer) fails: nothing of it leaves unmasked.
 */
final class BinaryCopyMasker extends MaskingStream {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff,
      '\r', '\n', 0};
  private final MaskRule[] rules;
  private final MaskKey key;
  private byte[] in = new byte[1 << 16];
  private int inLength;
  private boolean header;
  private boolean ended;

  /** {@code rules}: one per field of a tuple, null where the field is not masked. */
  BinaryCopyMasker(OutputStream out, MaskRule[] rules, MaskKey key) {
    super(out);
    this.rules = rules;
    this.key = key;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (inLength + len > in.length) {
      in = Arrays.copyOf(in, Math.max(in.length * 2, inLength + len));
    }
    System.arraycopy(b, off, in, inLength, len);
    inLength += len;
    int used = tuples();
    System.arraycopy(in, used, in, 0, inLength - used);
    inLength -= used;
    if (gathered() > (1 << 15)) {
      drain();
    }
  }

  /** Masks and passes on every whole part gathered; returns the bytes it used. */
  private int tuples() throws IOException {
    int p = 0;
    if (!header) {
      if (inLength < 19) {
        return 0;
      }
      if (!Arrays.equals(in, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
        throw new IOException("The rows are not binary COPY: nothing of them is sent.");
      }
      int extension = intAt(15);
      if (extension < 0) {
        throw new IOException("A binary COPY header with a negative extension length.");
      }
      if (inLength < 19 + extension) {
        return 0;
      }
      put(in, 0, 19 + extension);
      header = true;
      p = 19 + extension;
    }
    while (inLength - p >= 2) {
      if (ended) {
        throw new IOException("Bytes after the end of binary COPY: nothing of them is sent.");
      }
      int fields = (short) ((in[p] & 0xff) << 8 | in[p + 1] & 0xff);
      if (fields == -1) {
        put(in, p, 2);
        p += 2;
        ended = true;
        continue;
      }
      if (fields != rules.length) {
        throw new IOException("A tuple of " + fields + " fields where " + rules.length
            + " were read: nothing of it is sent.");
      }
      int end = tupleEnd(p + 2, fields);
      if (end < 0) {
        break; // the rest of this tuple is still to come
      }
      mask(p, fields);
      p = end;
    }
    return p;
  }

  /** Where the tuple whose fields start at {@code q} ends, or -1 when it is not all here. */
  private int tupleEnd(int q, int fields) throws IOException {
    for (int f = 0; f < fields; f++) {
      if (inLength - q < 4) {
        return -1;
      }
      int length = intAt(q);
      q += 4;
      if (length < -1) {
        throw new IOException("A field of length " + length + " in binary COPY.");
      }
      if (length > 0) {
        if (inLength - q < length) {
          return -1;
        }
        q += length;
      }
    }
    return q;
  }

  private void mask(int p, int fields) {
    put(in, p, 2);
    int q = p + 2;
    for (int f = 0; f < fields; f++) {
      int length = intAt(q);
      q += 4;
      if (rules[f] == null || length == -1) {
        put(in, q - 4, 4 + Math.max(0, length));
      } else {
        String masked = rules[f].apply(new String(in, q, length, StandardCharsets.UTF_8), key);
        if (masked == null) {
          putInt(-1);
        } else {
          byte[] b = masked.getBytes(StandardCharsets.UTF_8);
          putInt(b.length);
          put(b, 0, b.length);
        }
      }
      q += Math.max(0, length);
    }
  }

  /** The stream is complete: what is gathered goes out, or the stream was cut short. */
  void finish() throws IOException {
    if (!ended || inLength > 0) {
      throw new IOException("The binary COPY ended without its trailer: the rest is not sent.");
    }
    flush();
  }

  private int intAt(int at) {
    return (in[at] & 0xff) << 24 | (in[at + 1] & 0xff) << 16 | (in[at + 2] & 0xff) << 8
        | in[at + 3] & 0xff;
  }
}

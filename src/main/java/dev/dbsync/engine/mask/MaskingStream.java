package dev.dbsync.engine.mask;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A stream that masks what it is given and gathers the masked bytes for {@code out}. */
abstract class MaskingStream extends OutputStream {
  private final OutputStream out;
  private byte[] buf = new byte[1 << 16];
  private int bufLength;

  MaskingStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  /** Bytes gathered and not yet passed on. */
  int gathered() {
    return bufLength;
  }

  /** Takes back the last byte gathered. */
  void unput() {
    bufLength--;
  }

  void put(byte b) {
    ensure(1);
    buf[bufLength++] = b;
  }

  void put(byte[] b) {
    put(b, 0, b.length);
  }

  void put(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, bufLength, len);
    bufLength += len;
  }

  void putInt(int v) {
    ensure(4);
    buf[bufLength++] = (byte) (v >>> 24);
    buf[bufLength++] = (byte) (v >>> 16);
    buf[bufLength++] = (byte) (v >>> 8);
    buf[bufLength++] = (byte) v;
  }

  private void ensure(int n) {
    if (bufLength + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufLength + n));
    }
  }

  /** Passes on what is gathered. */
  void drain() throws IOException {
    out.write(buf, 0, bufLength);
    bufLength = 0;
  }
}

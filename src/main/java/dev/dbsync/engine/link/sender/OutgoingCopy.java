package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.link.Protocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * COPY text pushed to one receiver as binary frames: 8 bytes of the request's ref, the tag
 * {@code 'C'}, then up to
 * {@link Protocol#COPY_CHUNK} bytes. At most {@link Protocol#COPY_WINDOW} frames are
 * unacknowledged; the COPY reading blocks until the receiver acknowledges one.
 */
final class OutgoingCopy extends OutputStream {
  private final ReceiverConnection receiver;
  private final long ref;
  private final ByteBuffer chunk = ByteBuffer.allocate(Protocol.COPY_CHUNK);
  private final Credits credits = new Credits(Protocol.COPY_WINDOW) {};
  private long bytes;
  private String refusal;

  OutgoingCopy(ReceiverConnection receiver, long ref) {
    this.receiver = receiver;
    this.ref = ref;
  }

  @Override
  public void write(int b) throws IOException {
    if (!chunk.hasRemaining()) {
      send();
    }
    chunk.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!chunk.hasRemaining()) {
        send();
      }
      int n = Math.min(len, chunk.remaining());
      chunk.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (chunk.position() > 0) {
      send();
    }
  }

  private void send() throws IOException {
    try {
      if (!credits.acquire(receiver)) {
        throw new IOException("the receiver stopped reading");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
    chunk.flip();
    refusal = receiver.connection() == null ? null : receiver.allowRows(rowsIn(chunk));
    if (refusal != null) {
      throw new IOException(refusal);
    }
    ByteBuffer frame = ByteBuffer.allocate(9 + chunk.remaining());
    frame.putLong(ref).put(dev.dbsync.engine.link.Batches.COPY_TAG).put(chunk).flip();
    bytes += frame.remaining() - 9;
    chunk.clear();
    receiver.sendBinary(frame);
  }

  /** Rows that end in this chunk: COPY text escapes newlines inside values, so one per row. */
  private static long rowsIn(ByteBuffer b) {
    long n = 0;
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Why the connection's record limit stopped the copy, or null. */
  String refusal() {
    return refusal;
  }

  long bytes() {
    return bytes;
  }

  /** Its flow control, registered with the receiver so acks and cancels reach it. */
  Flow flow() {
    return credits;
  }

  boolean cancelled() {
    return credits.cancelled();
  }
}

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
  /** The next frame, its header in place: grows from small up to a whole chunk, reused. */
  private ByteBuffer frame = ByteBuffer.allocate(HEADER + FIRST_CHUNK);
  private final Credits credits = new Credits(Protocol.COPY_WINDOW) {};
  private long bytes;
  private String refusal;

  /** The ref and the tag before each chunk. */
  private static final int HEADER = 9;
  /**
   * A table's first frame buffer: most tables of a schema are small, and a whole chunk for
   * each (zeroed, fresh pages) cost a 300-table pull's sender a fifth of its time.
   */
  private static final int FIRST_CHUNK = 16 * 1024;

  OutgoingCopy(ReceiverConnection receiver, long ref) {
    this.receiver = receiver;
    this.ref = ref;
    frame.putLong(ref).put(dev.dbsync.engine.link.Batches.COPY_TAG);
  }

  @Override
  public void write(int b) throws IOException {
    room();
    frame.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      room();
      int n = Math.min(len, frame.remaining());
      frame.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  /** Makes room for at least one byte: a bigger buffer while it is small, else a send. */
  private void room() throws IOException {
    if (frame.hasRemaining()) {
      return;
    }
    if (frame.capacity() < HEADER + Protocol.COPY_CHUNK) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.min(HEADER + Protocol.COPY_CHUNK,
          HEADER + 2 * (frame.capacity() - HEADER)));
      frame.flip();
      frame = bigger.put(frame);
    } else {
      send();
    }
  }

  @Override
  public void flush() throws IOException {
    if (frame.position() > HEADER) {
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
    frame.flip();
    refusal = receiver.connection() == null ? null : receiver.allowRows(rowsIn(frame));
    if (refusal != null) {
      throw new IOException(refusal);
    }
    bytes += frame.remaining() - HEADER;
    // the WebSocket copies the frame into its own before send returns: this one is reused
    receiver.sendBinary(frame);
    frame.clear().position(HEADER);
  }

  /** Rows that end in this frame: COPY text escapes newlines inside values, so one per row. */
  private static long rowsIn(ByteBuffer b) {
    long n = 0;
    for (int i = HEADER; i < b.limit(); i++) {
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

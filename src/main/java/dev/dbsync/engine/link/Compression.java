package dev.dbsync.engine.link;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;

/**
 * Optional compression of the link: the standard WebSocket {@code permessage-deflate}
 * (RFC 7692) from the link library, negotiated in the upgrade (the receiver asks, the sender
 * agrees). One guard added: a message may not inflate past {@link Protocol#MAX_FRAME_BYTES},
 * so a small compressed frame cannot make a peer fill its memory (that connection is closed,
 * nobody else is affected).
 */
public final class Compression {
  private Compression() {}

  /** The extension to offer (receiver) or accept (sender). */
  public static IExtension deflate() {
    return new BoundedDeflate();
  }

  /** Whether {@code e} is the negotiated compression. */
  public static boolean isDeflate(IExtension e) {
    return e instanceof PerMessageDeflateExtension;
  }

  private static final class BoundedDeflate extends PerMessageDeflateExtension {
    BoundedDeflate() {
      setInflater(new BoundedInflater(Protocol.MAX_FRAME_BYTES));
    }

    @Override
    public IExtension copyInstance() {
      return new BoundedDeflate();
    }
  }

  /**
   * Counts what one compressed frame inflates to and refuses to go past {@code limit}. The
   * extension gives each frame's bytes with one {@code setInput} and inflates them in a loop.
   */
  static final class BoundedInflater extends Inflater {
    private final long limit;
    private long out;

    BoundedInflater(long limit) {
      super(true);
      this.limit = limit;
    }

    @Override
    public void setInput(byte[] input) {
      out = 0;
      super.setInput(input);
    }

    @Override
    public int inflate(byte[] b, int off, int len) throws DataFormatException {
      int n = super.inflate(b, off, len);
      out += n;
      if (out > limit) {
        throw new DataFormatException("a compressed message inflates past " + limit
            + " bytes");
      }
      return n;
    }
  }
}

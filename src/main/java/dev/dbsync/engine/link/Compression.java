package dev.dbsync.engine.link;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.framing.Framedata;

/**
 * Optional compression of the link: the standard WebSocket {@code permessage-deflate}
 * (RFC 7692) from the link library, negotiated in the upgrade (the receiver asks, the sender
 * agrees). Two guards added:
 * <ul>
 *   <li>a message may not inflate past a limit ({@link Protocol#MAX_FRAME_BYTES} for what a
 *       receiver reads, {@link Protocol#MAX_REQUEST_BYTES} for what a sender reads), so a small
 *       compressed frame cannot make a peer fill its memory (that connection is closed, nobody
 *       else is affected);</li>
 *   <li>nothing is allocated before it is used: the library copies the extension for every
 *       upgrade, refused ones included, and its deflater and inflater hold native memory that
 *       only a garbage collection frees. Here the copy is a few fields; zlib is set up at the
 *       first compressed frame, which only an admitted peer can send.</li>
 * </ul>
 */
public final class Compression {
  private Compression() {}

  /** The extension a receiver offers: what it reads may inflate to a whole batch. */
  public static IExtension deflate() {
    return new LazyDeflate(Protocol.MAX_FRAME_BYTES);
  }

  /** The extension a sender accepts: what it reads are requests, small by definition. */
  public static IExtension deflateForRequests() {
    return new LazyDeflate(Protocol.MAX_REQUEST_BYTES);
  }

  /** Whether {@code e} is the negotiated compression. */
  public static boolean isDeflate(IExtension e) {
    return e instanceof LazyDeflate;
  }

  /** Whether this (negotiated) extension has set up zlib yet: for tests of the allocation. */
  static boolean isSetUp(IExtension e) {
    return e instanceof LazyDeflate d && d.delegate != null;
  }

  /** permessage-deflate whose zlib state is made at first use. */
  private static final class LazyDeflate implements IExtension {
    private static final String NAME = "permessage-deflate";
    private final long limit;
    private String acceptedAsServer;
    private String acceptedAsClient;
    private PerMessageDeflateExtension delegate;

    LazyDeflate(long limit) {
      this.limit = limit;
    }

    private synchronized PerMessageDeflateExtension delegate() {
      if (delegate == null) {
        PerMessageDeflateExtension d = new PerMessageDeflateExtension();
        d.setInflater(new BoundedInflater(limit));
        if (acceptedAsServer != null) {
          d.acceptProvidedExtensionAsServer(acceptedAsServer);
        }
        if (acceptedAsClient != null) {
          d.acceptProvidedExtensionAsClient(acceptedAsClient);
        }
        delegate = d;
      }
      return delegate;
    }

    private static boolean names(String header) {
      for (String offer : header.split(",")) {
        if (offer.split(";")[0].trim().equalsIgnoreCase(NAME)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void decodeFrame(Framedata frame) throws InvalidDataException {
      delegate().decodeFrame(frame);
    }

    @Override
    public void encodeFrame(Framedata frame) {
      delegate().encodeFrame(frame);
    }

    @Override
    public boolean acceptProvidedExtensionAsServer(String header) {
      if (!names(header)) {
        return false;
      }
      acceptedAsServer = header;
      return true;
    }

    @Override
    public boolean acceptProvidedExtensionAsClient(String header) {
      if (!names(header)) {
        return false;
      }
      acceptedAsClient = header;
      return true;
    }

    @Override
    public void isFrameValid(Framedata frame) throws InvalidDataException {
      delegate().isFrameValid(frame);
    }

    @Override
    public String getProvidedExtensionAsClient() {
      return NAME + "; server_no_context_takeover; client_no_context_takeover";
    }

    @Override
    public String getProvidedExtensionAsServer() {
      // asked only for an upgrade that is accepted (a refused one gets a plain 403)
      return delegate().getProvidedExtensionAsServer();
    }

    @Override
    public IExtension copyInstance() {
      return new LazyDeflate(limit);
    }

    @Override
    public void reset() {
      if (delegate != null) {
        delegate.reset();
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LazyDeflate;
    }

    @Override
    public int hashCode() {
      return LazyDeflate.class.hashCode();
    }

    @Override
    public String toString() {
      return "LazyDeflate";
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

package dev.dbsync.engine.link.receiver;

import dev.dbsync.engine.link.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.Handshakedata;

/**
 * RFC 6455 for the receiver, remembering a refused upgrade's status and plain-text reason
 * (the library itself only reports "invalid status code").
 */
final class ClientDraft extends Draft_6455 {
  /** Shared with the copies the library makes of a draft for each connection. */
  private static final class Refusal {
    volatile int status;
    volatile String text;
  }

  private final Refusal refusal;

  private final boolean compress;

  /** A draft that offers compression ({@code permessage-deflate}) when {@code compress}. */
  ClientDraft(boolean compress) {
    this(new Refusal(), compress);
  }

  private ClientDraft(Refusal refusal, boolean compress) {
    super(compress ? java.util.List.of(dev.dbsync.engine.link.Compression.deflate())
        : Collections.emptyList(), Protocol.MAX_FRAME_BYTES);
    this.refusal = refusal;
    this.compress = compress;
  }

  @Override
  public Draft copyInstance() {
    return new ClientDraft(refusal, compress);
  }

  @Override
  public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
    ByteBuffer peek = buf.duplicate();
    byte[] bytes = new byte[peek.remaining()];
    peek.get(bytes);
    String raw = new String(bytes, StandardCharsets.UTF_8);
    if (raw.startsWith("HTTP/") && raw.length() > 12 && !raw.startsWith(" 101", 8)) {
      try {
        refusal.status = Integer.parseInt(raw.substring(9, 12));
      } catch (NumberFormatException e) {
        refusal.status = -1;
      }
      int body = raw.indexOf("\r\n\r\n");
      refusal.text = body < 0 ? "" : raw.substring(body + 4);
    }
    return super.translateHandshake(buf);
  }

  int refusedStatus() {
    return refusal.status;
  }

  String refusedText() {
    return refusal.text;
  }
}

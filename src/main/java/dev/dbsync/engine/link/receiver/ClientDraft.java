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
  private volatile int refusedStatus;
  private volatile String refusedText;

  ClientDraft() {
    super(Collections.emptyList(), Protocol.MAX_FRAME_BYTES);
  }

  @Override
  public Draft copyInstance() {
    return new ClientDraft();
  }

  @Override
  public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
    ByteBuffer peek = buf.duplicate();
    byte[] bytes = new byte[peek.remaining()];
    peek.get(bytes);
    String raw = new String(bytes, StandardCharsets.UTF_8);
    if (raw.startsWith("HTTP/") && raw.length() > 12 && !raw.startsWith(" 101", 8)) {
      try {
        refusedStatus = Integer.parseInt(raw.substring(9, 12));
      } catch (NumberFormatException e) {
        refusedStatus = -1;
      }
      int body = raw.indexOf("\r\n\r\n");
      refusedText = body < 0 ? "" : raw.substring(body + 4);
    }
    return super.translateHandshake(buf);
  }

  int refusedStatus() {
    return refusedStatus;
  }

  String refusedText() {
    return refusedText;
  }
}

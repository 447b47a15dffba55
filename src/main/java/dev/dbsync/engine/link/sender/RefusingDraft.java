package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.link.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * RFC 6455 with a frame size limit, and able to refuse an upgrade with a plain-text HTTP
 * answer ({@code 403 Invalid code}) as the contract requires: the server marks the response
 * with {@link #REFUSED} and this draft writes it as an error instead of a 101.
 */
final class RefusingDraft extends Draft_6455 {
  static final String REFUSED = "X-DbSync-Refused";
  static final String REASON = "X-DbSync-Reason";

  RefusingDraft() {
    // compression is agreed when a receiver asks for it (permessage-deflate), else none
    // requests are small: a frame larger than that is refused from its header
    super(java.util.List.of(dev.dbsync.engine.link.Compression.deflateForRequests()),
        Protocol.MAX_REQUEST_BYTES);
  }

  @Override
  public Draft copyInstance() {
    return new RefusingDraft();
  }

  @Override
  public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request,
      ServerHandshakeBuilder response) throws InvalidHandshakeException {
    if (response.hasFieldValue(REFUSED)) {
      return response;
    }
    return super.postProcessHandshakeResponseAsServer(request, response);
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata data, boolean withContent) {
    if (!(data instanceof ServerHandshake) || !data.hasFieldValue(REFUSED)) {
      return super.createHandshake(data, withContent);
    }
    String status = data.getFieldValue(REFUSED);
    String body = data.getFieldValue(REASON);
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + (status.equals("400") ? "Bad Request"
        : status.equals("404") ? "Not Found" : "Forbidden") + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + content.length + "\r\n"
        + "Connection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(h.length + content.length);
    buf.put(h).put(content).flip();
    return Collections.singletonList(buf);
  }
}

package dev.dbsync.engine.link.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.Protocol;
import java.util.List;

/**
 * A table streamed to one receiver as {@code stream:batch} pushes. At most
 * {@link Protocol#STREAM_WINDOW} batches are unacknowledged at any time: the reading thread
 * waits for a {@code stream:ack} before it sends more, so memory stays bounded on both sides.
 */
final class OutgoingStream extends Credits implements TableReader.BatchSink {
  private final ReceiverConnection receiver;
  private final String ref;
  private final String table;
  private final List<String> key;
  private final long expected;
  private long seq;
  private long sent;
  private JsonNode lastKey;

  private final boolean smile;

  OutgoingStream(ReceiverConnection receiver, String ref, String table, List<String> key,
      long expected, boolean smile) {
    super(Protocol.STREAM_WINDOW);
    this.smile = smile;
    this.receiver = receiver;
    this.ref = ref;
    this.table = table;
    this.key = key;
    this.expected = expected;
  }

  @Override
  public boolean accept(List<ObjectNode> batch) throws InterruptedException {
    if (!acquire(receiver)) {
      return false;
    }
    String refused = receiver.allowRows(batch.size());
    if (refused != null) {
      throw new dev.dbsync.engine.DbSyncException(refused);
    }
    ++seq;
    sent += batch.size();
    if (!key.isEmpty()) {
      ArrayNode k = WireValues.NODES.arrayNode();
      ObjectNode last = batch.get(batch.size() - 1);
      key.forEach(c -> k.add(last.get(c)));
      lastKey = k;
    }
    if (smile) {
      receiver.sendBinary(dev.dbsync.engine.link.Batches.encode(Long.parseLong(ref), seq, batch,
          lastKey, sent));
    } else {
      ObjectNode p = WireValues.NODES.objectNode();
      p.put("seq", seq);
      ArrayNode records = p.putArray("records");
      batch.forEach(records::add);
      if (lastKey != null) {
        p.set("last_key", lastKey);
      }
      p.put("rows_sent", sent);
      receiver.respond(Protocol.STREAM_BATCH, ref, p);
    }
    receiver.reading(table, sent, expected);
    return true;
  }


  ObjectNode endPayload() {
    ObjectNode p = WireValues.NODES.objectNode();
    p.put("rows", sent);
    p.put("batches", seq);
    if (lastKey != null) {
      p.set("last_key", lastKey);
    }
    return p;
  }
}

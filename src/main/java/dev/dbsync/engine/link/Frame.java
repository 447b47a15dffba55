package dev.dbsync.engine.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.WireValues;

/** One text frame of the link: {@code [join_ref, ref, topic, event, payload]}. */
public record Frame(String joinRef, String ref, String topic, String event, ObjectNode payload) {

  /** Parses a frame; a message that is not a five-element array is refused with the reason. */
  public static Frame parse(String text) throws MalformedFrameException {
    JsonNode node;
    try {
      node = WireValues.JSON.readTree(text);
    } catch (Exception e) {
      throw new MalformedFrameException("the message is not valid JSON");
    }
    if (node == null || !node.isArray() || node.size() != 5) {
      throw new MalformedFrameException(
          "a frame must be a JSON array [join_ref, ref, topic, event, payload]");
    }
    JsonNode topic = node.get(2);
    JsonNode event = node.get(3);
    JsonNode payload = node.get(4);
    String ref = textOrNull(node.get(1));
    if (!topic.isTextual() || !event.isTextual()) {
      throw new MalformedFrameException("topic and event must be strings", ref);
    }
    if (payload != null && !payload.isNull() && !payload.isObject()) {
      throw new MalformedFrameException("the payload must be a JSON object", ref);
    }
    ObjectNode p = payload instanceof ObjectNode o ? o : WireValues.NODES.objectNode();
    return new Frame(textOrNull(node.get(0)), ref, topic.asText(), event.asText(), p);
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  public String encode() {
    ArrayNode a = WireValues.NODES.arrayNode(5);
    a.add(joinRef == null ? NullNode.instance : WireValues.NODES.textNode(joinRef));
    a.add(ref == null ? NullNode.instance : WireValues.NODES.textNode(ref));
    a.add(topic);
    a.add(event);
    a.add(payload == null ? WireValues.NODES.objectNode() : payload);
    return a.toString();
  }

  /** The ref a response should carry: the payload's {@code ref}, else the frame's. */
  public String requestRef() {
    JsonNode r = payload.get("ref");
    return r != null && !r.isNull() ? r.asText() : ref;
  }

  /** A frame that could not be understood. */
  public static final class MalformedFrameException extends Exception {
    private final String ref;

    public MalformedFrameException(String message) {
      this(message, null);
    }

    public MalformedFrameException(String message, String ref) {
      super(message);
      this.ref = ref;
    }

    public String ref() {
      return ref;
    }
  }
}

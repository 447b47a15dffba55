package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The wire form of values (see docs/protocol.md): numerics as decimal strings, float NaN and
 * infinities as strings, binary as {"__phoenix_kit_binary__": base64}, json as nested JSON.
 */
public final class WireValues {
  public static final String BINARY_KEY = "__phoenix_kit_binary__";
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  /** One mapper for the whole engine: exact decimals, no precision lost on the way. */
  public static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .nodeFactory(NODES)
      .build();

  private WireValues() {}

  public static ObjectNode binary(byte[] bytes) {
    ObjectNode n = NODES.objectNode();
    n.put(BINARY_KEY, Base64.getEncoder().encodeToString(bytes));
    return n;
  }

  public static boolean isBinary(JsonNode node) {
    return node != null && node.isObject() && node.size() == 1 && node.has(BINARY_KEY);
  }

  /** The bytes of a binary value, from the wire wrapper or PostgreSQL's {@code \x} hex text. */
  public static byte[] bytesOf(JsonNode node) {
    if (isBinary(node)) {
      return Base64.getDecoder().decode(node.get(BINARY_KEY).asText());
    }
    String text = node.asText();
    if (text.startsWith("\\x")) {
      return HexFormat.of().parseHex(text.substring(2));
    }
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public static String pgHex(byte[] bytes) {
    return "\\x" + HexFormat.of().formatHex(bytes);
  }

  /** A float as it travels: a JSON number, or a string for NaN and the infinities. */
  public static JsonNode floatNode(String pgText) {
    double d = Double.parseDouble(pgText);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return TextNode.valueOf(Double.isNaN(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"));
    }
    return NODES.numberNode(d);
  }

  /** The text a database's input function understands for a scalar wire value. */
  public static String textOf(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (isBinary(node)) {
      return pgHex(bytesOf(node));
    }
    if (node.isValueNode()) {
      return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
    }
    return node.toString();
  }

  /**
   * The wire value of a column's text (as PostgreSQL writes it), for rows rebuilt from COPY
   * text: integers and booleans typed, json parsed, binary wrapped, the rest as text.
   */
  public static JsonNode fromText(String text, ValueKind kind) {
    if (text == null) {
      return com.fasterxml.jackson.databind.node.NullNode.instance;
    }
    switch (kind) {
      case INTEGER:
        if (text.matches("-?\\d{1,18}")) {
          return NODES.numberNode(Long.parseLong(text));
        }
        break;
      case BOOLEAN:
        if (text.equals("t") || text.equals("true")) {
          return NODES.booleanNode(true);
        }
        if (text.equals("f") || text.equals("false")) {
          return NODES.booleanNode(false);
        }
        break;
      case FLOAT:
        try {
          return floatNode(text);
        } catch (NumberFormatException e) {
          break;
        }
      case JSON:
        return parseJson(text);
      case BINARY:
        if (text.startsWith("\\x")) {
          return binary(bytesOf(TextNode.valueOf(text)));
        }
        break;
      default:
        break;
    }
    return TextNode.valueOf(text);
  }

  /**
   * A json value kept as the text it arrived in, for a target that stores json as text (the
   * SQLite adapter writes it as it is; anything else sees the parsed value).
   */
  public static JsonNode rawJson(String text) {
    return NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(text));
  }

  /** The JSON text of a value: the raw text when it was kept, else the serialised tree. */
  public static String jsonText(JsonNode v) {
    if (v instanceof com.fasterxml.jackson.databind.node.POJONode p
        && p.getPojo() instanceof com.fasterxml.jackson.databind.util.RawValue raw) {
      return String.valueOf(raw.rawValue());
    }
    return v.toString();
  }

  public static JsonNode parseJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      return TextNode.valueOf(text);
    }
  }
}

package dev.dbsync.engine.link;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import dev.dbsync.engine.db.WireValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The compact form of a stream batch (extension {@code smile}): a binary frame holding the
 * request's ref (8 bytes), the tag {@code 'S'}, then a Smile-encoded object
 * {@code {"seq", "columns": [...], "rows": [[...], ...], "last_key", "rows_sent"}}: column
 * names once per batch instead of once per value, and no text to validate or parse.
 */
public final class Batches {
  public static final byte COPY_TAG = 'C';
  public static final byte SMILE_TAG = 'S';
  /**
   * Smile keeps a decimal as a decimal and a double as a double, so each comes back as it
   * went: a double is not made a BigDecimal of its binary expansion (0.1 as
   * 0.1000000000000000055511151231257827021181583404541015625), which every sample, preview
   * and text written to a database would then carry.
   */
  private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
      .setNodeFactory(WireValues.NODES);

  private Batches() {}

  /** Encodes a batch; every row has the same columns as the first one. */
  public static ByteBuffer encode(long ref, long seq, List<ObjectNode> rows, JsonNode lastKey,
      long rowsSent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    out.writeBytes(ByteBuffer.allocate(8).putLong(ref).array());
    out.write(SMILE_TAG);
    try (JsonGenerator g = SMILE.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("seq", seq);
      g.writeNumberField("rows_sent", rowsSent);
      if (lastKey != null) {
        g.writeFieldName("last_key");
        SMILE.writeTree(g, lastKey);
      }
      List<String> columns = new java.util.ArrayList<>();
      rows.get(0).fieldNames().forEachRemaining(columns::add);
      g.writeArrayFieldStart("columns");
      for (String c : columns) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rows");
      for (ObjectNode r : rows) {
        g.writeStartArray();
        for (String c : columns) {
          write(g, r.get(c));
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  /** Scalars straight to the generator; only json values and arrays go through the tree. */
  private static void write(JsonGenerator g, JsonNode v) throws IOException {
    if (v == null || v.isNull()) {
      g.writeNull();
    } else if (v.isTextual()) {
      g.writeString(v.textValue());
    } else if (v.isBoolean()) {
      g.writeBoolean(v.booleanValue());
    } else if (v.isIntegralNumber() && v.canConvertToLong()) {
      g.writeNumber(v.longValue());
    } else if (v.isDouble() || v.isFloat()) {
      g.writeNumber(v.doubleValue());
    } else if (v.isBigDecimal()) {
      g.writeNumber(v.decimalValue());
    } else {
      SMILE.writeTree(g, v);
    }
  }

  /** Decodes a batch into the shape of a text {@code stream:batch} payload ("records"). */
  public static ObjectNode decode(ByteBuffer frame) {
    byte[] body = new byte[frame.remaining()];
    frame.get(body);
    try (JsonParser p = SMILE.getFactory().createParser(body)) {
      ObjectNode batch = SMILE.readTree(p);
      JsonNode columns = batch.remove("columns");
      JsonNode rows = batch.remove("rows");
      ArrayNode records = batch.putArray("records");
      String[] names = new String[columns.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = columns.get(i).asText();
      }
      for (JsonNode row : rows) {
        ObjectNode r = records.addObject();
        for (int i = 0; i < names.length; i++) {
          r.set(names[i], row.get(i));
        }
      }
      return batch;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

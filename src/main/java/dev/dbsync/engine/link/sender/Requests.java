package dev.dbsync.engine.link.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.Frame;
import dev.dbsync.engine.link.Protocol;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.RowFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one receiver's requests, on that receiver's worker thread. */
final class Requests {
  private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

  private static final java.util.Set<String> BASE_EVENTS = java.util.Set.of(
      Protocol.REQ_CAPABILITIES, Protocol.REQ_TABLES, Protocol.REQ_SCHEMA, Protocol.REQ_COUNT,
      Protocol.REQ_RECORDS);

  private final ReceiverConnection rc;

  Requests(ReceiverConnection rc) {
    this.rc = rc;
  }

  void handle(Frame f) {
    String ref = f.requestRef();
    ObjectNode p = f.payload();
    boolean ext = rc.server().options().extensions();
    try {
      if (!ext && !BASE_EVENTS.contains(f.event())) {
        rc.sendError(ref, "Unknown event '" + f.event() + "'.");
        return;
      }
      if (!ext) {
        // a base-layer sender knows nothing of keys, column subsets or filters
        p.remove(List.of("after", "columns", "filters"));
      }
      switch (f.event()) {
        case Protocol.REQ_CAPABILITIES -> rc.respond("response:capabilities", ref,
            capabilities());
        case Protocol.REQ_TABLES -> rc.respond("response:tables", ref, obj("tables",
            WireValues.JSON.valueToTree(read(TableReader::listTables))));
        case Protocol.REQ_SCHEMA -> {
          String table = text(p, "table");
          rc.respond("response:schema", ref, obj("schema",
              WireValues.JSON.valueToTree(read(r -> r.getSchema(table)))));
        }
        case Protocol.REQ_COUNT -> {
          String table = text(p, "table");
          ObjectNode out = WireValues.NODES.objectNode();
          out.put("count", (long) read(r -> r.getCount(table)));
          rc.respond("response:count", ref, out);
        }
        case Protocol.REQ_RECORDS -> records(ref, p);
        case Protocol.REQ_STREAM -> stream(ref, p);
        case Protocol.REQ_COPY -> copy(ref, p);
        case Protocol.REQ_SNAPSHOT_BEGIN -> {
          rc.closeSnapshot();
          rc.openSnapshot();
          rc.respond("response:snapshot", ref, WireValues.NODES.objectNode()
              .put("snapshot", "open"));
        }
        case Protocol.REQ_SNAPSHOT_END -> {
          rc.closeSnapshot();
          rc.respond("response:snapshot", ref, WireValues.NODES.objectNode()
              .put("snapshot", "closed"));
        }
        default -> rc.sendError(ref, "Unknown event '" + f.event() + "'.");
      }
    } catch (DbSyncException e) {
      rc.sendError(ref, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("request {} failed", f.event(), e);
      rc.sendError(ref, "The sender could not answer " + f.event() + ": " + e);
    }
  }

  private ObjectNode capabilities() {
    ObjectNode caps = WireValues.NODES.objectNode();
    caps.put("version", Protocol.VERSION);
    ArrayNode features = caps.putArray("features");
    Protocol.BASE_FEATURES.forEach(features::add);
    if (!rc.server().options().extensions()) {
      return obj("capabilities", caps);
    }
    Protocol.EXTENSIONS.forEach(features::add);
    features.add("smile");
    features.add("copy");
    caps.put("stream_window", Protocol.STREAM_WINDOW);
    caps.put("max_stream_batch", Protocol.MAX_STREAM_BATCH);
    caps.put("source_id", rc.server().sourceId());
    caps.put("database", rc.server().database().locator().kind().name().toLowerCase());
    return obj("capabilities", caps);
  }

  /** Runs a read on the receiver's snapshot if it opened one, else on a fresh one. */
  private <T> T read(Function<TableReader, T> work) {
    TableReader snapshot = rc.snapshotOrNull();
    if (snapshot != null) {
      return work.apply(snapshot);
    }
    try (TableReader r = rc.server().database().openReader()) {
      return work.apply(r);
    }
  }

  private void records(String ref, ObjectNode p) {
    String table = text(p, "table");
    ExportRequest req = exportRequest(p, Protocol.DEFAULT_LIMIT, Protocol.MAX_LIMIT);
    Page page = read(r -> r.page(table, req));
    ObjectNode out = WireValues.NODES.objectNode();
    ArrayNode records = out.putArray("records");
    page.records().forEach(records::add);
    out.put("offset", req.offset());
    out.put("has_more", page.hasMore());
    if (page.lastKey() != null) {
      out.set("last_key", WireValues.JSON.valueToTree(page.lastKey()));
    }
    rc.respond("response:records", ref, out);
    rc.reading(table, req.offset() + page.records().size(), -1);
  }

  private void stream(String ref, ObjectNode p) {
    String table = text(p, "table");
    int batch = intField(p, "batch_size", Protocol.DEFAULT_STREAM_BATCH);
    if (batch < 1 || batch > Protocol.MAX_STREAM_BATCH) {
      throw new DbSyncException("batch_size must be between 1 and " + Protocol.MAX_STREAM_BATCH
          + ".");
    }
    ExportRequest req = exportRequest(p, batch, Integer.MAX_VALUE);
    // one read for both, so a receiver without a snapshot opens one connection, not two
    record Head(List<String> key, long count) {}
    Head head = read(r -> new Head(r.getSchema(table).primaryKey(), r.getCount(table)));
    List<String> key = head.key();
    long expected = head.count();
    boolean smile = "smile".equals(p.path("encoding").asText(null));
    if (smile && !ref.matches("\\d{1,18}")) {
      throw new DbSyncException("The smile encoding needs a numeric ref (it labels the binary "
          + "frames).");
    }
    OutgoingStream s = new OutgoingStream(rc, ref, table, key, expected, smile);
    rc.registerStream(ref, s);
    String error = "the read stopped";
    try {
      long rows = read(r -> r.stream(table, req, batch, s));
      if (!s.cancelled()) {
        rc.respond(Protocol.STREAM_END, ref, s.endPayload());
        error = null;
      } else {
        rc.sendError(ref, "The stream was cancelled.", "cancelled");
        error = "cancelled";
      }
      rc.readFinished(table, rows, error);
    } catch (RuntimeException e) {
      rc.readFinished(table, -1, e.getMessage() == null ? error : e.getMessage());
      throw e;
    } finally {
      rc.unregisterStream(ref);
    }
  }

  /** Streams a table as COPY text in binary frames (PostgreSQL senders). */
  private void copy(String ref, ObjectNode p) {
    String table = text(p, "table");
    long id;
    try {
      id = Long.parseLong(ref);
    } catch (NumberFormatException e) {
      throw new DbSyncException("request:copy needs a numeric ref (it labels the binary "
          + "frames).");
    }
    ExportRequest req = exportRequest(p, 1, 1);
    if (!req.filters().isEmpty()) {
      throw new DbSyncException("request:copy takes no filters; use request:stream.");
    }
    long expected = read(r -> r.getCount(table));
    OutgoingCopy out = new OutgoingCopy(rc, id);
    rc.registerStream(ref, out.flow());
    try {
      rc.reading(table, 0, expected);
      long rows = read(r -> r.copyOut(table, req.columns().isEmpty() ? null : req.columns(),
          req.after(), out));
      out.flush();
      rc.reading(table, rows, expected);
      rc.respond(Protocol.COPY_END, ref, WireValues.NODES.objectNode().put("rows", rows)
          .put("bytes", out.bytes()));
      rc.readFinished(table, rows, null);
    } catch (java.io.IOException e) {
      rc.sendError(ref, "The copy stopped: " + e.getMessage(), "cancelled");
      rc.readFinished(table, -1, "cancelled");
    } catch (DbSyncException e) {
      rc.sendError(ref, out.cancelled() ? "The copy was cancelled." : e.getMessage(),
          out.cancelled() ? "cancelled" : null);
      rc.readFinished(table, -1, out.cancelled() ? "cancelled" : e.getMessage());
    } finally {
      rc.unregisterStream(ref);
    }
  }

  private static ExportRequest exportRequest(ObjectNode p, int defaultLimit, int maxLimit) {
    long offset = longField(p, "offset", 0);
    if (offset < 0) {
      throw new DbSyncException("offset must not be negative.");
    }
    int limit = intField(p, "limit", defaultLimit);
    if (limit < 1) {
      throw new DbSyncException("limit must be at least 1.");
    }
    List<String> columns = null;
    JsonNode cols = p.get("columns");
    if (cols != null && !cols.isNull()) {
      if (!cols.isArray()) {
        throw new DbSyncException("columns must be a list of column names.");
      }
      columns = new ArrayList<>();
      for (JsonNode c : cols) {
        columns.add(c.asText());
      }
    }
    List<RowFilter> filters = new ArrayList<>();
    JsonNode fs = p.get("filters");
    if (fs != null && !fs.isNull()) {
      if (!fs.isArray()) {
        throw new DbSyncException("filters must be a list of {column, op, value}.");
      }
      for (JsonNode f : fs) {
        if (!f.path("column").isTextual() || !f.path("op").isTextual()) {
          throw new DbSyncException("Each filter needs a column and an op.");
        }
        try {
          filters.add(new RowFilter(f.get("column").asText(),
              RowFilter.Op.parse(f.get("op").asText()), f.get("value")));
        } catch (IllegalArgumentException e) {
          throw new DbSyncException(e.getMessage() + ".");
        }
      }
    }
    List<JsonNode> after = null;
    JsonNode a = p.get("after");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) {
        throw new DbSyncException("after must be the list of key values of the last row seen.");
      }
      after = new ArrayList<>();
      a.forEach(after::add);
    }
    return new ExportRequest(columns, filters, after, offset, Math.min(limit, maxLimit));
  }

  private static String text(ObjectNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      throw new DbSyncException("Missing field '" + field + "'.");
    }
    if (!n.isTextual()) {
      throw new DbSyncException("Field '" + field + "' must be a string.");
    }
    return n.asText();
  }

  private static long longField(ObjectNode p, String field, long dflt) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.canConvertToLong() || !(n.isIntegralNumber()
        || n.isTextual() && n.asText().matches("-?\\d{1,18}"))) {
      throw new DbSyncException("Field '" + field + "' must be a whole number.");
    }
    return n.isTextual() ? Long.parseLong(n.asText()) : n.asLong();
  }

  private static int intField(ObjectNode p, String field, int dflt) {
    long v = longField(p, field, dflt);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private static ObjectNode obj(String field, JsonNode value) {
    ObjectNode o = WireValues.NODES.objectNode();
    o.set(field, value);
    return o;
  }
}

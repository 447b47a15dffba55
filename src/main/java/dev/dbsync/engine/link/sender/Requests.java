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

/** Answers one receiver's requests, on that receiver's worker thread. */
final class Requests {
  private static final java.util.Set<String> BASE_EVENTS = java.util.Set.of(
      Protocol.REQ_CAPABILITIES, Protocol.REQ_TABLES, Protocol.REQ_SCHEMA, Protocol.REQ_COUNT,
      Protocol.REQ_RECORDS);

  private final ReceiverConnection rc;
  /** The lane these requests run on: 0 the receiver's worker, else one of its lanes. */
  private final int lane;

  Requests(ReceiverConnection rc, int lane) {
    this.rc = rc;
    this.lane = lane;
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
        p.remove(List.of("after", "columns", "filters", "estimate"));
      }
      if (rc.connection() != null && !f.event().equals(Protocol.REQ_STREAM)
          && !f.event().equals(Protocol.REQ_COPY) && !allowed(ref, p.path("table")
              .asText(null), f.event().equals(Protocol.REQ_RECORDS)
              ? Math.min(Math.max(1, p.path("limit").asLong(Protocol.DEFAULT_LIMIT)),
                  Protocol.MAX_LIMIT) : -1)) {
        return;
      }
      switch (f.event()) {
        case Protocol.REQ_FORGET -> forget(ref, p.path("reason").asText(null));
        case Protocol.REQ_APPROVAL -> approval(ref, text(p, "table"),
            p.hasNonNull("transfer_id") ? longField(p, "transfer_id", 0) : null);
        case Protocol.REQ_CAPABILITIES -> rc.respond("response:capabilities", ref,
            capabilities());
        case Protocol.REQ_TABLES -> rc.respond("response:tables", ref, obj("tables",
            WireValues.JSON.valueToTree(read(TableReader::listTables).stream()
                .filter(t -> rc.connection() == null || gate().shares(rc.connection(),
                    t.name())).toList())));
        case Protocol.REQ_SCHEMA -> {
          String table = text(p, "table");
          ObjectNode out = obj("schema", WireValues.JSON.valueToTree(
              read(r -> r.getSchema(table))));
          // which columns leave masked, and how (never their values): the receiver shows it
          ObjectNode masked = out.putObject("masked");
          rc.masking().rules().forTable(table).forEach((c, rule) -> masked.put(c,
              rule.kind().word()));
          rc.respond("response:schema", ref, out);
        }
        case Protocol.REQ_COUNT -> {
          String table = text(p, "table");
          ObjectNode out = WireValues.NODES.objectNode();
          List<RowFilter> filters = p.has("filters")
              ? exportRequest(p, 1, 1).filters() : List.of();
          boolean estimate = p.path("estimate").asBoolean(false);
          out.put("count", (long) read(r -> !filters.isEmpty() ? r.count(table, filters)
              : estimate ? r.estimateCount(table) : r.getCount(table)));
          rc.respond("response:count", ref, out);
        }
        case Protocol.REQ_RECORDS -> records(ref, p);
        case Protocol.REQ_STREAM -> stream(ref, p);
        case Protocol.REQ_COPY -> copy(ref, p);
        case Protocol.REQ_HASH_BUCKETS -> hashBuckets(ref, p);
        case Protocol.REQ_HASH_ROWS -> hashRows(ref, p);
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
    } catch (RuntimeException e) {
      rc.sendError(ref, PeerErrors.forPeer(e, f.event(), rc.view().address()));
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
    // PostgreSQL's own binary COPY; from SQLite, its values written in the same form
    features.add("copy_binary");
    features.add("copy_binary_masked"); // masked text columns rewritten in the binary stream
    if (rc.server().options().connections() != null) {
      features.add("connections");
    }
    caps.put("stream_window", Protocol.STREAM_WINDOW);
    caps.put("max_stream_batch", Protocol.MAX_STREAM_BATCH);
    caps.put("source_id", rc.server().sourceId());
    if (rc.lanes() > 1) {
      features.add("lanes");
      caps.put("lanes", rc.lanes());
    }
    caps.put("database", rc.server().database().locator().kind().name().toLowerCase());
    return obj("capabilities", caps);
  }

  /** Runs a read on the receiver's snapshot if it opened one, else on a fresh one. */
  private <T> T read(Function<TableReader, T> work) {
    TableReader snapshot = lane == 0 ? rc.snapshotOrNull() : rc.laneReader(lane);
    if (snapshot != null) {
      return work.apply(snapshot);
    }
    try (TableReader r = rc.openReader()) {
      return work.apply(r);
    }
  }

  private void records(String ref, ObjectNode p) {
    String table = text(p, "table");
    ExportRequest req = exportRequest(p, Protocol.DEFAULT_LIMIT, Protocol.MAX_LIMIT);
    Page page = read(r -> r.page(table, req));
    // paged records count against a permanent connection's record limit like streamed ones:
    // the page that would cross it is not sent
    String refusal = page.records().isEmpty() ? null : rc.allowRows(page.records().size());
    if (refusal != null) {
      rc.sendError(ref, refusal, "refused");
      return;
    }
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

  /**
   * The checksums of a table by bucket ("compare"): what the receiver compares with its own
   * table before it asks for any row. Names are checked against the shared table's schema;
   * the spec is data, never SQL.
   */
  private void hashBuckets(String ref, ObjectNode p) {
    String table = text(p, "table");
    dev.dbsync.engine.model.HashSpec spec = hashSpec(p);
    if (!approvedToRead(ref, table)) {
      return;
    }
    List<dev.dbsync.engine.model.BucketSum> sums = read(r -> {
      r.getSchema(table);
      return dev.dbsync.engine.checksum.Checksums.buckets(r, table, spec);
    });
    ObjectNode out = WireValues.NODES.objectNode();
    ArrayNode buckets = out.putArray("buckets");
    long rows = 0;
    for (var b : sums) {
      buckets.addArray().add(b.bucket()).add(b.count()).add(b.sum());
      rows += b.count();
    }
    out.put("rows", rows);
    putProbe(out, spec);
    rc.respond("response:hash_buckets", ref, out);
  }

  /** The key and row hash of each row in the buckets asked for, at most MAX_HASH_ROWS. */
  private void hashRows(String ref, ObjectNode p) {
    String table = text(p, "table");
    dev.dbsync.engine.model.HashSpec spec = hashSpec(p);
    JsonNode wanted = p.get("only");
    if (wanted == null || !wanted.isArray() || wanted.size() > spec.buckets()) {
      throw new DbSyncException("'only' must list the buckets to read (at most "
          + spec.buckets() + ").");
    }
    int[] only = new int[wanted.size()];
    for (int i = 0; i < only.length; i++) {
      if (!wanted.get(i).canConvertToInt()) {
        throw new DbSyncException("'only' must list bucket numbers.");
      }
      only[i] = wanted.get(i).intValue();
    }
    if (!approvedToRead(ref, table)) {
      return;
    }
    ObjectNode out = WireValues.NODES.objectNode();
    ArrayNode rows = out.putArray("rows");
    read(r -> {
      r.getSchema(table);
      return dev.dbsync.engine.checksum.Checksums.rows(r, table, spec, only, row -> {
        if (rows.size() >= Protocol.MAX_HASH_ROWS) {
          throw new DbSyncException("More than " + Protocol.MAX_HASH_ROWS + " rows in the "
              + "buckets asked for; ask for fewer at a time.");
        }
        ArrayNode line = rows.addArray();
        row.key().forEach(line::add);
        line.add(row.hash());
      });
    });
    putProbe(out, spec);
    rc.respond("response:hash_rows", ref, out);
  }

  /**
   * This database's probe hash with hashes computed in it: the receiver checks its own
   * database hashes alike (after bucket sums, or rows it reads before any).
   */
  private void putProbe(ObjectNode out, dev.dbsync.engine.model.HashSpec spec) {
    if (spec.inDatabase()) {
      Long probe = read(TableReader::hashProbe);
      if (probe != null) {
        out.put("probe", probe);
      }
    }
  }

  private static dev.dbsync.engine.model.HashSpec hashSpec(ObjectNode p) {
    JsonNode spec = p.get("spec");
    if (spec == null || !spec.isObject()) {
      throw new DbSyncException("A checksum request needs its 'spec'.");
    }
    try {
      return WireValues.JSON.treeToValue(spec, dev.dbsync.engine.model.HashSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new DbSyncException("The checksum 'spec' is not valid: " + e.getMessage(), e);
    }
  }

  /**
   * The lane a request names: 0 when it names none, -1 when what it names is not a whole
   * number below {@code lanes}.
   */
  static int lane(ObjectNode p, int lanes) {
    JsonNode n = p.get("lane");
    if (n == null || n.isNull()) {
      return 0;
    }
    return n.isInt() && n.intValue() >= 0 && n.intValue() < lanes ? n.intValue() : -1;
  }

  /** A request that names a lane names one of those offered. */
  private void checkLane(ObjectNode p) {
    if (lane(p, rc.lanes()) < 0) {
      throw new DbSyncException("lane must be a whole number from 0 to " + (rc.lanes() - 1)
          + ".");
    }
  }

  private void stream(String ref, ObjectNode p) {
    checkLane(p);
    String table = text(p, "table");
    int batch = intField(p, "batch_size", Protocol.DEFAULT_STREAM_BATCH);
    if (batch < 1 || batch > Protocol.MAX_STREAM_BATCH) {
      throw new DbSyncException("batch_size must be between 1 and " + Protocol.MAX_STREAM_BATCH
          + ".");
    }
    ExportRequest req = exportRequest(p, batch, Integer.MAX_VALUE);
    // one read for both, so a receiver without a snapshot opens one connection, not two
    record Head(List<String> key, long count) {}
    // a filtered read (a subset, a batch of keys) is not counted before it starts: counting
    // a big table for each batch of keys would cost more than the read (its history row
    // says what was sent); a permanent connection's limits count what the filters select
    boolean filtered = !req.filters().isEmpty();
    Head head = read(r -> new Head(r.getSchema(table).primaryKey(), !filtered
        ? expected(r, table) : rc.connection() != null ? r.count(table, req.filters()) : 0));
    List<String> key = head.key();
    long expected = head.count();
    if (!allowed(ref, table, expected) || !approvedToRead(ref, table)) {
      return;
    }
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

  /**
   * The rows a whole-table read will send, for the share's progress and its history: exact
   * on a permanent connection (its record limit counts them), else as the statistics have it
   * for a big table (a count of 10M rows costs seconds before the first row leaves).
   */
  private long expected(TableReader r, String table) {
    return rc.connection() != null ? r.getCount(table) : r.estimateCount(table);
  }

  /** The error code of a binary request:copy this sender answers in text only. */
  static final String BINARY_UNAVAILABLE = "binary_unavailable";

  /** Streams a table as COPY text (or binary COPY) in binary frames. */
  private void copy(String ref, ObjectNode p) {
    checkLane(p);
    String table = text(p, "table");
    long id;
    try {
      id = Long.parseLong(ref);
    } catch (NumberFormatException e) {
      throw new DbSyncException("request:copy needs a numeric ref (it labels the binary "
          + "frames).");
    }
    ExportRequest req = exportRequest(p, 1, 1);
    boolean filtered = !req.filters().isEmpty();
    String format = p.path("format").asText("text");
    if (!format.equals("text") && !format.equals("binary")) {
      throw new DbSyncException("request:copy takes the format text or binary.");
    }
    boolean binary = format.equals("binary");
    if (binary && (filtered || rc.connection() != null)) {
      // a permanent connection's limits count the rows of COPY text, one per line
      rc.sendError(ref, "Rows of " + table + " are sent as COPY text only"
          + (filtered ? " when filtered." : " on a permanent connection."), BINARY_UNAVAILABLE);
      return;
    }
    long expected = read(r -> !filtered ? expected(r, table)
        : rc.connection() != null ? r.count(table, req.filters()) : 0);
    if (!allowed(ref, table, expected) || !approvedToRead(ref, table)) {
      return;
    }
    OutgoingCopy out = new OutgoingCopy(rc, id);
    rc.registerStream(ref, out.flow());
    try {
      rc.reading(table, 0, expected);
      List<String> columns = req.columns().isEmpty() ? null : req.columns();
      long rows = read(r -> binary ? r.copyOutBinary(table, columns, req.after(), out)
          : r.copyOut(table, columns, req.after(), req.filters(), out));
      out.flush();
      rc.reading(table, rows, expected);
      rc.respond(Protocol.COPY_END, ref, WireValues.NODES.objectNode().put("rows", rows)
          .put("bytes", out.bytes()));
      rc.readFinished(table, rows, null);
    } catch (java.io.IOException e) {
      if (out.refusal() != null) {
        rc.sendError(ref, out.refusal(), "limit");
        rc.readFinished(table, -1, out.refusal());
      } else {
        rc.sendError(ref, "The copy stopped: " + e.getMessage(), "cancelled");
        rc.readFinished(table, -1, "cancelled");
      }
    } catch (dev.dbsync.engine.BinaryCopyRefused e) {
      rc.sendError(ref, e.getMessage(), BINARY_UNAVAILABLE);
      // a stream cut short on purpose is no failure: the receiver asks for the rest as text,
      // which is a read of its own
      rc.readFinished(table, e.rowsWritten() >= 0 ? e.rowsWritten() : -1,
          e.rowsWritten() >= 0 ? null : e.getMessage());
    } catch (DbSyncException e) {
      if (out.refusal() != null) {
        rc.sendError(ref, out.refusal(), "limit");
      } else {
        rc.sendError(ref, out.cancelled() ? "The copy was cancelled."
            : PeerErrors.forPeer(e, Protocol.REQ_COPY, rc.view().address()),
            out.cancelled() ? "cancelled" : null);
      }
      // the sender's own history keeps the whole reason
      rc.readFinished(table, -1, out.refusal() != null ? out.refusal()
          : out.cancelled() ? "cancelled" : e.getMessage());
    } finally {
      rc.unregisterStream(ref);
    }
  }

  private ConnectionGate gate() {
    return rc.server().options().connections();
  }

  /**
   * On a permanent connection, decides a request against the connection's settings; a
   * refused one is answered here (code {@code refused}), and a connection that can no longer
   * be used is ended.
   */
  private boolean allowed(String ref, String table, long records) {
    if (rc.connection() == null) {
      return true;
    }
    ConnectionGate.Verdict v = gate().check(rc.connection(), table, records, rc.view()
        .address());
    if (v.allowed()) {
      return true;
    }
    rc.sendError(ref, v.reason(), "refused");
    rc.connectionEnded(v.status(), v.reason());
    return false;
  }

  /**
   * Whether a whole-table read may begin: on a connection that needs approval for the table,
   * only with an approved transfer (which the read then carries on); otherwise the request
   * is recorded as waiting and answered with {@code pending_approval}.
   */
  private boolean approvedToRead(String ref, String table) {
    if (rc.connection() == null) {
      return true;
    }
    ConnectionGate.Approval a = gate().approval(rc.connection(), table, rc.view(), true);
    switch (a.state()) {
      case NOT_NEEDED, APPROVED -> {
        rc.carryTransfer(a.transferId());
        return true;
      }
      default -> {
        if (a.state() == ConnectionGate.ApprovalState.PENDING_APPROVAL) {
          rc.awaitApproval(a.transferId(), table);
        }
        ObjectNode p = approvalNode(a);
        p.put("error", "Reading '" + table + "' waits for the sender's approval (transfer "
            + a.transferId() + ", until " + a.expiresAt() + ").");
        p.put("code", "pending_approval");
        rc.respond(Protocol.RESPONSE_ERROR, ref, p);
        return false;
      }
    }
  }

  /** {@code request:forget}: the receiver deleted its copy; the connection is revoked. */
  private void forget(String ref, String reason) {
    if (rc.connection() == null) {
      throw new DbSyncException("request:forget is for permanent connections; a one-time "
          + "session just disconnects.");
    }
    gate().forgotten(rc.connection(), reason);
    rc.respond("response:forget", ref, WireValues.NODES.objectNode().put("status",
        "revoked"));
    rc.connectionEnded("revoked", "The receiver deleted its copy of the connection.");
  }

  /**
   * {@code request:approval}: asks for (or reports) the approval to read a table; with a
   * {@code transfer_id}, reports that earlier request (so a receiver that was away learns
   * whether it was approved, denied or expired).
   */
  private void approval(String ref, String table, Long earlier) {
    ConnectionGate.Approval a;
    if (rc.connection() == null) {
      a = new ConnectionGate.Approval(ConnectionGate.ApprovalState.NOT_NEEDED, null, table,
          null, null);
    } else if (earlier != null) {
      a = gate().approvalOf(rc.connection(), earlier);
      if (a.table() != null && !a.table().equals(table)) {
        throw new DbSyncException("Transfer " + earlier + " is not a request for '" + table
            + "'.");
      }
    } else {
      a = gate().approval(rc.connection(), table, rc.view(), false);
    }
    if (a.state() == ConnectionGate.ApprovalState.PENDING_APPROVAL) {
      rc.awaitApproval(a.transferId(), table);
    }
    rc.respond("response:approval", ref, approvalNode(a));
  }

  private static ObjectNode approvalNode(ConnectionGate.Approval a) {
    ObjectNode p = WireValues.NODES.objectNode().put("table", a.table())
        .put("status", a.state().name().toLowerCase());
    if (a.transferId() != null) {
      p.put("transfer_id", a.transferId());
    }
    if (a.expiresAt() != null) {
      p.put("expires_at", a.expiresAt().toString());
    }
    if (a.reason() != null) {
      p.put("reason", a.reason());
    }
    return p;
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

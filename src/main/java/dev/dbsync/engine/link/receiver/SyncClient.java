package dev.dbsync.engine.link.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.Threads;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.Codes;
import dev.dbsync.engine.link.Frame;
import dev.dbsync.engine.link.Protocol;
import dev.dbsync.engine.link.WsUrl;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.transfer.Source;
import dev.dbsync.engine.transfer.TransferListener;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.engine.transfer.TransferRunner;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The receiver: connects to a sender with its address and one-time code, reads its tables and
 * pulls rows into a local database. Works with any base-layer peer; uses key paging,
 * streaming and snapshots when the sender announces them.
 */
public final class SyncClient implements Source, AutoCloseable {
  private final URI uri;
  private final String topic;
  private final ConnectOptions options;
  private final LinkSocket socket;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(Threads.named("link-heartbeat"));
  private final Set<String> features = new HashSet<>();
  /** What the sender serves ("postgresql", "sqlite"), as its capabilities said. */
  private String databaseKind = "";
  /** Tables the sender reads for this receiver at once ("lanes"). */
  private int lanes = 1;
  private String sourceId;
  private String connectionName;
  private final java.util.Map<String, java.util.Map<String, String>> masked =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SyncClient(URI uri, String topic, ConnectOptions options) {
    this.uri = uri;
    this.topic = topic;
    this.options = options;
    this.socket = new LinkSocket(uri, options);
  }

  /**
   * Connects, joins and, when the sender asks for it, waits for approval.
   *
   * @throws LinkException with a kind and plain words when it cannot
   */
  public static SyncClient connect(String address, String code, ConnectOptions options) {
    String c = Codes.normalize(code);
    if (!Codes.isWellFormed(c)) {
      throw new LinkException(LinkException.Kind.WRONG_CODE, "A code is 8 characters from "
          + Codes.ALPHABET + "; '" + code + "' is not one.");
    }
    return open(a -> new SyncClient(WsUrl.withCode(a, c, options.password()),
        Protocol.TOPIC_PREFIX + c, options), address, options);
  }

  /**
   * Connects on a permanent connection: its {@code token} instead of a one-time code
   * ({@code options.password()} is the connection's download password, when it has one).
   *
   * @throws LinkException with a kind and plain words when it cannot;
   *     {@link LinkException.Kind#CONNECTION_CHANGED} when the sender no longer serves it
   */
  public static SyncClient connectWithToken(String address, String token,
      ConnectOptions options) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      throw new LinkException(LinkException.Kind.WRONG_CODE, "A connection token is 43 "
          + "characters (letters, digits, - and _), as the sender's 'connections create' "
          + "printed it.");
    }
    return open(a -> new SyncClient(WsUrl.withToken(a, token, options.password()),
        Protocol.CONNECTION_TOPIC, options), address, options);
  }

  /**
   * Opens the link at the address as typed. Without a scheme ({@code host:port}, what people
   * type) a short plain-HTTP probe tells a plain sender from a TLS one; with the wrong scheme
   * the answer says which one to use, within the timeout.
   */
  private static SyncClient open(java.util.function.Function<String, SyncClient> make,
      String address, ConnectOptions options) {
    URI base = WsUrl.base(address);
    boolean typedScheme = address.trim().contains("://");
    String hostPort = base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    int port = base.getPort() >= 0 ? base.getPort() : "wss".equals(base.getScheme()) ? 443 : 80;
    Duration probeTime = options.timeout().compareTo(PROBE_TIME) < 0 ? options.timeout()
        : PROBE_TIME;
    if ("wss".equals(base.getScheme())) {
      SchemeProbe.Answer a = SchemeProbe.ask(base.getHost(), port, probeTime);
      if (a == SchemeProbe.Answer.PLAIN) {
        if (!typedScheme) {
          return open(make.apply("ws://" + address.trim()));
        }
        throw new LinkException(LinkException.Kind.WRONG_SCHEME, "The sender at " + hostPort
            + " speaks ws (no TLS), not wss: use ws://" + hostPort + ".");
      }
      return open(make.apply(address));
    }
    try {
      return open(make.apply(address));
    } catch (LinkException e) {
      if (e.kind() == LinkException.Kind.UNREACHABLE || e.kind() == LinkException.Kind.LOST
          || e.kind() == LinkException.Kind.PROTOCOL) {
        if (SchemeProbe.ask(base.getHost(), port, probeTime) == SchemeProbe.Answer.NOT_PLAIN) {
          throw new LinkException(LinkException.Kind.WRONG_SCHEME, "The sender at " + hostPort
              + " speaks wss (TLS), not ws: use wss://" + hostPort + ".", e);
        }
      }
      throw e;
    }
  }

  /** The longest a scheme probe may take. */
  private static final Duration PROBE_TIME = Duration.ofSeconds(5);

  private static SyncClient open(SyncClient client) {
    try {
      client.socket.open();
      client.join();
      client.readCapabilities();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    client.heartbeat.scheduleAtFixedRate(client::beat, 30, 30, TimeUnit.SECONDS);
    return client;
  }

  private void beat() {
    if (socket.isOpen()) {
      socket.sendFrame(new Frame(null, socket.nextRef(), Protocol.PHOENIX_TOPIC,
          Protocol.HEARTBEAT, WireValues.NODES.objectNode()));
    }
  }

  private void join() {
    ObjectNode info = WireValues.NODES.objectNode();
    for (String k : List.of("site_url", "project_title", "user_email", "user_name")) {
      String v = options.receiverInfo().get(k);
      if (v != null) {
        info.put(k, v);
      }
    }
    ObjectNode payload = WireValues.NODES.objectNode();
    payload.set("receiver_info", info);
    JsonNode reply = socket.call(topic, Protocol.JOIN, payload, false);
    if (!"ok".equals(reply.path("status").asText())) {
      String reason = reply.path("response").path("reason").asText("");
      throw new LinkException(LinkException.Kind.WRONG_CODE, "The sender refused to join: "
          + (reason.equals("code_mismatch") ? "the code does not match." : reason));
    }
    connectionName = reply.path("response").path("connection").asText(null);
    if ("pending".equals(reply.path("response").path("approval").asText())) {
      options.onPending().run();
      socket.awaitApproval(options.approvalWait());
    }
  }

  private void readCapabilities() {
    try {
      JsonNode caps = request(Protocol.REQ_CAPABILITIES, WireValues.NODES.objectNode())
          .path("capabilities");
      caps.path("features").forEach(f -> features.add(f.asText()));
      sourceId = caps.path("source_id").asText(null);
      databaseKind = caps.path("database").asText("");
      lanes = caps.path("lanes").asInt(1);
    } catch (LinkException e) {
      if (e.kind() != LinkException.Kind.REMOTE_ERROR) {
        throw e;
      }
      features.addAll(Protocol.BASE_FEATURES); // a plain base-layer peer
    }
    if (sourceId == null) {
      sourceId = "url:" + WsUrl.base(uri.getScheme() + "://" + uri.getRawAuthority());
    }
  }

  /** The sender's name for the permanent connection this client came on, or null. */
  public String connectionName() {
    return connectionName;
  }

  /**
   * Asks the sender for the approval to read {@code table} on a permanent connection (the
   * sender records a request when one is needed): the {@code response:approval} payload,
   * {@code status} one of not_needed, approved, pending_approval, denied, expired. With
   * {@code earlier} (the sender's id of a request made before), what became of that one.
   */
  public JsonNode requestApproval(String table, Long earlier) {
    if (!features.contains("connections")) {
      return WireValues.NODES.objectNode().put("table", table).put("status", "not_needed");
    }
    ObjectNode p = WireValues.NODES.objectNode().put("table", table);
    if (earlier != null) {
      p.put("transfer_id", earlier);
    }
    return request(Protocol.REQ_APPROVAL, p);
  }

  /**
   * Waits up to {@code wait} for the sender's decision on transfer {@code id}: the
   * {@code transfer:approval} payload (status approved, denied or expired), or null.
   */
  public JsonNode awaitApproval(long id, Duration wait) {
    return socket.awaitTransferApproval(id, wait);
  }

  /**
   * Tells the sender that this receiver deleted its copy of the permanent connection: the
   * sender revokes it (a token nobody keeps should not stay valid).
   */
  public void forget(String reason) {
    ObjectNode p = WireValues.NODES.objectNode();
    if (reason != null) {
      p.put("reason", reason);
    }
    request(Protocol.REQ_FORGET, p);
  }

  /** What the sender last told of this permanent connection (connection:status), or null. */
  public JsonNode connectionStatus() {
    return socket.connectionStatus();
  }

  /** Whether the link is compressed (asked for, and agreed by the sender). */
  public boolean compressed() {
    return socket.compressed();
  }

  /** The features the sender announced. */
  public Set<String> features() {
    return Set.copyOf(features);
  }

  public boolean isConnected() {
    return socket.isOpen();
  }

  @Override
  public String sourceId() {
    return sourceId;
  }

  @Override
  public long bytesReceived() {
    return socket.bytesReceived();
  }

  JsonNode request(String event, ObjectNode payload) {
    return socket.call(topic, event, payload, true);
  }

  @Override
  public List<TableInfo> listTables() {
    JsonNode tables = request(Protocol.REQ_TABLES, WireValues.NODES.objectNode()).path("tables");
    List<TableInfo> out = new ArrayList<>();
    for (JsonNode t : tables) {
      out.add(new TableInfo(t.path("name").asText(), t.path("estimated_count").asLong(),
          t.path("count_is_estimate").asBoolean(false),
          t.hasNonNull("size_bytes") ? t.get("size_bytes").asLong() : null));
    }
    return out;
  }

  /** Tables described at once from which the table list is asked first. */
  static final int LIST_BEFORE_DESCRIBING = 16;

  /** Every schema asked at once: one round trip for hundreds of tables. */
  @Override
  public List<Described> describe(List<String> tables) {
    if (tables.size() >= LIST_BEFORE_DESCRIBING) {
      // a sender of ours reads every listed table's description in a few statements and
      // keeps them for the snapshot: the schemas asked next cost it no catalog read each
      listTables();
    }
    List<ObjectNode> asks = new ArrayList<>();
    tables.forEach(t -> asks.add(WireValues.NODES.objectNode().put("table", t)));
    List<Object> answers = socket.callAll(topic, Protocol.REQ_SCHEMA, asks);
    List<Described> out = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      Object a = answers.get(i);
      out.add(a instanceof RuntimeException e ? new Described(tables.get(i), null, e)
          : new Described(tables.get(i), schemaOf(tables.get(i), (JsonNode) a), null));
    }
    return out;
  }

  /** Every count asked at once: one round trip for hundreds of tables. */
  @Override
  public java.util.Map<String, Long> counts(List<String> tables) {
    // all asked at once; a big table's from the statistics ("estimate": a progress bar needs
    // no count of every row; a sender that does not know the field counts exactly)
    List<ObjectNode> asks = new ArrayList<>();
    tables.forEach(t -> asks.add(WireValues.NODES.objectNode().put("table", t)
        .put("estimate", true)));
    List<Object> answers = socket.callAll(topic, Protocol.REQ_COUNT, asks);
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      if (answers.get(i) instanceof JsonNode a) {
        out.put(tables.get(i), a.path("count").asLong());
      }
    }
    return out;
  }


  @Override
  public TableSchema getSchema(String table) {
    return schemaOf(table, request(Protocol.REQ_SCHEMA, WireValues.NODES.objectNode()
        .put("table", table)));
  }

  private TableSchema schemaOf(String table, JsonNode answer) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    answer.path("masked").fields().forEachRemaining(e -> m.put(e.getKey(),
        e.getValue().asText()));
    masked.put(table, m);
    JsonNode s = answer.path("schema");
    try {
      return WireValues.JSON.treeToValue(s, TableSchema.class);
    } catch (Exception e) {
      throw new LinkException(LinkException.Kind.PROTOCOL,
          "The sender's description of '" + table + "' could not be read: " + e.getMessage());
    }
  }

  /**
   * The columns of {@code table} that the sender masks, with the name of each rule (as its
   * last schema answer said; empty when none or not asked yet).
   */
  @Override
  public java.util.Map<String, String> maskedColumns(String table) {
    return masked.getOrDefault(table, java.util.Map.of());
  }

  @Override
  public long getCount(String table) {
    return request(Protocol.REQ_COUNT, WireValues.NODES.objectNode().put("table", table))
        .path("count").asLong();
  }

  /** Counts with filters where the sender can; otherwise reads and counts the keys. */
  @Override
  public long count(String table, List<RowFilter> filters) {
    if (filters.isEmpty() || !features.contains("count_filters")) {
      return Source.super.count(table, filters);
    }
    ObjectNode p = selection(table, new ExportRequest(null, filters, null, 0, 1));
    ObjectNode q = WireValues.NODES.objectNode().put("table", table);
    q.set("filters", p.get("filters"));
    return request(Protocol.REQ_COUNT, q).path("count").asLong();
  }

  /** One page of rows: after a key (when the sender pages by key) or at an offset. */
  public Page fetchRecords(String table, ExportRequest req) {
    ObjectNode p = selection(table, req);
    p.put("limit", Math.min(req.limit(), Protocol.MAX_LIMIT));
    JsonNode r = request(Protocol.REQ_RECORDS, p);
    List<ObjectNode> rows = new ArrayList<>();
    r.path("records").forEach(n -> rows.add((ObjectNode) n));
    List<JsonNode> last = null;
    if (r.hasNonNull("last_key")) {
      last = new ArrayList<>();
      r.get("last_key").forEach(last::add);
    }
    return new Page(rows, r.path("has_more").asBoolean(false), last);
  }

  private ObjectNode selection(String table, ExportRequest req) {
    ObjectNode p = WireValues.NODES.objectNode().put("table", table);
    if (req.after() != null) {
      if (!features.contains("key_paging")) {
        throw new LinkException(LinkException.Kind.PROTOCOL,
            "This sender cannot continue after a key; use offsets.");
      }
      ArrayNode a = p.putArray("after");
      req.after().forEach(a::add);
    } else {
      p.put("offset", req.offset());
    }
    if (!req.columns().isEmpty() || !req.filters().isEmpty()) {
      if (!features.contains("filters")) {
        throw new LinkException(LinkException.Kind.PROTOCOL,
            "This sender does not support column or row filters.");
      }
      ArrayNode cols = p.putArray("columns");
      req.columns().forEach(cols::add);
      ArrayNode fs = p.putArray("filters");
      for (RowFilter f : req.filters()) {
        ObjectNode o = fs.addObject().put("column", f.column()).put("op", f.op().wireName());
        o.set("value", f.value());
      }
      if (req.columns().isEmpty()) {
        p.remove("columns");
      }
    }
    return p;
  }

  @Override
  public long stream(String table, ExportRequest req, int batchSize, TableReader.BatchSink sink) {
    return stream(table, req, batchSize, sink, 0);
  }

  private long stream(String table, ExportRequest req, int batchSize,
      TableReader.BatchSink sink, int lane) {
    if (!features.contains("stream")) {
      return pageThrough(table, req, sink);
    }
    ObjectNode p = onLane(selection(table, req), lane);
    p.put("batch_size", batchSize);
    if (features.contains("smile")) {
      p.put("encoding", "smile");
    }
    return socket.stream(topic, p, options.timeout(), sink);
  }

  /** Names the lane a read runs on ("lanes"); lane 0 is the sender's worker, as without. */
  private static ObjectNode onLane(ObjectNode p, int lane) {
    if (lane > 0) {
      p.put("lane", lane);
    }
    return p;
  }

  @Override
  public int lanes() {
    return features.contains("lanes") ? Math.max(1, lanes) : 1;
  }

  @Override
  public Source lane(int lane) {
    if (lane < 0 || lane >= lanes()) {
      throw new IllegalArgumentException("lane " + lane + " of " + lanes());
    }
    return lane == 0 ? this : new Lane(lane);
  }

  @Override
  public long bytesReceivedHere() {
    return socket.bytesReadHere();
  }

  @Override
  public boolean canCopy() {
    return features.contains("copy");
  }

  @Override
  public long copy(String table, List<String> columns, List<JsonNode> after,
      ChunkSink sink) {
    return copy(table, columns, after, sink, 0);
  }

  @Override
  public boolean canCopyBinary(String table) {
    // a permanent connection's limits count rows of text: the sender takes text only there;
    // a masked table travels as binary only from a sender that masks it there (its text
    // columns: TransferRunner asks no more of it)
    return features.contains("copy_binary") && connectionName == null
        && (maskedColumns(table).isEmpty() || features.contains("copy_binary_masked"));
  }

  @Override
  public boolean copiesBinary(dev.dbsync.engine.model.ColumnInfo column) {
    return !databaseKind.equals("sqlite")
        || dev.dbsync.engine.db.SqliteDatabase.writesBinaryCopy(column);
  }

  @Override
  public long copyBinary(String table, List<String> columns, List<JsonNode> after,
      ChunkSink sink) {
    return copy(table, columns, after, sink, 0, true);
  }

  private long copy(String table, List<String> columns, List<JsonNode> after, ChunkSink sink,
      int lane) {
    return copy(table, columns, after, sink, lane, false);
  }

  private long copy(String table, List<String> columns, List<JsonNode> after, ChunkSink sink,
      int lane, boolean binary) {
    ObjectNode p = onLane(WireValues.NODES.objectNode().put("table", table), lane);
    if (binary) {
      p.put("format", "binary");
    }
    if (columns != null && !columns.isEmpty()) {
      ArrayNode c = p.putArray("columns");
      columns.forEach(c::add);
    }
    if (after != null) {
      ArrayNode a = p.putArray("after");
      after.forEach(a::add);
    }
    try {
      return socket.copy(topic, p, options.timeout(), sink);
    } catch (LinkException e) {
      if (binary && "binary_unavailable".equals(e.remoteCode())) {
        throw new dev.dbsync.engine.BinaryCopyRefused(e.getMessage(), e);
      }
      throw e;
    }
  }

  @Override
  public boolean canHash() {
    return features.contains("compare");
  }

  @Override
  public boolean canFilter() {
    return features.contains("filters");
  }

  @Override
  public boolean hashesInDatabase(String table) {
    return canHash() && databaseKind.equals("postgresql") && maskedColumns(table).isEmpty();
  }

  @Override
  public List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
      dev.dbsync.engine.model.HashSpec spec) {
    JsonNode a = request(Protocol.REQ_HASH_BUCKETS, hashAsk(table, spec));
    lastProbe = a.hasNonNull("probe") && a.get("probe").canConvertToLong()
        ? a.get("probe").longValue() : null;
    List<dev.dbsync.engine.model.BucketSum> out = new ArrayList<>();
    for (JsonNode b : a.path("buckets")) {
      int bucket = b.path(0).asInt(-1);
      if (!b.isArray() || b.size() != 3 || bucket < 0 || bucket >= spec.buckets()) {
        throw new LinkException(LinkException.Kind.PROTOCOL, "The sender's checksums of '"
            + table + "' could not be read.");
      }
      out.add(new dev.dbsync.engine.model.BucketSum(bucket, b.path(1).asLong(),
          b.path(2).asText()));
    }
    return out;
  }

  private volatile Long lastProbe;

  @Override
  public Long hashProbe() {
    return lastProbe;
  }

  @Override
  public List<dev.dbsync.engine.model.RowHash> hashRows(String table,
      dev.dbsync.engine.model.HashSpec spec, int[] buckets) {
    ObjectNode p = hashAsk(table, spec);
    ArrayNode only = p.putArray("only");
    for (int b : buckets) {
      only.add(b);
    }
    JsonNode a = request(Protocol.REQ_HASH_ROWS, p);
    if (a.hasNonNull("probe") && a.get("probe").canConvertToLong()) {
      lastProbe = a.get("probe").longValue();
    }
    int k = spec.key().size();
    List<dev.dbsync.engine.model.RowHash> out = new ArrayList<>();
    for (JsonNode line : a.path("rows")) {
      if (!line.isArray() || line.size() != k + 1 || !line.get(k).canConvertToLong()) {
        throw new LinkException(LinkException.Kind.PROTOCOL, "The sender's row hashes of '"
            + table + "' could not be read.");
      }
      List<JsonNode> key = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        key.add(line.get(i));
      }
      out.add(new dev.dbsync.engine.model.RowHash(key, line.get(k).longValue()));
    }
    return out;
  }

  private static ObjectNode hashAsk(String table, dev.dbsync.engine.model.HashSpec spec) {
    ObjectNode p = WireValues.NODES.objectNode().put("table", table);
    p.set("spec", WireValues.JSON.valueToTree(spec));
    return p;
  }

  @Override
  public boolean canCopyWhere() {
    return features.contains("copy") && features.contains("copy_filters");
  }

  @Override
  public long copyWhere(String table, List<String> columns, List<RowFilter> filters,
      ChunkSink sink) {
    return copyWhere(table, columns, filters, sink, 0);
  }

  private long copyWhere(String table, List<String> columns, List<RowFilter> filters,
      ChunkSink sink, int lane) {
    ObjectNode p = onLane(selection(table, new ExportRequest(columns, filters, null, 0, 1)),
        lane);
    p.remove("offset");
    return socket.copy(topic, p, options.timeout(), sink);
  }

  /** Reads a table page by page from a sender without streaming (key paging if it can). */
  private long pageThrough(String table, ExportRequest req, TableReader.BatchSink sink) {
    boolean byKey = features.contains("key_paging");
    ExportRequest page = req.withLimit(Protocol.MAX_LIMIT);
    long n = 0;
    long offset = req.offset();
    while (true) {
      Page p = fetchRecords(table, page);
      if (!p.records().isEmpty()) {
        n += p.records().size();
        try {
          if (!sink.accept(p.records())) {
            return n;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DbSyncException("Interrupted.", e);
        }
      }
      if (!p.hasMore()) {
        return n;
      }
      offset += p.records().size();
      page = byKey && p.lastKey() != null ? page.withAfter(p.lastKey())
          : new ExportRequest(req.columns(), req.filters(), null, offset, Protocol.MAX_LIMIT);
    }
  }

  @Override
  public void beginSnapshot() {
    if (features.contains("snapshot")) {
      request(Protocol.REQ_SNAPSHOT_BEGIN, WireValues.NODES.objectNode());
    }
  }

  @Override
  public void endSnapshot() {
    if (features.contains("snapshot") && isConnected()) {
      try {
        request(Protocol.REQ_SNAPSHOT_END, WireValues.NODES.objectNode());
      } catch (LinkException e) {
        // the connection went away: the sender drops the snapshot with it
      }
    }
  }

  /** Pulls one table into {@code target}. */
  public TransferReport transfer(Database target, String table, TransferOptions opts,
      TransferListener listener) {
    return new TransferRunner(this, target, opts.withTables(List.of(table)), listener).run();
  }

  /** Pulls the chosen tables (all when none are named) into {@code target}. */
  public TransferReport transferAll(Database target, TransferOptions opts,
      TransferListener listener) {
    return new TransferRunner(this, target, opts, listener).run();
  }

  /** A runner the caller can cancel from another thread. */
  public TransferRunner runner(Database target, TransferOptions opts, TransferListener l) {
    return new TransferRunner(this, target, opts, l);
  }

  public void disconnect() {
    close();
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    socket.shutdown();
  }

  /**
   * The client as read on one of the sender's lanes: its COPY and stream reads name the
   * lane, so they run beside the other lanes' in the same snapshot; every other question is
   * the client's own (the snapshot is begun and ended by the client, never by a lane).
   */
  private final class Lane implements Source {
    private final int lane;

    Lane(int lane) {
      this.lane = lane;
    }

    @Override
    public String sourceId() {
      return SyncClient.this.sourceId();
    }

    @Override
    public List<TableInfo> listTables() {
      return SyncClient.this.listTables();
    }

    @Override
    public TableSchema getSchema(String table) {
      return SyncClient.this.getSchema(table);
    }

    @Override
    public java.util.Map<String, Long> counts(List<String> tables) {
      return SyncClient.this.counts(tables);
    }

    @Override
    public List<Described> describe(List<String> tables) {
      return SyncClient.this.describe(tables);
    }

    @Override
    public long getCount(String table) {
      return SyncClient.this.getCount(table);
    }

    @Override
    public long count(String table, List<RowFilter> filters) {
      return SyncClient.this.count(table, filters);
    }

    @Override
    public java.util.Map<String, String> maskedColumns(String table) {
      return SyncClient.this.maskedColumns(table);
    }

    @Override
    public long stream(String table, ExportRequest req, int batchSize,
        TableReader.BatchSink sink) {
      return SyncClient.this.stream(table, req, batchSize, sink, lane);
    }

    @Override
    public boolean canCopy() {
      return SyncClient.this.canCopy();
    }

    @Override
    public long copy(String table, List<String> columns, List<JsonNode> after,
        ChunkSink sink) {
      return SyncClient.this.copy(table, columns, after, sink, lane);
    }

    @Override
    public boolean canCopyBinary(String table) {
      return SyncClient.this.canCopyBinary(table);
    }

    @Override
    public boolean copiesBinary(dev.dbsync.engine.model.ColumnInfo column) {
      return SyncClient.this.copiesBinary(column);
    }

    @Override
    public long copyBinary(String table, List<String> columns, List<JsonNode> after,
        ChunkSink sink) {
      return SyncClient.this.copy(table, columns, after, sink, lane, true);
    }

    @Override
    public boolean canCopyWhere() {
      return SyncClient.this.canCopyWhere();
    }

    @Override
    public long copyWhere(String table, List<String> columns, List<RowFilter> filters,
        ChunkSink sink) {
      return SyncClient.this.copyWhere(table, columns, filters, sink, lane);
    }

    @Override
    public boolean canHash() {
      return SyncClient.this.canHash();
    }

    @Override
    public boolean canFilter() {
      return SyncClient.this.canFilter();
    }

    @Override
    public boolean hashesInDatabase(String table) {
      return SyncClient.this.hashesInDatabase(table);
    }

    @Override
    public List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
        dev.dbsync.engine.model.HashSpec spec) {
      return SyncClient.this.hashBuckets(table, spec);
    }

    @Override
    public Long hashProbe() {
      return SyncClient.this.hashProbe();
    }

    @Override
    public List<dev.dbsync.engine.model.RowHash> hashRows(String table,
        dev.dbsync.engine.model.HashSpec spec, int[] buckets) {
      return SyncClient.this.hashRows(table, spec, buckets);
    }

    @Override
    public long bytesReceived() {
      return SyncClient.this.bytesReceived();
    }

    @Override
    public long bytesReceivedHere() {
      return SyncClient.this.bytesReceivedHere();
    }

    @Override
    public int lanes() {
      return SyncClient.this.lanes();
    }

    @Override
    public Source lane(int other) {
      return SyncClient.this.lane(other);
    }
  }
}

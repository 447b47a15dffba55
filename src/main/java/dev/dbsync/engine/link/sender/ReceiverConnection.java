package dev.dbsync.engine.link.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.Threads;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.Frame;
import dev.dbsync.engine.link.Protocol;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver on the sender's side: its state, its requests and its streams. Frames are
 * parsed on the link's thread; database work runs on this receiver's own worker thread, in
 * order. Every request with a ref gets its response or a {@code response:error}.
 */
final class ReceiverConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiverConnection.class);

  enum Status { CONNECTED, PENDING_APPROVAL, ACTIVE, CLOSED }

  private final ShareServer server;
  private final WebSocket conn;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String code;
  private final String address;
  private final Instant since;
  private final ExecutorService worker;
  private final Requests requests;
  /** Lanes 1.. (lane 0 is the worker): reads of other tables in the same snapshot. */
  private final ExecutorService[] laneWorkers;
  private final Requests[] laneRequests;
  private final TableReader[] laneReaders; // each used only on its lane's thread
  private volatile String exported; // the open snapshot's id for lanes; null: none to join
  private volatile boolean snapshotOpen;
  private final Object sendLock = new Object();
  /** Bytes each thread sent this receiver: a read's own, whichever lane it ran on. */
  private final ThreadLocal<long[]> sentHere = ThreadLocal.withInitial(() -> new long[1]);
  private final Map<String, Flow> streams = new ConcurrentHashMap<>();
  private final ConnectionSession session; // null for a one-time code
  private volatile Status status = Status.CONNECTED;
  private volatile JsonNode info;
  private volatile String topic;
  private volatile String table;
  private volatile long sent;
  private volatile long expected;
  private final java.util.concurrent.atomic.AtomicLong bytesOut =
      new java.util.concurrent.atomic.AtomicLong();
  private TableReader snapshot; // used only on the worker thread
  private final long openedNanos = System.nanoTime();
  private volatile long lastActivityNanos = openedNanos;

  /**
   * A receiver that came with a one-time {@code code}, or on the permanent
   * {@code connection} with its {@code token} (code null then).
   */
  ReceiverConnection(ShareServer server, WebSocket conn, String code, String address,
      String connection, String token) {
    this.server = server;
    this.session = connection == null ? null
        : new ConnectionSession(connection, token, server.options().connections());
    this.conn = conn;
    this.code = code;
    this.address = address;
    this.since = server.options().clock().instant();
    this.worker = Executors.newSingleThreadExecutor(Threads.named("receiver-" + id));
    this.requests = new Requests(this, 0);
    int lanes = lanes();
    this.laneWorkers = new ExecutorService[lanes];
    this.laneRequests = new Requests[lanes];
    this.laneReaders = new TableReader[lanes];
  }

  /**
   * How many tables this receiver may read at once: the share's limit on a database whose
   * snapshot other connections can join (PostgreSQL), for a one-time session; else 1.
   */
  int lanes() {
    // a permanent connection's reads carry one approved transfer at a time: one lane
    return session == null && server.database().locator().kind()
        == dev.dbsync.engine.db.DatabaseLocator.Kind.POSTGRESQL
        && server.options().extensions() ? server.options().limits().maxLanes() : 1;
  }

  String id() {
    return id;
  }

  /** Whether it joined its topic. */
  boolean joined() {
    return topic != null;
  }

  long openedNanos() {
    return openedNanos;
  }

  /** When it last sent something other than a heartbeat. */
  long lastActivityNanos() {
    return lastActivityNanos;
  }

  /** Whether a stream or COPY is under way (a receiver writing a long batch is not idle). */
  boolean busy() {
    return !streams.isEmpty();
  }

  ReceiverView view() {
    return new ReceiverView(id, address, code, info, since, status.name().toLowerCase(), table,
        sent, expected, connection(), session == null ? null : session.transferId(),
        bytesOut.get(), sentHere.get()[0]);
  }

  ShareServer server() {
    return server;
  }

  void onText(String message) {
    Frame f;
    try {
      f = Frame.parse(message);
    } catch (Frame.MalformedFrameException e) {
      sendError(e.ref(), "Malformed frame: " + e.getMessage() + ".");
      return;
    }
    String event = f.event();
    if (Protocol.PHOENIX_TOPIC.equals(f.topic()) && Protocol.HEARTBEAT.equals(event)) {
      reply(f, "ok", WireValues.NODES.objectNode());
      return; // a heartbeat keeps the socket, not the session, alive
    }
    lastActivityNanos = System.nanoTime();
    if (Protocol.JOIN.equals(event)) {
      join(f);
      return;
    }
    if (topic == null) {
      sendError(f.requestRef(), "Join the topic " + Protocol.TOPIC_PREFIX
          + "<CODE> with phx_join before sending requests.");
      return;
    }
    if (!topic.equals(f.topic())) {
      sendError(f.requestRef(), "This session joined " + topic + "; requests on another topic "
          + "are refused.");
      return;
    }
    if (Protocol.STREAM_ACK.equals(event) || Protocol.STREAM_CANCEL.equals(event)) {
      Flow s = streams.get(String.valueOf(f.payload().path("ref").asText(null)));
      if (s != null) {
        if (Protocol.STREAM_ACK.equals(event)) {
          s.ack();
        } else {
          s.cancel();
        }
      }
      return;
    }
    if (status == Status.PENDING_APPROVAL) {
      sendError(f.requestRef(), "Waiting for the sender to approve this connection.",
          "pending_approval");
      return;
    }
    if (!event.startsWith("request:")) {
      sendError(f.requestRef(), "Unknown event '" + event + "'.");
      return;
    }
    try {
      int lane = laneOf(f);
      if (lane == 0) {
        worker.execute(() -> requests.handle(f));
      } else {
        laneWorker(lane).execute(() -> laneRequests[lane].handle(f));
      }
    } catch (RejectedExecutionException e) {
      // the connection is closing
    }
  }

  /**
   * The lane a request runs on: a COPY or stream that names a lane this receiver has, while
   * no snapshot is open or the open one can be joined; anything else (a wrong lane too, which
   * {@link Requests} refuses) runs on the worker, in order.
   */
  private int laneOf(Frame f) {
    if (!Protocol.REQ_COPY.equals(f.event()) && !Protocol.REQ_STREAM.equals(f.event())) {
      return 0;
    }
    int lane = Requests.lane(f.payload(), laneWorkers.length);
    return lane < 1 || snapshotOpen && exported == null ? 0 : lane;
  }

  private synchronized ExecutorService laneWorker(int lane) {
    if (laneWorkers[lane] == null) {
      laneWorkers[lane] = Executors.newSingleThreadExecutor(Threads.named("receiver-" + id
          + "-lane-" + lane));
      laneRequests[lane] = new Requests(this, lane);
    }
    return laneWorkers[lane];
  }

  private void join(Frame f) {
    String expectedTopic = code != null ? Protocol.TOPIC_PREFIX + code
        : Protocol.CONNECTION_TOPIC;
    if (!expectedTopic.equals(f.topic())) {
      ObjectNode response = WireValues.NODES.objectNode().put("reason", "code_mismatch");
      reply(f, "error", response);
      return;
    }
    boolean first = topic == null;
    topic = f.topic();
    if (first) {
      JsonNode ri = f.payload().get("receiver_info");
      info = ri != null && ri.isObject() ? ri : WireValues.NODES.objectNode();
    }
    ObjectNode response = WireValues.NODES.objectNode();
    if (session != null) {
      response.put("connection", session.connection());
    }
    if (first && session == null
        && server.options().mode() == IncomingMode.REQUIRE_APPROVAL) {
      status = Status.PENDING_APPROVAL;
      server.timers().schedule(() -> {
        if (status == Status.PENDING_APPROVAL) {
          deny("The sender did not answer in time.");
        }
      }, server.options().approvalTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } else if (first) {
      status = Status.ACTIVE;
    }
    if (status == Status.PENDING_APPROVAL) {
      response.put("approval", "pending");
    }
    reply(f, "ok", response);
    if (first) {
      server.listener().receiverJoined(view());
      if (status == Status.PENDING_APPROVAL) {
        server.listener().approvalRequested(view());
      }
    }
  }

  void approve() {
    if (status == Status.PENDING_APPROVAL) {
      status = Status.ACTIVE;
      push(Protocol.SESSION_APPROVED, WireValues.NODES.objectNode());
    }
  }

  void deny(String reason) {
    if (status == Status.PENDING_APPROVAL || status == Status.CONNECTED) {
      String why = reason == null || reason.isBlank() ? "The sender denied this connection."
          : reason;
      push(Protocol.SESSION_DENIED, WireValues.NODES.objectNode().put("reason", why));
      conn.close(Protocol.CLOSE_DENIED, why);
    }
  }

  /** Tells the receiver why the session ends, then closes its socket. */
  void end(int closeCode, String reason) {
    if (status != Status.CLOSED) {
      push(Protocol.SESSION_ENDED, WireValues.NODES.objectNode().put("reason", reason));
      conn.close(closeCode, reason);
    }
  }

  /**
   * Tells the receiver its permanent connection can no longer be used ({@code status}:
   * suspended, revoked, expired, deleted or rotated) and why, then closes its socket.
   */
  void connectionEnded(String status, String reason) {
    if (status != null && this.status != Status.CLOSED) {
      push(Protocol.CONNECTION_STATUS, WireValues.NODES.objectNode().put("status", status)
          .put("reason", reason));
      conn.close(Protocol.CLOSE_CONNECTION_CHANGED, reason);
    }
  }

  /** The permanent connection this receiver came on, or null for a one-time code. */
  String connection() {
    return session == null ? null : session.connection();
  }

  String token() {
    return session == null ? null : session.token();
  }

  /** A transfer of {@code table} that waits for the sender's approval, to tell it about. */
  void awaitApproval(long transfer, String t) {
    if (session.await(transfer, t)) {
      server.listener().transferWaits(view(), t, transfer);
    }
  }

  /** Pushes {@code transfer:approval} for each awaited approval that was decided. */
  void tellApprovals() {
    session.decided().forEach(p -> push(Protocol.TRANSFER_APPROVAL, p));
  }

  /** The approved transfer the next whole-table read continues (null: a new one). */
  void carryTransfer(Long id) {
    session.carry(id);
  }

  /**
   * Counts {@code rows} about to be sent on a permanent connection; null when they may go,
   * else the reason they may not (the connection's record limit).
   */
  String allowRows(long rows) {
    return session == null ? null : session.allowRows(rows);
  }

  void closed(String reason) {
    status = Status.CLOSED;
    streams.values().forEach(Flow::cancel);
    try {
      worker.execute(this::closeSnapshot);
    } catch (RejectedExecutionException ignored) {
      // already shut down
    }
    worker.shutdown();
    closeLanes(true);
    server.listener().receiverLeft(view(), reason);
  }

  boolean isOpen() {
    return status != Status.CLOSED && conn.isOpen();
  }

  // ------------------------------------------------------------------ used by Requests

  TableReader openSnapshot() {
    if (snapshot == null) {
      snapshot = openReader();
      // the lanes join this snapshot; a database that cannot share it keeps every read on
      // the worker
      try {
        exported = laneWorkers.length > 1 ? snapshot.exportSnapshot() : null;
      } catch (dev.dbsync.engine.DbSyncException e) {
        LOG.info("receiver {}: the snapshot cannot be shared with lanes ({}); one read at a "
            + "time", id, e.getMessage());
        snapshot.close();
        snapshot = openReader();
        exported = null;
      }
      snapshotOpen = true;
    }
    return snapshot;
  }

  /**
   * The reader of lane {@code lane} (on that lane's thread): one that joined the open
   * snapshot, or null when none is open (each read then opens its own).
   */
  TableReader laneReader(int lane) {
    String id = exported;
    if (!snapshotOpen || id == null) {
      return null;
    }
    // a snapshot's end closes each lane's reader first, in the lane's own queue
    // (closeSnapshot), so a reader here always joined the open snapshot
    if (laneReaders[lane] == null) {
      laneReaders[lane] = masking().wrap(server.database().openReader(id));
    }
    return laneReaders[lane];
  }

  private void closeLane(int lane) {
    if (laneReaders[lane] != null) {
      laneReaders[lane].close();
      laneReaders[lane] = null;
    }
  }

  /**
   * A read of the shared database as this receiver may see it: the share's masks and its
   * permanent connection's, applied before any row leaves.
   */
  TableReader openReader() {
    return masking().wrap(server.database().openReader());
  }

  /** The masks this receiver's reads obey now (a connection's may change mid-session). */
  dev.dbsync.engine.mask.Masking masking() {
    dev.dbsync.engine.mask.Masking m = server.options().masking();
    if (session != null) {
      m = m.and(dev.dbsync.engine.mask.MaskRules.parse(
          server.options().connections().masks(session.connection()), null));
    }
    return m;
  }

  void closeSnapshot() {
    snapshotOpen = false;
    exported = null;
    if (snapshot != null) {
      snapshot.close();
      snapshot = null;
    }
    closeLanes(false);
  }

  /** Each lane closes its reader on its own thread; with {@code shutdown} its thread ends. */
  private synchronized void closeLanes(boolean shutdown) {
    for (int i = 1; i < laneWorkers.length; i++) {
      if (laneWorkers[i] != null) {
        int lane = i;
        try {
          laneWorkers[i].execute(() -> closeLane(lane));
        } catch (RejectedExecutionException ignored) {
          // already shut down
        }
        if (shutdown) {
          laneWorkers[i].shutdown();
        }
      }
    }
  }

  TableReader snapshotOrNull() {
    return snapshot;
  }

  void registerStream(String ref, Flow s) {
    streams.put(ref, s);
  }

  void unregisterStream(String ref) {
    streams.remove(ref);
  }

  void reading(String t, long rowsSent, long rowsExpected) {
    table = t;
    sent = rowsSent;
    expected = rowsExpected;
    server.listener().receiverReading(view(), t, rowsSent, rowsExpected);
  }

  void readFinished(String t, long rows, String error) {
    ReceiverView v = view();
    if (session != null) {
      session.readFinished(error == null);
    }
    server.listener().readFinished(v, t, rows, error);
  }

  // ------------------------------------------------------------------ sending

  private void reply(Frame request, String status, ObjectNode response) {
    ObjectNode payload = WireValues.NODES.objectNode();
    payload.put("status", status);
    payload.set("response", response);
    send(new Frame(request.joinRef(), request.ref(), request.topic(), Protocol.REPLY, payload));
  }

  /** A push: {@code [null, null, topic, event, payload]}. */
  void push(String event, ObjectNode payload) {
    send(new Frame(null, null, topic == null ? Protocol.PHOENIX_TOPIC : topic, event, payload));
  }

  void respond(String event, String ref, ObjectNode payload) {
    payload.put("ref", ref);
    push(event, payload);
  }

  void sendError(String ref, String message) {
    sendError(ref, message, null);
  }

  void sendError(String ref, String message, String errorCode) {
    ObjectNode p = WireValues.NODES.objectNode().put("error", message);
    if (errorCode != null) {
      p.put("code", errorCode);
    }
    respond(Protocol.RESPONSE_ERROR, ref, p);
  }

  /**
   * Sends a binary frame: its remaining bytes. Java-WebSocket copies them before it returns,
   * but its permessage-deflate compresses the buffer's whole backing array, not its remaining
   * bytes: a frame that does not fill its array (a reused buffer's short last frame) goes as a
   * copy of its own size, or the stale rest of the array would travel too.
   */
  void sendBinary(java.nio.ByteBuffer frame) {
    if (!frame.hasArray() || frame.arrayOffset() != 0 || frame.position() != 0
        || frame.limit() != frame.array().length) {
      byte[] exact = new byte[frame.remaining()];
      frame.duplicate().get(exact);
      frame = java.nio.ByteBuffer.wrap(exact);
    }
    bytesOut.addAndGet(frame.remaining());
    sentHere.get()[0] += frame.remaining();
    synchronized (sendLock) { // lanes send at once; a frame is encoded (deflated) whole
      conn.send(frame);
    }
  }

  private void send(Frame f) {
    if (conn.isOpen()) {
      try {
        String text = f.encode();
        bytesOut.addAndGet(text.length());
        sentHere.get()[0] += text.length();
        synchronized (sendLock) {
          conn.send(text);
        }
      } catch (RuntimeException e) {
        LOG.debug("could not send to receiver {}: {}", id, e.toString());
      }
    }
  }
}

package dev.dbsync.engine.link.sender;

import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.Threads;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.Codes;
import dev.dbsync.engine.link.Protocol;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender: shares one database over the link with whoever holds a valid one-time code.
 * Each receiver gets its own {@link ReceiverConnection}; one receiver's bad input or abrupt
 * exit never disturbs another.
 */
public final class ShareServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShareServer.class);

  private final Database db;
  private final ShareOptions options;
  private final ShareListener listener;
  private final CodeBook codes;
  private final AttemptLimiter limiter;
  private final Map<WebSocket, ReceiverConnection> receivers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers;
  private final Server server;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile String currentCode;
  private volatile Exception startFailure;
  private volatile boolean ended;
  private volatile boolean listening;
  private SocketGuard guard;

  public ShareServer(Database db, ShareOptions options, ShareListener listener) {
    this.db = db;
    this.options = options;
    this.listener = listener == null ? new ShareListener() {} : listener;
    this.codes = new CodeBook(options.codeLifetime(), options.clock());
    this.limiter = new AttemptLimiter(options.clock());
    this.timers = Executors.newSingleThreadScheduledExecutor(Threads.named("share-timers"));
    this.server = new Server(new InetSocketAddress(options.bindAddress(), options.port()));
  }

  /** Starts listening and issues the first code; fails with a clear message if it cannot. */
  public void start() {
    guard = new SocketGuard(options.tls() != null
        ? new DefaultSSLWebSocketServerFactory(options.tls())
        : new org.java_websocket.server.DefaultWebSocketServerFactory(), options.limits());
    server.setWebSocketFactory(guard);
    server.setReuseAddr(true);
    server.setTcpNoDelay(true); // small acks must not wait for Nagle
    server.setConnectionLostTimeout(Protocol.pingSeconds()); // frozen receivers go in <= 50 s
    server.setDaemon(true);
    db.keepReadingAhead(); // each session's snapshot connection, opened while nobody waits
    server.start();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new DbSyncException("The sender did not start listening within 10 seconds.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DbSyncException("Interrupted while starting the sender.");
    }
    if (startFailure != null) {
      throw new DbSyncException("Could not listen on " + options.bindAddress() + ":"
          + options.port() + ": " + startFailure.getMessage()
          + ". Is another program using that port? Try another with --port.", startFailure);
    }
    listening = true;
    newCode();
    if (options.connections() != null) {
      timers.scheduleWithFixedDelay(this::watchConnections, 1, 1, TimeUnit.SECONDS);
    }
    timers.scheduleWithFixedDelay(this::watchSockets, 1, 1, TimeUnit.SECONDS);
    timers.scheduleWithFixedDelay(this::probeListener, PROBE_SECONDS, PROBE_SECONDS,
        TimeUnit.SECONDS);
  }

  /** How often the sender checks that its own port still answers. */
  static final int PROBE_SECONDS = 5;

  /**
   * Every second: sockets that did not upgrade in time are closed, receivers that did not join
   * in time, stayed idle too long or reached the session limit are disconnected (their
   * snapshot with them).
   */
  private void watchSockets() {
    try {
      guard.sweep();
      ShareLimits l = options.limits();
      long now = System.nanoTime();
      for (ReceiverConnection rc : receivers.values()) {
        if (!rc.joined() && now - rc.openedNanos() > l.joinTimeout().toNanos()) {
          rc.end(Protocol.CLOSE_ENDED, "No phx_join within " + l.joinTimeout().toSeconds()
              + " s of the upgrade.");
        } else if (!rc.busy() && now - rc.lastActivityNanos() > l.idleTimeout().toNanos()) {
          rc.end(Protocol.CLOSE_ENDED, "Idle for " + l.idleTimeout().toMinutes()
              + " minutes: the sender closed the session. Connect again to go on.");
        } else if (l.maxSession() != null
            && now - rc.openedNanos() > l.maxSession().toNanos()) {
          rc.end(Protocol.CLOSE_ENDED, "The session reached the sender's limit of "
              + l.maxSession().toMinutes() + " minutes. Connect again to go on.");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("checking the sockets failed: {}", e.toString());
    }
  }

  /**
   * Connects to its own port now and then: a listener that died (a fatal error in the link
   * library, the descriptor limit) must not leave a share that looks alive and serves nobody.
   */
  private void probeListener() {
    if (ended || !listening) {
      return;
    }
    String host = "0.0.0.0".equals(options.bindAddress()) || "::".equals(options.bindAddress())
        ? "127.0.0.1" : options.bindAddress();
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(host, port()), 3000);
    } catch (java.io.IOException e) {
      listenerDied("its port " + port() + " no longer accepts connections (" + e.getMessage()
          + ")");
    }
  }

  private void listenerDied(String why) {
    if (ended || !listening) {
      return;
    }
    listening = false;
    LOG.error("the sender stopped listening: {}", why);
    listener.stoppedListening("The sender stopped listening: " + why + ". Nobody can connect "
        + "any more; start sharing again.");
  }

  /**
   * Stops the library's listener under the share, as its own fatal-error handling does (after
   * an OutOfMemoryError in its threads, say): for the test that the share notices and says so.
   */
  void stopListenerAsAFatalErrorWould() throws InterruptedException {
    server.stop(0, "fatal error");
  }

  /** False once the listener died (it was told to the listener). */
  public boolean isListening() {
    return listening && !ended;
  }

  /** Sockets open now, and how many were closed at once for passing a limit. */
  public long[] socketCounts() {
    return new long[] {guard.open(), guard.turnedAway()};
  }

  /** The port it listens on (the one the system chose when 0 was asked for). */
  public int port() {
    return server.getPort();
  }

  public String scheme() {
    return options.tls() == null ? "ws" : "wss";
  }

  public Optional<String> fingerprint() {
    return Optional.ofNullable(options.fingerprint());
  }

  public String currentCode() {
    return currentCode;
  }

  /** When an unused code stops being valid, or null for an unknown code. */
  public java.time.Instant codeExpiry(String code) {
    return codes.expiry(code).orElse(null);
  }

  public Database database() {
    return db;
  }

  /**
   * A stable name for the shared database that reveals nothing of it (a hash of its address),
   * so that a receiver can resume a cut-off transfer from it in a later session.
   */
  public String sourceId() {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
          db.locator().describe().getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replaces the current unused code with a new one. */
  public synchronized String newCode() {
    if (currentCode != null && codes.peek(currentCode) == CodeBook.Verdict.OK) {
      codes.revoke(currentCode);
    }
    currentCode = codes.issue();
    java.time.Instant expiry = codes.expiry(currentCode).orElseThrow();
    listener.codeIssued(currentCode, expiry);
    renewAt(currentCode, expiry);
    return currentCode;
  }

  /** A code that expires unused is replaced, so the share always shows one that works. */
  private void renewAt(String code, java.time.Instant expiry) {
    long delay = Math.max(0, Duration.between(options.clock().instant(), expiry).toMillis());
    try {
      timers.schedule(() -> {
        synchronized (this) {
          if (!ended && code.equals(currentCode)
              && codes.peek(code) == CodeBook.Verdict.EXPIRED) {
            newCode();
          }
        }
      }, delay + 100, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException ended) {
      // the share has ended
    }
  }

  public List<ReceiverView> receivers() {
    List<ReceiverView> out = new ArrayList<>();
    receivers.values().forEach(r -> out.add(r.view()));
    return out;
  }

  public void approve(String receiverId) {
    find(receiverId).ifPresent(ReceiverConnection::approve);
  }

  public void deny(String receiverId, String reason) {
    find(receiverId).ifPresent(r -> r.deny(reason));
  }

  /**
   * The columns of {@code table} that leave masked for this receiver, {@code column=rule, ...},
   * or null when none (for its history; never a value).
   */
  public String maskedColumns(ReceiverView receiver, String table) {
    return find(receiver.id()).map(rc -> {
      var m = rc.masking().rules().forTable(table);
      return m.isEmpty() ? null : m.entrySet().stream().map(e -> e.getKey() + "="
          + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }).orElse(null);
  }

  /** Disconnects one receiver and tells it why. */
  public void disconnect(String receiverId, String reason) {
    find(receiverId).ifPresent(r -> r.end(Protocol.CLOSE_REVOKED, reason));
  }

  private Optional<ReceiverConnection> find(String id) {
    return receivers.values().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Ends the session: every receiver is told why and disconnected; the port is closed. */
  public void end(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    for (ReceiverConnection r : receivers.values()) {
      r.end(Protocol.CLOSE_ENDED, reason);
    }
    try {
      server.stop(2000, reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
  }

  @Override
  public void close() {
    end("The sender stopped sharing.");
  }

  /** Checks the permanent connections now instead of within the next second. */
  public void checkConnections() {
    if (options.connections() != null) {
      timers.execute(this::watchConnections);
    }
  }

  ShareListener listener() {
    return listener;
  }

  ShareOptions options() {
    return options;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  void codeUsed() {
    if (!options.once() && !ended) {
      newCode();
    }
  }

  /** Why an upgrade is refused, or null to accept it. Runs on the link's selector thread. */
  private String admit(WebSocket conn, ClientHandshake request, Map<String, String> query) {
    String peer = conn.getRemoteSocketAddress().getAddress().getHostAddress();
    if (ended) {
      return "Module disabled";
    }
    if (!query.containsKey("code") && !query.containsKey("token")) {
      return "Missing authentication";
    }
    if (query.containsKey("token")) {
      return admitToken(conn, request, query.get("token"), query.get("password"), peer);
    }
    Duration wait = limiter.waitFor(peer);
    if (!wait.isZero()) {
      return "Too many attempts; try again in " + Math.max(1, wait.toSeconds()) + " s";
    }
    String code = Codes.normalize(query.get("code"));
    CodeBook.Verdict v = codes.peek(code);
    if (v != CodeBook.Verdict.OK) {
      limiter.failed(peer);
      return switch (v) {
        case USED -> "Code already used";
        case EXPIRED -> "Code expired";
        default -> "Invalid code";
      };
    }
    if (options.mode() == IncomingMode.DENY_ALL) {
      return "Connection not active";
    }
    if (options.mode() == IncomingMode.REQUIRE_PASSWORD) {
      String pw = query.get("password");
      if (pw == null) {
        return "Password required";
      }
      if (!PasswordHash.verify(pw, options.passwordHash())) {
        limiter.failed(peer);
        return "Invalid password";
      }
    }
    if (codes.consume(code) != CodeBook.Verdict.OK) {
      return "Code already used"; // another receiver was a moment faster
    }
    conn.setAttachment(new ReceiverConnection(this, conn, code, clientAddress(request, peer),
        null, null));
    codeUsed();
    return null;
  }

  /** A permanent connection's upgrade: its token (and password) decided by the gate. */
  private String admitToken(WebSocket conn, ClientHandshake request, String token,
      String password, String peer) {
    ConnectionGate gate = options.connections();
    Duration wait = limiter.waitFor(peer);
    if (!wait.isZero()) {
      return "Too many attempts; try again in " + Math.max(1, wait.toSeconds()) + " s";
    }
    if (gate == null) {
      limiter.failed(peer); // this sender serves one-time codes only
      return "Invalid token";
    }
    if (options.mode() == IncomingMode.DENY_ALL) {
      return "Connection not active";
    }
    String client = clientAddress(request, peer);
    ConnectionGate.Admission a = gate.admit(token, password, client);
    if (a.refusal() != null) {
      if (a.refusal().equals("Invalid token") || a.refusal().equals("Invalid password")) {
        limiter.failed(peer);
      }
      return a.refusal();
    }
    conn.setAttachment(new ReceiverConnection(this, conn, null, client, a.connection(), token));
    return null;
  }

  /**
   * The client's address: the socket's own, unless the socket comes from a proxy the user
   * named as trusted; then the last address in {@code X-Forwarded-For} that is not itself a
   * trusted proxy (the one the first trusted proxy saw; anything left of it the client wrote).
   */
  private String clientAddress(ClientHandshake request, String peer) {
    ShareLimits l = options.limits();
    String forwarded = request.getFieldValue("X-Forwarded-For");
    if (!l.trusts(peer) || forwarded == null || forwarded.isBlank()) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!l.trusts(hop)) {
        return dev.dbsync.engine.link.Cidr.isValid(hop) ? hop : peer;
      }
    }
    return peer;
  }

  /**
   * Now and then, for permanent connections: expires approvals that waited too long, tells
   * receivers what became of the approvals they wait for, and disconnects a receiver whose
   * connection was suspended, revoked, deleted, expired or given a new token (here or by
   * another program on this computer), telling it why.
   */
  private void watchConnections() {
    ConnectionGate gate = options.connections();
    try {
      gate.expireApprovals();
      for (ReceiverConnection rc : receivers.values()) {
        if (rc.connection() != null && rc.isOpen()) {
          ConnectionGate.Verdict v = gate.current(rc.connection(), rc.token());
          if (!v.allowed()) {
            rc.connectionEnded(v.status(), v.reason());
          } else {
            rc.tellApprovals();
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("checking the permanent connections failed: {}", e.toString());
    }
  }

  static Map<String, String> query(String resource) {
    Map<String, String> q = new HashMap<>();
    String raw = URI.create(resource).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2) {
          q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  private final class Server extends WebSocketServer {
    Server(InetSocketAddress address) {
      super(address, List.of(new RefusingDraft()));
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn,
        Draft draft, ClientHandshake request) throws InvalidDataException {
      ServerHandshakeBuilder response = new HandshakeImpl1Server();
      String resource = request.getResourceDescriptor();
      String reason;
      String status = "403";
      try {
        String path = URI.create(resource).getPath();
        if (path == null || !path.endsWith(Protocol.PATH)) {
          status = "404";
          reason = "Not found: the link lives at " + Protocol.PATH;
        } else {
          reason = admit(conn, request, query(resource));
        }
      } catch (IllegalArgumentException e) {
        status = "400";
        reason = "Bad request";
      }
      if (reason != null) {
        response.put(RefusingDraft.REFUSED, status);
        response.put(RefusingDraft.REASON, reason);
        conn.setAttachment(new Refusal(reason));
        listener.refused(conn.getRemoteSocketAddress().getAddress().getHostAddress(), reason);
      }
      return response;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      Object a = conn.getAttachment();
      if (a instanceof Refusal r) {
        ((WebSocketImpl) conn).flushAndClose(CloseFrame.POLICY_VALIDATION, r.reason(), false);
        return;
      }
      if (a instanceof ReceiverConnection rc) {
        receivers.put(conn, rc);
      }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      ReceiverConnection rc = receivers.remove(conn);
      if (rc != null) {
        rc.closed(code == CloseFrame.ABNORMAL_CLOSE && reason != null && reason.contains("pong")
            ? "The receiver stopped answering (no reply to the link's heartbeat for "
                + Protocol.pingSeconds() * 3 / 2 + " s): the network or the receiver is gone."
            : remote ? "The receiver disconnected." : reason);
      }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      ReceiverConnection rc = receivers.get(conn);
      if (rc != null) {
        rc.onText(message);
      }
    }

    @Override
    public void onMessage(WebSocket conn, java.nio.ByteBuffer message) {
      ReceiverConnection rc = receivers.get(conn);
      if (rc != null) {
        rc.sendError(null, "Binary frames are not understood here; send JSON text frames.");
      }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      if (conn == null && started.getCount() == 0) {
        listenerDied(ex.toString()); // the library's selector thread is ending
      } else if (conn == null) {
        startFailure = ex;
        started.countDown();
      } else if (ex.getCause() instanceof VirtualMachineError) {
        listenerDied(ex.getCause().toString()); // the library stops the server after this
      } else {
        LOG.debug("link error with {}: {}", conn.getRemoteSocketAddress(), ex.toString());
      }
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }

  private record Refusal(String reason) {}
}

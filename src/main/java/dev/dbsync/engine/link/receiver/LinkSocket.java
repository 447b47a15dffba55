package dev.dbsync.engine.link.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.Frame;
import dev.dbsync.engine.link.Protocol;
import dev.dbsync.engine.link.Tls;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The receiver's socket: matches responses to requests by ref, feeds stream batches to the
 * reading thread, and turns every way the link can fail into a {@link LinkException}.
 */
final class LinkSocket extends WebSocketClient {
  private static final String END = "end";

  private final ConnectOptions options;
  private final ClientDraft draft;
  private final AtomicLong refs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Object>> streams = new ConcurrentHashMap<>();
  /** Bytes of each flow under way, by ref; added to the reading thread's count at its end. */
  private final Map<String, AtomicLong> flowBytes = new ConcurrentHashMap<>();
  private final ThreadLocal<long[]> readHere = ThreadLocal.withInitial(() -> new long[1]);
  private final Object sendLock = new Object();
  private final CompletableFuture<Void> approval = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<JsonNode>> transferApprovals =
      new ConcurrentHashMap<>();
  private volatile JsonNode connectionStatus;
  private final URI address;
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);
  private volatile LinkException failure;
  private volatile Exception openError;
  private volatile java.security.cert.CertificateException certificateProblem;

  LinkSocket(URI uri, ConnectOptions options) {
    this(uri, options, new ClientDraft(options.compress()));
  }

  private LinkSocket(URI uri, ConnectOptions options, ClientDraft draft) {
    super(uri, draft, null, (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()));
    this.address = uri;
    this.options = options;
    this.draft = draft;
    // WebSocket ping/pong: a link that stops answering is closed within 2.5 x this
    setConnectionLostTimeout(Protocol.pingSeconds());
    setDaemon(true); // a link left behind never keeps the process alive
    setTcpNoDelay(true); // acks are small and must not wait for Nagle
    if ("wss".equals(uri.getScheme())) {
      setSocketFactory(Tls.client(options.fingerprint(), e -> certificateProblem = e)
          .getSocketFactory());
    }
  }

  @Override
  protected void onSetSSLParameters(SSLParameters p) {
    if (options.fingerprint() == null) {
      super.onSetSSLParameters(p); // check the host name against the certificate
    }
    // with a pinned fingerprint the certificate itself is the identity: no name check
  }

  String nextRef() {
    return String.valueOf(refs.incrementAndGet());
  }

  long bytesReceived() {
    return bytes.get();
  }

  /** Bytes of the streams and COPY reads the calling thread has finished. */
  long bytesReadHere() {
    return readHere.get()[0];
  }

  private void flowStarted(String ref) {
    flowBytes.put(ref, new AtomicLong());
  }

  private void flowEnded(String ref) {
    AtomicLong n = flowBytes.remove(ref);
    if (n != null) {
      readHere.get()[0] += n.get();
    }
  }

  private void countFlow(String ref, long n) {
    AtomicLong c = ref == null ? null : flowBytes.get(ref);
    if (c != null) {
      c.addAndGet(n);
    }
  }

  void open() {
    boolean ok;
    try {
      ok = connectBlocking(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(LinkException.Kind.UNREACHABLE, "Interrupted while connecting.");
    }
    if (ok) {
      return;
    }
    if (draft.refusedText() != null) {
      throw LinkException.refused(draft.refusedStatus(), draft.refusedText());
    }
    if (certificateProblem != null) {
      throw new LinkException(LinkException.Kind.CERTIFICATE, certificateProblem.getMessage(),
          certificateProblem);
    }
    Throwable e = openError;
    String where = address.getHost() + ":" + (address.getPort() < 0 ? "default port"
        : address.getPort());
    if (e instanceof SSLException || e != null && e.getCause() instanceof SSLException) {
      throw new LinkException(LinkException.Kind.CERTIFICATE, "The secure connection to "
          + where + " failed: " + rootMessage(e) + " Check the fingerprint with the sender.");
    }
    if (e instanceof UnknownHostException) {
      throw new LinkException(LinkException.Kind.UNREACHABLE, "The host '" + address.getHost()
          + "' is unknown. Check the address.");
    }
    if (e instanceof ConnectException) {
      throw new LinkException(LinkException.Kind.UNREACHABLE, "Nobody answers at " + where
          + ". Check the address and that the sender is sharing.");
    }
    throw new LinkException(LinkException.Kind.UNREACHABLE, "Could not connect to " + where
        + (e == null ? " in time." : ": " + rootMessage(e)));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  void sendFrame(Frame f) {
    try {
      String text = f.encode();
      synchronized (sendLock) { // lanes ack at once; a frame is encoded (deflated) whole
        send(text);
      }
    } catch (RuntimeException e) {
      throw lost();
    }
  }

  /** Sends a request and waits for its answer (a reply or a response push with its ref). */
  JsonNode call(String topic, String event, ObjectNode payload, boolean putRef) {
    if (failure != null) {
      throw failure;
    }
    String ref = nextRef();
    if (putRef) {
      payload.put("ref", ref);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(ref, f);
    try {
      sendFrame(new Frame(null, ref, topic, event, payload));
      return f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LinkException(LinkException.Kind.TIMEOUT, "The sender did not answer "
          + event + " within " + options.timeout().toSeconds() + " s.");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LinkException le ? le
          : new LinkException(LinkException.Kind.PROTOCOL, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(LinkException.Kind.LOST, "Interrupted.");
    } finally {
      pending.remove(ref);
    }
  }

  /**
   * Sends every request at once and waits for all the answers (the sender answers in order):
   * many small questions cost one round trip, not one each. Each answer is a reply, or the
   * {@link LinkException} that request met.
   */
  List<Object> callAll(String topic, String event, List<ObjectNode> payloads) {
    if (failure != null) {
      throw failure;
    }
    List<String> refs = new java.util.ArrayList<>();
    List<CompletableFuture<JsonNode>> futures = new java.util.ArrayList<>();
    try {
      for (ObjectNode payload : payloads) {
        String ref = nextRef();
        payload.put("ref", ref);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(ref, f);
        refs.add(ref);
        futures.add(f);
        sendFrame(new Frame(null, ref, topic, event, payload));
      }
      List<Object> out = new java.util.ArrayList<>();
      for (CompletableFuture<JsonNode> f : futures) {
        try {
          // the timeout bounds the wait for each next answer, as for one request
          out.add(f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
          out.add(e.getCause() instanceof LinkException le ? le
              : new LinkException(LinkException.Kind.PROTOCOL, e.getCause().toString()));
        }
      }
      return out;
    } catch (TimeoutException e) {
      throw new LinkException(LinkException.Kind.TIMEOUT, "The sender did not answer "
          + event + " within " + options.timeout().toSeconds() + " s.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(LinkException.Kind.LOST, "Interrupted.");
    } finally {
      refs.forEach(pending::remove);
    }
  }

  void awaitApproval(Duration wait) {
    try {
      approval.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LinkException(LinkException.Kind.TIMEOUT,
          "The sender did not approve the connection in time.");
    } catch (ExecutionException e) {
      throw (LinkException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(LinkException.Kind.LOST, "Interrupted.");
    }
  }

  private CompletableFuture<JsonNode> transferApproval(long id) {
    return transferApprovals.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  /**
   * Waits up to {@code wait} for the sender to decide the approval of transfer {@code id};
   * the {@code transfer:approval} payload, or null when nobody decided in that time.
   */
  JsonNode awaitTransferApproval(long id, Duration wait) {
    try {
      return transferApproval(id).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LinkException le ? le : lost();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkException(LinkException.Kind.LOST, "Interrupted.");
    }
  }

  /** Whether the link was negotiated compressed (permessage-deflate). */
  boolean compressed() {
    // the connection works on its own copy of the draft, which holds what was agreed
    return getConnection().getDraft() instanceof org.java_websocket.drafts.Draft_6455 d
        && dev.dbsync.engine.link.Compression.isDeflate(d.getExtension());
  }

  /** What the sender said last of this permanent connection (connection:status), or null. */
  JsonNode connectionStatus() {
    return connectionStatus;
  }

  /** Runs a stream: hands each batch to the sink, then acknowledges it. */
  long stream(String topic, ObjectNode payload, Duration timeout, TableReader.BatchSink sink) {
    String ref = nextRef();
    payload.put("ref", ref);
    BlockingQueue<Object> q = new LinkedBlockingQueue<>();
    streams.put(ref, q);
    flowStarted(ref);
    long rows = 0;
    try {
      sendFrame(new Frame(null, ref, topic, Protocol.REQ_STREAM, payload));
      while (true) {
        Object item = next(q, timeout);
        if (item == END) {
          return rows;
        }
        JsonNode batch = (JsonNode) item;
        List<ObjectNode> records = new ArrayList<>(batch.path("records").size());
        batch.path("records").forEach(r -> records.add((ObjectNode) r));
        rows += records.size();
        if (!sink.accept(records)) {
          sendFrame(new Frame(null, nextRef(), topic, Protocol.STREAM_CANCEL,
              WireValues.NODES.objectNode().put("ref", ref)));
          return rows;
        }
        sendFrame(new Frame(null, nextRef(), topic, Protocol.STREAM_ACK,
            WireValues.NODES.objectNode().put("ref", ref).put("seq", batch.path("seq").asLong())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DbSyncException("Interrupted.", e);
    } finally {
      streams.remove(ref);
      flowEnded(ref);
    }
  }

  private LinkException lost() {
    return failure != null ? failure
        : new LinkException(LinkException.Kind.LOST, "The connection to the sender was lost.");
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    // the caller continues in open()
  }

  @Override
  public void onMessage(String message) {
    bytes.addAndGet(message.length());
    Frame f;
    try {
      f = Frame.parse(message);
    } catch (Frame.MalformedFrameException e) {
      return; // nothing to match it to; the request that waits for it will time out
    }
    ObjectNode p = f.payload();
    switch (f.event()) {
      case Protocol.REPLY -> complete(f.ref(), p);
      case Protocol.SESSION_APPROVED -> approval.complete(null);
      case Protocol.SESSION_DENIED -> {
        failure = new LinkException(LinkException.Kind.DENIED, "The sender denied the "
            + "connection: " + p.path("reason").asText("no reason given"));
        approval.completeExceptionally(failure);
      }
      case Protocol.SESSION_ENDED -> failure = new LinkException(LinkException.Kind.ENDED,
          "The sender ended the session: " + p.path("reason").asText("no reason given"));
      case Protocol.CONNECTION_STATUS -> {
        connectionStatus = p;
        failure = new LinkException(LinkException.Kind.CONNECTION_CHANGED, "The sender's side "
            + "of this connection is now " + p.path("status").asText("changed") + ": "
            + p.path("reason").asText("no reason given"))
            .withRemote(p.path("status").asText(null), p);
      }
      case Protocol.TRANSFER_APPROVAL -> transferApproval(p.path("transfer_id").asLong())
          .complete(p);
      case Protocol.STREAM_BATCH -> {
        countFlow(p.path("ref").asText(), message.length());
        offer(p.path("ref").asText(), p);
      }
      case Protocol.STREAM_END -> offer(p.path("ref").asText(), END);
      case Protocol.COPY_END -> offer(p.path("ref").asText(), p);
      case Protocol.RESPONSE_ERROR -> {
        String ref = p.path("ref").asText(null);
        String code = p.path("code").asText(null);
        LinkException e = new LinkException("pending_approval".equals(code)
            ? LinkException.Kind.APPROVAL_PENDING : LinkException.Kind.REMOTE_ERROR,
            p.path("error").asText("The sender reported an error.")).withRemote(code, p);
        if (ref != null && streams.containsKey(ref)) {
          offer(ref, e);
        } else if (ref != null && pending.containsKey(ref)) {
          pending.get(ref).completeExceptionally(e);
        }
      }
      default -> {
        if (f.event().startsWith("response:")) {
          complete(p.path("ref").asText(null), p);
        }
      }
    }
  }

  private void complete(String ref, JsonNode payload) {
    CompletableFuture<JsonNode> f = ref == null ? null : pending.get(ref);
    if (f != null) {
      f.complete(payload);
    }
  }

  private void offer(String ref, Object item) {
    BlockingQueue<Object> q = streams.get(ref);
    if (q != null) {
      q.offer(item);
    }
  }

  @Override
  public void onMessage(java.nio.ByteBuffer frame) {
    if (frame.remaining() < 9) {
      return;
    }
    int size = frame.remaining();
    bytes.addAndGet(size);
    String ref = String.valueOf(frame.getLong());
    countFlow(ref, size);
    byte tag = frame.get();
    if (tag == dev.dbsync.engine.link.Batches.SMILE_TAG) {
      // decoded here, on the link's thread, while the transfer thread writes the last batch
      offer(ref, dev.dbsync.engine.link.Batches.decode(frame));
      return;
    }
    // the library gives each message a buffer of its own: the chunk is handed on, not copied
    offer(ref, frame.hasArray() ? frame.slice() : copyOf(frame));
  }

  private static java.nio.ByteBuffer copyOf(java.nio.ByteBuffer frame) {
    return java.nio.ByteBuffer.wrap(new byte[frame.remaining()]).put(frame).flip();
  }

  /**
   * The next item of a flow: a batch, a chunk or its end; its failure is thrown. A flow that
   * stays silent for {@code timeout} ends the link: its state is unknown from then on.
   */
  private Object next(BlockingQueue<Object> q, Duration timeout)
      throws InterruptedException {
    Object item = q.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (item == null) {
      LinkException e = new LinkException(LinkException.Kind.TIMEOUT, "The sender sent "
          + "nothing for " + timeout.toSeconds() + " s; the link was closed.");
      abandon(e);
      throw e;
    }
    if (item instanceof LinkException e) {
      throw e;
    }
    return item;
  }

  /** Runs a COPY stream: hands each chunk to the sink, then acknowledges it. */
  long copy(String topic, ObjectNode payload, Duration timeout,
      dev.dbsync.engine.transfer.Source.ChunkSink sink) {
    String ref = nextRef();
    payload.put("ref", ref);
    BlockingQueue<Object> q = new LinkedBlockingQueue<>();
    streams.put(ref, q);
    flowStarted(ref);
    try {
      sendFrame(new Frame(null, ref, topic, Protocol.REQ_COPY, payload));
      while (true) {
        Object item = next(q, timeout);
        if (item instanceof JsonNode end) {
          return end.path("rows").asLong();
        }
        java.nio.ByteBuffer chunk = (java.nio.ByteBuffer) item;
        sink.accept(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        sendFrame(new Frame(null, nextRef(), topic, Protocol.STREAM_ACK,
            WireValues.NODES.objectNode().put("ref", ref)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DbSyncException("Interrupted.", e);
    } catch (RuntimeException e) {
      if (isOpen()) {
        sendFrame(new Frame(null, nextRef(), topic, Protocol.STREAM_CANCEL,
            WireValues.NODES.objectNode().put("ref", ref)));
      }
      throw e;
    } finally {
      streams.remove(ref);
      flowEnded(ref);
    }
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (failure == null) {
      if (code == Protocol.CLOSE_DENIED) {
        failure = new LinkException(LinkException.Kind.DENIED, "The sender denied the "
            + "connection: " + reason);
      } else if (code == Protocol.CLOSE_CONNECTION_CHANGED) {
        failure = new LinkException(LinkException.Kind.CONNECTION_CHANGED, "The sender changed "
            + "this connection: " + reason);
      } else if (code == Protocol.CLOSE_ENDED || code == Protocol.CLOSE_REVOKED) {
        failure = new LinkException(LinkException.Kind.ENDED, "The sender ended the session: "
            + reason);
      } else if (code == CloseFrame.ABNORMAL_CLOSE && reason != null
          && reason.contains("pong")) {
        failure = new LinkException(LinkException.Kind.LOST, "The sender stopped answering "
            + "(no reply to the link's heartbeat for " + Protocol.pingSeconds() * 3 / 2
            + " s): the network or the sender is gone.");
      } else if (code == CloseFrame.TOOBIG) {
        failure = new LinkException(LinkException.Kind.PROTOCOL, "A message was too large for "
            + "the link (" + reason + ").");
      } else {
        failure = new LinkException(LinkException.Kind.LOST, "The connection to the sender was "
            + "lost" + (reason == null || reason.isBlank() ? "." : ": " + reason));
      }
    }
    approval.completeExceptionally(failure);
    transferApprovals.values().forEach(f -> f.completeExceptionally(failure));
    pending.values().forEach(f -> f.completeExceptionally(failure));
    streams.values().forEach(q -> q.offer(failure));
    closed.countDown();
  }

  @Override
  public void onError(Exception ex) {
    if (openError == null) {
      openError = ex;
    }
  }

  /**
   * Closes the link: a polite close, waited for at most {@link #CLOSE_WAIT_MILLIS}; a peer
   * that does not answer in that time (a frozen network) has its socket closed under it.
   */
  void shutdown() {
    if (failure == null) {
      failure = new LinkException(LinkException.Kind.LOST, "Disconnected.");
    }
    try {
      close();
      if (!closed.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        abandon(failure);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(failure);
    }
  }

  /** Drops the link at once, without waiting for the peer: every waiter gets {@code why}. */
  private void abandon(LinkException why) {
    if (failure == null) {
      failure = why;
    }
    try {
      getConnection().closeConnection(CloseFrame.ABNORMAL_CLOSE, why.getMessage());
    } catch (RuntimeException ignored) {
      // closing anyway
    }
    try {
      java.net.Socket s = getSocket();
      if (s != null) {
        s.close(); // unblocks the library's reading and writing threads
      }
    } catch (java.io.IOException ignored) {
      // closed
    }
  }

  /** How long a polite close may take before the socket is closed under it. */
  static final long CLOSE_WAIT_MILLIS = 3000;
}

package dev.dbsync.engine.link;

import java.util.List;

/** Names and limits of the link (docs/protocol.md is the prose version). */
public final class Protocol {
  public static final String PATH = "/sync/websocket";
  public static final String VERSION = "1.0";
  public static final String PHOENIX_TOPIC = "phoenix";
  public static final String TOPIC_PREFIX = "transfer:";
  /** The topic a permanent connection (token) joins. */
  public static final String CONNECTION_TOPIC = "connection";

  public static final String JOIN = "phx_join";
  public static final String REPLY = "phx_reply";
  public static final String HEARTBEAT = "heartbeat";
  public static final String REQ_CAPABILITIES = "request:capabilities";
  public static final String REQ_TABLES = "request:tables";
  public static final String REQ_SCHEMA = "request:schema";
  public static final String REQ_COUNT = "request:count";
  public static final String REQ_RECORDS = "request:records";
  public static final String REQ_STREAM = "request:stream";
  public static final String REQ_SNAPSHOT_BEGIN = "request:snapshot_begin";
  public static final String REQ_SNAPSHOT_END = "request:snapshot_end";
  public static final String STREAM_ACK = "stream:ack";
  public static final String STREAM_CANCEL = "stream:cancel";
  public static final String STREAM_BATCH = "stream:batch";
  public static final String STREAM_END = "stream:end";
  public static final String REQ_COPY = "request:copy";
  public static final String COPY_END = "copy:end";
  /** The "compare" extension: checksums by bucket, then keys and row hashes of buckets. */
  public static final String REQ_HASH_BUCKETS = "request:hash_buckets";
  public static final String REQ_HASH_ROWS = "request:hash_rows";
  /** Most rows one answer of request:hash_rows carries. */
  public static final int MAX_HASH_ROWS = 250_000;
  public static final String RESPONSE_ERROR = "response:error";
  public static final String SESSION_APPROVED = "session:approved";
  public static final String SESSION_DENIED = "session:denied";
  public static final String SESSION_ENDED = "session:ended";
  public static final String REQ_APPROVAL = "request:approval";
  public static final String REQ_FORGET = "request:forget";
  public static final String TRANSFER_APPROVAL = "transfer:approval";
  public static final String CONNECTION_STATUS = "connection:status";

  /** Base-layer features, then ours. */
  public static final List<String> BASE_FEATURES = List.of("list_tables", "get_schema",
      "fetch_records");
  public static final List<String> EXTENSIONS = List.of("key_paging", "stream", "snapshot",
      "resume", "filters", "approval", "ending", "count_filters", "copy_filters", "compare");

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  public static final int DEFAULT_STREAM_BATCH = 1000;
  public static final int MAX_STREAM_BATCH = 10_000;
  /** Batches a sender may have sent and not yet seen acknowledged. */
  public static final int STREAM_WINDOW = 4;
  /** Bytes of COPY text in one binary frame, and how many may be unacknowledged. */
  public static final int COPY_CHUNK = 256 * 1024;
  public static final int COPY_WINDOW = 24; // > one 4 MiB batch: the sender reads on while the receiver writes
  /** Largest frame either side accepts. */
  /**
   * Seconds between WebSocket pings, both ways. A peer that sends no pong for 1.5 x this is
   * gone: its link is closed, so a frozen network is noticed within 2.5 x this (50 s).
   */
  public static final int PING_SECONDS = 20;

  /** {@link #PING_SECONDS}, or the {@code dbsync.link.ping-seconds} property (fault tests). */
  public static int pingSeconds() {
    return Integer.getInteger("dbsync.link.ping-seconds", PING_SECONDS);
  }

  /**
   * The largest frame a sender reads: requests are small JSON. Checked from the frame's
   * header, before any buffer is sized, so a peer cannot make the sender allocate more.
   */
  public static final int MAX_REQUEST_BYTES = 1024 * 1024;

  public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

  /** WebSocket close codes of our own (4000-4999 are free for applications). */
  public static final int CLOSE_ENDED = 4000;
  public static final int CLOSE_DENIED = 4003;
  public static final int CLOSE_REVOKED = 4004;
  /** A permanent connection was suspended, revoked, deleted, expired or re-keyed. */
  public static final int CLOSE_CONNECTION_CHANGED = 4005;

  private Protocol() {}
}

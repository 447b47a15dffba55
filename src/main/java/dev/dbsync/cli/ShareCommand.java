package dev.dbsync.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.history.HistoryStore;
import dev.dbsync.engine.history.SendRecorder;
import dev.dbsync.engine.connections.ServedConnections;
import dev.dbsync.engine.link.Codes;
import dev.dbsync.engine.link.Tls;
import dev.dbsync.engine.link.sender.Addresses;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.PasswordHash;
import dev.dbsync.engine.link.sender.ReceiverView;
import dev.dbsync.engine.link.sender.ShareLimits;
import dev.dbsync.engine.link.sender.ShareListener;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.workspace.DataDirs;
import dev.dbsync.engine.workspace.Workspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dbsync share}: serve a database to receivers holding a one-time code. */
@Command(name = "share", mixinStandardHelpOptions = true,
    description = {"Share a database. Prints the address and a one-time code, then a line per "
        + "receiver event, until interrupted.",
        "While it runs, type 'approve ID', 'deny ID [reason]', 'disconnect ID', 'code' (new "
            + "code) or 'end' on standard input."})
public final class ShareCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--db", required = true, description = "postgres://user@host/db, "
      + "jdbc:postgresql://..., sqlite:path or a .db/.sqlite/.sqlite3 file")
  String db;

  @Option(names = "--port", defaultValue = "4471", description = "Port (default ${DEFAULT-VALUE}; "
      + "0 picks a free one)")
  int port;

  @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on "
      + "(default ${DEFAULT-VALUE}: every interface)")
  String bind;

  @Option(names = "--mode", defaultValue = "require_approval", description = {"Who may "
      + "connect (default ${DEFAULT-VALUE}, as in the app: a production database is never "
      + "served to whoever holds a code without you saying yes):",
      "  require_approval  you type 'approve ID' or 'deny ID' for each receiver",
      "  auto_accept       anyone with a valid code (scripts, CI)",
      "  require_password  a valid code and the --password-file password",
      "  deny_all          nobody (permanent connections only)"})
  String mode;

  @Option(names = "--max-session", description = "End a receiver's session after this long "
      + "(e.g. 90m, 2h; default: no limit); its snapshot ends with it")
  String maxSession;

  @Option(names = "--trust-proxy", description = "A reverse proxy (address or CIDR) whose "
      + "X-Forwarded-For names the client (repeatable); from anyone else the socket's own "
      + "address counts")
  List<String> trustProxy;

  @Option(names = "--mask", description = "TABLE.COLUMN=RULE: that column leaves masked "
      + "(repeatable). Rules: email, name, phone, hash, null, constant:TEXT, keep-last:N, "
      + "date-shift:DAYS, redact, city, address, ip, text (docs/masking.md)")
  List<String> masks;

  @Option(names = "--mask-file", description = "A file of TABLE.COLUMN=RULE lines (# starts a "
      + "comment)")
  Path maskFile;

  @Option(names = "--mask-key-file", description = "The key masks are keyed by: used when the "
      + "file exists, else this data folder's key is written there (so a team's senders mask "
      + "alike)")
  Path maskKeyFile;

  @Option(names = "--max-connections", defaultValue = "128", description = "Sockets open at "
      + "once, upgraded or not (default ${DEFAULT-VALUE})")
  int maxConnections;

  @Option(names = "--max-per-address", defaultValue = "16", description = "Sockets open at "
      + "once from one address (default ${DEFAULT-VALUE})")
  int maxPerAddress;

  @Option(names = "--max-lanes", paramLabel = "N", description = "Tables one receiver may "
      + "read at once, each on its own connection to this database in the receiver's "
      + "snapshot (PostgreSQL; default two per core, 2 to 8; 1: one after another)")
  Integer maxLanes;

  @Option(names = "--password-file", description = "File whose first line is the incoming "
      + "password (implies require_password)")
  Path passwordFile;

  @Option(names = "--tables", description = "Share only these tables (comma-separated)")
  String tables;

  @Option(names = "--exclude", description = "Never share these tables (comma-separated)")
  String exclude;

  @Option(names = "--schema", description = "PostgreSQL schema (default public)")
  String schema;

  @Option(names = "--once", description = "Issue no new code after the first one is used; "
      + "exit when that receiver leaves")
  boolean once;

  @Option(names = "--tls", description = "Serve wss (a self-signed certificate kept in the "
      + "data folder, unless --cert and --key are given)")
  boolean tls;

  @Option(names = "--cert", description = "PEM certificate for --tls")
  Path cert;

  @Option(names = "--key", description = "PEM private key for --tls")
  Path key;

  @Option(names = "--json", description = "One JSON object per line")
  boolean json;

  @Option(names = "--connections", description = "Also serve the permanent connections made "
      + "with 'dbsync connections create' (each receiver's token; limits checked on every "
      + "request)")
  boolean connections;

  @Option(names = "--approval-hours", defaultValue = "24", description = "How long a transfer "
      + "request waits for approval before it expires (default ${DEFAULT-VALUE})")
  long approvalHours;

  /** With no command: share the embedded workspace with the defaults. */
  int shareWorkspace() throws Exception {
    db = "sqlite:" + Workspace.locator().sqliteFile();
    port = ShareOptions.DEFAULT_PORT;
    bind = "0.0.0.0";
    maxConnections = ShareLimits.defaults().maxConnections();
    maxPerAddress = ShareLimits.defaults().maxPerAddress();
    mode = "auto_accept";
    PrintWriter out = new PrintWriter(System.out, true);
    out.println("Sharing the embedded workspace database " + db.substring(7));
    out.println("(sample data; no display was found for the desktop app)");
    return serve(out);
  }

  @Override
  public Integer call() throws Exception {
    return serve(spec.commandLine().getOut());
  }

  private int serve(PrintWriter out) throws Exception {
    IncomingMode m = IncomingMode.parse(mode);
    String hash = null;
    if (passwordFile != null) {
      hash = PasswordHash.hash(Cli.firstLine(passwordFile));
      m = IncomingMode.REQUIRE_PASSWORD;
    } else if (m == IncomingMode.REQUIRE_PASSWORD) {
      throw new IllegalArgumentException("require_password needs --password-file.");
    }
    if (maxLanes != null && (maxLanes < 1 || maxLanes > ShareLimits.MAX_LANES)) {
      throw new IllegalArgumentException("--max-lanes takes 1 to " + ShareLimits.MAX_LANES
          + ", not " + maxLanes + ".");
    }
    if (maxConnections < 1 || maxPerAddress < 1) {
      throw new IllegalArgumentException("--max-connections and --max-per-address must be at "
          + "least 1.");
    }
    ShareOptions options = ShareOptions.defaults().withBind(bind, port).withMode(m, hash)
        .withOnce(once).withLimits(ShareLimits.defaults()
            .withConnections(maxConnections, maxPerAddress)
            .withMaxSession(maxSession == null ? null : Cli.duration(maxSession, "--max-session"))
            .withTrustedProxies(trustProxy)
            .withMaxLanes(maxLanes == null ? ShareLimits.DEFAULT_LANES : maxLanes));
    if (tls) {
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException("--cert and --key go together.");
      }
      Tls.Server t = cert != null ? Tls.fromPem(cert, key)
          : dev.dbsync.engine.link.sender.SenderCertificate.load(DataDirs.dataDir());
      options = options.withTls(t.context(), t.fingerprint());
    }
    DatabaseLocator locator = Cli.locator(db);
    if (schema != null) {
      locator = locator.withSchema(schema);
    }
    CountDownLatch done = new CountDownLatch(1);
    Printer printer = new Printer(out, json, once, done);
    try (HistoryStore history = HistoryStore.open(DataDirs.dataDir(), java.time.Clock.systemUTC());
         Database database = JdbcDatabase.open(locator,
        new TableFilter(Cli.split(tables), Cli.split(exclude)), false)) {
      if (connections) {
        options = options.withConnections(new ServedConnections(history, locator.describe(),
            java.time.Duration.ofHours(approvalHours)));
      }
      options = options.withMasking(masking(database, printer));
      SendRecorder recorder = new SendRecorder(history, locator.describe(), printer);
      ShareServer server = new ShareServer(database, options, recorder);
      recorder.maskedBy(server::maskedColumns);
      printer.server = server;
      server.start();
      printer.listening(Addresses.of(server, bind), server.fingerprint().orElse(null));
      Thread hook = new Thread(() -> {
        server.end("The sender stopped sharing.");
        recorder.flush(); // the history of the reads it ended, before the process exits
        done.countDown();
      }, "share-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      startConsole(server, done, out);
      done.await();
      server.end("The sender stopped sharing.");
      recorder.flush();
      printer.finish();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      if (printer.failure != null) {
        PrintWriter err = spec == null ? new PrintWriter(System.err, true)
            : spec.commandLine().getErr();
        err.println("error: " + printer.failure);
        err.flush();
        return DbSyncCommand.FAILED;
      }
    }
    return DbSyncCommand.OK;
  }

  /**
   * The masks given (options and file), checked against the shared tables before anything is
   * served: a rule that does not fit stops the share (bad usage), a warning is printed.
   */
  private dev.dbsync.engine.mask.Masking masking(Database database, Printer printer) {
    dev.dbsync.engine.mask.MaskRules rules = dev.dbsync.engine.mask.MaskRules.parse(masks,
        maskFile);
    if (rules.isEmpty() && !connections && maskKeyFile == null) {
      return dev.dbsync.engine.mask.Masking.none();
    }
    dev.dbsync.engine.mask.MaskRules.Check check;
    try (dev.dbsync.engine.db.TableReader r = database.openReader()) {
      check = rules.check(r);
    }
    if (!check.ok()) {
      throw new IllegalArgumentException(String.join("\n", check.errors()));
    }
    check.warnings().forEach(w -> printer.warning(w));
    return new dev.dbsync.engine.mask.Masking(rules, maskKey());
  }

  /** The mask key: the --mask-key-file when it exists, else the data folder's (exported). */
  private dev.dbsync.engine.mask.MaskKey maskKey() {
    if (maskKeyFile != null && java.nio.file.Files.exists(maskKeyFile)) {
      return dev.dbsync.engine.mask.MaskKey.load(maskKeyFile);
    }
    dev.dbsync.engine.mask.MaskKey k = dev.dbsync.engine.mask.MaskKey.load(
        DataDirs.dataDir().resolve(dev.dbsync.engine.mask.MaskKey.FILE));
    if (maskKeyFile != null) {
      k.export(maskKeyFile);
    }
    return k;
  }

  /** The longest line a command can be; a longer one means standard input is not a console. */
  static final int COMMAND_AT_MOST = 4096;

  /**
   * The next line of operator commands, null at the end of input. Standard input that is not
   * a console (a file, /dev/zero) could hold a line longer than memory: past {@link
   * #COMMAND_AT_MOST} characters it is not read any further (IOException).
   */
  static String commandLine(java.io.Reader in) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    int ch;
    while ((ch = in.read()) != -1) {
      if (ch == '\n') {
        return line.toString();
      }
      if (line.length() >= COMMAND_AT_MOST) {
        throw new java.io.IOException("standard input is not a console");
      }
      if (ch != '\r') {
        line.append((char) ch);
      }
    }
    return line.length() == 0 ? null : line.toString();
  }

  /** Reads operator commands from standard input when there is one. */
  private static void startConsole(ShareServer server, CountDownLatch done, PrintWriter out) {
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
        String line;
        while ((line = commandLine(in)) != null) {
          String[] w = line.trim().split("\\s+", 3);
          switch (w[0]) {
            case "approve" -> server.approve(w.length > 1 ? w[1] : "");
            case "deny" -> server.deny(w.length > 1 ? w[1] : "", w.length > 2 ? w[2] : null);
            case "disconnect" -> server.disconnect(w.length > 1 ? w[1] : "",
                "The sender disconnected you.");
            case "code" -> server.newCode();
            case "end" -> done.countDown();
            case "" -> { }
            default -> {
              out.println("commands: approve ID | deny ID [reason] | disconnect ID | code | end");
              out.flush();
            }
          }
        }
      } catch (Exception e) {
        // standard input closed, or not a console: keep sharing until interrupted
      }
    }, "share-console");
    t.setDaemon(true);
    t.start();
  }

  /** Prints the session's events, as text or JSON lines. */
  private static final class Printer implements ShareListener {
    private final PrintWriter out;
    private final boolean json;
    private final boolean once;
    private final CountDownLatch done;
    ShareServer server;
    private volatile boolean ready;

    Printer(PrintWriter out, boolean json, boolean once, CountDownLatch done) {
      this.out = out;
      this.json = json;
      this.once = once;
      this.done = done;
    }

    /**
     * Printing happens on its own thread: a slow reader of our output (a full pipe) must never
     * hold up the link's threads, and with them every receiver.
     */
    private final java.util.concurrent.ExecutorService output =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            dev.dbsync.engine.Threads.named("share-output"));
    private final java.util.Map<String, Long> lastReading =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Prints what is still queued. */
    void finish() throws InterruptedException {
      output.shutdown();
      output.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void print(String text, ObjectNode event) {
      if (output.isShutdown()) {
        return;
      }
      output.execute(() -> {
        if (json) {
          Cli.line(out, event);
        } else {
          out.println(text);
          out.flush();
        }
      });
    }

    void listening(List<String> urls, String fingerprint) {
      ObjectNode e = Cli.event("listening").put("url", urls.get(0));
      urls.forEach(e.withArray("urls")::add);
      if (fingerprint != null) {
        e.put("fingerprint", fingerprint);
      }
      StringBuilder text = new StringBuilder("url: " + urls.get(0));
      urls.stream().skip(1).forEach(u -> text.append("\nalso: ").append(u));
      if (fingerprint != null) {
        text.append("\nfingerprint: ").append(fingerprint);
      }
      print(text.toString(), e);
      ready = true;
      String code = server.currentCode();
      // the first code was issued before the address was known: print it now
      codeIssued(code, server.codeExpiry(code));
    }

    @Override
    public void codeIssued(String code, Instant expires) {
      if (!ready || expires == null) {
        return;
      }
      String until = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC).format(expires);
      print("code: " + code + "   (read aloud: " + Codes.grouped(code) + "; valid until "
          + until + ")",
          Cli.event("code").put("code", code).put("expires", expires.toString()));
    }

    @Override
    public void receiverJoined(ReceiverView r) {
      print("receiver " + r.id() + " joined: " + r.displayName() + " from " + r.address()
          + (r.connection() == null ? "" : " on connection " + r.connection()),
          receiver("joined", r));
    }

    @Override
    public void transferWaits(ReceiverView r, String table, long transferId) {
      print("receiver " + r.id() + " asks to read " + table + ": transfer " + transferId
          + " waits for approval: dbsync history approve " + transferId + " (or deny "
          + transferId + ")", receiver("transfer_waits", r).put("table", table)
          .put("transfer_id", transferId));
    }

    @Override
    public void approvalRequested(ReceiverView r) {
      print("receiver " + r.id() + " waits for approval: type 'approve " + r.id()
          + "' or 'deny " + r.id() + "'", receiver("approval_requested", r));
    }

    @Override
    public void receiverReading(ReceiverView r, String table, long sent, long expected) {
      // JSON consumers get progress at most twice a second per receiver; a terminal none
      long now = System.nanoTime();
      Long last = lastReading.get(r.id());
      if (json && (last == null || now - last > 500_000_000L || sent == expected)) {
        lastReading.put(r.id(), now);
        print(null, receiver("reading", r).put("table", table).put("sent", sent)
            .put("expected", expected));
      }
    }

    @Override
    public void receiverLeft(ReceiverView r, String reason) {
      print("receiver " + r.id() + " left: " + reason, receiver("left", r)
          .put("reason", reason));
      if (once) {
        done.countDown();
      }
    }

    void warning(String text) {
      print("warning: " + text, Cli.event("warning").put("text", text));
    }

    /** Why the listener died, once it did: the share then exits with status 1. */
    volatile String failure;

    @Override
    public void stoppedListening(String why) {
      failure = why;
      print("error: " + why, Cli.event("stopped").put("reason", why));
      done.countDown();
    }

    @Override
    public void refused(String address, String reason) {
      print("refused " + address + ": " + reason, Cli.event("refused").put("address", address)
          .put("reason", reason));
    }

    private static ObjectNode receiver(String event, ReceiverView r) {
      ObjectNode e = Cli.event(event).put("id", r.id()).put("address", r.address())
          .put("name", r.displayName());
      if (r.connection() != null) {
        e.put("connection", r.connection());
      }
      if (r.info() != null) {
        e.set("receiver_info", r.info());
      }
      return e;
    }
  }
}

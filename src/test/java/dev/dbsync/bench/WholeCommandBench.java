package dev.dbsync.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the user waits for, timed from process start to exit (docs/performance.md): start-up
 * ({@code --version}, {@code history --json}, a 1-row pull), a 1M-row pull beside a
 * {@code psql \copy} pipe, and 300 tables beside {@code pg_dump --data-only | psql}. Needs the
 * packaged jar and the PostgreSQL client programs ({@code apt-get install -y
 * postgresql-client}).
 * {@code mvn -q -B package -DskipTests && mvn -q -B test-compile exec:java -Pbench
 * -Dbench.main=dev.dbsync.bench.WholeCommandBench [-Drows=1000000] [-Dtables=300]}
 */
public final class WholeCommandBench {
  final Benchmark out = new Benchmark();
  final Path jar = Path.of("target", "dbsync.jar").toAbsolutePath();
  final Path home;
  final int reps = Integer.getInteger("repeat", 5);

  WholeCommandBench() throws Exception {
    home = Files.createTempDirectory("dbsync-bench-home");
  }

  public static void main(String[] args) throws Exception {
    new WholeCommandBench().run();
  }

  void run() throws Exception {
    if (!Files.exists(jar)) {
      throw new IllegalStateException("Build the jar first: mvn -q -B package -DskipTests");
    }
    int rows = Integer.getInteger("rows", 1_000_000);
    int tables = Integer.getInteger("tables", 300);
    String only = System.getProperty("only", "");
    try (EmbeddedPostgres a = EmbeddedPostgres.builder().start();
         EmbeddedPostgres b = EmbeddedPostgres.builder().start()) {
      if (only.isEmpty() || only.equals("startup")) {
        startup(a, b);
      }
      if (only.isEmpty() || only.equals("app")) {
        firstWindow();
      }
      if (only.isEmpty() || only.equals("pipe")) {
        onePipe(a, b, rows);
      }
      if (only.isEmpty() || only.equals("tables")) {
        manyTables(a, b, tables);
      }
      if (only.isEmpty() || only.equals("compare")) {
        compare(a, b, Integer.getInteger("compare.rows", rows));
      }
    }
    out.print();
  }

  // ------------------------------------------------------------------ start-up

  void startup(EmbeddedPostgres a, EmbeddedPostgres b) throws Exception {
    Benchmark.exec(a, "DROP TABLE IF EXISTS one; CREATE TABLE one (id int PRIMARY KEY, "
        + "note text); INSERT INTO one VALUES (1, 'x')");
    for (boolean viaLauncher : new boolean[] {false, true}) {
      launcher = viaLauncher;
      String how = viaLauncher ? " (target/dbsync, CDS)" : " (java -jar)";
      dbsync("--version"); // warm the file cache
      double version = 0;
      for (int i = 0; i < reps; i++) {
        version = timed("reference: dbsync --version" + how, 1, () -> dbsync("--version"), 0);
      }
      for (int i = 0; i < reps; i++) {
        timed("start-up: dbsync history --json" + how, 1, () -> dbsync("history", "--json"),
            version);
      }
      try (Share share = new Share(Benchmark.url(a))) {
        for (int i = 0; i < reps; i++) {
          Benchmark.exec(b, "DROP TABLE IF EXISTS one");
          String code = share.nextCode();
          timed("start-up: pull of a 1-row table" + how, 1, () -> dbsync("pull", "--from",
              share.url, "--code", code, "--db", Benchmark.url(b), "--tables", "one"), version);
        }
      }
    }
    launcher = false;
  }

  /** Start commands with target/dbsync (the launcher with the CDS archive), not java -jar. */
  boolean launcher;

  /**
   * The app's first window: the process starts, opens its window (on the display given, e.g.
   * under xvfb-run), and exits as soon as the window shows.
   */
  void firstWindow() throws Exception {
    if (System.getenv("DISPLAY") == null) {
      System.out.println("app: no DISPLAY, the first-window case is skipped (run the benchmark "
          + "under xvfb-run -a)");
      return;
    }
    double version = 0;
    for (int i = 0; i < reps; i++) {
      version = timed("reference: dbsync --version (java -jar)", 1, () -> dbsync("--version"),
          0);
    }
    for (boolean viaLauncher : new boolean[] {false, true}) {
      String how = viaLauncher ? " (target/dbsync, CDS)" : " (java -jar)";
      for (int i = 0; i < reps; i++) {
        double[] shown = {0};
        timed("start-up: app, launch to exit" + how, 1,
            () -> shown[0] = app(viaLauncher), version);
        out.results.add(new Benchmark.Result("start-up: app first window"
            + how, 1, shown[0], version));
      }
    }
  }

  /**
   * Starts the app and returns the seconds from launch (just before the process is made) to
   * the line it prints when its window shows, read as it arrives: the app's own figure counts
   * from the process's start time as the system gives it, which Linux derives from a boot time
   * in whole seconds, so it can be up to a second off, always the same way on one boot.
   */
  double app(boolean viaLauncher) throws Exception {
    List<String> cmd = viaLauncher ? List.of(jar.resolveSibling("dbsync").toString(), "app")
        : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
            jar.toString(), "app");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DBSYNC_HOME", home.resolve("app").toString());
    // the app says when its window shows, and closes right away
    pb.environment().put("JDK_JAVA_OPTIONS", "-Ddbsync.startup.report=true "
        + "-Ddbsync.startup.exit=true");
    long t0 = System.nanoTime();
    Process p = pb.start();
    StringBuilder text = new StringBuilder();
    double shown = -1;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (shown < 0 && line.contains("first window shown")) {
          shown = (System.nanoTime() - t0) / 1e9;
          // the launcher's java also prints that it picked up JDK_JAVA_OPTIONS: only this
          System.out.printf(Locale.ROOT, "  %s (launch to this line: %.0f ms)%n", line,
              shown * 1000);
        }
        text.append(line).append('\n');
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || shown < 0) {
      throw new IllegalStateException("the app did not show its window: " + text);
    }
    return shown;
  }

  /**
   * A just-loaded table as it is a minute later: vacuumed (autovacuum does it after a bulk
   * insert), so that the first case that reads it does not also pay for setting every row's
   * visibility hints, which the cases after it would not.
   */
  static void settle(EmbeddedPostgres pg) throws Exception {
    Benchmark.exec(pg, "VACUUM (ANALYZE) items");
  }

  // ------------------------------------------------------------------ one big table

  void onePipe(EmbeddedPostgres a, EmbeddedPostgres b, int rows) throws Exception {
    launcher = Files.exists(jar.resolveSibling("dbsync")); // as users run it (README)
    System.err.println("loading " + rows + " rows...");
    Benchmark.exec(a, "DROP TABLE IF EXISTS items; " + Benchmark.DDL + "; "
        + Benchmark.fill(rows));
    settle(a);
    try (Share share = new Share(Benchmark.url(a))) {
      // in rounds, baseline then each case: this machine's speed drifts within minutes
      for (int i = 0; i < reps; i++) {
        Benchmark.exec(b, "DROP TABLE IF EXISTS items; " + Benchmark.DDL);
        double pipe = timed("baseline: psql \\copy | psql \\copy", rows, () -> shell(
            psql(a) + " -c '\\copy items to stdout' | " + psql(b)
                + " -c '\\copy items from stdin'"), 0);
        Benchmark.exec(b, "DROP TABLE IF EXISTS items");
        String code = share.nextCode();
        paired("whole command: dbsync pull, empty target", rows, () -> dbsync("pull",
            "--from", share.url, "--code", code, "--db", Benchmark.url(b), "--tables",
            "items", "--no-resume"), pipe);
        // the same empty table the pipe writes into (made by the benchmark's DDL)
        Benchmark.exec(b, "DROP TABLE IF EXISTS items; " + Benchmark.DDL);
        String again = share.nextCode();
        paired("whole command: dbsync pull, the pipe's empty table", rows, () -> dbsync(
            "pull", "--from", share.url, "--code", again, "--db", Benchmark.url(b),
            "--tables", "items", "--no-resume"), pipe);
      }
    }
    notePairs();
  }

  // ------------------------------------------------------------------ compare

  /**
   * Compare and changes only (#14): a full first pull into an empty target is the baseline;
   * then 100 scattered differences (inserts, updates, deletes) are found by a dry run and
   * applied by a mirror, whose bytes are set against the full pull's, and the target is
   * checked equal to the source row by row; then 10% of the rows change, and an overwrite
   * that compares first is set against one that does not ({@code --no-compare}). With
   * {@code -Dbench.xmx=256m} both processes run in that heap.
   */
  void compare(EmbeddedPostgres a, EmbeddedPostgres b, int rows) throws Exception {
    // what a user runs: the launcher with its class-data-sharing archive (README)
    launcher = Files.exists(jar.resolveSibling("dbsync"));
    System.err.println("loading " + rows + " rows...");
    Benchmark.exec(a, "DROP TABLE IF EXISTS items; " + Benchmark.DDL + "; "
        + Benchmark.fill(rows));
    settle(a);
    String label = rows >= 1_000_000 ? (rows / 1_000_000) + "M" : rows / 1000 + "k";
    try (Share share = new Share(Benchmark.url(a))) {
      String[] report = new String[1];
      // in rounds, each its own full pull then 100 new differences (this machine's speed
      // drifts within minutes); at most five, whose differences never touch each other's rows
      for (int round = 0; round < Math.min(reps, 5); round++) {
        Benchmark.exec(b, "DROP TABLE IF EXISTS items");
        double full = timed("compare " + label + ": baseline, full first pull into an empty "
            + "target", rows, () -> report[0] = dbsyncOut("pull", "--from", share.url,
            "--code", share.nextCode(), "--db", Benchmark.url(b), "--tables", "items",
            "--no-resume", "--json"), 0);
        long fullBytes = bytesOf(report[0]);
        // the syncs after it come later, when autovacuum has been through the rows it
        // inserted (as it does within a minute of them)
        settle(b);
        Benchmark.exec(a, differences(rows, round));
        paired("compare " + label + ": --dry-run, 100 rows differ", rows, () -> report[0] =
            dbsyncOut("pull", "--from", share.url, "--code", share.nextCode(), "--db",
            Benchmark.url(b), "--tables", "items", "--strategy", "mirror", "--dry-run",
            "--json"), full);
        String diff = lastLine(report[0]);
        if (!diff.contains("\"diff\":{\"new\":34,\"changed\":33,")
            || !diff.contains("\"only_target\":33")) {
          throw new IllegalStateException("the dry run did not find the 100 differences: "
              + diff);
        }
        paired("compare " + label + ": --strategy mirror, 100 rows differ", rows, () ->
            report[0] = dbsyncOut("pull", "--from", share.url, "--code", share.nextCode(),
            "--db", Benchmark.url(b), "--tables", "items", "--strategy", "mirror", "--json"),
            full);
        long mirrorBytes = bytesOf(report[0]);
        same(a, b);
        System.err.printf(Locale.ROOT, "mirror moved %d bytes, the full pull %d: %.3f%%%n",
            mirrorBytes, fullBytes, 100.0 * mirrorBytes / fullBytes);
        out.notes.add(String.format(Locale.ROOT, "compare %s, round %d: the mirror moved %,d "
            + "bytes, the full pull %,d (%.3f%%); the target then equals the source (count "
            + "and md5 of every row)", label, round + 1, mirrorBytes, fullBytes,
            100.0 * mirrorBytes / fullBytes));
      }
      notePairs();
      // 10% of the rows change: an overwrite that compares first against one that does not,
      // each on a source and a target that autovacuum has been through (as it is within a
      // minute of such an update): the second update otherwise left the source 200,000 dead
      // rows against the first's 100,000, or not, as autovacuum's timing fell (1.06-1.30 x)
      Benchmark.exec(a, "UPDATE items SET qty = qty + 1 WHERE id % 10 = 3");
      settle(a);
      settle(b);
      double overwrite = timed("compare " + label + ": baseline, --no-compare overwrite, 10% "
          + "changed", rows, () -> dbsyncOut("pull", "--from", share.url, "--code",
          share.nextCode(), "--db", Benchmark.url(b), "--tables", "items", "--strategy",
          "overwrite", "--no-compare", "--no-resume"), 0);
      // the overwrite before left 100,000 dead rows in the target; the one after it comes when
      // autovacuum has been through them, as the baseline's came after a vacuumed table
      settle(b);
      Benchmark.exec(a, "UPDATE items SET qty = qty + 1 WHERE id % 10 = 7");
      settle(a);
      timed("compare " + label + ": overwrite comparing first, 10% changed", rows, () ->
          dbsyncOut("pull", "--from", share.url, "--code", share.nextCode(), "--db",
          Benchmark.url(b), "--tables", "items", "--strategy", "overwrite", "--no-resume"),
          overwrite);
      same(a, b);
      // a first mirror into a development copy that holds a few of the rows: every other row
      // is new, too many to move by key, so the table moves whole through the strategy
      Benchmark.exec(b, "DROP TABLE IF EXISTS items");
      double first = timed("compare " + label + ": baseline, full first pull into an empty "
          + "target (again)", rows, () -> dbsyncOut("pull", "--from", share.url, "--code",
          share.nextCode(), "--db", Benchmark.url(b), "--tables", "items", "--no-resume"), 0);
      Benchmark.exec(b, "DELETE FROM items WHERE id > 1000");
      settle(b);
      timed("compare " + label + ": --strategy mirror into a copy holding 1,000 of the rows",
          rows, () -> dbsyncOut("pull", "--from", share.url, "--code", share.nextCode(),
          "--db", Benchmark.url(b), "--tables", "items", "--strategy", "mirror",
          "--no-resume"), first);
      same(a, b);
    }
  }

  /**
   * 100 differences spread over the table: 34 new rows (copies of rows still there, under
   * keys above the table's), 33 changed, 33 deleted. Each round (0 to 4) picks other rows,
   * none of them a row an earlier round deleted, changed or inserted.
   */
  static String differences(int rows, int round) {
    StringBuilder sql = new StringBuilder();
    long step = rows / 34;
    sql.append("INSERT INTO items SELECT id + ").append((long) rows * (round + 1))
        .append(", name, note, price, created_at, active, attrs, ref, score, qty FROM items "
        + "WHERE id % ").append(step).append(" = ").append(5 + round).append(" AND id <= ")
        .append(34 * step).append(";");
    sql.append("UPDATE items SET note = coalesce(note, '') || ' changed' WHERE id % ")
        .append(rows / 33).append(" = ").append(11 + round).append(" AND id <= ")
        .append(33L * (rows / 33)).append(";");
    sql.append("DELETE FROM items WHERE id % ").append(rows / 33).append(" = ")
        .append(17 + round).append(" AND id <= ").append(33L * (rows / 33)).append(";");
    return sql.toString();
  }

  /** Fails unless both tables hold the same rows (count, and md5 of every row in key order). */
  static void same(EmbeddedPostgres a, EmbeddedPostgres b) throws Exception {
    String q = "SELECT count(*) || ' ' || md5(string_agg(md5(i::text), '' ORDER BY id)) "
        + "FROM items i";
    String x = Benchmark.query(a, q);
    String y = Benchmark.query(b, q);
    if (!x.equals(y)) {
      throw new IllegalStateException("the target differs from the source: " + x + " / " + y);
    }
    System.err.println("source and target are the same: " + x);
  }

  static String lastLine(String text) {
    String[] lines = text.trim().split("\n");
    return lines[lines.length - 1];
  }

  static long bytesOf(String report) throws Exception {
    return dev.dbsync.engine.db.WireValues.JSON.readTree(lastLine(report)).get("bytes")
        .asLong();
  }

  // ------------------------------------------------------------------ many tables

  /** N tables of 2,000 rows, mixed types; every third references the one before it. */
  static String manyTablesSql(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      s.append("CREATE TABLE t").append(i).append(" (id bigint PRIMARY KEY, name text, ")
          .append("price numeric(10,2), at timestamptz, flag boolean, attrs jsonb, ref uuid");
      if (i % 3 == 0) {
        s.append(", parent_id bigint REFERENCES t").append(i - 1);
      }
      s.append(");\nINSERT INTO t").append(i).append(" SELECT g, 'row ' || g, g / 10.0, ")
          .append("timestamptz '2026-01-01' + g * interval '1 minute', g % 2 = 0, ")
          .append("jsonb_build_object('g', g), md5(g::text)::uuid");
      if (i % 3 == 0) {
        s.append(", g");
      }
      s.append(" FROM generate_series(1, 2000) g;\n");
    }
    return s.toString();
  }

  void manyTables(EmbeddedPostgres a, EmbeddedPostgres b, int n) throws Exception {
    launcher = Files.exists(jar.resolveSibling("dbsync")); // as users run it (README)
    System.err.println("loading " + n + " tables...");
    Benchmark.exec(a, manyTablesSql(n));
    // analyzed once the rows are in, as autovacuum leaves a real database's tables (in the
    // loading transaction the rows would count as changes since)
    Benchmark.exec(a, "ANALYZE");
    long rows = n * 2000L;
    StringBuilder names = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      names.append(i == 1 ? "" : ",").append('t').append(i);
    }
    String schema = manyTablesSql(n).replaceAll("(?s)INSERT INTO[^;]*;\n", "");
    try (Share share = new Share(Benchmark.url(a))) {
      for (int i = 0; i < reps; i++) { // in rounds, as for one big table
        recreate(b, schema);
        double dump = timed("baseline: pg_dump --data-only | psql (" + n + " tables)", rows,
            // only the N tables: in a full run the source also holds the 1M-row table of the
            // pipe case, which the dump would otherwise carry (and psql reject, unnoticed)
            () -> shell(tool("pg_dump") + " --data-only -h localhost -p " + a.getPort()
                + " -U postgres -t 'public.t[0-9]*' postgres | " + psql(b)
                + " -q -v ON_ERROR_STOP=1"), 0);
        recreate(b, schema);
        String one = share.nextCode();
        paired("whole command: dbsync pull --jobs 1 (" + n + " tables, existing)", rows,
            () -> dbsync("pull", "--from", share.url, "--code", one, "--db",
                Benchmark.url(b), "--tables", names.toString(), "--no-resume", "--jobs", "1"),
            dump);
        recreate(b, schema);
        String existing = share.nextCode();
        paired("whole command: dbsync pull (" + n + " tables, existing)", rows,
            () -> dbsync("pull", "--from", share.url, "--code", existing, "--db",
                Benchmark.url(b), "--tables", names.toString(), "--no-resume"), dump);
        recreate(b, "");
        String created = share.nextCode();
        paired("whole command: dbsync pull (" + n + " tables, created)", rows,
            () -> dbsync("pull", "--from", share.url, "--code", created, "--db",
                Benchmark.url(b), "--tables", names.toString(), "--no-resume"), dump);
      }
    }
    notePairs();
  }

  static void recreate(EmbeddedPostgres b, String schema) throws Exception {
    Benchmark.exec(b, "DROP SCHEMA public CASCADE; CREATE SCHEMA public; " + schema);
  }

  // ------------------------------------------------------------------ helpers

  interface Work {
    void run() throws Exception;
  }

  /** Per case, its time over its baseline's in the same round. */
  private final Map<String, List<Double>> pairs = new LinkedHashMap<>();

  /** {@link #timed}, its ratio to the baseline run just before it kept as a pair. */
  double paired(String name, long rows, Work w, double baseline) throws Exception {
    double s = timed(name, rows, w, baseline);
    pairs.computeIfAbsent(name, k -> new ArrayList<>()).add(s / baseline);
    return s;
  }

  /** Notes each case's ratio to its baseline round by round, and their median. */
  void notePairs() {
    pairs.forEach((name, ratios) -> out.notes.add(String.format(Locale.ROOT,
        "paired with the baseline of its round: %s: median %.2f x (%s)", name,
        Benchmark.median(ratios.stream().mapToDouble(Double::doubleValue).toArray()),
        ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r))
            .collect(java.util.stream.Collectors.joining(" ")))));
    pairs.clear();
  }

  double timed(String name, long rows, Work w, double baseline) throws Exception {
    long t0 = System.nanoTime();
    w.run();
    double s = (System.nanoTime() - t0) / 1e9;
    out.results.add(new Benchmark.Result(name, rows, s, baseline == 0 ? s : baseline));
    return s;
  }

  static String tool(String name) {
    for (String dir : new String[] {"/usr/bin", "/usr/lib/postgresql/17/bin",
        "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"}) {
      if (Files.exists(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new IllegalStateException(name + " is missing: apt-get install -y postgresql-client");
  }

  static String psql(EmbeddedPostgres pg) {
    return tool("psql") + " -X -h localhost -p " + pg.getPort() + " -U postgres -d postgres";
  }

  static void shell(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " failed: " + text);
    }
  }

  void dbsync(String... args) throws Exception {
    dbsyncOut(args);
  }

  /** Runs a dbsync command to its end and returns what it printed. */
  String dbsyncOut(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (launcher) {
      cmd.add(jar.resolveSibling("dbsync").toString());
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String jvm = System.getProperty("dbsync.jvm", "");
      if (!jvm.isBlank()) {
        cmd.addAll(List.of(jvm.trim().split("\\s+"))); // e.g. a flight recording of the pull
      }
      cmd.addAll(List.of("-jar", jar.toString()));
    }
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DBSYNC_HOME", home.toString());
    heap(pb);
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + text);
    }
    return text;
  }

  /** {@code -Dbench.xmx=256m}: the command runs in that heap. */
  static void heap(ProcessBuilder pb) {
    String xmx = System.getProperty("bench.xmx", "");
    if (!xmx.isBlank()) {
      pb.environment().put("JDK_JAVA_OPTIONS", "-Xmx" + xmx);
    }
  }

  /** A running {@code dbsync share}, its codes read from its output as it prints them. */
  final class Share implements AutoCloseable {
    final Process process;
    final String url;
    final LinkedBlockingQueue<String> codes = new LinkedBlockingQueue<>();

    Share(String db) throws Exception {
      List<String> cmd = new ArrayList<>();
      String jvm = System.getProperty("share.jvm", "");
      if (jvm.isBlank() && Files.exists(jar.resolveSibling("dbsync"))) {
        cmd.add(jar.resolveSibling("dbsync").toString()); // as users run it (README)
      } else {
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!jvm.isBlank()) {
          cmd.addAll(List.of(jvm.trim().split("\\s+"))); // e.g. a flight recording
        }
        cmd.addAll(List.of("-jar", jar.toString()));
      }
      cmd.addAll(List.of("share", "--db", db, "--bind", "127.0.0.1", "--port", "0", "--mode",
          "auto_accept"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("DBSYNC_HOME", home.resolve("sender").toString());
      heap(pb);
      process = pb.start();
      BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String u = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("url: ")) {
          u = line.substring(5).trim();
        } else if (line.startsWith("code: ")) {
          codes.add(line.substring(6).trim().split("\\s+")[0]);
          break;
        }
      }
      url = u;
      Thread t = new Thread(() -> {
        try {
          String l;
          while ((l = r.readLine()) != null) {
            if (l.startsWith("code: ")) {
              codes.add(l.substring(6).trim().split("\\s+")[0]);
            }
          }
        } catch (Exception ignored) {
          // the share ended
        }
      });
      t.setDaemon(true);
      t.start();
      settle();
    }

    /**
     * Waits until the sender has finished starting (its CPU time stops growing: a share
     * compiles its start-up for a second or two), as it has when someone types its code; a
     * pull timed meanwhile shared two cores with that.
     */
    void settle() throws InterruptedException {
      java.time.Duration last = cpu();
      for (int i = 0; i < 100; i++) {
        Thread.sleep(200);
        java.time.Duration now = cpu();
        if (now.minus(last).toMillis() < 20) {
          return;
        }
        last = now;
      }
    }

    private java.time.Duration cpu() {
      return process.toHandle().descendants().map(h -> h.info().totalCpuDuration()
          .orElse(java.time.Duration.ZERO)).reduce(process.info().totalCpuDuration()
          .orElse(java.time.Duration.ZERO), java.time.Duration::plus);
    }

    String nextCode() throws InterruptedException {
      String c = codes.poll(30, TimeUnit.SECONDS);
      if (c == null) {
        throw new IllegalStateException("the share printed no new code");
      }
      // a used code is replaced by the next one; skip any that expired meanwhile
      return c;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }
}

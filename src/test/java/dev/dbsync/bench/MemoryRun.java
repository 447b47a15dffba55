package dev.dbsync.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory check (docs/performance.md): the sender and the receiver as two separate JVMs,
 * each with {@code -Xmx256m}, move N rows (default 10,000,000) between two real PostgreSQL
 * servers; each side's peak heap is read from its GC log.
 * {@code mvn -q -B test-compile exec:java -Pbench -Dbench.main=dev.dbsync.bench.MemoryRun}
 */
public final class MemoryRun {
  private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(System.getProperty("rows", "10000000"));
    String target = System.getProperty("target", "postgres");
    Path dir = Files.createTempDirectory("dbsync-memory");
    try (EmbeddedPostgres a = EmbeddedPostgres.builder().start();
         EmbeddedPostgres b = EmbeddedPostgres.builder().start()) {
      System.err.println("loading " + rows + " rows...");
      try (Connection c = a.getPostgresDatabase().getConnection();
           Statement s = c.createStatement()) {
        s.execute(Benchmark.DDL + "; " + Benchmark.fill(rows));
      }
      String to = target.equals("sqlite") ? "sqlite:" + dir.resolve("target.db")
          : Benchmark.url(b);
      List<String> shareArgs = new ArrayList<>(List.of("share", "--db", Benchmark.url(a),
          "--mode", "auto_accept", "--port", "0", "--bind", "127.0.0.1", "--once", "--json"));
      if (Boolean.getBoolean("mask")) { // -Dmask=true: two columns masked in the COPY stream
        shareArgs.addAll(List.of("--mask", "items.name=name", "--mask", "items.note=email"));
      }
      Process share = java(dir.resolve("sender-gc.log"), shareArgs.toArray(String[]::new));
      BufferedReader out = new BufferedReader(new InputStreamReader(share.getInputStream(),
          StandardCharsets.UTF_8));
      String url = field(out.readLine(), "url");
      String code = field(out.readLine(), "code");
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {
            // the sender's events are not needed here, but its pipe must not fill up
          }
        } catch (java.io.IOException ignored) {
          // the sender has gone
        }
      });
      drain.setDaemon(true);
      drain.start();
      long t0 = System.nanoTime();
      Process pull = java(dir.resolve("receiver-gc.log"), "pull", "--from", url, "--code", code,
          "--db", to);
      pull.getInputStream().transferTo(System.err);
      int rc = pull.waitFor();
      double secs = (System.nanoTime() - t0) / 1e9;
      share.waitFor();
      System.out.printf("moved %d rows PostgreSQL -> %s%s in %.1f s (exit %d), each JVM "
          + "-Xmx256m%n", rows, target, Boolean.getBoolean("mask") ? " (2 columns masked)" : "",
          secs, rc);
      System.out.println("sender   peak heap: " + peak(dir.resolve("sender-gc.log")) + " MB");
      System.out.println("receiver peak heap: " + peak(dir.resolve("receiver-gc.log")) + " MB");
    }
  }

  static Process java(Path gcLog, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-Xlog:gc:file=" + gcLog, "-cp", classPath(),
        "dev.dbsync.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** The project's class path (under exec:java it is the context class loader's). */
  static String classPath() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl instanceof java.net.URLClassLoader u) {
      StringBuilder sb = new StringBuilder();
      for (java.net.URL url : u.getURLs()) {
        try {
          sb.append(sb.length() == 0 ? "" : java.io.File.pathSeparator)
              .append(Path.of(url.toURI()));
        } catch (java.net.URISyntaxException e) {
          throw new IllegalStateException(e);
        }
      }
      return sb.toString();
    }
    return System.getProperty("java.class.path");
  }

  static String field(String json, String name) throws Exception {
    return dev.dbsync.engine.db.WireValues.JSON.readTree(json).get(name).asText();
  }

  /** The largest heap in use before any collection, from a -Xlog:gc file. */
  static long peak(Path log) throws Exception {
    long max = 0;
    for (String line : Files.readAllLines(log)) {
      Matcher m = HEAP.matcher(line);
      if (m.find()) {
        max = Math.max(max, Long.parseLong(m.group(1)));
      }
    }
    return max;
  }
}

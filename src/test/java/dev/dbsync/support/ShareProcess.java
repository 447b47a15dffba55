package dev.dbsync.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.WireValues;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code dbsync share --json} as its own process on loopback: its address and each code it
 * prints, read as they come.
 */
public final class ShareProcess implements AutoCloseable {
  private final Process process;
  private final List<JsonNode> events = new java.util.ArrayList<>();
  private final StringBuilder seen = new StringBuilder();
  private final String url;

  public ShareProcess(Path home, String db, List<String> jvm, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("share", "--db", db, "--mode",
        "auto_accept", "--port", "0", "--bind", "127.0.0.1", "--json"));
    args.addAll(List.of(more));
    process = DbsyncProcess.start(home, true, jvm, args.toArray(String[]::new));
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (seen) {
            seen.append(line).append('\n');
          }
          if (line.startsWith("{")) {
            JsonNode e = WireValues.JSON.readTree(line);
            synchronized (events) {
              events.add(e);
              events.notifyAll();
            }
          }
        }
      } catch (Exception e) {
        // the process ended
      }
    }, "share-process-output");
    reader.setDaemon(true);
    reader.start();
    url = next("listening").get("url").asText();
  }

  private JsonNode next(String event) throws InterruptedException {
    return next(event, 60);
  }

  /** The next event of that name it prints, waiting up to {@code seconds}. */
  public JsonNode next(String event, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (events) {
      while (System.nanoTime() < deadline) {
        for (java.util.Iterator<JsonNode> i = events.iterator(); i.hasNext(); ) {
          JsonNode e = i.next();
          if (event.equals(e.path("event").asText())) {
            i.remove(); // taken; events of other names stay for their own askers
            return e;
          }
        }
        events.wait(200);
      }
    }
    throw new AssertionError("share printed no '" + event + "' in " + seconds + " s: "
        + output());
  }

  public String url() {
    return url;
  }

  public int port() {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  /** The next code the share prints (the first, or the one after the last was used). */
  public String nextCode() throws InterruptedException {
    return next("code").get("code").asText();
  }

  /** Everything it printed so far. */
  public String output() {
    synchronized (seen) {
      return seen.toString();
    }
  }

  public Process process() {
    return process;
  }

  /** SIGKILL, as a crash or an OOM killer would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }
}

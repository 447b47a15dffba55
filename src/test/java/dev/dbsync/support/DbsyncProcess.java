package dev.dbsync.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code dbsync ARGS} as its own process, as a user would, with its own data folder. */
public final class DbsyncProcess {
  private DbsyncProcess() {}

  /** Starts it; {@code mergeErrors} sends standard error into standard output. */
  public static Process start(Path home, boolean mergeErrors, String... args) throws Exception {
    return start(home, mergeErrors, List.of(), args);
  }

  /** The same, with JVM options (system properties such as the heartbeat for fault tests). */
  public static Process start(Path home, boolean mergeErrors, List<String> jvm, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.dbsync.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DBSYNC_HOME", home.toString());
    pb.redirectErrorStream(mergeErrors);
    return pb.start();
  }
}

package dev.dbsync;

import dev.dbsync.cli.DbSyncCommand;

/** Entry point: the CLI; with no command, the sharing of the embedded workspace. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(DbSyncCommand.run(args));
  }
}

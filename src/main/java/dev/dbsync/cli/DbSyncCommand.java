package dev.dbsync.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dbsync}: the command line face over the engine. */
@Command(name = "dbsync", mixinStandardHelpOptions = true,
    versionProvider = DbSyncCommand.Version.class,
    description = {"Copy table data between PostgreSQL and SQLite databases over the network.",
        "",
        "With no command (or 'app'), opens the desktop app. Without a display, no command "
            + "shares the embedded workspace database (a SQLite file in your data folder, with "
            + "sample data) so that you can try a pull at once."})
public final class DbSyncCommand implements java.util.concurrent.Callable<Integer> {
  /** The commands, in the order help lists them; see {@link #run} for when each is built. */
  static final java.util.List<Class<?>> COMMANDS = java.util.List.of(ShareCommand.class,
      TablesCommand.class, PullCommand.class, HistoryCommand.class, ConnectionsCommand.class,
      TrainingCommand.class, CommandLine.HelpCommand.class);

  /** Exit codes: 0 success, 1 a table or the link failed, 2 bad usage. */
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @Override
  public Integer call() throws Exception {
    return new ShareCommand().shareWorkspace();
  }

  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new DbSyncCommand());
    // picocli reads a command's whole model (every option, by reflection) when the command is
    // added: most of a `--version`'s 0.4 s went to reading all of them. So only the command
    // named first is added; all of them for help, a mistyped name (its suggestions) or none.
    String first = args.length > 0 ? args[0] : "";
    boolean version = first.equals("-V") || first.equals("--version");
    boolean named = !first.equals("help")
        && COMMANDS.stream().anyMatch(c -> nameOf(c).equals(first));
    for (Class<?> c : COMMANDS) {
      if (!version && (!named || nameOf(c).equals(first))) {
        cl.addSubcommand(nameOf(c), c);
      }
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      err.println("error: " + Cli.message(ex));
      return ex instanceof IllegalArgumentException ? USAGE : FAILED;
    });
    return cl.execute(args);
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** The version from the jar's manifest (the pom's version). */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dbsync " + version()};
    }
  }

  public static String version() {
    String v = DbSyncCommand.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}

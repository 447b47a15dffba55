package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The command line builds only the command it is asked for (start-up), and help, versions and
 * mistyped names still see every command.
 */
class CommandLineTest {
  record Run(int exit, String out, String err) {}

  static Run dbsync(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DbSyncCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandButTheHiddenOne() {
    Run help = dbsync("--help");
    assertEquals(0, help.exit());
    for (String name : new String[] {"share", "tables", "pull", "history", "connections",
        "help"}) {
      assertTrue(help.out().contains("  " + name + " "), name + " in\n" + help.out());
    }
    assertFalse(help.out().contains("cds-training"), help.out());
  }

  @Test
  void eachWayOfAskingForACommandsHelpFindsIt() {
    for (String[] args : new String[][] {{"help", "pull"}, {"pull", "--help"}}) {
      Run r = dbsync(args);
      assertTrue(r.out().contains("Usage: dbsync pull"), String.join(" ", args) + ":\n"
          + r.out() + r.err());
    }
    assertTrue(dbsync("connections", "list", "--help").out()
        .contains("Usage: dbsync connections list"));
    // help before the command is the whole program's, as picocli has it
    assertTrue(dbsync("--help", "pull").out().contains("Usage: dbsync [-hV] [COMMAND]"));
  }

  @Test
  void aMistypedCommandIsBadUsageWithASuggestion() {
    Run r = dbsync("pul", "--from", "ws://x");
    assertEquals(DbSyncCommand.USAGE, r.exit());
    assertTrue(r.err().contains("Did you mean: dbsync pull"), r.err());
  }

  @Test
  void theVersionNeedsNoCommand() {
    for (String flag : new String[] {"--version", "-V"}) {
      Run r = dbsync(flag);
      assertEquals(0, r.exit());
      assertTrue(r.out().startsWith("dbsync "), r.out());
    }
  }

  @Test
  void aShareReadsCommandLinesAndStopsAtInputThatIsNoConsole() throws Exception {
    java.io.Reader typed = new java.io.StringReader("approve a1b2\r\n\ncode\nend");
    assertEquals("approve a1b2", ShareCommand.commandLine(typed));
    assertEquals("", ShareCommand.commandLine(typed));
    assertEquals("code", ShareCommand.commandLine(typed));
    assertEquals("end", ShareCommand.commandLine(typed));
    assertEquals(null, ShareCommand.commandLine(typed));
    // standard input from /dev/zero: one endless line, which once filled memory (an
    // OutOfMemoryError on the console thread, after 15 s of one core)
    java.io.Reader zeros = new java.io.InputStreamReader(new java.io.InputStream() {
      @Override
      public int read() {
        return 0;
      }
    });
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> ShareCommand.commandLine(zeros));
    assertEquals("standard input is not a console", e.getMessage());
  }
}

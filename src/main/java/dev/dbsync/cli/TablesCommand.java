package dev.dbsync.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.model.TableInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dbsync tables}: list what a sender shares. */
@Command(name = "tables", mixinStandardHelpOptions = true,
    description = {"List the tables a sender shares, with row counts; or, with --db, the "
        + "tables of a local database DB Sync would share.",
        "With --suggest-masks: the columns that look personal and a rule for each."})
public final class TablesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ReceiverOptions receiver;

  @Option(names = "--json", description = "Print one JSON object")
  boolean json;

  @Option(names = "--db", description = "A local database (instead of --from and --code)")
  String db;

  @Option(names = "--suggest-masks", description = "With --db: columns that look personal "
      + "(by name or by a sample of their values), each with a proposed --mask rule")
  boolean suggestMasks;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (suggestMasks && db == null) {
      throw new IllegalArgumentException("--suggest-masks reads a local database: give --db.");
    }
    if (db != null) {
      return local(out);
    }
    try (dev.dbsync.engine.history.HistoryStore history =
             dev.dbsync.engine.history.HistoryStore.open(
                 dev.dbsync.engine.workspace.DataDirs.dataDir(), java.time.Clock.systemUTC());
         SyncClient client = receiver.connect(err, history)) {
      print(out, client.listTables());
    }
    return DbSyncCommand.OK;
  }

  /** The tables of a local database, or the masks suggested for them. */
  private int local(PrintWriter out) {
    try (dev.dbsync.engine.db.Database d = dev.dbsync.engine.db.JdbcDatabase.open(
             Cli.locator(db), dev.dbsync.engine.db.TableFilter.defaults(), false);
         dev.dbsync.engine.db.TableReader r = d.openReader()) {
      if (!suggestMasks) {
        print(out, r.listTables());
        return DbSyncCommand.OK;
      }
      List<dev.dbsync.engine.mask.MaskSuggestions.Suggestion> s =
          dev.dbsync.engine.mask.MaskSuggestions.of(r, 200);
      if (json) {
        ObjectNode o = WireValues.NODES.objectNode();
        ArrayNode a = o.putArray("suggestions");
        s.forEach(g -> a.addObject().put("table", g.table()).put("column", g.column())
            .put("rule", g.rule().toString()).put("mask", g.spec()).put("why", g.why()));
        out.println(o);
      } else if (s.isEmpty()) {
        out.println("No column looks personal (by its name or a sample of 200 rows).");
      } else {
        int w = s.stream().mapToInt(g -> g.spec().length()).max().orElse(10);
        for (var g : s) {
          out.printf("--mask %-" + w + "s  # %s%n", g.spec(), g.why());
        }
        out.println("Review them, then share with these --mask options or put the lines in "
            + "a --mask-file.");
      }
      out.flush();
      return DbSyncCommand.OK;
    }
  }

  private void print(PrintWriter out, List<TableInfo> tables) {
    if (json) {
      ObjectNode o = WireValues.NODES.objectNode();
      ArrayNode a = o.putArray("tables");
      tables.forEach(t -> a.add(WireValues.JSON.valueToTree(t)));
      out.println(o);
    } else {
      int w = tables.stream().mapToInt(t -> t.name().length()).max().orElse(5);
      out.printf("%-" + Math.max(5, w) + "s  %12s%n", "table", "rows");
      for (TableInfo t : tables) {
        out.printf("%-" + Math.max(5, w) + "s  %12s%n", t.name(),
            (t.estimated() ? "~" : "") + t.rowCount());
      }
    }
    out.flush();
  }
}

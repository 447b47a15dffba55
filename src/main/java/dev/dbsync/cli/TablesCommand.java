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
    description = "List the tables a sender shares, with row counts.")
public final class TablesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ReceiverOptions receiver;

  @Option(names = "--json", description = "Print one JSON object")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (dev.dbsync.engine.history.HistoryStore history =
             dev.dbsync.engine.history.HistoryStore.open(
                 dev.dbsync.engine.workspace.DataDirs.dataDir(), java.time.Clock.systemUTC());
         SyncClient client = receiver.connect(err, history)) {
      List<TableInfo> tables = client.listTables();
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
    return DbSyncCommand.OK;
  }
}

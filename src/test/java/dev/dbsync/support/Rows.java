package dev.dbsync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import java.util.ArrayList;
import java.util.List;

/** Small helpers to build and read rows in tests. */
public final class Rows {
  private Rows() {}

  public static ObjectNode row(String json) {
    try {
      return (ObjectNode) WireValues.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static List<ObjectNode> rows(String... json) {
    List<ObjectNode> out = new ArrayList<>();
    for (String j : json) {
      out.add(row(j));
    }
    return out;
  }

  /** Every row of a table in key order, read through the export API. */
  public static List<ObjectNode> all(Database db, String table) {
    List<ObjectNode> out = new ArrayList<>();
    List<JsonNode> after = null;
    long offset = 0;
    while (true) {
      Page p = db.exportRecords(table, new ExportRequest(null, null, after, offset, 1000));
      out.addAll(p.records());
      if (!p.hasMore()) {
        return out;
      }
      after = p.lastKey();
      offset += p.records().size();
    }
  }
}

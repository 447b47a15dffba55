package dev.dbsync.engine.mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.TableReader;
import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.Page;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot whose rows leave masked: every path a row can take (pages, streams, COPY text)
 * goes through here, so no original value of a masked column is ever handed over. Filters and
 * {@code after} keys on masked columns are refused (they would let a receiver probe the
 * originals), and a rule that could repeat values on a unique column fails that table.
 */
public final class MaskedReader implements TableReader {
  private final TableReader inner;
  private final MaskRules rules;
  private final MaskKey key;

  public MaskedReader(TableReader inner, MaskRules rules, MaskKey key) {
    this.inner = inner;
    this.rules = rules;
    this.key = key;
  }

  /** {@code reader} itself when nothing is masked. */
  public static TableReader wrap(TableReader reader, MaskRules rules, MaskKey key) {
    return rules == null || rules.isEmpty() ? reader : new MaskedReader(reader, rules, key);
  }

  @Override
  public List<TableInfo> listTables() {
    return inner.listTables();
  }

  @Override
  public TableSchema getSchema(String table) {
    return inner.getSchema(table);
  }

  @Override
  public long getCount(String table) {
    return inner.getCount(table);
  }

  @Override
  public long estimateCount(String table) {
    return inner.estimateCount(table);
  }

  @Override
  public java.util.Map<String, Long> estimateCounts(List<String> tables) {
    return inner.estimateCounts(tables);
  }

  @Override
  public long count(String table, List<RowFilter> filters) {
    checked(table, new ExportRequest(null, filters, null, 0, 1), inner.getSchema(table));
    return inner.count(table, filters);
  }

  /** The masked columns of {@code table} and their rules (empty when none). */
  public Map<String, MaskRule> masked(String table) {
    return rules.forTable(table);
  }

  private Map<String, MaskRule> checked(String table, ExportRequest req, TableSchema s) {
    Map<String, MaskRule> m = rules.forTable(table);
    if (m.isEmpty()) {
      return m;
    }
    for (RowFilter f : req.filters()) {
      if (m.containsKey(f.column())) {
        throw new DbSyncException("Column '" + f.column() + "' of " + table + " is masked: it "
            + "cannot be filtered on.");
      }
    }
    if (req.after() != null && s.primaryKey().stream().anyMatch(m::containsKey)) {
      throw new DbSyncException("The key of " + table + " is masked: a read cannot continue "
          + "after a key; read the table from its start.");
    }
    m.forEach((column, rule) -> {
      if (!rule.injective() && (s.primaryKey().equals(List.of(column))
          || s.uniqueConstraints() != null && s.uniqueConstraints().contains(List.of(column)))) {
        throw new DbSyncException(table + "." + column + " is unique, and its mask " + rule
            + " can give two rows the same value: " + table + " is not sent rather than "
            + "written with duplicates. The sender can mask it with email or hash.");
      }
    });
    return m;
  }

  @Override
  public Page page(String table, ExportRequest request) {
    TableSchema s = inner.getSchema(table);
    Map<String, MaskRule> m = checked(table, request, s);
    Page p = inner.page(table, request);
    if (m.isEmpty()) {
      return p;
    }
    mask(p.records(), m, s);
    return new Page(p.records(), p.hasMore(), maskKey(p.lastKey(), m, s));
  }

  @Override
  public long stream(String table, ExportRequest request, int batchSize, BatchSink sink) {
    TableSchema s = inner.getSchema(table);
    Map<String, MaskRule> m = checked(table, request, s);
    if (m.isEmpty()) {
      return inner.stream(table, request, batchSize, sink);
    }
    return inner.stream(table, request, batchSize, batch -> {
      mask(batch, m, s);
      return sink.accept(batch);
    });
  }

  @Override
  public long copyOut(String table, List<String> columns, List<JsonNode> after,
      List<RowFilter> filters, OutputStream out) {
    TableSchema s = inner.getSchema(table);
    Map<String, MaskRule> m = checked(table, new ExportRequest(columns, filters, after, 0, 1),
        s);
    if (m.isEmpty()) {
      return inner.copyOut(table, columns, after, filters, out);
    }
    List<String> order = columns == null || columns.isEmpty() ? s.columnNames() : columns;
    MaskRule[] at = new MaskRule[order.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = m.get(order.get(i));
    }
    CopyMasker masked = new CopyMasker(out, at, key);
    long rows = inner.copyOut(table, columns, after, filters, masked);
    masked.finish();
    return rows;
  }

  /**
   * Binary COPY carries values as the database stores them: a masked table leaves so only when
   * every masked column is text, whose fields are rewritten as the stream passes
   * ({@link BinaryCopyMasker}); a masked column of another type (a shifted date, a masked
   * address) keeps the table to COPY text.
   */
  @Override
  public long copyOutBinary(String table, List<String> columns, List<JsonNode> after,
      OutputStream out) {
    TableSchema s = inner.getSchema(table);
    Map<String, MaskRule> m = checked(table, new ExportRequest(columns, null, after, 0, 1), s);
    if (m.isEmpty()) {
      return inner.copyOutBinary(table, columns, after, out);
    }
    if (!m.keySet().stream().allMatch(c -> masksBinary(s.column(c).orElseThrow()))) {
      throw new dev.dbsync.engine.BinaryCopyRefused("Rows of " + table + " have a masked "
          + "column that is not text, so they leave as COPY text only.");
    }
    List<String> order = columns == null || columns.isEmpty() ? s.columnNames() : columns;
    MaskRule[] at = new MaskRule[order.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = m.get(order.get(i));
    }
    BinaryCopyMasker masked = new BinaryCopyMasker(out, at, key);
    long rows = inner.copyOutBinary(table, columns, after, masked);
    try {
      masked.finish();
    } catch (java.io.IOException e) {
      throw new DbSyncException("Masking the binary COPY of " + table + " stopped: "
          + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * Whether a masked column can travel as binary COPY: text, whose binary form is its UTF-8
   * (a receiver asks for binary only then, by the same rule: {@code copy_binary_masked} in
   * docs/protocol.md).
   */
  private static boolean masksBinary(ColumnInfo column) {
    return ValueKind.of(column) == ValueKind.TEXT;
  }

  private void mask(List<ObjectNode> rows, Map<String, MaskRule> m, TableSchema s) {
    for (ObjectNode row : rows) {
      m.forEach((column, rule) -> {
        JsonNode v = row.get(column);
        if (v != null && !v.isNull()) {
          row.set(column, WireValues.fromText(rule.apply(v.asText(), key),
              ValueKind.of(s.column(column).orElseThrow())));
        }
      });
    }
  }

  /** A page's last key, masked like its row (a receiver never sees an original key). */
  private List<JsonNode> maskKey(List<JsonNode> last, Map<String, MaskRule> m, TableSchema s) {
    if (last == null) {
      return null;
    }
    List<JsonNode> out = new ArrayList<>(last);
    for (int i = 0; i < s.primaryKey().size() && i < out.size(); i++) {
      MaskRule r = m.get(s.primaryKey().get(i));
      if (r != null && out.get(i) != null && !out.get(i).isNull()) {
        ColumnInfo c = s.column(s.primaryKey().get(i)).orElseThrow();
        out.set(i, WireValues.fromText(r.apply(out.get(i).asText(), key), ValueKind.of(c)));
      }
    }
    return out;
  }

  /** Masked values are hashed as they leave, by DB Sync: never in the database. */
  @Override
  public boolean hashesInDatabase(String table, dev.dbsync.engine.model.HashSpec spec) {
    return spec.columns().stream().noneMatch(rules.forTable(table)::containsKey)
        && inner.hashesInDatabase(table, spec);
  }

  @Override
  public Long hashProbe() {
    return inner.hashProbe();
  }

  @Override
  public List<dev.dbsync.engine.model.BucketSum> hashBuckets(String table,
      dev.dbsync.engine.model.HashSpec spec) {
    unmasked(table, spec);
    return inner.hashBuckets(table, spec);
  }

  @Override
  public long hashRows(String table, dev.dbsync.engine.model.HashSpec spec, int[] buckets,
      java.util.function.Consumer<dev.dbsync.engine.model.RowHash> sink) {
    unmasked(table, spec);
    return inner.hashRows(table, spec, buckets, sink);
  }

  private void unmasked(String table, dev.dbsync.engine.model.HashSpec spec) {
    if (spec.columns().stream().anyMatch(rules.forTable(table)::containsKey)) {
      throw new DbSyncException("Masked columns of " + table + " are compared as they are "
          + "sent, not hashed in the database.");
    }
  }

  /** A masked key is compared as it is sent, so its stored ranges say nothing. */
  @Override
  public boolean wholeNumberKeys(String table) {
    List<String> key = inner.getSchema(table).primaryKey();
    return key.stream().noneMatch(rules.forTable(table)::containsKey)
        && inner.wholeNumberKeys(table);
  }

  @Override
  public String exportSnapshot() {
    return inner.exportSnapshot();
  }

  @Override
  public void close() {
    inner.close();
  }
}

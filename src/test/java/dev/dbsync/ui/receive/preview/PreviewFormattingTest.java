package dev.dbsync.ui.receive.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.support.Rows;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewFormattingTest {

  @Test
  void nullAndEmptyTextLookDifferent() {
    CellText n = CellText.of(NullNode.getInstance(), false);
    CellText e = CellText.of(TextNode.valueOf(""), false);
    assertEquals("NULL", n.text());
    assertEquals("null-value", n.style());
    assertEquals("", e.text());
    assertEquals("empty-value", e.style());
  }

  @Test
  void binaryShowsItsSize() {
    assertEquals("binary, 2.0 KB", CellText.of(WireValues.binary(new byte[2048]), false).text());
  }

  @Test
  void jsonIsCompactInTheCellAndPrettyInTheTooltip() {
    CellText j = CellText.of(TextNode.valueOf("{\"a\": [1, 2], \"b\": null}"), true);
    assertEquals("{\"a\":[1,2],\"b\":null}", j.text());
    assertTrue(j.tooltip().contains("\n"), j.tooltip());
    CellText obj = CellText.of(Rows.row("{\"x\":{\"k\":\"v\"}}").get("x"), false);
    assertEquals("{\"k\":\"v\"}", obj.text());
  }

  @Test
  void longTextIsCutWithTheWholeInTheTooltip() {
    String s = "x".repeat(500);
    CellText t = CellText.of(TextNode.valueOf(s), false);
    assertEquals(CellText.MAX_CHARS, t.text().length());
    assertTrue(t.text().endsWith("…"));
    assertEquals(s, t.tooltip());
    assertNull(CellText.of(TextNode.valueOf("short"), false).tooltip());
  }

  private static ColumnInfo col(String name, String type, boolean nullable) {
    return new ColumnInfo(name, type, nullable, name.equals("id"), null, null, null, null, type,
        null, null);
  }

  @Test
  void schemaComparisonMarksMissingAndDifferentColumns() {
    TableSchema remote = new TableSchema("t", "public", List.of(col("id", "bigint", false),
        col("name", "text", true), col("price", "numeric", true)), List.of("id"), null, null);
    TableSchema local = new TableSchema("t", "main", List.of(col("id", "bigint", false),
        col("price", "text", true), col("extra", "text", false)), List.of("id"), null, null);
    List<SchemaRow> rows = SchemaRow.compare(remote, local);
    assertEquals(List.of("", "missing here", "type differs", "only here, needs a value"),
        rows.stream().map(SchemaRow::note).toList());
    assertEquals(List.of("", "", ""), SchemaRow.compare(remote, null).stream()
        .map(SchemaRow::note).toList());
  }
}

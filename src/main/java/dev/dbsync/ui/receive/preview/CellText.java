package dev.dbsync.ui.receive.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.ui.common.Formats;

/**
 * How a remote value shows in the preview grid: NULL apart from empty text, JSON readable,
 * binary as its size, long text cut short with the whole of it in a tooltip.
 *
 * @param style a style class for the cell, or null
 * @param tooltip the full value when the cell shows less of it, or null
 */
public record CellText(String text, String style, String tooltip) {
  static final int MAX_CHARS = 80;

  public static CellText of(JsonNode v, boolean jsonColumn) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return new CellText("NULL", "null-value", null);
    }
    if (WireValues.isBinary(v)) {
      return new CellText("binary, " + Formats.bytes(WireValues.bytesOf(v).length), "null-value",
          null);
    }
    if (v.isContainerNode() || (jsonColumn && v.isTextual())) {
      JsonNode tree = v.isTextual() ? parse(v.asText()) : v;
      String compact = tree == null ? v.asText() : tree.toString();
      return cut(compact, pretty(tree == null ? v : tree));
    }
    if (v.isTextual()) {
      String s = v.asText();
      return s.isEmpty() ? new CellText("", "empty-value", "empty text") : cut(s, s);
    }
    return new CellText(v.asText(), null, null);
  }

  private static CellText cut(String shown, String full) {
    String oneLine = shown.replace('\n', '⏎');
    if (oneLine.length() <= MAX_CHARS && shown.equals(full)) {
      return new CellText(oneLine, null, shown.contains("\n") ? full : null);
    }
    return new CellText(oneLine.length() <= MAX_CHARS ? oneLine
        : oneLine.substring(0, MAX_CHARS - 1) + "…", null, full);
  }

  private static JsonNode parse(String text) {
    try {
      return WireValues.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String pretty(JsonNode tree) {
    try {
      return WireValues.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      return tree.toString();
    }
  }
}

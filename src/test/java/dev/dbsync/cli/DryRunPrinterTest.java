package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.db.WireValues;
import org.junit.jupiter.api.Test;

/** A dry run's sample values as a terminal shows them. */
class DryRunPrinterTest {

  @Test
  void bytesShowAsPsqlShowsThemNotAsTheirWireWrapper() {
    assertEquals("\\x00ff10", DryRunPrinter.value(WireValues.binary(new byte[] {0, -1, 16})));
    assertEquals("\\x", DryRunPrinter.value(WireValues.binary(new byte[0])));
    byte[] md5 = new byte[32];
    assertEquals("\\x" + "0".repeat(37) + "…", DryRunPrinter.value(WireValues.binary(md5)),
        "cut at the width of any value");
  }

  @Test
  void textIsQuotedOnOneLineAndNullIsNull() {
    assertEquals("'a b c'", DryRunPrinter.value(TextNode.valueOf("a\tb\nc")));
    assertEquals("NULL", DryRunPrinter.value(null));
    assertEquals("NULL", DryRunPrinter.value(JsonNodeFactory.instance.nullNode()));
    assertEquals("{\"a\":1}", DryRunPrinter.value(JsonNodeFactory.instance.objectNode()
        .put("a", 1)));
  }
}

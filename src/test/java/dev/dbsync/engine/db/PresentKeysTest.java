package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading one field of a COPY text line, as the skip check reads the keys. */
class PresentKeysTest {
  static String field(String line, int index) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return PresentKeys.field(b, 0, b.length, index);
  }

  @Test
  void readsPlainAndEscapedFieldsAndNull() {
    assertEquals("42", field("42\tname\t\\N", 0));
    assertEquals("name", field("42\tname\t\\N", 1));
    assertNull(field("42\tname\t\\N", 2));
    assertEquals("a\tb", field("a\\tb\t1", 0));
    assertEquals("c\\d", field("x\tc\\\\d", 1));
    assertEquals("é", field("é\t1", 0));
    assertNull(field("only", 3));
  }
}

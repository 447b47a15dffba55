package dev.dbsync.engine.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonical form is a contract between two ends that may run different versions: the
 * shortcuts that skip a parser or a writer give exactly the text the parser and the writer
 * give.
 */
class CanonicalTest {

  @Test
  void aTimestampReadWithoutTheParserReadsAsTheParserReadsIt() {
    Random r = new Random(42);
    String[] zones = {"", "Z", "+00", "+0000", "+00:00", "-00", "+01", "+05:30", "-0800", " "};
    List<String> cases = new ArrayList<>(List.of("2024-02-29 23:59:59+00",
        "2023-02-29 10:00:00+00", "2024-01-01T00:00:00", "2024-13-01 00:00:00",
        "2024-01-32 00:00:00", "2024-01-01 24:00:00+00", "2024-01-01 23:60:00",
        "2024-01-01 23:59:60", "0999-01-01 00:00:00", "1000-01-01 00:00:00Z",
        "9999-12-31 23:59:59.999999999+00:00", "2024-01-01 00:00:00.", "2024-01-01 00:00:00.5",
        "2024-01-01 00:00:00.1234567890", "2024-01-01 00:00", " 2024-01-01 00:00:00",
        "2024-01-01 00:00:00 ", "2024-1-01 00:00:00", "2024-01-01x00:00:00",
        "2024-01-01 00:00:00.000000+00", "2024-01-01 00:00:00.120+00"));
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d",
          900 + r.nextInt(9200), r.nextInt(14), r.nextInt(33), r.nextBoolean() ? ' ' : 'T',
          r.nextInt(26), r.nextInt(62), r.nextInt(62)));
      if (r.nextInt(3) > 0) {
        s.append('.');
        int digits = r.nextInt(11);
        for (int d = 0; d < digits; d++) {
          s.append(r.nextInt(4) == 0 ? '0' : (char) ('0' + r.nextInt(10)));
        }
      }
      cases.add(s.append(zones[r.nextInt(zones.length)]).toString());
    }
    int fast = 0;
    for (String c : cases) {
      String utc = Canonical.utcInstant(c);
      String parsed;
      try {
        parsed = Canonical.parsedInstant(c);
      } catch (RuntimeException notATimestamp) {
        assertNull(utc, c); // the parser refuses it, so the shortcut must not take it
        continue;
      }
      if (utc != null) {
        assertEquals(parsed, utc, c);
        fast++;
      }
    }
    assertNotNull(Canonical.utcInstant("2024-01-01 08:20:11+00"));
    assertEquals("2024-01-01T08:20:11.120Z", Canonical.utcInstant("2024-01-01 08:20:11.12+00"));
    assertEquals("2024-01-01T08:20:00Z", Canonical.utcInstant("2024-01-01T08:20:00"));
    assertEquals(true, fast > 2_000, "the shortcut took " + fast + " cases");
  }

  @Test
  void jsonStringsAreWrittenAsJacksonWritesThem() {
    Random r = new Random(7);
    char[] alphabet = "aZ09 \"\\\n\t\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00/<>'".toCharArray();
    for (int i = 0; i < 5_000; i++) {
      StringBuilder s = new StringBuilder();
      int len = r.nextInt(12);
      for (int k = 0; k < len; k++) {
        s.append(alphabet[r.nextInt(alphabet.length)]);
      }
      String text = s.toString();
      assertEquals(TextNode.valueOf(text).toString(), Canonical.json(TextNode.valueOf(text)),
          text);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put(text, text);
      o.put("b", true);
      o.putNull("a");
      java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
      o.fields().forEachRemaining(e -> sorted.put(e.getKey(), TextNode.valueOf(e.getKey())
          + ":" + e.getValue()));
      assertEquals("{" + String.join(",", sorted.values()) + "}", Canonical.json(o), text);
    }
  }
}

package dev.dbsync.engine.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each rule is a pure function of (value, key): the same every time, NULL and "" kept. */
class MaskRuleTest {
  static final MaskKey KEY = MaskKey.of(new byte[32]);
  static final MaskKey OTHER = MaskKey.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
      13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  static String mask(String rule, String value) {
    return MaskRule.parse(rule).apply(value, KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"email", "name", "phone", "hash", "null", "constant:x", "keep-last:4",
      "date-shift:30", "redact", "city", "address", "ip", "text"})
  void everyRuleKeepsNullAndTheEmptyStringAndIsDeterministic(String rule) {
    assertNull(mask(rule, null));
    assertEquals("", mask(rule, ""));
    String value = rule.equals("date-shift:30") ? "2024-02-29" : "Ann Smith 555-0100";
    assertEquals(mask(rule, value), mask(rule, value));
  }

  @Test
  void emailsAreWellFormedUniqueAndKeyed() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String m = mask("email", "person" + i + "@corp.example");
      assertTrue(m.matches("user\\.[a-z2-7]{16}@example\\.com"), m);
      assertTrue(seen.add(m), "unique in, unique out: " + m);
    }
    assertNotEquals(mask("email", "ann@corp.example"),
        MaskRule.parse("email").apply("ann@corp.example", OTHER), "another key, another mask");
  }

  @Test
  void phonesKeepTheirLayoutAndRedactKeepsLengthAndClasses() {
    String p = mask("phone", "+1 (555) 010-4477");
    assertTrue(p.matches("\\+\\d \\(\\d{3}\\) \\d{3}-\\d{4}"), p);
    assertNotEquals("+1 (555) 010-4477", p);
    String r = mask("redact", "Ab-12 cd");
    assertTrue(r.matches("[A-Z][a-z]-\\d\\d [a-z][a-z]"), r);
    String longer = mask("redact", "x".repeat(200));
    assertEquals(200, longer.length());
  }

  @Test
  void keepLastShowsOnlyTheLastCharacters() {
    assertEquals("**** **** **** 1234", mask("keep-last:4", "4111 1111 1111 1234"));
    assertEquals("**********5678", mask("keep-last:4", "DE893704004405"
        .substring(0, 10) + "5678"));
  }

  @Test
  void dateShiftMovesWithinTheRangeAndKeepsTheTime() {
    for (int i = 0; i < 500; i++) {
      LocalDate d = LocalDate.of(2020, 1, 1).plusDays(i);
      String m = mask("date-shift:30", d + " 10:11:12+00");
      assertTrue(m.endsWith(" 10:11:12+00"), m);
      long by = ChronoUnit.DAYS.between(d, LocalDate.parse(m.substring(0, 10)));
      assertTrue(Math.abs(by) <= 30, m);
    }
    // a row (ISO) and COPY text shift the same date alike
    assertEquals(mask("date-shift:30", "2024-05-01T10:00:00Z").substring(0, 10),
        mask("date-shift:30", "2024-05-01 10:00:00+00").substring(0, 10));
  }

  @Test
  void badRulesAreNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MaskRule.parse("emial"))
        .getMessage().contains("Unknown rule 'emial'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MaskRule.parse(
        "keep-last:x")).getMessage().contains("keep-last needs a number"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> MaskRule.parse("constant"))
        .getMessage().contains("constant:TEXT"));
  }

  @Test
  void ipsStayAddressesAndKeepAPrefix() {
    assertTrue(mask("ip", "192.168.1.20").matches("10\\.\\d+\\.\\d+\\.\\d+"));
    assertTrue(mask("ip", "192.168.1.0/24").endsWith("/24"));
  }
}

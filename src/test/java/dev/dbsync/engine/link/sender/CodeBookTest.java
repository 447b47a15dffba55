package dev.dbsync.engine.link.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.link.Codes;
import dev.dbsync.support.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeBookTest {
  MutableClock clock = new MutableClock();
  CodeBook book = new CodeBook(Duration.ofMinutes(15), clock);

  @Test
  void codesUseOnlyTheUnambiguousAlphabet() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String c = book.issue();
      assertTrue(Codes.isWellFormed(c), c);
      assertTrue(c.chars().noneMatch(ch -> "01OIL".indexOf(ch) >= 0), c);
      seen.add(c);
    }
    assertEquals(2000, seen.size());
  }

  @Test
  void aCodeWorksOnce() {
    String c = book.issue();
    assertEquals(CodeBook.Verdict.OK, book.consume(c));
    assertEquals(CodeBook.Verdict.USED, book.consume(c));
  }

  @Test
  void anUnusedCodeExpires() {
    String c = book.issue();
    clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    assertEquals(CodeBook.Verdict.EXPIRED, book.consume(c));
  }

  @Test
  void aRevokedCodeIsInvalid() {
    String c = book.issue();
    book.revoke(c);
    assertEquals(CodeBook.Verdict.INVALID, book.consume(c));
  }

  @Test
  void typedCodesAreNormalised() {
    assertEquals("ABCD2345", Codes.normalize("abcd-2345 "));
    assertEquals("ABCD 2345", Codes.grouped("ABCD2345"));
  }
}

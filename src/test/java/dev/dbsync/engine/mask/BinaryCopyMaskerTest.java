package dev.dbsync.engine.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.support.Pg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The binary COPY masker finds tuples wherever the stream's chunks end, masks the same way
 * whole or in pieces, and lets nothing through from a stream that does not parse.
 */
class BinaryCopyMaskerTest {
  static final MaskKey KEY = MaskKey.of(new byte[32]);
  static final MaskRule[] RULES = {null, MaskRule.parse("email"), null, MaskRule.parse("name")};
  static byte[] stream;

  @BeforeAll
  static void load() throws Exception {
    String url = Pg.newDatabase();
    Pg.exec(url, "CREATE TABLE p (id int PRIMARY KEY, email text, n numeric, full_name text);"
        + "INSERT INTO p SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'who' || g "
        + "|| '@corp.example' END, g / 3.0, CASE WHEN g % 5 = 0 THEN '' ELSE 'Ann Ünïcode ' "
        + "|| g END FROM generate_series(1, 2000) g");
    var l = dev.dbsync.engine.db.DatabaseLocator.parse(url, null);
    try (Connection c = DriverManager.getConnection(l.jdbcUrl(), l.user(), "")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM p ORDER BY id) "
          + "TO STDOUT (FORMAT binary)", out);
      stream = out.toByteArray();
    }
  }

  static byte[] masked(byte[] in, Random cuts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCopyMasker m = new BinaryCopyMasker(out, RULES, KEY);
    int at = 0;
    while (at < in.length) {
      int n = cuts == null ? in.length : Math.min(in.length - at, 1 + cuts.nextInt(40));
      m.write(in, at, n);
      at += n;
    }
    m.finish();
    return out.toByteArray();
  }

  @Test
  void masksTheSameWhereverTheChunksEnd() throws Exception {
    byte[] whole = masked(stream, null);
    String text = new String(whole, StandardCharsets.UTF_8);
    assertFalse(text.contains("corp.example") || text.contains("Ünïcode"), "nothing original");
    assertTrue(text.contains("@example.com"));
    for (int seed = 0; seed < 10; seed++) {
      assertArrayEquals(whole, masked(stream, new Random(seed)), "seed " + seed);
    }
    // a masked value is the rule's, as the COPY text masker writes it
    String first = MaskRule.parse("email").apply("who1@corp.example", KEY);
    assertTrue(text.contains(first), first);
  }

  @Test
  void aStreamThatDoesNotParseLetsNothingThrough() {
    // cut short: no trailer
    assertThrows(IOException.class, () -> masked(Arrays.copyOf(stream, stream.length - 2),
        null));
    // bytes after the trailer
    byte[] longer = Arrays.copyOf(stream, stream.length + 2);
    assertThrows(IOException.class, () -> masked(longer, null));
    // tuples of another width than the rules'
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryCopyMasker three = new BinaryCopyMasker(out, Arrays.copyOf(RULES, 3), KEY);
    assertThrows(IOException.class, () -> three.write(stream, 0, stream.length));
    assertEquals(0, out.size(), "not even the header");
    // not binary COPY at all
    assertThrows(IOException.class, () -> masked("1\twho@corp.example\n".repeat(3)
        .getBytes(StandardCharsets.UTF_8), null));
  }
}

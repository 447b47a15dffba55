package dev.dbsync.engine.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.LinkException;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.transfer.TableOutcome;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import dev.dbsync.support.Pg;
import dev.dbsync.support.Sample;
import dev.dbsync.support.WatchedSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masking over a real link, PostgreSQL on both sides: users with a UNIQUE email that orders
 * reference through the email (a foreign key in the target too), masked on both columns.
 */
class MaskingLinkTest {
  static final int USERS = 2_000;
  static String source;

  @TempDir
  Path dir;

  static final MaskRules RULES = MaskRules.parse(List.of("users.email=email",
      "orders.user_email=email", "users.name=name", "users.phone=phone"), null);

  static final String SHOP = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL "
      + "UNIQUE, name text, phone text, city text);"
      + "CREATE TABLE orders (id int PRIMARY KEY, user_email text NOT NULL REFERENCES "
      + "users (email), total numeric(10,2), placed date);";

  @BeforeAll
  static void load() {
    source = Pg.newDatabase();
    Pg.exec(source, SHOP
        + "INSERT INTO users SELECT g, 'person' || g || '@corp.example', 'Name Number' || g, "
        + "'+44 20 7946 ' || lpad(g::text, 4, '0'), CASE WHEN g % 2 = 0 THEN 'Leeds' END "
        + "FROM generate_series(1, " + USERS + ") g;"
        + "INSERT INTO users VALUES (" + (USERS + 1) + ", 'empty@corp.example', '', NULL, '');"
        + "INSERT INTO orders SELECT g, 'person' || (1 + g % " + USERS + ") || '@corp.example', "
        + "g * 1.25, date '2024-01-01' + g % 300 FROM generate_series(1, 5000) g;");
  }

  ShareServer share(Database db, MaskKey key) {
    ShareServer s = new ShareServer(db, ShareOptions.defaults().withBind("127.0.0.1", 0)
        .withMode(IncomingMode.AUTO_ACCEPT, null).withMasking(new Masking(RULES, key)), null);
    s.start();
    return s;
  }

  TransferReport pull(MaskKey key, Database target) {
    try (Database src = Pg.open(source); ShareServer s = share(src, key);
         SyncClient c = SyncClient.connect("ws://127.0.0.1:" + s.port(), s.currentCode(),
             ConnectOptions.defaults())) {
      assertEquals(Map.of("email", "email", "name", "name", "phone", "phone"),
          new java.util.TreeMap<>(mapOf(c, "users")), "the receiver is told what is masked");
      return c.transferAll(target, TransferOptions.defaults(), null);
    }
  }

  static Map<String, String> mapOf(SyncClient c, String table) {
    c.getSchema(table);
    return c.maskedColumns(table);
  }

  @Test
  void nothingOriginalArrivesJoinsHoldAndTheSameKeyMasksAlike() {
    MaskKey key = MaskKey.load(dir.resolve("sender").resolve(MaskKey.FILE));
    String target = Pg.newDatabase();
    Pg.exec(target, SHOP);
    try (Database to = Pg.open(target)) {
      TransferReport r = pull(key, to);
      r.tables().forEach(t -> assertEquals(TableOutcome.Status.COMPLETED, t.status(),
          t.table() + ": " + t.error()));
    }
    assertEquals("[[0]]", Pg.query(target, "SELECT count(*) FROM users WHERE email LIKE "
        + "'%corp.example' OR name LIKE 'Name Number%' OR phone LIKE '+44 20 7946%'")
        .toString(), "no original value in the target");
    assertEquals("[[0]]", Pg.query(target, "SELECT count(*) FROM orders WHERE user_email LIKE "
        + "'%corp.example'").toString());
    assertEquals("[[5000]]", Pg.query(target, "SELECT count(*) FROM orders o JOIN users u ON "
        + "u.email = o.user_email").toString(), "every order joins");
    assertEquals("[[" + (USERS + 1) + ", " + (USERS + 1) + "]]", Pg.query(target,
        "SELECT count(*), count(DISTINCT email) FROM users WHERE email ~ "
        + "'^user\\.[a-z2-7]{16}@example\\.com$'").toString(), "unique and well-formed");
    assertEquals("[[, null, ]]", Pg.query(target, "SELECT name, phone, city FROM users WHERE "
        + "id = " + (USERS + 1)).toString(), "empty stays empty, NULL stays NULL");
    assertEquals(Pg.query(source, "SELECT id, city FROM users ORDER BY id"),
        Pg.query(target, "SELECT id, city FROM users ORDER BY id"), "unmasked columns as-is");
    assertEquals(Pg.query(source, "SELECT id, total, placed FROM orders ORDER BY id"),
        Pg.query(target, "SELECT id, total, placed FROM orders ORDER BY id"));

    // a second share from the same data folder (the same key) masks identically
    String again = Pg.newDatabase();
    try (Database to = Pg.open(again)) {
      assertTrue(pull(MaskKey.load(dir.resolve("sender").resolve(MaskKey.FILE)), to)
          .succeeded());
    }
    assertEquals(Pg.query(target, "SELECT * FROM users ORDER BY id"),
        Pg.query(again, "SELECT * FROM users ORDER BY id"));

    // a SQLite target gets the same masked values (the row path, not COPY)
    try (Database lite = Sample.open(dir.resolve("t.db"))) {
      assertTrue(pull(key, lite).succeeded());
      assertEquals(Pg.query(target, "SELECT email FROM users ORDER BY id").stream()
          .map(row -> row.get(0)).toList(), dev.dbsync.support.Rows.all(lite, "users").stream()
          .map(row -> row.get("email").asText()).toList());
    }
  }

  @Test
  void aReceiverCannotProbeMaskedValuesThroughFiltersOrKeys() {
    MaskKey key = MaskKey.of(new byte[32]);
    try (Database src = Pg.open(source); ShareServer s = share(src, key);
         SyncClient c = SyncClient.connect("ws://127.0.0.1:" + s.port(), s.currentCode(),
             ConnectOptions.defaults())) {
      LinkException e = assertThrows(LinkException.class, () -> c.fetchRecords("users",
          new ExportRequest(null, List.of(new RowFilter("email", RowFilter.Op.EQ,
              TextNode.valueOf("person1@corp.example"))), null, 0, 10)));
      assertTrue(e.getMessage().contains("masked"), e.getMessage());
      var page = c.fetchRecords("users", ExportRequest.page(0, 5));
      assertFalse(page.records().toString().contains("corp.example"), "a page is masked too");
    }
  }

  /**
   * A table whose masked columns are all text leaves as binary COPY with those fields masked
   * in the stream: the same rows as the masked COPY text gives, nothing original in the bytes.
   */
  @Test
  void maskedTextColumnsLeaveAsBinaryMaskedAsTheTextWouldBe() {
    MaskKey key = MaskKey.of(new byte[32]);
    String viaText = Pg.newDatabase();
    String viaBinary = Pg.newDatabase();
    java.util.Set<String> binary = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (Database src = Pg.open(source); ShareServer s = share(src, key)) {
      for (String target : List.of(viaText, viaBinary)) {
        boolean asBinary = target.equals(viaBinary);
        try (SyncClient c = SyncClient.connect("ws://127.0.0.1:" + s.port(), s.newCode(),
            ConnectOptions.defaults()); Database to = Pg.open(target)) {
          c.getSchema("users");
          assertTrue(c.canCopyBinary("users"), "a masked table may travel as binary");
          if (asBinary) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            assertEquals(USERS + 1, c.copyBinary("users", null, null,
                (b, off, n) -> bytes.write(b, off, n)));
            String seen = bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String original : List.of("corp.example", "Name Number", "+44 20 7946")) {
              assertFalse(seen.contains(original), original + " left the sender");
            }
            assertTrue(seen.contains("@example.com") && seen.contains("Leeds"));
          }
          java.util.Set<String> called = asBinary ? binary
              : java.util.concurrent.ConcurrentHashMap.newKeySet();
          TransferReport r = new dev.dbsync.engine.transfer.TransferRunner(
              WatchedSource.of(c, called, asBinary), to, TransferOptions.defaults(), null).run();
          assertTrue(r.succeeded(), r::toString);
        }
      }
    }
    assertTrue(binary.contains("copyBinary:users") && binary.contains("copyBinary:orders")
        && !binary.contains("copy:users"), binary::toString);
    for (String table : List.of("users", "orders")) {
      assertEquals(Pg.query(viaText, "SELECT * FROM " + table + " ORDER BY id"),
          Pg.query(viaBinary, "SELECT * FROM " + table + " ORDER BY id"), table);
    }
    assertEquals("[[0]]", Pg.query(viaBinary, "SELECT count(*) FROM users WHERE email LIKE "
        + "'%corp.example' OR name LIKE 'Name Number%' OR phone LIKE '+44 20 7946%'")
        .toString());
  }

  /** A masked column that is not text (a shifted date) keeps its table to COPY text. */
  @Test
  void aMaskedColumnThatIsNotTextKeepsItsTableToText() {
    MaskKey key = MaskKey.of(new byte[32]);
    String target = Pg.newDatabase();
    java.util.Set<String> called = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (Database src = Pg.open(source); Database to = Pg.open(target);
         ShareServer s = new ShareServer(src, ShareOptions.defaults().withBind("127.0.0.1", 0)
             .withMode(IncomingMode.AUTO_ACCEPT, null).withMasking(new Masking(MaskRules.parse(
                 List.of("orders.placed=date-shift:30", "orders.user_email=email",
                     "users.email=email"), null), key)), null)) {
      s.start();
      try (SyncClient c = SyncClient.connect("ws://127.0.0.1:" + s.port(), s.currentCode(),
          ConnectOptions.defaults())) {
        c.getSchema("orders");
        long[] bytes = {0};
        // asked anyway (a peer that does not look): refused before a byte, in its own words
        assertThrows(dev.dbsync.engine.BinaryCopyRefused.class, () -> c.copyBinary("orders",
            null, null, (b, off, n) -> bytes[0] += n));
        assertEquals(0, bytes[0]);
        TransferReport r = new dev.dbsync.engine.transfer.TransferRunner(
            WatchedSource.of(c, called), to, TransferOptions.defaults(), null).run();
        assertTrue(r.succeeded(), r::toString);
      }
    }
    assertTrue(called.contains("copyBinary:users") && called.contains("copy:orders")
        && !called.contains("copyBinary:orders"), called::toString);
    assertEquals("[[0]]", Pg.query(target, "SELECT count(*) FROM orders o JOIN users u ON "
        + "u.email = o.user_email WHERE o.user_email LIKE '%corp.example'").toString());
    assertEquals("[[5000]]", Pg.query(target, "SELECT count(*) FROM orders o JOIN users u ON "
        + "u.email = o.user_email").toString(), "every order joins");
  }

  @Test
  void aRepeatableRuleOnAUniqueColumnFailsThatTableRatherThanDuplicating() {
    MaskKey key = MaskKey.of(new byte[32]);
    String target = Pg.newDatabase();
    try (Database src = Pg.open(source); Database to = Pg.open(target);
         ShareServer s = new ShareServer(src, ShareOptions.defaults().withBind("127.0.0.1", 0)
             .withMode(IncomingMode.AUTO_ACCEPT, null).withMasking(new Masking(MaskRules.parse(
                 List.of("users.email=constant:x@example.com"), null), key)), null)) {
      s.start();
      try (SyncClient c = SyncClient.connect("ws://127.0.0.1:" + s.port(), s.currentCode(),
          ConnectOptions.defaults())) {
        TableOutcome users = c.transferAll(to, TransferOptions.defaults()
            .withTables(List.of("users")), null).tables().get(0);
        assertEquals(TableOutcome.Status.FAILED, users.status());
        assertTrue(users.error().contains("is unique"), users.error());
      }
    }
  }

  @Test
  void rulesAreCheckedAgainstTheSchemaBeforeSharing() {
    try (Database src = Pg.open(source); var r = src.openReader()) {
      MaskRules.Check bad = MaskRules.parse(List.of("users.emial=email", "nobody.x=hash",
          "users.id=email", "users.email=null"), null).check(r);
      assertEquals(4, bad.errors().size(), bad.errors().toString());
      assertTrue(bad.errors().toString().contains("users has no column 'emial'"));
      assertTrue(bad.errors().toString().contains("no shared table is called 'nobody'"));
      assertTrue(bad.errors().toString().contains("email needs a text column, not integer"));
      assertTrue(bad.errors().toString().contains("NOT NULL"));
      MaskRules.Check half = MaskRules.parse(List.of("users.email=email"), null).check(r);
      assertTrue(half.ok());
      assertTrue(half.warnings().toString().contains("orders.user_email references it "
          + "unmasked"), half.warnings().toString());
    }
  }

  @Test
  void aMaskFileNamesTheLineAtFault() throws Exception {
    Path f = dir.resolve("masks.txt");
    java.nio.file.Files.writeString(f, "# our masks\nusers.email = email\n\nusers.phone=phon\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaskRules.parse(List.of(), f));
    assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("'phon'"),
        e.getMessage());
  }
}

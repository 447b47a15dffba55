package dev.dbsync.engine.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.support.RawClient;
import dev.dbsync.support.Sample;
import dev.dbsync.support.Sharing;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sends the exact frames of the contract and checks the exact replies. */
class BaseLayerConformanceTest {
  @TempDir
  Path dir;
  Database db;
  ShareServer server;
  RawClient raw;
  String code;
  String topic;

  @BeforeEach
  void start() throws Exception {
    db = Sample.open(Sample.create(dir.resolve("s.db"), 5));
    server = Sharing.start(db);
    code = server.currentCode();
    topic = "transfer:" + code;
    raw = RawClient.open(Sharing.wsUrl(server, code));
  }

  @AfterEach
  void stop() {
    raw.close();
    server.close();
    db.close();
  }

  JsonNode send(String frame) throws Exception {
    raw.send(frame);
    return WireValues.JSON.readTree(raw.next());
  }

  void join() throws Exception {
    assertEquals("[null,\"1\",\"" + topic + "\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
        sendRaw("[null,\"1\",\"" + topic + "\",\"phx_join\",{\"receiver_info\":{\"site_url\":"
            + "\"https://example.test\",\"project_title\":\"T\",\"user_email\":\"a@b.c\","
            + "\"user_name\":\"Ann\"}}]"));
  }

  String sendRaw(String frame) throws Exception {
    raw.send(frame);
    return raw.next();
  }

  @Test
  void joinRepliesOkWithAnEmptyResponse() throws Exception {
    join();
  }

  @Test
  void joinOnAnotherTopicIsACodeMismatch() throws Exception {
    assertEquals("[null,\"1\",\"transfer:WRONG234\",\"phx_reply\",{\"status\":\"error\","
        + "\"response\":{\"reason\":\"code_mismatch\"}}]",
        sendRaw("[null,\"1\",\"transfer:WRONG234\",\"phx_join\",{}]"));
  }

  @Test
  void heartbeatIsRepliedOnThePhoenixTopicWithTheSameRef() throws Exception {
    assertEquals("[null,\"7\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
        sendRaw("[null,\"7\",\"phoenix\",\"heartbeat\",{}]"));
  }

  @Test
  void capabilitiesListTheBaseFeaturesAndOurs() throws Exception {
    join();
    JsonNode f = send("[null,\"2\",\"" + topic + "\",\"request:capabilities\",{\"ref\":\"2\"}]");
    assertEquals("null", f.get(0).toString());
    assertEquals("null", f.get(1).toString());
    assertEquals(topic, f.get(2).asText());
    assertEquals("response:capabilities", f.get(3).asText());
    assertEquals("2", f.get(4).get("ref").asText());
    String features = f.get(4).get("capabilities").get("features").toString();
    for (String name : new String[] {"list_tables", "get_schema", "fetch_records", "key_paging",
        "stream", "snapshot", "resume", "filters", "approval", "ending"}) {
      assertTrue(features.contains("\"" + name + "\""), name);
    }
    assertTrue(f.get(4).get("capabilities").get("version").isTextual());
  }

  @Test
  void tablesListNameAndEstimatedCount() throws Exception {
    join();
    JsonNode f = send("[null,\"3\",\"" + topic + "\",\"request:tables\",{\"ref\":\"3\"}]");
    assertEquals("response:tables", f.get(3).asText());
    JsonNode tables = f.get(4).get("tables");
    assertEquals(2, tables.size());
    assertEquals("authors", tables.get(0).get("name").asText());
    assertEquals(3, tables.get(0).get("estimated_count").asLong());
    assertEquals("books", tables.get(1).get("name").asText());
    assertEquals(5, tables.get(1).get("estimated_count").asLong());
  }

  @Test
  void schemaDescribesEveryColumnWithTheContractFields() throws Exception {
    join();
    JsonNode f = send("[null,\"4\",\"" + topic + "\",\"request:schema\","
        + "{\"table\":\"books\",\"ref\":\"4\"}]");
    assertEquals("response:schema", f.get(3).asText());
    JsonNode s = f.get(4).get("schema");
    assertEquals("books", s.get("table").asText());
    assertEquals("[\"id\"]", s.get("primary_key").toString());
    JsonNode id = s.get("columns").get(0);
    for (String field : new String[] {"name", "type", "nullable", "primary_key"}) {
      assertTrue(id.has(field), field);
    }
    assertEquals("bigint", id.get("type").asText());
    assertTrue(id.get("primary_key").asBoolean());
    JsonNode price = s.get("columns").get(3);
    assertEquals("numeric", price.get("type").asText());
    assertEquals(10, price.get("precision").asInt());
    assertEquals(2, price.get("scale").asInt());
  }

  @Test
  void countAnswersExactly() throws Exception {
    join();
    assertEquals("[null,null,\"" + topic + "\",\"response:count\",{\"count\":5,\"ref\":\"5\"}]",
        sendRaw("[null,\"5\",\"" + topic + "\",\"request:count\","
            + "{\"table\":\"books\",\"ref\":\"5\"}]"));
  }

  @Test
  void recordsPageInKeyOrderWithHasMore() throws Exception {
    join();
    JsonNode f = send("[null,\"6\",\"" + topic + "\",\"request:records\","
        + "{\"table\":\"books\",\"offset\":1,\"limit\":2,\"ref\":\"6\"}]");
    assertEquals("response:records", f.get(3).asText());
    JsonNode p = f.get(4);
    assertEquals(1, p.get("offset").asInt());
    assertTrue(p.get("has_more").asBoolean());
    assertEquals("6", p.get("ref").asText());
    assertEquals("{\"id\":2,\"author_id\":3,\"title\":\"Book 2\",\"price\":\"2.99\"}",
        p.get("records").get(0).toString());
    assertEquals(3, p.get("records").get(1).get("id").asInt());
  }

  @Test
  void recordsDefaultToOffsetZeroAndCapTheLimitAtAThousand() throws Exception {
    join();
    JsonNode f = send("[null,\"8\",\"" + topic + "\",\"request:records\","
        + "{\"table\":\"books\",\"limit\":5000,\"ref\":\"8\"}]");
    JsonNode p = f.get(4);
    assertEquals(0, p.get("offset").asInt());
    assertEquals(5, p.get("records").size());
    assertEquals(false, p.get("has_more").asBoolean());
  }

  @Test
  void streamPushesTextBatchesUnderCreditAndEnds() throws Exception {
    join();
    raw.send("[null,\"10\",\"" + topic + "\",\"request:stream\",{\"table\":\"books\","
        + "\"batch_size\":2,\"ref\":\"10\"}]");
    JsonNode b1 = WireValues.JSON.readTree(raw.next());
    assertEquals("stream:batch", b1.get(3).asText());
    assertEquals(1, b1.get(4).get("seq").asInt());
    assertEquals("[2]", b1.get(4).get("last_key").toString());
    for (int seq = 2; seq <= 3; seq++) {
      JsonNode b = WireValues.JSON.readTree(raw.next());
      assertEquals(seq, b.get(4).get("seq").asInt());
      raw.send("[null,\"a\",\"" + topic + "\",\"stream:ack\",{\"ref\":\"10\",\"seq\":"
          + seq + "}]");
    }
    JsonNode end = WireValues.JSON.readTree(raw.next());
    assertEquals("stream:end", end.get(3).asText());
    assertEquals(5, end.get(4).get("rows").asInt());
    assertEquals("[5]", end.get(4).get("last_key").toString());
  }

  @Test
  void binaryTravelsAsTheTaggedBase64Object() throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
         var s = c.createStatement()) {
      s.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
      s.execute("INSERT INTO blobs VALUES (1, x'00ff')");
    }
    join();
    JsonNode f = send("[null,\"9\",\"" + topic + "\",\"request:records\","
        + "{\"table\":\"blobs\",\"ref\":\"9\"}]");
    assertEquals("{\"id\":1,\"data\":{\"__phoenix_kit_binary__\":\"AP8=\"}}",
        f.get(4).get("records").get(0).toString());
  }
}

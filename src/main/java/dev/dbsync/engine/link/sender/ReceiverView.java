package dev.dbsync.engine.link.sender;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A connected receiver as the sender's user sees it.
 *
 * @param info what the receiver said of itself (site_url, project_title, user_name, ...)
 * @param table the table it reads now, or null
 */
public record ReceiverView(String id, String address, String code, JsonNode info, Instant since,
    String status, String table, long rowsSent, long rowsExpected) {

  public String displayName() {
    if (info != null) {
      for (String k : new String[] {"user_name", "user_email", "project_title", "site_url"}) {
        JsonNode v = info.get(k);
        if (v != null && v.isTextual() && !v.asText().isBlank()) {
          return v.asText();
        }
      }
    }
    return address;
  }
}

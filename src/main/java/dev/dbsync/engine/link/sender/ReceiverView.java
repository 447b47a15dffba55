package dev.dbsync.engine.link.sender;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A connected receiver as the sender's user sees it.
 *
 * @param info what the receiver said of itself (site_url, project_title, user_name, ...)
 * @param code the one-time code it came with, or null on a permanent connection
 * @param table the table it reads now, or null
 * @param connection the permanent connection it came on, or null for a one-time code
 * @param transferId the approved transfer its current read carries on, or null
 * @param bytesSent what was sent to it so far, frames and chunks (its whole session)
 * @param bytesSentHere what the thread that made this view sent it so far: a read's own
 *     frames (a read runs on one thread), while other tables go out on other lanes
 */
public record ReceiverView(String id, String address, String code, JsonNode info, Instant since,
    String status, String table, long rowsSent, long rowsExpected, String connection,
    Long transferId, long bytesSent, long bytesSentHere) {

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

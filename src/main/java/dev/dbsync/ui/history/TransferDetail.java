package dev.dbsync.ui.history;

import dev.dbsync.engine.history.AuditEntry;
import dev.dbsync.engine.history.TransferRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Every field of one recorded transfer, and its audit trail, as text to read or copy. */
final class TransferDetail {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
      "yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private TransferDetail() {}

  static String text(TransferRecord r, List<AuditEntry> audit) {
    StringBuilder b = new StringBuilder();
    line(b, r.isCompare() ? "Compare (nothing written)" : "Transfer", "#" + r.id() + " · "
        + r.direction() + " · " + r.table());
    line(b, "Found", found(r.comparedJson()));
    line(b, "Status", r.status().wireName());
    line(b, "Error", r.error());
    line(b, "Strategy", r.strategy());
    line(b, "Connection", r.connectionName());
    line(b, "One-time code", r.sessionCode());
    line(b, "Remote address", r.remoteAddress());
    line(b, "Local database", r.localDatabase());
    line(b, "Requester", r.clientName() == null ? r.requesterAddress()
        : r.clientName() + " (" + r.requesterAddress() + ")");
    line(b, "Initiated by", r.initiatedBy());
    line(b, "Records requested", r.requested() == null ? null : r.requested().toString());
    line(b, "Transferred", Long.toString(r.transferred()));
    line(b, "Created / updated", r.created() + " / " + r.updated());
    line(b, "Skipped / failed", r.skipped() + " / " + r.failed());
    if (r.deleted() > 0) {
      line(b, "Deleted (mirror)", Long.toString(r.deleted()));
    }
    line(b, "Bytes", Long.toString(r.bytes()));
    line(b, "Created at", time(r.createdAt()));
    line(b, "Started", time(r.startedAt()));
    line(b, "Finished", time(r.finishedAt()));
    line(b, "Requires approval", r.requiresApproval() ? "yes" : "no");
    line(b, "Approved", r.approvedAt() == null ? null : time(r.approvedAt()) + " by "
        + r.approvedBy());
    line(b, "Denied", r.deniedAt() == null ? null : time(r.deniedAt()) + " by " + r.deniedBy()
        + (r.denialReason() == null ? "" : ": " + r.denialReason()));
    line(b, "Approval expires", time(r.approvalExpiresAt()));
    if (!audit.isEmpty()) {
      b.append("\nChanges\n");
      for (AuditEntry a : audit) {
        b.append("  ").append(time(a.at())).append("  ").append(a.action())
            .append(a.actor() == null ? "" : " · " + a.actor())
            .append(a.detail() == null ? "" : " · " + a.detail()).append('\n');
      }
    }
    return b.toString();
  }

  private static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  /** "2 new, 3 changed, 993 identical, 4 only in the target", from a compare's summary. */
  static String found(String json) {
    if (json == null) {
      return null;
    }
    try {
      var n = dev.dbsync.engine.db.WireValues.JSON.readTree(json);
      return n.path("new").asLong() + " new, " + n.path("changed").asLong() + " changed, "
          + n.path("identical").asLong() + " identical, " + n.path("only_target").asLong()
          + " only in the target";
    } catch (java.io.IOException e) {
      return json;
    }
  }

  private static void line(StringBuilder b, String name, String value) {
    if (value != null && !value.isBlank()) {
      b.append(String.format("%-19s %s%n", name, value));
    }
  }
}

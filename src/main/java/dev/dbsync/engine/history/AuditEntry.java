package dev.dbsync.engine.history;

import java.time.Instant;

/** One change to a transfer (or, later, a connection): when, what, who, and why. */
public record AuditEntry(Instant at, String subject, long subjectId, String action, String actor,
    String detail) {}

package dev.dbsync.engine.connections;

import java.time.Instant;

/** A permanent connection as the sender keeps it (the token only as its hash). */
public record Connection(long id, String name, ConnectionStatus status,
    ConnectionSettings settings, boolean hasPassword, long downloads, long recordsTotal,
    Instant createdAt, Instant updatedAt, Instant lastUsedAt) {}

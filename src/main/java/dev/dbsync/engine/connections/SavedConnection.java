package dev.dbsync.engine.connections;

import java.time.Instant;

/**
 * A permanent connection this computer pulls with, as the receiver keeps it (the token and
 * password stay sealed in the store; {@link SavedConnections#token} opens them).
 *
 * @param remoteName the sender's name for it (what its join reply said), or null
 * @param status what this side last learnt: active, suspended, revoked, expired, or gone
 *     (the sender no longer knows the token: deleted, or given a new one)
 */
public record SavedConnection(long id, String name, String address, String fingerprint,
    String remoteName, String status, String statusReason, boolean hasPassword,
    Instant createdAt, Instant updatedAt, Instant lastConnectedAt) {}

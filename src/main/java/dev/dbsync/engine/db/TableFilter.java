package dev.dbsync.engine.db;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which tables may be listed and served. Some tables are never shared (system catalogs, job
 * queues, migrations, DB Sync's own history, anything that looks like a secret store); the
 * user can narrow the rest with an allow list and an exclude list.
 */
public final class TableFilter {
  /** Prefix of DB Sync's own bookkeeping tables. */
  public static final String OWN_PREFIX = "dbsync_";

  private static final Set<String> FIXED = Set.of("schema_migrations", "oban_jobs", "oban_peers",
      "oban_producers", "phoenix_kit_user_tokens", "sessions", "ar_internal_metadata",
      "flyway_schema_history", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4");

  private final Set<String> allow;
  private final Set<String> exclude;

  public TableFilter(List<String> allow, List<String> exclude) {
    this.allow = allow == null ? Set.of() : Set.copyOf(allow);
    this.exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
  }

  public static TableFilter defaults() {
    return new TableFilter(List.of(), List.of());
  }

  /** Why a table is never shared, whatever the user chose; empty for an ordinary table. */
  public static Optional<String> protectedReason(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("pg_") || n.startsWith("sqlite_")) {
      return Optional.of("system table");
    }
    if (n.startsWith(OWN_PREFIX)) {
      return Optional.of("DB Sync's own history");
    }
    if (n.startsWith("oban_")) {
      return Optional.of("job queue");
    }
    if (n.endsWith("_tokens") || n.endsWith("_secrets") || n.endsWith("_sessions")
        || n.equals("sessions") || n.equals("phoenix_kit_user_tokens")) {
      return Optional.of("may hold secrets (tokens, sessions)");
    }
    if (FIXED.contains(n)) {
      return Optional.of("migration or framework bookkeeping");
    }
    return Optional.empty();
  }

  /** Why this table is not shared (protected, or left out by the user); empty if it is. */
  public Optional<String> exclusionReason(String name) {
    Optional<String> p = protectedReason(name);
    if (p.isPresent()) {
      return p;
    }
    if (exclude.contains(name)) {
      return Optional.of("excluded by you");
    }
    if (!allow.isEmpty() && !allow.contains(name)) {
      return Optional.of("not in the list of shared tables");
    }
    return Optional.empty();
  }

  public boolean isShared(String name) {
    return exclusionReason(name).isEmpty();
  }
}

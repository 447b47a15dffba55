package dev.dbsync.engine.workspace;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbsync.engine.db.DatabaseLocator;
import java.nio.file.Path;

/**
 * A database the user saved by name. A PostgreSQL entry keeps its password only sealed
 * ({@link SecretBox}); a SQLite entry is a file.
 *
 * @param sslMode PostgreSQL's sslmode (disable, allow, prefer, require, verify-ca, verify-full)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedDatabase(String id, String name, DatabaseLocator.Kind kind, String host,
    Integer port, String database, String user, @JsonProperty("ssl_mode") String sslMode,
    @JsonProperty("sealed_password") String sealedPassword, String file) {

  public static final String WORKSPACE_ID = "workspace";
  public static final String[] SSL_MODES =
      {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};

  public static SavedDatabase postgres(String name, String host, int port, String database,
      String user, String sslMode) {
    return new SavedDatabase(null, name, DatabaseLocator.Kind.POSTGRESQL, host, port, database,
        user, sslMode, null, null);
  }

  public static SavedDatabase sqlite(String name, Path file) {
    return new SavedDatabase(null, name, DatabaseLocator.Kind.SQLITE, null, null, null, null,
        null, null, file.toAbsolutePath().toString());
  }

  SavedDatabase withIdAndSecret(String newId, String sealed) {
    return new SavedDatabase(newId, name, kind, host, port, database, user, sslMode, sealed,
        file);
  }

  @JsonIgnore
  public boolean isWorkspace() {
    return WORKSPACE_ID.equals(id);
  }

  /** Where the database is, without its password (see {@link SavedDatabases#locator}). */
  @JsonIgnore
  public String summary() {
    if (kind == DatabaseLocator.Kind.SQLITE) {
      return "SQLite · " + file;
    }
    return "PostgreSQL · " + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return name;
  }
}

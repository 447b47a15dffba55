package dev.dbsync.engine.db;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** "Test connection": tries a database and says in plain words what happened. */
public final class ConnectionCheck {
  private ConnectionCheck() {}

  /** What a test found: whether it worked and a sentence for the user. */
  public record Result(boolean ok, String message) {}

  public static Result test(DatabaseLocator locator) {
    if (locator.kind() == DatabaseLocator.Kind.SQLITE) {
      if (!Files.exists(locator.sqliteFile())) {
        return new Result(false, "There is no file at " + locator.sqliteFile()
            + ". As a target it will be created; as a source pick an existing file.");
      }
    }
    Properties p = new Properties();
    if (locator.user() != null) {
      p.setProperty("user", locator.user());
    }
    if (locator.password() != null) {
      p.setProperty("password", locator.password());
    }
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    try (Connection c = DriverManager.getConnection(locator.jdbcUrl(), p)) {
      var meta = c.getMetaData();
      try (Database db = JdbcDatabase.open(locator, TableFilter.defaults(), false)) {
        int tables = db.listTables().size();
        return new Result(true, "Connected to " + meta.getDatabaseProductName() + " "
            + meta.getDatabaseProductVersion() + ": " + tables + (tables == 1 ? " table" : " tables")
            + " can be shared.");
      }
    } catch (SQLException e) {
      return new Result(false, explain(locator, e));
    } catch (RuntimeException e) {
      return new Result(false, e.getMessage());
    }
  }

  static String explain(DatabaseLocator locator, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Throwable cause = e.getCause();
    if (state.equals("28P01") || state.equals("28000")) {
      return "The server refused the user name or password. Check both and try again.";
    }
    if (state.equals("3D000")) {
      return "The server answered, but that database does not exist. Check its name.";
    }
    if (cause instanceof UnknownHostException) {
      return "The host name could not be found. Check the spelling of the host.";
    }
    if (cause instanceof ConnectException || state.equals("08001")) {
      String text = e.getMessage() == null ? "" : e.getMessage();
      if (text.contains("SSL")) {
        return "The server does not accept an SSL connection with this SSL mode. Try another "
            + "SSL mode (" + text + ").";
      }
      return "No PostgreSQL server answered at that host and port. Check them, and that the "
          + "server accepts network connections.";
    }
    return "The connection failed: " + Errors.describe(e);
  }
}

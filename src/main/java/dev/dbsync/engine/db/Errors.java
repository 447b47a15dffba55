package dev.dbsync.engine.db;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns driver exceptions into one readable line. */
public final class Errors {
  private Errors() {}

  public static String describe(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage m = p.getServerErrorMessage();
      String text = m.getMessage();
      if (m.getDetail() != null) {
        text += " (" + m.getDetail() + ")";
      }
      return text;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return "the database server did not answer for " + PostgresDatabase.WRITE_ANSWER_SECONDS
            + " s (is it running? does another session hold a lock on the table?)";
      }
      if (t instanceof java.io.EOFException || t instanceof java.net.SocketException) {
        return "the connection to the database server was lost (" + t.getMessage() + ")";
      }
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "").replaceAll("\\s+", " ").trim();
  }

  /** True for a foreign key violation: worth retrying once the parent rows are in. */
  public static boolean isForeignKeyViolation(SQLException e) {
    return "23503".equals(e.getSQLState())
        || (e.getMessage() != null && e.getMessage().contains("FOREIGN KEY constraint failed"));
  }
}

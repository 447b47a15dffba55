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
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "").replaceAll("\\s+", " ").trim();
  }

  /** True for a foreign key violation: worth retrying once the parent rows are in. */
  public static boolean isForeignKeyViolation(SQLException e) {
    return "23503".equals(e.getSQLState())
        || (e.getMessage() != null && e.getMessage().contains("FOREIGN KEY constraint failed"));
  }
}

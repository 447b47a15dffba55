package dev.dbsync.engine.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Rows read from a result set written as PostgreSQL's binary COPY (header, one tuple per row,
 * trailer) into a buffer the reader empties into its stream.
 */
interface BinaryTuples {

  /** Writes the row the result set is on as one tuple. */
  void tuple(ResultSet rs) throws SQLException;

  /** Writes the trailer: the stream ends after it. */
  void end();

  byte[] bytes();

  int length();

  /** Empties the buffer (its bytes were written out). */
  void reset();
}

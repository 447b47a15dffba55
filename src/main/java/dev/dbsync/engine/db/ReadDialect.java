package dev.dbsync.engine.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** What a {@link JdbcReader} asks of the database it reads. */
interface ReadDialect {

  /** Opens a connection in a read-only transaction that sees one snapshot. */
  Connection openSnapshot() throws SQLException;

  /**
   * Opens a connection in a read-only transaction that sees the snapshot another reader
   * exported ({@link TableReader#exportSnapshot}).
   */
  Connection joinSnapshot(String exported) throws SQLException;

  /** What was read in an exported snapshot, for a reader that joins it. */
  SnapshotCatalog snapshotCatalog(String exported);

  /** Keeps {@code known} for the readers that join snapshot {@code exported}. */
  void shareCatalog(String exported, SnapshotCatalog known);

  /** The exporting reader closed: nobody joins that snapshot any more. */
  void unshareCatalog(String exported);

  List<String> tableNames(Connection c) throws SQLException;

  LocalTable table(Connection c, String name) throws SQLException;

  /** Several tables as the catalog describes them now; one that is not there is left out. */
  java.util.Map<String, LocalTable> tables(Connection c, List<String> names)
      throws SQLException;

  List<TableInfo> describeTables(Connection c, List<String> names) throws SQLException;

  /** The select-list expression that reads a column in the form {@link #read} expects. */
  String selectExpr(ColumnInfo column);

  JsonNode read(ResultSet rs, int index, ColumnInfo column) throws SQLException;

  /** Writes a column's value as COPY text; by default through its wire value. */
  default void copyValue(ResultSet rs, int index, ColumnInfo column, ValueKind kind,
      CopyText out) throws SQLException {
    out.value(read(rs, index, column), kind);
  }

  /**
   * Writes rows of these columns as PostgreSQL's binary COPY, where this database can without
   * PostgreSQL's own COPY (SQLite: {@link SqliteBinaryCopy}); null where it cannot. Refuses
   * ({@link dev.dbsync.engine.BinaryCopyRefused}) columns it does not write.
   */
  default BinaryTuples binaryTuples(String table, List<ColumnInfo> columns) {
    return null;
  }

  /**
   * A value compared with a column, with a cast if needed: {@code value} is the placeholder
   * {@code ?} or a literal already escaped.
   */
  String param(LocalTable table, String column, String value);

  void bind(PreparedStatement ps, int index, JsonNode value, LocalTable table, String column)
      throws SQLException;

  /**
   * How a filter compares a column with a value: {@code expr} wraps the quoted column and a
   * placeholder alike (the identity by default; SQLite compares timestamps as instants, since
   * it keeps them as text in more than one form).
   */
  default String compared(LocalTable table, String column, String expr) {
    return expr;
  }

  /**
   * A condition that holds for a row whose value of this whole-number column is not stored as
   * a whole number, or null where the column's type rules that out.
   */
  default String notWholeNumber(String quotedColumn) {
    return null;
  }

  /** The stable row order of a table without a primary key. */
  String physicalOrder();

  /** The number of rows to fetch at a time so that a large read streams. */
  default int fetchSize() {
    return 1000;
  }
}

package dev.dbsync.engine.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.RowFilter;
import dev.dbsync.engine.model.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What --where accepts, how its values are typed, and what it refuses. */
class ClauseTest {
  static ColumnInfo col(String name, String type) {
    return new ColumnInfo(name, type, true, false, null, null, null, null, null, null, null);
  }

  static final TableSchema ORDERS = new TableSchema("orders", "public", List.of(
      col("id", "bigint"), col("created_at", "timestamp without time zone"),
      col("status", "text"), col("total", "numeric"), col("paid", "boolean"),
      col("ref", "uuid"), col("meta", "jsonb")), List.of("id"), List.of(), List.of());

  static List<RowFilter> filters(String where) {
    Condition c = Condition.parse(where);
    return Values.filters(ORDERS, c.clauses(), Map.of());
  }

  @Test
  void clausesJoinedByAndBecomeTypedFilters() {
    List<RowFilter> f = filters("orders:created_at >= 2026-11-01 and status in (paid, "
        + "'it''s, odd') AND total < 12.50 and ref is not null and paid = true");
    assertEquals(5, f.size());
    assertEquals("2026-11-01T00:00:00", f.get(0).value().asText());
    assertEquals(RowFilter.Op.IN, f.get(1).op());
    assertEquals("it's, odd", f.get(1).value().get(1).asText());
    assertTrue(f.get(2).value().isBigDecimal());
    assertEquals(RowFilter.Op.NOT_NULL, f.get(3).op());
    assertTrue(f.get(4).value().booleanValue());
  }

  @Test
  void aQuotedValueMayHoldTheWordAnd() {
    List<RowFilter> f = filters("orders:status = 'paid and shipped'");
    assertEquals("paid and shipped", f.get(0).value().asText());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "orders:created_at >= yesterday-ish|orders.created_at: 'yesterday-ish' is not a timestamp",
      "orders:id = 12x|orders.id: '12x' is not a whole number",
      "orders:colour = red|no column 'colour'",
      "orders:total like 1%|'like' compares text",
      "orders:meta = x|does not apply to a jsonb column",
      "orders:paid < true|does not apply to a boolean column",
      "orders:ref = 42|orders.ref: '42' is not a uuid",
      "orders:id ~ 3|No operator",
      "orders:paid at >= 2024-01-01|double quotes around a column name with spaces or other "
          + "signs (\"paid at\" = ...)",
      "orders:status not like x|is not supported",
      "orders id = 3|TABLE:CONDITION"})
  void badConditionsNameTheTableTheColumnAndTheValue(String where, String says) {
    String m = assertThrows(IllegalArgumentException.class, () -> filters(where)).getMessage();
    assertTrue(m.contains(says), m);
  }

  @Test
  void aMaskedColumnCannotBeFilteredOn() {
    Condition c = Condition.parse("orders:status = paid");
    String m = assertThrows(SubsetException.class, () -> Values.filters(ORDERS, c.clauses(),
        Map.of("status", "hash"))).getMessage();
    assertTrue(m.contains("orders.status") && m.contains("masked"), m);
  }

  @Test
  void aClauseReadsBackAsItWasMeant() {
    assertEquals("status in (paid, 'it''s')", Clause.parse("status in (paid, 'it''s')")
        .toString());
    assertEquals("total >= 12.5", Clause.parse("total>=12.5").toString());
    assertEquals("ref is null", Clause.parse("ref IS NULL").toString());
  }
}

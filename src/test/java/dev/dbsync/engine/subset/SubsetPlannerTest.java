package dev.dbsync.engine.subset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ForeignKey;
import dev.dbsync.engine.model.TableSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan from made-up schemas: no database, no rows. */
class SubsetPlannerTest {
  final Map<String, TableSchema> tables = new LinkedHashMap<>();

  void table(String name, String key, String... fks) {
    List<ColumnInfo> cols = new java.util.ArrayList<>();
    cols.add(new ColumnInfo(key, "bigint", false, true, null, null, null, null, "int8", null,
        null));
    cols.add(new ColumnInfo("created_at", "date", false, false, null, null, null, null, "date",
        null, null));
    List<ForeignKey> keys = new java.util.ArrayList<>();
    for (String fk : fks) {
      String[] p = fk.split("->");
      cols.add(new ColumnInfo(p[0], "bigint", true, false, null, null, null, null, "int8", null,
          null));
      keys.add(new ForeignKey(name + "_" + p[0], List.of(p[0]), p[1], List.of("id")));
    }
    tables.put(name, new TableSchema(name, "public", cols, List.of(key), List.of(), keys));
  }

  SubsetPlanner.Catalog catalog(String... unshared) {
    Set<String> hidden = Set.of(unshared);
    return new SubsetPlanner.Catalog() {
      @Override
      public boolean isShared(String table) {
        return tables.containsKey(table) && !hidden.contains(table);
      }

      @Override
      public TableSchema schema(String table) {
        return tables.get(table);
      }

      @Override
      public Map<String, String> masked(String table) {
        return Map.of();
      }
    };
  }

  void shop() {
    table("customers", "id");
    table("products", "id");
    table("orders", "id", "customer_id->customers");
    table("order_items", "id", "order_id->orders", "product_id->products");
    table("reviews", "id", "product_id->products", "customer_id->customers");
  }

  static SubsetSpec where(String... w) {
    return SubsetSpec.parse(Arrays.asList(w), null, null, null, true);
  }

  @Test
  void aFilteredRootNarrowsItsChosenChildrenAndBringsItsParents() {
    shop();
    SubsetPlan p = SubsetPlanner.plan(catalog(), List.of("orders", "order_items"),
        where("orders:created_at >= 2026-11-01"));
    assertEquals(List.of("customers", "products"), p.added().stream().sorted().toList());
    assertFalse(p.tables().containsKey("reviews"));
    assertEquals(1, p.tables().get("orders").filters().size());
    assertEquals("orders", p.tables().get("order_items").down().get(0).refTable());
    assertFalse(p.tables().get("order_items").whole());
    List<String> o = p.order();
    assertTrue(o.indexOf("customers") < o.indexOf("orders")
        && o.indexOf("orders") < o.indexOf("order_items")
        && o.indexOf("products") < o.indexOf("order_items"), o.toString());
  }

  @Test
  void wholeTablesWithTheirParentsChosenNeedNoRowDecisions() {
    shop();
    SubsetPlan p = SubsetPlanner.plan(catalog(), List.copyOf(tables.keySet()),
        SubsetSpec.none());
    assertTrue(p.allWhole());
    assertTrue(p.added().isEmpty());
  }

  @Test
  void aWholeChildWithoutItsParentBringsOnlyTheReferencedParents() {
    shop();
    SubsetPlan p = SubsetPlanner.plan(catalog(), List.of("order_items"), SubsetSpec.none());
    assertTrue(p.tables().get("order_items").whole());
    assertEquals(2, p.tables().get("order_items").up().size());
    assertEquals(Set.of("orders", "products", "customers"), Set.copyOf(p.added()));
  }

  @Test
  void aSelfReferenceIsFollowedUpButNeverDown() {
    table("employees", "id", "manager_id->employees");
    SubsetPlan p = SubsetPlanner.plan(catalog(), List.of("employees"),
        where("employees:id = 5"));
    SubsetPlan.Part e = p.tables().get("employees");
    assertTrue(e.down().isEmpty());
    assertEquals("employees", e.up().get(0).refTable());
  }

  @Test
  void aCycleIsFollowedDownOnceAndUpBothWays() {
    table("people", "id", "team_id->teams");
    table("teams", "id", "lead_id->people");
    SubsetPlan p = SubsetPlanner.plan(catalog(), List.of("people", "teams"),
        where("people:id = 3"));
    assertEquals(1, p.tables().get("teams").down().size() + p.tables().get("people").down()
        .size());
    assertEquals(1, p.tables().get("people").up().size());
    assertEquals(1, p.tables().get("teams").up().size());
  }

  @Test
  void withoutReferencesNothingIsAddedOrNarrowedButTheNamedTable() {
    shop();
    SubsetPlan p = SubsetPlanner.plan(catalog(), List.of("orders", "order_items"),
        where("orders:created_at >= 2026-11-01").withReferences(false));
    assertTrue(p.added().isEmpty());
    assertTrue(p.tables().get("order_items").whole());
  }

  @Test
  void aReferenceIntoAnUnsharedTableIsRefusedNamingIt() {
    shop();
    String m = assertThrows(SubsetException.class, () -> SubsetPlanner.plan(
        catalog("customers"), List.of("orders"), where("orders:id < 10"))).getMessage();
    assertTrue(m.contains("customers") && m.contains("orders"), m);
    // whole tables leave such parents where they are
    SubsetPlan p = SubsetPlanner.plan(catalog("customers"), List.of("orders"),
        SubsetSpec.none());
    assertTrue(p.allWhole());
  }

  @Test
  void aConditionOnATableNotChosenIsRefused() {
    shop();
    String m = assertThrows(SubsetException.class, () -> SubsetPlanner.plan(catalog(),
        List.of("orders"), where("customers:id = 1"))).getMessage();
    assertTrue(m.contains("customers"), m);
  }
}

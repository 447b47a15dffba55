package dev.dbsync.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** PostgreSQL's timestamp text as the ISO 8601 that travels and that SQLite stores. */
class IsoTimestampTest {
  @Test
  void theSpaceBecomesATAndAnOffsetOfWholeHoursGetsItsMinutes() {
    String[][] cases = {
        {"2024-06-01 10:00:00", "2024-06-01T10:00:00"},
        {"2024-06-01 10:00:00.5+00", "2024-06-01T10:00:00.5+00:00"},
        {"2024-06-01 10:00:00-08", "2024-06-01T10:00:00-08:00"},
        {"2024-06-01 10:00:00.123456+05:30", "2024-06-01T10:00:00.123456+05:30"},
        {"1999-12-31 23:59:59.999999+05", "1999-12-31T23:59:59.999999+05:00"},
        {"0044-03-15 12:00:00 BC", "0044-03-15T12:00:00 BC"},
        {"infinity", "infinity"},
        {"-infinity", "-infinity"},
        {"12345-01-01 00:00:00", "12345-01-01 00:00:00"},
        {"2024-06-01 1", "2024-06-01T1"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], CopyValues.isoTimestamp(c[0]), c[0]);
    }
  }
}

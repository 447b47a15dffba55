package dev.dbsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-table line's numbers read as the Formatter would print them. */
class ProgressPrinterTest {
  @Test
  void rowCountsAreGroupedAsCommaDFormatsThem() {
    long[] edges = {0, 7, 99, 100, 999, 1000, 12_345, 999_999, 1_000_000, 600_000,
        Long.MAX_VALUE, -1, -999, -1000, -1_234_567, Long.MIN_VALUE};
    Random r = new Random(7);
    for (int i = 0; i < edges.length + 2000; i++) {
      long n = i < edges.length ? edges[i] : r.nextLong() >> r.nextInt(64);
      StringBuilder b = new StringBuilder();
      ProgressPrinter.grouped(b, n);
      assertEquals(String.format(Locale.ROOT, "%,d", n), b.toString());
    }
  }

  @Test
  void secondsHaveTwoDecimalsAsPointTwoFFormatsThem() {
    double[] values = {0, 0.004, 0.005, 0.05, 0.1, 0.99, 0.994, 0.996, 1, 9.999, 12.5, 61.07,
        3600.25};
    for (double v : values) {
      StringBuilder b = new StringBuilder();
      ProgressPrinter.hundredths(b, v);
      assertEquals(String.format(Locale.ROOT, "%.2f", v), b.toString(), "" + v);
    }
  }
}

package dev.dbsync.bench;

import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.DatabaseLocator;
import dev.dbsync.engine.db.JdbcDatabase;
import dev.dbsync.engine.db.TableFilter;
import dev.dbsync.engine.link.receiver.ConnectOptions;
import dev.dbsync.engine.link.receiver.SyncClient;
import dev.dbsync.engine.link.sender.IncomingMode;
import dev.dbsync.engine.link.sender.ShareOptions;
import dev.dbsync.engine.link.sender.ShareServer;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.transfer.TransferOptions;
import dev.dbsync.engine.transfer.TransferReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The speed benchmark (docs/performance.md): two real PostgreSQL servers, N rows of a mixed
 * table, our transfers next to their baselines, in the same run.
 * {@code mvn -q -B test-compile exec:java -Pbench -Drows=1000000}
 */
public final class Benchmark {
  static final String DDL = "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, "
      + "note text, price numeric(12,2), created_at timestamptz NOT NULL, active boolean, "
      + "attrs jsonb, ref uuid, score double precision, qty integer)";

  /** The rows of the benchmark table: mixed types, some NULLs, some empty strings. */
  static String fill(int rows) {
    return "INSERT INTO items SELECT g, 'name ' || g, CASE WHEN g % 3 = 0 THEN NULL "
        + "ELSE repeat('x', (g % 40)) END, (g % 100000) / 100.0, "
        + "timestamptz '2024-01-01' + g * interval '1 second', g % 2 = 0, "
        + "jsonb_build_object('k', g, 'tag', 't' || (g % 10)), "
        + "md5(g::text)::uuid, g * 1.5, g % 1000 FROM generate_series(1, " + rows + ") g;"
        + "ANALYZE items";
  }

  record Result(String name, long rows, double seconds, double baseline) {}

  final List<Result> results = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(System.getProperty("rows", "1000000"));
    new Benchmark().run(rows);
  }

  static String url(EmbeddedPostgres pg) {
    return "postgres://postgres@localhost:" + pg.getPort() + "/postgres";
  }

  static void exec(EmbeddedPostgres pg, String sql) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of the first row of a query. */
  static String query(EmbeddedPostgres pg, String sql) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  void run(int rows) throws Exception {
    try (EmbeddedPostgres a = EmbeddedPostgres.builder().start();
         EmbeddedPostgres b = EmbeddedPostgres.builder().start()) {
      System.err.println("loading " + rows + " rows...");
      exec(a, DDL + "; " + fill(rows));
      String only = System.getProperty("only", "");
      boolean pg = only.isEmpty() || only.equals("pg");
      int reps = Integer.getInteger("repeat", 3);
      double copy = 1;
      if (pg) {
        for (int i = 0; i < reps; i++) {
          copy = copyBaseline(a, b, rows);
        }
        for (int i = 0; i < reps; i++) {
          exec(b, "DROP TABLE IF EXISTS items");
          transfer(url(a), url(b), rows, Strategy.SKIP, "link, empty target (skip)", copy);
        }
        double[] zipped = new double[reps];
        for (int i = 0; i < reps; i++) {
          exec(b, "DROP TABLE IF EXISTS items");
          zipped[i] = transfer(url(a), url(b), rows, Strategy.SKIP,
              "link, empty target, compressed link", copy, true);
        }
        compressionFigures(a, median(zipped));
        for (int i = 0; i < reps; i++) {
          transfer(url(a), url(b), rows, Strategy.SKIP, "link, full target (skip)", copy);
        }
        double upsert = 1;
        for (int i = 0; i < reps; i++) {
          upsert = upsertBaseline(a, b, rows);
        }
        for (int i = 0; i < reps; i++) {
          transfer(url(a), url(b), rows, Strategy.OVERWRITE, "link, full target (overwrite)",
              upsert);
        }
        for (int i = 0; i < reps; i++) {
          preview(url(a), rows);
        }
      }
      if (only.isEmpty() || only.equals("mask")) {
        maskCases(a, b, rows, reps);
      }
      exec(b, "DROP TABLE IF EXISTS items");
      if (Boolean.getBoolean("diag")) {
        exec(b, "DROP TABLE IF EXISTS items");
        local(url(a), url(b), rows, "diag: local PG -> PG, no link", copy);
        local(url(a), "sqlite:/tmp/diag-" + System.nanoTime() + ".db", rows,
            "diag: local PG -> SQLite, no link", copy);
      }
      if (Boolean.getBoolean("diag")) {
        try (Database src = JdbcDatabase.open(DatabaseLocator.parse(url(a), null),
            TableFilter.defaults(), false)) {
          List<com.fasterxml.jackson.databind.node.ObjectNode> all = new ArrayList<>();
          long t0 = System.nanoTime();
          try (var r = src.openReader()) {
            r.stream("items", new dev.dbsync.engine.model.ExportRequest(null, null, null, 0, 1),
                1000, batch -> all.addAll(batch));
          }
          results.add(new Result("diag: JdbcReader.stream into memory", rows,
              (System.nanoTime() - t0) / 1e9, 1));
          String f = "sqlite:/tmp/diag2-" + System.nanoTime() + ".db";
          try (Database lite = JdbcDatabase.open(DatabaseLocator.parse(f, null),
              TableFilter.defaults(), true)) {
            lite.createTable("items", src.getSchema("items"));
            long t1 = System.nanoTime();
            for (int i = 0; i < all.size(); i += 1000) {
              lite.importRecords("items", all.subList(i, Math.min(all.size(), i + 1000)),
                  Strategy.SKIP);
            }
            results.add(new Result("diag: SQLite import from memory", rows,
                (System.nanoTime() - t1) / 1e9, 1));
            long t2 = System.nanoTime();
            String json = dev.dbsync.engine.db.WireValues.JSON.writeValueAsString(all);
            results.add(new Result("diag: JSON encode " + json.length() / 1000000 + " MB", rows,
                (System.nanoTime() - t2) / 1e9, 1));
            long t3 = System.nanoTime();
            dev.dbsync.engine.db.WireValues.JSON.readTree(json);
            results.add(new Result("diag: JSON parse", rows, (System.nanoTime() - t3) / 1e9, 1));
          }
        }
      }
      if (!only.isEmpty() && !only.equals("sqlite")) {
        print();
        return;
      }
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dbsync-bench");
      String lite = "sqlite:" + dir.resolve("bench.db");
      double read = 1;
      for (int i = 0; i < reps; i++) {
        read = readBaseline(a, rows);
      }
      for (int i = 0; i < reps; i++) {
        sqliteInsertBaseline(dir.resolve("raw" + i + ".db"), rows);
      }
      for (int i = 0; i < reps; i++) {
        String file = "sqlite:" + dir.resolve("bench" + i + ".db");
        transfer(url(a), file, rows, Strategy.SKIP, "link, PostgreSQL -> SQLite", read);
      }
      for (int i = 0; i < reps; i++) {
        exec(b, "DROP TABLE IF EXISTS items");
        transfer(lite.replace("bench.db", "bench0.db"), url(b), rows, Strategy.SKIP,
            "link, SQLite -> PostgreSQL", read);
      }
      print();
    }
  }

  double copyBaseline(EmbeddedPostgres a, EmbeddedPostgres b, int rows) throws Exception {
    exec(b, "DROP TABLE IF EXISTS items; " + DDL);
    long t0 = System.nanoTime();
    try (Connection src = a.getPostgresDatabase().getConnection();
         Connection dst = b.getPostgresDatabase().getConnection()) {
      pipe(src, dst, "COPY items FROM STDIN");
    }
    double s = (System.nanoTime() - t0) / 1e9;
    results.add(new Result("baseline: COPY TO | COPY FROM (CopyManager)", rows, s, s));
    return s;
  }

  /** The pgsync way: the source's COPY TO piped into the target's COPY FROM. */
  static void pipe(Connection src, Connection dst, String copyIn) throws Exception {
    CopyManager out = src.unwrap(PGConnection.class).getCopyAPI();
    CopyManager in = dst.unwrap(PGConnection.class).getCopyAPI();
    PipedOutputStream po = new PipedOutputStream();
    PipedInputStream pi = new PipedInputStream(po, 1 << 20);
    Thread reader = new Thread(() -> {
      try (po) {
        out.copyOut("COPY items TO STDOUT", po);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    reader.start();
    in.copyIn(copyIn, pi);
    reader.join();
  }

  /** COPY into a temporary table, then INSERT ... ON CONFLICT DO UPDATE (the upsert way). */
  double upsertBaseline(EmbeddedPostgres a, EmbeddedPostgres b, int rows) throws Exception {
    long t0 = System.nanoTime();
    try (Connection src = a.getPostgresDatabase().getConnection();
         Connection dst = b.getPostgresDatabase().getConnection()) {
      dst.setAutoCommit(false);
      try (Statement s = dst.createStatement()) {
        s.execute("CREATE TEMP TABLE stage (LIKE items) ON COMMIT DROP");
      }
      pipe(src, dst, "COPY stage FROM STDIN");
      try (Statement s = dst.createStatement()) {
        s.execute("INSERT INTO items SELECT * FROM stage ON CONFLICT (id) DO UPDATE SET "
            + "name = EXCLUDED.name, note = EXCLUDED.note, price = EXCLUDED.price, "
            + "created_at = EXCLUDED.created_at, active = EXCLUDED.active, attrs = "
            + "EXCLUDED.attrs, ref = EXCLUDED.ref, score = EXCLUDED.score, qty = EXCLUDED.qty");
      }
      dst.commit();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    results.add(new Result("baseline: COPY to temp + INSERT ON CONFLICT UPDATE", rows, s, s));
    return s;
  }

  /** Time to the first 50 rows of the table: the request alone, then with connecting. */
  void preview(String from, int rows) throws Exception {
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(from, null),
        TableFilter.defaults(), false);
         ShareServer server = new ShareServer(src, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null), null)) {
      server.start();
      long t0 = System.nanoTime();
      try (SyncClient client = SyncClient.connect("ws://127.0.0.1:" + server.port(),
          server.currentCode(), ConnectOptions.defaults())) {
        long t1 = System.nanoTime();
        var page = client.fetchRecords("items",
            dev.dbsync.engine.model.ExportRequest.page(0, 50));
        long t2 = System.nanoTime();
        if (page.records().size() != 50) {
          throw new IllegalStateException("preview returned " + page.records().size());
        }
        previews.add(String.format(Locale.ROOT, "preview: first 50 rows of %d: %.0f ms "
            + "(%.0f ms with connecting)", rows, (t2 - t1) / 1e6, (t2 - t0) / 1e6));
      }
    }
  }

  final List<String> previews = new ArrayList<>();
  /** Lines printed after the table (what a case moved, what it checked). */
  final List<String> notes = new ArrayList<>();

  /**
   * The ceiling of a SQLite target: rows of the same shape inserted with sqlite-jdbc alone
   * (batched, WAL, synchronous=NORMAL), nothing read or decoded.
   */
  void sqliteInsertBaseline(java.nio.file.Path file, int rows) throws Exception {
    org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
    cfg.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
    try (Connection c = cfg.createConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT "
          + "NULL, note TEXT, price NUMERIC_TEXT(12,2), created_at TIMESTAMPTZ NOT NULL, "
          + "active BOOLEAN, attrs JSONB, ref UUID, score DOUBLE PRECISION, qty INT)");
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      try (var ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (id) DO NOTHING")) {
        for (int i = 1; i <= rows; i++) {
          ps.setLong(1, i);
          ps.setString(2, "name " + i);
          ps.setString(3, i % 3 == 0 ? null : "x".repeat(i % 40));
          ps.setString(4, String.valueOf((i % 100000) / 100.0));
          ps.setString(5, "2024-01-01T00:00:01+00:00");
          ps.setInt(6, i % 2);
          ps.setString(7, "{\"k\": " + i + ", \"tag\": \"t" + (i % 10) + "\"}");
          ps.setString(8, "c4ca4238-a0b9-2382-0dcc-509a6f75849b");
          ps.setDouble(9, i * 1.5);
          ps.setInt(10, i % 1000);
          ps.addBatch();
          if (i % 1000 == 0) {
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      double s = (System.nanoTime() - t0) / 1e9;
      results.add(new Result("reference: SQLite insert alone (sqlite-jdbc)", rows, s, s));
    }
  }

  /** Reading the source table alone, through JDBC. */
  double readBaseline(EmbeddedPostgres a, int rows) throws Exception {
    long t0 = System.nanoTime();
    try (Connection c = a.getPostgresDatabase().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(5000);
        try (var rs = s.executeQuery("SELECT * FROM items")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              rs.getString(i);
            }
          }
        }
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    results.add(new Result("baseline: read the source table (JDBC)", rows, s, s));
    return s;
  }

  double transfer(String from, String to, int rows, Strategy strategy,
      String name, double baseline) throws Exception {
    return transfer(from, to, rows, strategy, name, baseline, false);
  }

  double transfer(String from, String to, int rows, Strategy strategy,
      String name, double baseline, boolean compress) throws Exception {
    return transfer(from, to, rows, strategy, name, baseline, compress,
        dev.dbsync.engine.mask.Masking.none(), List.of());
  }

  /**
   * Masking's cost (issue: 3 masked columns <= 1.25 x the same pull unmasked): a people table
   * of the same row count, pulled PG -> PG unmasked, then with email, name and phone masked
   * (COPY text masked in the stream).
   */
  void maskCases(EmbeddedPostgres a, EmbeddedPostgres b, int rows, int reps) throws Exception {
    exec(a, "DROP TABLE IF EXISTS people; CREATE TABLE people (id bigint PRIMARY KEY, "
        + "email text NOT NULL, full_name text, phone text, city text, joined date);"
        + "INSERT INTO people SELECT g, 'person' || g || '@corp.example', 'First' || g "
        + "|| ' Last' || (g % 977), '+44 20 7946 ' || lpad((g % 10000)::text, 4, '0'), "
        + "CASE WHEN g % 3 = 0 THEN NULL ELSE 'City ' || (g % 50) END, date '2020-01-01' "
        + "+ g % 1500 FROM generate_series(1, " + rows + ") g");
    dev.dbsync.engine.mask.Masking masks = new dev.dbsync.engine.mask.Masking(
        dev.dbsync.engine.mask.MaskRules.parse(List.of("people.email=email",
            "people.full_name=name", "people.phone=phone"), null),
        dev.dbsync.engine.mask.MaskKey.of(new byte[32]));
    double plain = 1;
    double[] runs = new double[reps];
    for (int i = 0; i < reps; i++) {
      exec(b, "DROP TABLE IF EXISTS people");
      runs[i] = transfer(url(a), url(b), rows, Strategy.SKIP, "baseline: people unmasked",
          1, false, dev.dbsync.engine.mask.Masking.none(), List.of("people"));
    }
    plain = median(runs);
    // the unmasked runs are the baseline: their ratio is to themselves
    results.replaceAll(x -> x.name().equals("baseline: people unmasked")
        ? new Result(x.name(), x.rows(), x.seconds(), x.seconds()) : x);
    for (int i = 0; i < reps; i++) {
      exec(b, "DROP TABLE IF EXISTS people");
      transfer(url(a), url(b), rows, Strategy.SKIP, "link, people, 3 columns masked", plain,
          false, masks, List.of("people"));
    }
    exec(b, "DROP TABLE IF EXISTS people");
  }

  double transfer(String from, String to, int rows, Strategy strategy, String name,
      double baseline, boolean compress, dev.dbsync.engine.mask.Masking masks,
      List<String> tables) throws Exception {
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(from, null),
        TableFilter.defaults(), false);
         Database dst = JdbcDatabase.open(DatabaseLocator.parse(to, null),
             TableFilter.defaults(), true);
         ShareServer server = new ShareServer(src, ShareOptions.defaults()
             .withBind("127.0.0.1", 0).withMode(IncomingMode.AUTO_ACCEPT, null)
             .withMasking(masks), null)) {
      server.start();
      try (SyncClient client = SyncClient.connect("ws://127.0.0.1:" + server.port(),
          server.currentCode(), ConnectOptions.defaults().withCompression(compress))) {
        if (client.compressed() != compress) {
          throw new IllegalStateException("compression was not agreed as asked");
        }
        long t0 = System.nanoTime();
        TransferReport r = client.transferAll(dst, TransferOptions.defaults()
            .withTables(tables.isEmpty() ? List.of("items") : tables)
            .withStrategy(strategy, null).withResume(false), null);
        double s = (System.nanoTime() - t0) / 1e9;
        if (!r.succeeded()) {
          throw new IllegalStateException(r.toString());
        }
        results.add(new Result(name, rows, s, baseline));
        return s;
      }
    }
  }

  /**
   * What compression does to the bytes: the table's COPY text deflated in the link's 256 KiB
   * frames, each on its own (the sender agrees to permessage-deflate without context
   * takeover, the library's default), and the bandwidth below which
   * the compressed link is the faster one: where sending the plain bytes takes longer than the
   * whole compressed transfer took here.
   */
  void compressionFigures(EmbeddedPostgres a, double compressedSeconds) throws Exception {
    java.util.zip.Deflater d = new java.util.zip.Deflater(
        java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
    long[] raw = {0};
    long[] zipped = {0};
    byte[] out = new byte[1 << 16];
    long t0 = System.nanoTime();
    try (Connection src = a.getPostgresDatabase().getConnection()) {
      java.io.OutputStream chunker = new java.io.OutputStream() {
        final byte[] chunk = new byte[256 * 1024];
        int n;

        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          while (len > 0) {
            int k = Math.min(len, chunk.length - n);
            System.arraycopy(b, off, chunk, n, k);
            n += k;
            off += k;
            len -= k;
            if (n == chunk.length) {
              flush();
            }
          }
        }

        @Override
        public void flush() {
          if (n == 0) {
            return;
          }
          raw[0] += n;
          d.reset();
          d.setInput(chunk, 0, n);
          int z;
          while ((z = d.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH)) > 0) {
            zipped[0] += z;
          }
          n = 0;
        }
      };
      src.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY items TO STDOUT", chunker);
      chunker.flush();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    d.end();
    double mb = raw[0] / 1e6;
    previews.add(String.format(Locale.ROOT, "compression: COPY text %.0f MB -> %.0f MB (%.0f%%)"
        + "; read + deflate at %.0f MB/s on one core; the compressed link pays below about "
        + "%.0f Mbit/s (plain bytes on the wire would take longer than the whole compressed "
        + "transfer did here)", mb, zipped[0] / 1e6, 100.0 * zipped[0] / raw[0], mb / secs,
        raw[0] * 8 / 1e6 / compressedSeconds));
  }

  void local(String from, String to, int rows, String name, double baseline) {
    try (Database src = JdbcDatabase.open(DatabaseLocator.parse(from, null),
        TableFilter.defaults(), false);
         Database dst = JdbcDatabase.open(DatabaseLocator.parse(to, null),
             TableFilter.defaults(), true)) {
      long t0 = System.nanoTime();
      TransferReport r = new dev.dbsync.engine.transfer.TransferRunner(
          new dev.dbsync.engine.transfer.LocalSource(src), dst,
          TransferOptions.defaults().withResume(false), null).run();
      double s = (System.nanoTime() - t0) / 1e9;
      results.add(new Result(name, rows, s, baseline));
    }
  }

  /** Each case's median over its repetitions; ratios against the median of its baseline. */
  void print() {
    previews.forEach(System.out::println);
    System.out.printf("%-64s %10s %9s %12s %8s%n", "case (median of runs)", "rows", "seconds",
        "rows/s", "ratio");
    java.util.Map<String, List<Result>> by = new java.util.LinkedHashMap<>();
    results.forEach(r -> by.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
    java.util.Map<Double, Double> baselineMedian = new java.util.HashMap<>();
    for (List<Result> rs : by.values()) {
      // a baseline is named so, or is its own baseline (timed against none)
      if (rs.get(0).name().startsWith("baseline") || rs.get(0).name().startsWith("reference")
          || rs.stream().allMatch(r -> r.baseline() == r.seconds())) {
        double m = median(rs.stream().mapToDouble(Result::seconds).toArray());
        rs.forEach(r -> baselineMedian.put(r.seconds(), m));
      }
    }
    for (List<Result> rs : by.values()) {
      double m = median(rs.stream().mapToDouble(Result::seconds).toArray());
      double base = baselineMedian.getOrDefault(rs.get(0).baseline(), rs.get(0).baseline());
      System.out.printf(Locale.ROOT, "%-64s %10d %9.2f %12.0f %8.2f%n", rs.get(0).name(),
          rs.get(0).rows(), m, rs.get(0).rows() / m, m / base);
    }
    notes.forEach(System.out::println);
  }

  static double median(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}

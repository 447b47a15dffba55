package dev.dbsync.engine.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbsync.engine.DbSyncException;
import dev.dbsync.engine.db.Database;
import dev.dbsync.engine.db.ValueKind;
import dev.dbsync.engine.db.WireValues;
import dev.dbsync.engine.model.ColumnInfo;
import dev.dbsync.engine.model.ExportRequest;
import dev.dbsync.engine.model.ImportResult;
import dev.dbsync.engine.model.Strategy;
import dev.dbsync.engine.model.TableInfo;
import dev.dbsync.engine.model.TableSchema;
import dev.dbsync.engine.resume.ResumePoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pulls tables from a source into a target database: parents before children, one snapshot
 * of the source, one transaction per batch with its checkpoint, rows refused for a missing
 * parent retried once the rest is in. Cancellation stops after the batch in flight; every
 * committed batch stays, and a later run resumes after it.
 */
public final class TransferRunner {
  /** Rows kept for a later retry after a foreign-key refusal; beyond this they stay errors. */
  static final int MAX_DEFERRED = 100_000;

  private final Source source;
  private final Database target;
  private final TransferOptions options;
  private final TransferListener listener;
  private volatile boolean cancelled;
  private Map<String, Selection> selections = Map.of();
  /** Tables a compare narrowed to their difference. */
  private java.util.Set<String> compared = java.util.Set.of();
  /** Tables without a key a mirror replaces whole. */
  private java.util.Set<String> replaced = java.util.Set.of();
  /** Where a compared table keeps its resume points: nowhere. */
  private static final dev.dbsync.engine.resume.ResumePoints NO_POINTS =
      new dev.dbsync.engine.resume.ResumePoints() {
        @Override
        public Optional<ResumePoint> load(String target, String source, String table) {
          return Optional.empty();
        }

        @Override
        public void save(ResumePoint p) {}

        @Override
        public void clear(String target, String source, String table) {}
      };
  /** Tables this transfer made in the target (they have every column of the source). */
  /** The tables this transfer moves (each starts after the tables it references). */
  private volatile java.util.Set<String> moving = java.util.Set.of();
  private final java.util.Set<String> createdHere =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private java.util.Set<String> targetTables;

  /** Whether the target has the table: its list read once per transfer, not per table. */
  private synchronized boolean inTarget(String table) {
    if (targetTables == null) {
      targetTables = java.util.Set.copyOf(target.allTableNames());
    }
    return targetTables.contains(table) || createdHere.contains(table);
  }

  public TransferRunner(Source source, Database target, TransferOptions options,
      TransferListener listener) {
    this.source = source;
    this.target = target;
    this.options = options;
    this.listener = TransferListener.oneAtATime(listener == null ? new TransferListener() {}
        : listener);
  }

  /** Stops the transfer after the batch being written; committed batches are kept. */
  public void cancel() {
    cancelled = true;
  }

  public TransferReport run() {
    long started = System.nanoTime();
    int jobs = 1;
    // the target's descriptions and checks are read while the sender is asked what moves
    target.describeAhead(options.tables());
    source.beginSnapshot();
    try {
      Map<String, TableSchema> schemas = new LinkedHashMap<>();
      Map<String, Long> expected = new LinkedHashMap<>();
      List<String> wanted = options.tables();
      if (wanted.isEmpty()) {
        wanted = source.listTables().stream().map(TableInfo::name).toList();
      }
      // a subset and its references are decided here, in the snapshot, before any write
      Scope.Resolved scope = options.scope().resolve(source, wanted);
      List<TableOutcome> outcomes = new ArrayList<>();
      scope.leftAlone().forEach((t, why) -> outcomes.add(new TableOutcome(t,
          TableOutcome.Status.FAILED, options.strategyFor(t), new ImportResult(), -1, 0, false,
          0, why, 0)));
      wanted = scope.tables().stream().filter(t -> !scope.leftAlone().containsKey(t)).toList();
      selections = scope.selections();
      compared = scope.compared().keySet();
      replaced = java.util.Set.copyOf(scope.replaced());
      Map<String, Source.Described> described = new LinkedHashMap<>();
      List<String> unknown = wanted.stream().filter(t -> !scope.schemas().containsKey(t))
          .toList();
      source.describe(unknown).forEach(d -> described.put(d.table(), d));
      Map<String, Long> counts = source.counts(wanted.stream()
          .filter(t -> !selections.containsKey(t)).toList());
      for (String t : wanted) {
        try {
          TableSchema known = scope.schemas().get(t);
          Source.Described d = described.get(t);
          if (known == null && d.error() != null) {
            throw d.error();
          }
          schemas.put(t, known != null ? known : d.schema());
          Selection sel = selections.get(t);
          expected.put(t, sel != null ? sel.size() : counts.containsKey(t) ? counts.get(t)
              : source.getCount(t));
        } catch (DbSyncException e) {
          outcomes.add(new TableOutcome(t, TableOutcome.Status.FAILED, options.strategyFor(t),
              new ImportResult(), -1, 0, false, 0, e.getMessage(), 0));
        }
      }
      long overall = expected.values().stream().mapToLong(Long::longValue).sum();
      java.util.concurrent.atomic.AtomicLong overallDone =
          new java.util.concurrent.atomic.AtomicLong();
      Map<String, List<ObjectNode>> deferred = new LinkedHashMap<>();
      Map<String, TableOutcome> byTable = new LinkedHashMap<>();
      List<String> order = ForeignKeyOrder.sort(schemas);
      moving = java.util.Set.copyOf(order);
      List<Database> writers = writers(order.size());
      // the tables already there: each writer reads their descriptions at once
      List<String> there = order.stream().filter(this::inTarget).toList();
      writers.forEach(w -> w.expect(there));
      jobs = writers.size();
      listener.started(order.size(), jobs);
      try {
        if (writers.size() == 1) {
          Lane lane = new Lane(source, target);
          for (String t : order) {
            TableOutcome o = lane.move(t, schemas.get(t), expected.get(t), overall, overallDone,
                deferred);
            listener.tableWritten(o);
            byTable.put(t, o);
          }
        } else {
          byTable.putAll(inParallel(order, schemas, expected, overall, overallDone, deferred,
              writers));
        }
      } finally {
        writers.stream().filter(w -> w != target).forEach(Database::close);
      }
      retryDeferred(deferred, byTable);
      if (!cancelled) {
        deleteAfterRows(scope.deletions(), ForeignKeyOrder.sort(schemas), byTable);
      }
      if (!cancelled) {
        Constraints.addAfterRows(target, schemas, byTable);
        byTable.values().stream().filter(o -> o.created()
            && o.status() == TableOutcome.Status.COMPLETED).forEach(o -> Resume.keysMade(
                options.resumePoints(), target, source.sourceId(), o.table()));
      }
      byTable.replaceAll((t, o) -> o.settled());
      if (byTable.values().stream().allMatch(o -> o.status() == TableOutcome.Status.COMPLETED)) {
        target.removeLegacyCheckpoints();
      }
      byTable.values().forEach(listener::tableFinished);
      outcomes.addAll(byTable.values());
      return new TransferReport(outcomes, (System.nanoTime() - started) / 1e9,
          source.bytesReceived(), scope.addedForReferences(), scope.compared(), jobs);
    } finally {
      try {
        source.endSnapshot();
      } finally {
        listener.ended();
      }
    }
  }

  /**
   * The target connections that write tables at once: the target's own, and as many more as
   * tables run in parallel ({@link TransferOptions#jobs}; by default the sender's lanes, at
   * most two per core of this machine), never more than the source's lanes or the tables. A
   * target that takes one writer at a time (SQLite) gets one.
   */
  private List<Database> writers(int tables) {
    int want = options.jobs() == TransferOptions.AUTOMATIC
        ? 2 * Runtime.getRuntime().availableProcessors() : options.jobs();
    int jobs = Math.max(1, Math.min(Math.min(want, source.lanes()), tables));
    List<Database> out = new ArrayList<>(List.of(target));
    try {
      while (out.size() < jobs) {
        Database another = target.openAnother();
        if (another == null) {
          break;
        }
        out.add(another);
      }
    } catch (RuntimeException e) {
      // fewer connections than hoped (the target's connection limit): go on with those
      listener.warning("Writing " + out.size() + " table" + (out.size() == 1 ? "" : "s")
          + " at once, not " + jobs + ": " + e.getMessage());
    }
    return out;
  }

  /**
   * Moves tables on several lanes at once: each worker reads on a lane of the source (the
   * same snapshot) and writes on a target connection of its own. A table starts once every
   * table it references (in this transfer) has finished, so parents are complete before
   * their children begin.
   */
  private Map<String, TableOutcome> inParallel(List<String> order,
      Map<String, TableSchema> schemas, Map<String, Long> expected, long overall,
      java.util.concurrent.atomic.AtomicLong overallDone, Map<String, List<ObjectNode>> deferred, List<Database> writers) {
    Map<String, Integer> place = new java.util.HashMap<>();
    order.forEach(t -> place.put(t, place.size()));
    Map<String, java.util.Set<String>> parents = new java.util.HashMap<>();
    for (String t : order) {
      java.util.Set<String> p = new java.util.HashSet<>();
      for (var fk : schemas.get(t).foreignKeys()) {
        Integer at = place.get(fk.refTable());
        if (at != null && at < place.get(t)) {
          p.add(fk.refTable()); // a cycle's back edge comes later: its rows are retried
        }
      }
      parents.put(t, p);
    }
    record Finished(int slot, String table, TableOutcome outcome) {}
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(writers.size(), dev.dbsync.engine.Threads.named("transfer-lane"));
    java.util.concurrent.CompletionService<Finished> done =
        new java.util.concurrent.ExecutorCompletionService<>(pool);
    java.util.Deque<Integer> free = new java.util.ArrayDeque<>();
    Lane[] lanes = new Lane[writers.size()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(source.lane(i), writers.get(i));
      free.add(i);
    }
    Map<String, TableOutcome> out = new java.util.HashMap<>();
    List<String> waiting = new ArrayList<>(order);
    int running = 0;
    try {
      while (!waiting.isEmpty() || running > 0) {
        for (var it = waiting.iterator(); it.hasNext() && !free.isEmpty(); ) {
          String t = it.next();
          if (!out.keySet().containsAll(parents.get(t))) {
            continue;
          }
          it.remove();
          int slot = free.pop();
          Lane lane = lanes[slot];
          running++;
          done.submit(() -> new Finished(slot, t, lane.move(t, schemas.get(t), expected.get(t),
              overall, overallDone, deferred)));
        }
        Finished f = done.take().get();
        listener.tableWritten(f.outcome());
        running--;
        free.push(f.slot());
        out.put(f.table(), f.outcome());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
      throw new DbSyncException("Interrupted.", e);
    } catch (java.util.concurrent.ExecutionException e) {
      cancelled = true; // the other lanes stop after their batch
      throw e.getCause() instanceof RuntimeException r ? r
          : new DbSyncException(String.valueOf(e.getCause()), e.getCause());
    } finally {
      pool.shutdown();
      try {
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, TableOutcome> inOrder = new LinkedHashMap<>();
    order.forEach(t -> inOrder.put(t, out.get(t)));
    return inOrder;
  }

  /** Keys deleted per transaction by a mirror. */
  static final int DELETE_BATCH = 1000;

  /**
   * A mirror's deletions, once every table's rows are in: children before parents, so a
   * parent row is deleted after the rows that referenced it. A table that did not complete
   * deletes nothing.
   */
  private void deleteAfterRows(Map<String, List<List<JsonNode>>> deletions, List<String> order,
      Map<String, TableOutcome> byTable) {
    List<String> childrenFirst = new ArrayList<>(order);
    java.util.Collections.reverse(childrenFirst);
    for (String t : childrenFirst) {
      List<List<JsonNode>> keys = deletions.get(t);
      TableOutcome o = byTable.get(t);
      if (keys == null || keys.isEmpty() || o == null
          || o.status() != TableOutcome.Status.COMPLETED || cancelled) {
        continue;
      }
      try {
        for (int i = 0; i < keys.size() && !cancelled; i += DELETE_BATCH) {
          o.result().addDeleted(target.deleteRows(t, keys.subList(i,
              Math.min(keys.size(), i + DELETE_BATCH))));
        }
      } catch (DbSyncException e) {
        byTable.put(t, new TableOutcome(t, TableOutcome.Status.FAILED, o.strategy(),
            o.result(), o.rowsExpected(), o.resumedFrom(), o.created(), o.seconds(),
            "Rows the source lacks could not all be deleted: " + e.getMessage(), o.bytes()));
      }
    }
  }

  /**
   * Where one table is read and written: the source (or one of its lanes) and the target
   * connection of the worker that moves it. Tables in parallel each run on a lane of their
   * own; the rest of the runner's state is shared.
   */
  private final class Lane {
    private final Source source;
    private final Database target;

    Lane(Source source, Database target) {
      this.source = source;
      this.target = target;
    }

    /** {@code --add-columns}: the target gets the source's columns it lacks, before any row. */
    private void addMissingColumns(String table, TableSchema schema, ImportResult total) {
      List<String> have = target.getSchema(table).columnNames();
      List<ColumnInfo> missing = schema.columns().stream()
          .filter(c -> !have.contains(c.name())).toList();
      if (!missing.isEmpty()) {
        target.addColumns(table, missing);
        total.addWarning("Added column" + (missing.size() == 1 ? " " : "s ")
            + String.join(", ", missing.stream().map(ColumnInfo::name).toList())
            + " to the target's " + table + ".");
      }
    }

    /** Moves one table, or (cancelled before it started) says so. */
    TableOutcome move(String t, TableSchema schema, long expected, long overall,
        java.util.concurrent.atomic.AtomicLong overallDone,
        Map<String, List<ObjectNode>> deferred) {
      return cancelled ? new TableOutcome(t, TableOutcome.Status.CANCELLED,
          options.strategyFor(t), new ImportResult(), expected, 0, false, 0,
          "Cancelled before it started.", 0)
          : one(t, schema, expected, overall, overallDone, deferred);
    }

    private TableOutcome one(String table, TableSchema schema, long expected, long overall,
        java.util.concurrent.atomic.AtomicLong overallDone, Map<String, List<ObjectNode>> deferred) {
      long started = System.nanoTime();
      Strategy strategy = options.strategyFor(table);
      ImportResult total = new ImportResult();
      boolean created = false;
      boolean madeEarlier = false;
      long resumedFrom = 0;
      long bytesAtStart = source.bytesReceivedHere();
      listener.tableStarted(table, expected);
      try {
        if (!inTarget(table)) {
          if (!options.createMissingTables()) {
            throw new DbSyncException("Table '" + table + "' does not exist in the target. "
                + "Create it first, or allow DB Sync to create missing tables.");
          }
          target.createTable(table, schema);
          created = true;
          createdHere.add(table);
        } else {
          target.checkWritable(table, strategy); // a table made here is this user's own
        }
        if (options.addColumns() && !created) {
          addMissingColumns(table, schema, total);
        }
        ExportRequest request = new ExportRequest(options.columns().get(table),
            options.filters().get(table), null, 0, 1);
        Optional<ResumePoint> saved = Resume.saved(options.resumePoints(), target,
            source.sourceId(), table);
        // a table a cut run of this pull made, whose foreign keys and indexes it did not get
        // to make: this run makes them once the rows are in (an uninterrupted pull would have)
        madeEarlier = !created && saved.map(ResumePoint::keysPending).orElse(false);
        boolean makesKeys = (created || madeEarlier)
            && (!schema.foreignKeys().isEmpty() || !schema.indexes().isEmpty());
        if (compared.contains(table)) {
          // the compare found what is left to do: a point of an earlier run means nothing now,
          // and this run keeps none (a cut one is compared again)...
          Resume stored = new Resume(options.resumePoints(), target, source.sourceId(), table,
              true);
          stored.forget();
          if (makesKeys) {
            // ...but for the mark that the table's keys are still to be made, should this run
            // be cut too (without progress: a run that goes on from it starts at the first row)
            stored.begin(null);
            stored.keysPending();
          }
        }
        Resume resume = new Resume(compared.contains(table) ? NO_POINTS : options.resumePoints(),
            target, source.sourceId(), table,
            schema.hasPrimaryKey() && strategy != Strategy.APPEND);
        // a masked key cannot be continued after (the sender refuses it): such a table starts
        // over, which writes nothing twice by key (a masked key is the same every time)
        boolean maskedKey = schema.primaryKey().stream()
            .anyMatch(source.maskedColumns(table)::containsKey);
        // a table made just now starts from its first row: a point of an earlier run belongs to
        // a table that is gone (dropped since), and going on after it would leave rows out
        Optional<ResumePoint> cp = options.resume() && !maskedKey && !compared.contains(table)
            && !created ? resume.settle(saved) : resume.forget();
        if (cp.isPresent()) {
          resumedFrom = cp.get().rowsDone();
          request = cp.get().lastKey() != null && schema.hasPrimaryKey()
              && !selections.containsKey(table)
              ? request.withAfter(keyList(cp.get().lastKey()))
              : new ExportRequest(request.columns(), request.filters(), null, resumedFrom, 1);
          if (resumedFrom > 0) { // not a point saved before the first batch (keys to make)
            listener.resuming(table, resumedFrom, expected);
          }
        }
        // an empty target cannot conflict with rows that arrive in key order; nor can a table
        // resumed after a whole-number key above which it holds nothing (a batch that committed
        // but whose point was lost leaves rows above it: that table takes the careful way)
        boolean fresh = schema.hasPrimaryKey() && (cp.isEmpty()
            ? created || target.emptyAtStart(table) || target.isEmpty(table)
            : request.after() != null && emptyAfter(table, schema, request.after()));
        resume.begin(cp.orElse(null));
        if (makesKeys) {
          resume.keysPending();
        }
        long[] done = {resumedFrom};
        final long base = resumedFrom;
        overallDone.addAndGet(resumedFrom);
        List<String> key = schema.primaryKey();
        Selection selection = selections.get(table);
        if (replaced.contains(table)) {
          // a mirror of a table without a key: its rows replaced whole, in one transaction,
          // a batch at a time as they arrive
          long[] fed = {0};
          ExportRequest whole = request;
          ImportResult r = target.replaceRows(table, into -> {
            source.stream(table, whole, options.rowBatch(), batch -> {
              into.accept(batch);
              fed[0] += batch.size();
              return !cancelled;
            });
            return !cancelled;
          });
          if (r != null) {
            committed(table, r, fed[0], done, 0, total, deferred, expected, overall,
                overallDone, started);
          }
        } else if (selection != null && selection.canCopy(source)
            && copyTarget(table, schema, request)) {
          // a subset between two PostgreSQL databases: COPY text from the sender's filtered
          // COPY straight into the target's; a resumed one skips the lines it wrote
          List<String> cols = copyColumns(schema, request);
          long skip = resumedFrom;
          copy(table, schema, request, strategy, fresh, resume, done, total, deferred, expected,
              overall, overallDone, started, sink -> selection.copy(source, table, cols,
                  skip == 0 ? sink : new SkipLines(skip, sink)));
        } else if (selection != null) {
          long[] skip = {resumedFrom}; // a resumed subset goes on after the rows it wrote
          selection.stream(source, table, request.columns(), options.rowBatch(), rows -> {
            if (cancelled) {
              return false;
            }
            List<ObjectNode> batch = rows;
            if (skip[0] > 0) {
              int drop = (int) Math.min(skip[0], rows.size());
              skip[0] -= drop;
              batch = rows.subList(drop, rows.size());
              if (batch.isEmpty()) {
                return true;
              }
            }
            return write(table, batch, null, strategy, fresh, resume, done, base, total, deferred,
                expected, overall, overallDone, started);
          });
        } else if (copyPath(table, schema, request)) {
          copy(table, schema, request, strategy, fresh, resume, done, total, deferred, expected,
              overall, overallDone, started);
        } else {
          source.stream(table, request, options.rowBatch(), batch -> {
            if (cancelled) {
              return false;
            }
            JsonNode lastKey = key.isEmpty() ? null : keyOf(batch.get(batch.size() - 1), key);
            return write(table, batch, lastKey, strategy, fresh, resume, done, base, total,
                deferred, expected, overall, overallDone, started);
          });
        }
        if (cancelled) {
          return new TableOutcome(table, TableOutcome.Status.CANCELLED, strategy, total, expected,
              resumedFrom, created, secs(started), "Cancelled; committed batches were kept.",
              source.bytesReceivedHere() - bytesAtStart);
        }
        resume.finished();
        return new TableOutcome(table, TableOutcome.Status.COMPLETED, strategy, total, expected,
            resumedFrom, created || madeEarlier, secs(started), null,
            source.bytesReceivedHere() - bytesAtStart);
      } catch (DbSyncException e) {
        return new TableOutcome(table, TableOutcome.Status.FAILED, strategy, total, expected,
            resumedFrom, created, secs(started), e.getMessage(),
            source.bytesReceivedHere() - bytesAtStart);
      }
    }

    /**
     * PostgreSQL to PostgreSQL with no row filter: the rows travel as COPY text from the
     * source's COPY straight into the target's.
     */
    private boolean copyPath(String table, TableSchema schema, ExportRequest request) {
      return source.canCopy() && request.filters().isEmpty() && copyTarget(table, schema, request);
    }

    /** The target takes COPY text for this table: every column asked for, and a key. */
    private boolean copyTarget(String table, TableSchema schema, ExportRequest request) {
      if (!target.canCopyIn() || !schema.hasPrimaryKey()) {
        return false;
      }
      // COPY text carries every column it was asked for: the target must have them all
      List<String> wanted = request.columns().isEmpty() ? schema.columnNames() : request.columns();
      // a table made by this transfer has every column of the source
      return createdHere.contains(table)
          || target.getSchema(table).columnNames().containsAll(wanted);
    }

    private void copy(String table, TableSchema schema, ExportRequest request, Strategy strategy,
        boolean fresh, Resume resume, long[] done, ImportResult total,
        Map<String, List<ObjectNode>> deferred, long expected, long overall, java.util.concurrent.atomic.AtomicLong overallDone,
        long started) {
      List<String> columns = request.columns().isEmpty() ? null : copyColumns(schema, request);
      List<JsonNode> after = request.after();
      if (binaryCopy(table, schema, copyColumns(schema, request), fresh, strategy)) {
        ArrayNode[] committedKey = {null};
        try {
          copy(table, schema, request, strategy, fresh, resume, done, total, deferred, expected,
              overall, overallDone, started, true, committedKey,
              sink -> source.copyBinary(table, columns, request.after(), sink));
          return;
        } catch (dev.dbsync.engine.BinaryCopyRefused refused) {
          // nothing of the refused batch was written: on in text after the last committed row
          resume.notWritten();
          if (committedKey[0] != null) {
            after = new ArrayList<>();
            committedKey[0].forEach(after::add);
          }
        }
      }
      List<JsonNode> from = after;
      copy(table, schema, request, strategy, fresh, resume, done, total, deferred, expected,
          overall, overallDone, started, false, new ArrayNode[1],
          sink -> source.copy(table, columns, from, sink));
    }

    /**
     * Whether the target's table holds no row above {@code after}, its single whole-number key
     * (the same key as the source's): the rows still to come, above it in key order, then
     * cannot meet one of its rows. Other keys are not asked (two databases may order text
     * differently).
     */
    private boolean emptyAfter(String table, TableSchema schema, List<JsonNode> after) {
      List<String> key = schema.primaryKey();
      if (key.size() != 1 || after.size() != 1 || !after.get(0).canConvertToLong()
          && !after.get(0).asText().matches("-?[0-9]{1,18}")
          || ValueKind.of(schema.column(key.get(0)).orElseThrow()) != ValueKind.INTEGER
          || !target.getSchema(table).primaryKey().equals(key)) {
        return false;
      }
      try (dev.dbsync.engine.db.TableReader r = target.openReader()) {
        long[] range = r.keyRange(table); // null: not a whole-number key there, or no rows
        return range == null ? target.isEmpty(table) : range[1] <= after.get(0).asLong();
      }
    }

    /**
     * The kinds whose binary form is PostgreSQL's own and the same on any server: no type of
     * the user's (an enum's or a composite's binary form names its type's number, which differs
     * between two databases), no array.
     */
    private static final java.util.Set<ValueKind> BINARY_KINDS = java.util.EnumSet.of(
        ValueKind.INTEGER, ValueKind.FLOAT, ValueKind.NUMERIC, ValueKind.BOOLEAN, ValueKind.TEXT,
        ValueKind.DATE, ValueKind.TIME, ValueKind.TIMESTAMP, ValueKind.TIMESTAMPTZ,
        ValueKind.INTERVAL, ValueKind.UUID, ValueKind.JSON, ValueKind.BINARY);

    /** The same type, length, precision and scale, as both catalogs describe them. */
    private static boolean sameType(ColumnInfo a, ColumnInfo b) {
      return a.type().equalsIgnoreCase(b.type())
          && java.util.Objects.equals(a.maxLength(), b.maxLength())
          && java.util.Objects.equals(a.precision(), b.precision())
          && java.util.Objects.equals(a.scale(), b.scale());
    }

    /**
     * Whether the rows can travel as binary COPY, which the target takes without parsing
     * text (a quarter less time for a million mixed rows): a source that offers it for this
     * table and writes each of its columns so (PostgreSQL's own COPY; a SQLite sender's values
     * of the types it writes), rows streamed straight into a table that was empty (made by this
     * transfer, or whose foreign keys all reference other tables this transfer fills before
     * it), every column of the same built-in type on both
     * sides, and a key whose binary form is read here for the resume points. A batch the
     * target still refuses goes on as text (the rest of the binary COPY is read and dropped).
     */
    private boolean binaryCopy(String table, TableSchema schema, List<String> columns,
        boolean fresh, Strategy strategy) {
      // into a table that holds rows, binary batches go straight in or through a staging
      // table of its types; a skip first looks for each batch's keys in COPY text
      if (!fresh && strategy == Strategy.SKIP || target.locator().kind() != dev.dbsync.engine
          .db.DatabaseLocator.Kind.POSTGRESQL || !source.canCopyBinary(table)) {
        return false;
      }
      for (String k : schema.primaryKey()) {
        if (!BinaryCopyBatcher.readsKey(ValueKind.of(schema.column(k).orElseThrow()))) {
          return false;
        }
      }
      TableSchema tgt = target.getSchema(table);
      if (!createdHere.contains(table) && !tgt.foreignKeys().stream().allMatch(fk ->
          !fk.refTable().equals(table) && moving.contains(fk.refTable()))) {
        // a reference to a row further on (a tree in one table), or to a table this transfer
        // does not fill first, may fail a batch that text writes row by row (deferring the
        // row), and the rest of the table would be read twice
        return false;
      }
      java.util.Map<String, String> masked = source.maskedColumns(table);
      for (String c : columns) {
        ColumnInfo s = schema.column(c).orElseThrow();
        Optional<ColumnInfo> t = tgt.column(c);
        if (t.isEmpty() || !BINARY_KINDS.contains(ValueKind.of(s)) || !sameType(s, t.get())
            // a sender masks text columns in binary COPY (copy_binary_masked), no others
            || !source.copiesBinary(s) || masked.containsKey(c)
            && ValueKind.of(s) != ValueKind.TEXT) {
          return false;
        }
      }
      return true;
    }

    /** The columns COPY text carries: those asked for (all by default), then the key. */
    private static List<String> copyColumns(TableSchema schema, ExportRequest request) {
      List<String> columns = new ArrayList<>(request.columns().isEmpty() ? schema.columnNames()
          : request.columns());
      for (String k : schema.primaryKey()) {
        if (!columns.contains(k)) {
          columns.add(k);
        }
      }
      return columns;
    }

    /** Reads COPY text into a sink: a whole table, or a subset. */
    @FunctionalInterface
    private interface CopyRead {
      long read(Source.ChunkSink sink);
    }

    private void copy(String table, TableSchema schema, ExportRequest request, Strategy strategy,
        boolean fresh, Resume resume, long[] done, ImportResult total,
        Map<String, List<ObjectNode>> deferred, long expected, long overall, java.util.concurrent.atomic.AtomicLong overallDone,
        long started, CopyRead read) {
      copy(table, schema, request, strategy, fresh, resume, done, total, deferred, expected,
          overall, overallDone, started, false, new ArrayNode[1], read);
    }

    /**
     * Reads COPY text (or, {@code binary}, binary COPY: then the stream must take it) and
     * writes it in batches; {@code committedKey} holds the key of the last row committed.
     */
    private void copy(String table, TableSchema schema, ExportRequest request, Strategy strategy,
        boolean fresh, Resume resume, long[] done, ImportResult total,
        Map<String, List<ObjectNode>> deferred, long expected, long overall, java.util.concurrent.atomic.AtomicLong overallDone,
        long started, boolean binary, ArrayNode[] committedKey, CopyRead read) {
      List<String> columns = copyColumns(schema, request);
      int[] keyAt = schema.primaryKey().stream().mapToInt(columns::indexOf).toArray();
      List<ColumnInfo> infos = columns.stream().map(c -> schema.column(c).orElseThrow()).toList();
      ValueKind[] keyKinds = schema.primaryKey().stream()
          .map(k -> ValueKind.of(schema.column(k).orElseThrow())).toArray(ValueKind[]::new);
      long base = done[0];
      boolean[] writing = {false};
      boolean[] ending = {false}; // the whole table arrived: the batch flushed now is its last
      // straight into the table, when it can: the target parses while the batch arrives
      Database.CopyStream stream = target.streamCopy(table, infos, strategy, fresh, binary);
      if (binary && stream == null) {
        throw new dev.dbsync.engine.BinaryCopyRefused("The target takes " + table
            + " as COPY text only.");
      }
      CopyBatcher.BatchWriter write = (text, length, rows, last) -> {
        writing[0] = true;
        ArrayNode lastKey = WireValues.NODES.arrayNode();
        if (binary) {
          for (int i = 0; i < keyAt.length; i++) {
            lastKey.add(BinaryCopyBatcher.keyText(text, last, keyAt[i], keyKinds[i]));
          }
        } else {
          String[] fields = dev.dbsync.engine.db.CopyText.decodeLine(text, last, length - 1);
          for (int i : keyAt) {
            lastKey.add(fields[i]);
          }
        }
        resume.writing(lastKey, done[0] + rows);
        ImportResult r = stream != null ? stream.commit(text, length)
            : target.importCopy(table, infos, text, length, rows, strategy, fresh);
        resume.written(r, ending[0]);
        committedKey[0] = lastKey;
        committed(table, r, rows, done, base, total, deferred, expected, overall, overallDone,
            started);
        writing[0] = false;
      };
      CopyBatcher.LineSink sink = stream == null ? null : stream::write;
      RowBatcher batcher = binary ? new BinaryCopyBatcher(columns.size(), options.batchSize(),
          COPY_BATCH_BYTES, write, sink) : new CopyBatcher(options.batchSize(),
          COPY_BATCH_BYTES, write, sink);
      dev.dbsync.engine.BinaryCopyRefused[] refused = {null};
      try {
        read.read((b, off, n) -> {
          if (cancelled) {
            throw new CancelledCopy();
          }
          if (refused[0] != null) {
            return; // the rest of a refused binary stream, read to its end and dropped
          }
          try {
            batcher.accept(b, off, n);
          } catch (dev.dbsync.engine.BinaryCopyRefused e) {
            // the source's COPY is not cut short: a COPY cancelled under a snapshot ends
            // the snapshot's transaction, and the text that follows reads in it
            refused[0] = e;
            writing[0] = false;
          }
        });
        if (refused[0] != null) {
          throw refused[0];
        }
        int partial = batcher.partial();
        ending[0] = !cancelled && partial == 0;
        batcher.flush();
        if (partial > 0) {
          // COPY text ends each row with a newline: bytes after the last one are a row cut
          // short or something that is not a row, never a row to guess at
          throw new DbSyncException("The rows of " + table + " ended in the middle of a row ("
              + partial + " bytes after the last whole one): the whole rows before it are "
              + "written, the rest is not. Run the transfer again to go on from there.");
        }
      } catch (CancelledCopy e) {
        // committed batches stay; the checkpoint says where to go on
      } catch (DbSyncException e) {
        if (!writing[0] && !(e instanceof dev.dbsync.engine.BinaryCopyRefused)) {
          // the sender stopped (a limit, a lost link): the whole lines that arrived are good
          // rows; keep them with their checkpoint so a later run goes on after them
          try {
            batcher.flush();
          } catch (RuntimeException also) {
            e.addSuppressed(also);
          }
        }
        throw e;
      } finally {
        if (stream != null) {
          stream.close(); // a batch cut short (cancelled, failed) is rolled back
        }
      }
    }

    /** Writes one batch of rows in one transaction, its resume point around it. */
    private boolean write(String table, List<ObjectNode> batch, JsonNode lastKey,
        Strategy strategy, boolean fresh, Resume resume, long[] done, long base,
        ImportResult total, Map<String, List<ObjectNode>> deferred, long expected, long overall,
        java.util.concurrent.atomic.AtomicLong overallDone, long started) {
      resume.writing(lastKey, done[0] + batch.size());
      ImportResult r = target.importRecords(table, batch, strategy, fresh);
      resume.written(r, false);
      committed(table, r, batch.size(), done, base, total, deferred, expected, overall,
          overallDone, started);
      return !cancelled;
    }

    /** After a batch committed: counts, rows kept for a retry, progress. */
    private void committed(String table, ImportResult r, long rows, long[] done, long base,
        ImportResult total, Map<String, List<ObjectNode>> deferred, long expected, long overall,
        java.util.concurrent.atomic.AtomicLong overallDone, long started) {
      List<ObjectNode> failures = r.takeForeignKeyFailures();
      synchronized (deferred) {
        List<ObjectNode> pending = deferred.computeIfAbsent(table, k -> new ArrayList<>());
        if (pending.size() < MAX_DEFERRED) {
          pending.addAll(failures);
        }
      }
      total.add(r);
      done[0] += rows;
      long overallNow = overallDone.addAndGet(rows);
      double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      listener.progress(new TransferProgress(table, done[0], expected, source.bytesReceived(),
          (done[0] - base) / secs, overallNow, overall));
    }
  }

  /** Unwinds a COPY stream when the user cancels. */
  private static final class CancelledCopy extends RuntimeException {
    CancelledCopy() {
      super("cancelled", null, false, false);
    }
  }

  /** Bytes of COPY text per transaction on the fast path. */
  static final int COPY_BATCH_BYTES = 4 * 1024 * 1024;

  /** Retries rows refused for a missing parent, while each pass gets more rows in. */
  private void retryDeferred(Map<String, List<ObjectNode>> deferred,
      Map<String, TableOutcome> byTable) {
    boolean progress = true;
    while (progress && !cancelled) {
      progress = false;
      for (var e : deferred.entrySet()) {
        List<ObjectNode> rows = e.getValue();
        TableOutcome o = byTable.get(e.getKey());
        if (rows.isEmpty() || o == null || o.status() == TableOutcome.Status.FAILED) {
          continue;
        }
        ImportResult r = target.importRecords(e.getKey(), rows, o.strategy());
        List<ObjectNode> still = r.takeForeignKeyFailures();
        progress |= still.size() < rows.size();
        o.result().add(r);
        e.setValue(still);
      }
    }
    for (var e : deferred.entrySet()) {
      TableOutcome o = byTable.get(e.getKey());
      if (o != null && !e.getValue().isEmpty()) {
        // no pass could place these rows: they are errors after all
        ImportResult r = target.importRecords(e.getKey(), e.getValue(), o.strategy());
        o.result().add(r);
      }
    }
  }

  private static JsonNode keyOf(ObjectNode row, List<String> key) {
    ArrayNode k = WireValues.NODES.arrayNode();
    key.forEach(c -> k.add(row.get(c)));
    return k;
  }

  private static List<JsonNode> keyList(JsonNode key) {
    List<JsonNode> out = new ArrayList<>();
    key.forEach(out::add);
    return out;
  }

  private static double secs(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}

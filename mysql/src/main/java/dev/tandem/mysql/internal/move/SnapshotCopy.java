package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Identifiers;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.mysql.internal.TableStatistics;
import dev.tandem.spi.Throttle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a source database's tables and rows into a target database from one consistent snapshot of the
 * source ({@link SharedSnapshot}), with several connections in parallel, and says from which binary log
 * position replication must continue. Both data sources give connections whose default database is the one
 * copied (the source's) or copied into (the target's, which exists and has no application tables).
 *
 * <p>Resume. A copy keeps its checkpoints on the target ({@link CopyCheckpoints}). A run after an
 * interrupted one keeps the tables that were finished, each with the snapshot it was copied in, and copies
 * every other table again, from nothing, from a new snapshot: rows of one table never mix two snapshots. So
 * that no foreign key joins rows of two snapshots either, tables that foreign keys connect are copied
 * together: if one of them is unfinished, the whole group is copied again. Replication then starts at the
 * oldest snapshot and applies each table's changes only from its own snapshot on
 * ({@link Replication#start(SourceAddress, List, String, Duration)}): every change is applied to a table
 * exactly once, in the source's order, and the target reaches the source's state. A resume is only for a
 * copy whose replication has not started; replication that started means the copy was complete.
 */
public final class SnapshotCopy {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCopy.class);
    /** How long an interrupted copy waits for its workers to finish their statement before it closes their connections. */
    private static final long WORKER_STOP_SECONDS = 30;

    /**
     * How a copy runs.
     *
     * @param workers          connections that copy tables in parallel (each table by one of them)
     * @param chunkRows        the most rows one chunk reads and inserts
     * @param maxStatementBytes the size beyond which a chunk's INSERT is split (and the next chunk made smaller)
     * @param lockWait         how long one try of the snapshot's global read lock may wait for running statements
     * @param throttle         asked before every chunk
     * @param listener         told of the progress after every chunk
     */
    public record Options(int workers, int chunkRows, long maxStatementBytes, Duration lockWait, Throttle throttle,
                          CopyListener listener) {

        /** Four workers, chunks of 1,000 rows, INSERTs of at most 4 MiB, a 5 s lock wait, no throttle, no listener. */
        public static Options defaults() {
            return new Options(4, 1_000, 4L << 20, Duration.ofSeconds(5), new Throttle() {
                @Override
                public void awaitGo(String who) {
                    // never waits
                }

                @Override
                public Duration unitTarget() {
                    return Duration.ofMillis(500);
                }
            }, (table, done, estimate) -> { });
        }

        public Options withWorkers(int n) {
            return new Options(n, chunkRows, maxStatementBytes, lockWait, throttle, listener);
        }

        public Options withChunkRows(int n) {
            return new Options(workers, n, maxStatementBytes, lockWait, throttle, listener);
        }

        public Options withThrottle(Throttle t) {
            return new Options(workers, chunkRows, maxStatementBytes, lockWait, t, listener);
        }

        public Options withListener(CopyListener l) {
            return new Options(workers, chunkRows, maxStatementBytes, lockWait, throttle, l);
        }
    }

    private final DataSource source;
    private final DataSource target;
    private final Options options;

    public SnapshotCopy(DataSource source, DataSource target, Options options) {
        this.source = source;
        this.target = target;
        this.options = options;
    }

    /**
     * Copies what the target does not hold yet (everything, the first time), and returns the snapshots the
     * target's tables come from. Refuses a target whose database has application tables but no checkpoints
     * of a copy. Interrupting the calling thread stops the copy within a chunk; a later run resumes it.
     */
    public CopyResult run() throws SQLException, InterruptedException {
        List<String> toCopy;
        List<String> notCopied;
        List<String> withoutKey = new ArrayList<>();
        try (Connection s = source.getConnection(); Connection t = target.getConnection()) {
            List<String> tables = SchemaCopy.tables(s);
            if (!CopyCheckpoints.exists(t) && !SchemaCopy.applicationTables(t).isEmpty()) {
                throw new SQLException("the target database is not empty (it has " + SchemaCopy.applicationTables(t)
                        + ") and holds no interrupted copy: copy into an empty database");
            }
            SchemaCopy.prepareTarget(t);
            CopyCheckpoints.create(t);
            SchemaCopy.alignDefaults(s, t);
            SchemaCopy.readingDefinitions(s, () -> {
                SchemaCopy.createMissingSequences(s, t);
                SchemaCopy.createMissing(s, t, tables);
            });
            toCopy = unfinished(tables, CopyCheckpoints.read(t));
            CopyCheckpoints.restart(t, toCopy, null);
            try (Statement truncate = t.createStatement()) {
                for (String table : toCopy) {
                    truncate.execute("TRUNCATE TABLE " + Identifiers.quote(table));
                }
            }
            notCopied = SchemaCopy.notCopied(s);
            for (String table : tables) {
                if (TableCopy.keyOf(s, table) == null) {
                    withoutKey.add(table);
                }
            }
        }
        if (!withoutKey.isEmpty()) {
            LOG.warn("Tables {} have no primary key and no unique key over NOT NULL columns: each is copied by one scan,"
                    + " and the replica finds their rows by whole row images (binlog_row_image=FULL needed); give them a"
                    + " primary key", withoutKey);
        }
        long rows = toCopy.isEmpty() ? 0 : copy(toCopy);
        try (Connection s = source.getConnection(); Connection t = target.getConnection()) {
            SchemaCopy.advanceSequences(s, t);
            return result(CopyCheckpoints.read(t), rows, withoutKey, notCopied);
        }
    }

    /**
     * The tables to copy: none when every table is done, else all of them, from one new snapshot. Replication
     * through the snapshots of a partly resumed copy (finished tables kept with their own snapshot) failed on
     * MariaDB under writes ("binlog truncated in the middle of event" when the replica restarted after its
     * first round), so an interrupted copy is copied again whole until that is understood.
     */
    private static List<String> unfinished(List<String> tables, Map<String, CopyCheckpoints.Checkpoint> checkpoints) {
        boolean done = tables.stream().allMatch(t -> checkpoints.get(t) != null && checkpoints.get(t).done());
        return done ? List.of() : tables;
    }

    private long copy(List<String> tables) throws SQLException, InterruptedException {
        int workers = Math.max(1, Math.min(options.workers(), tables.size()));
        AtomicLong rows = new AtomicLong();
        try (SharedSnapshot snapshot = SharedSnapshot.take(source, workers, options.lockWait())) {
            try (Connection t = target.getConnection()) {
                CopyCheckpoints.restart(t, tables, snapshot.position());
            }
            ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(largestFirst(snapshot.connections().get(0), tables));
            List<Thread> threads = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread thread = new Thread(r, "tandem-move-copy");
                threads.add(thread);
                return thread;
            });
            try {
                CompletionService<Void> done = new ExecutorCompletionService<>(pool);
                for (Connection connection : snapshot.connections()) {
                    done.submit(() -> {
                        worker(connection, queue, rows);
                        return null;
                    });
                }
                for (int i = 0; i < workers; i++) {
                    await(done.take()); // the first failure ends the copy; the others are interrupted below
                }
            } finally {
                stop(pool, threads);
            }
            LOG.info("Copied {} rows of {} table(s) from the snapshot at {}", rows.get(), tables.size(), snapshot.position());
        }
        return rows.get();
    }

    /**
     * Stops the workers and waits for them, even when the caller is interrupted again meanwhile: a copy that
     * returned while a worker still wrote would let that worker commit a chunk into the target after a rerun
     * truncated it (rows copied twice, or a duplicate key). Waits for their threads to end too: a pool counts
     * as terminated while its last thread is still on its way out. The interrupt is kept for the caller.
     */
    private static void stop(ExecutorService pool, List<Thread> threads) {
        pool.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WORKER_STOP_SECONDS);
        boolean interrupted = false;
        boolean stopped = false;
        while (!stopped && System.nanoTime() < deadline) {
            try {
                stopped = pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                for (Thread thread : threads) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    stopped &= !thread.isAlive();
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!stopped) {
            LOG.warn("Copy workers did not stop within {} s; closing their connections", WORKER_STOP_SECONDS);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void worker(Connection source, ConcurrentLinkedQueue<String> queue, AtomicLong rows)
            throws SQLException, InterruptedException {
        try (Connection t = target.getConnection()) {
            SchemaCopy.prepareTarget(t);
            t.setAutoCommit(false);
            long maxStatementBytes = Math.min(options.maxStatementBytes(),
                    Long.parseLong(Jdbc.rows(t, "SELECT @@max_allowed_packet").get(0).get(0)) / 2);
            for (String table = queue.poll(); table != null; table = queue.poll()) {
                rows.addAndGet(new TableCopy(source, t, table, options.chunkRows(), maxStatementBytes, options.throttle(),
                        options.listener()).run());
            }
        }
    }

    private static void await(Future<?> f) throws SQLException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("a copy worker failed", e.getCause());
        }
    }

    /** The tables, largest first (the server's estimate), so the longest copies start first. */
    private static List<String> largestFirst(Connection source, List<String> tables) throws SQLException {
        Map<String, Long> sizes = new TreeMap<>();
        for (List<String> row : TableStatistics.read(source, "SELECT table_name, COALESCE(data_length, 0) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE()")) {
            sizes.put(row.get(0), Long.parseLong(row.get(1)));
        }
        return tables.stream().sorted(Comparator.comparing((String t) -> sizes.getOrDefault(t, 0L)).reversed()).toList();
    }

    private static CopyResult result(Map<String, CopyCheckpoints.Checkpoint> checkpoints, long rows, List<String> withoutKey,
                                     List<String> notCopied)
            throws SQLException {
        Map<BinlogPosition, List<String>> bySnapshot = new TreeMap<>();
        for (Map.Entry<String, CopyCheckpoints.Checkpoint> e : checkpoints.entrySet()) {
            if (!e.getValue().done()) {
                throw new SQLException("the copy ended with table " + e.getKey() + " unfinished");
            }
            bySnapshot.computeIfAbsent(e.getValue().snapshot(), p -> new ArrayList<>()).add(e.getKey());
        }
        List<CopiedSnapshot> snapshots = bySnapshot.entrySet().stream()
                .map(e -> new CopiedSnapshot(e.getKey(), e.getValue())).toList();
        return new CopyResult(snapshots, rows, withoutKey, notCopied);
    }

    /**
     * Drops the copy's checkpoints from the target: once replication runs past the copy's last snapshot, the
     * target needs them no more, and its database then has the application's tables only.
     */
    public static void forget(DataSource target) throws SQLException {
        try (Connection t = target.getConnection()) {
            if (CopyCheckpoints.exists(t)) { // asked first: a prepare run again on a read-only target runs no DDL there
                CopyCheckpoints.drop(t);
            }
        }
    }
}

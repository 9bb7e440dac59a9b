package dev.tandem.mysql.internal.bench;

import dev.tandem.MigrationState;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.TandemListener;
import dev.tandem.mysql.internal.EagerWritingOut;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Filling a new column on a table of N rows (about 80 bytes each), every way on its own copy of one
 * table, side by side in one run on the same server, with the server durable as in production
 * (redo and binary log flushed at every commit, row-based binary log with full images, 1 GiB buffer
 * pool: the {@code durable} profile of the test bed):
 * <ul>
 *   <li>one {@code UPDATE t SET c = up(row)} (one huge transaction);</li>
 *   <li>hand-written loops of {@code UPDATE ... WHERE id > a AND id <= a + chunk}, autocommit, with
 *       10k and 1k rows per chunk; and the 10k loop again on a table carrying a trigger like
 *       Tandem's (it fires for every updated row and only checks the backfill's session marker), to
 *       show what the triggers cost;</li>
 *   <li>{@code pt-online-schema-change --alter "ADD COLUMN display VARCHAR(200) NULL"} (copies the table
 *       online) and the blocking {@code ALTER TABLE ... ADD COLUMN display VARCHAR(200) NULL, ALGORITHM=COPY}:
 *       the same change as Tandem's, the column left NULL (they cannot compute it);</li>
 *   <li>Tandem: an {@code add_column} migration with defaults, timed from {@code start()} to ready,
 *       and its backfill phase (chunks and verification) alone: from {@code copyExpandThreshold} rows
 *       on (500,000 by default) a copy of the table swapped in; then the same forced to update in
 *       place, side by side;</li>
 *   <li>Tandem again under a foreground OLTP load ({@link OltpLoad}): its p50/p99 latency before the
 *       migration and during the backfill, with the default chunk target (200 ms) and the shortest
 *       (50 ms), and in place with the default; with the copy paced by the redo log's checkpoint age
 *       ({@code maxCheckpointAge}, {@code -Dbench.maxCheckpointAge}, 0.3 by default); held by {@code pause()} with
 *       the copy's carry triggers in place ({@code loadheld}: what the triggers alone cost); and with the load on a pool of its own, which Tandem does
 *       not see, without and with {@code latencyProbe}; and pt-online-schema-change under the same load
 *       (on a pool of its own), for the tail the same change costs the application without Tandem.</li>
 * </ul>
 * Every way starts on its own copy of the table, its statistics fresh and its pages written out, after
 * {@link #AFTER_EXPORT} of quiet.
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.internal.bench.BackfillBenchmark -Dexec.args="1000000,10000000"}.
 * pt-online-schema-change comes from Debian's {@code percona-toolkit} package; without it that column
 * says so.
 */
public final class BackfillBenchmark {

    static final String UP = "CONCAT(UPPER(name), ' <', email, '>')";
    /** The schema change every way makes: pt-osc and the blocking ALTER leave the column NULL (they cannot compute it). */
    private static final String SAME_CHANGE = "ADD COLUMN display VARCHAR(200) NULL";
    /** The ways a run measures when the second argument does not name some. */
    private static final String ALL_WAYS = "loops,ptosc,alter,tandem,tandem1,inplace,load,load1,loadpaced,load50,loadinplace,loadheld,loadown,loadprobe,loadptosc";
    /** How long {@code loadheld} holds the copy, its carry triggers in place. */
    private static final Duration HELD_FOR = Duration.ofSeconds(30);
    private static final Duration DEFAULT_CHUNK_TARGET = Duration.ofMillis(Long.getLong("bench.chunkTarget", 200));
    /** Tandem's {@code maxForegroundSlowdown} ({@code -Dbench.maxForegroundSlowdown}; its default otherwise). */
    private static final double MAX_FOREGROUND_SLOWDOWN = Double.parseDouble(System.getProperty(
            "bench.maxForegroundSlowdown", String.valueOf(TandemConfiguration.DEFAULT_MAX_FOREGROUND_SLOWDOWN)));
    /** Tandem's {@code maxCheckpointAge} in the way {@code loadpaced} ({@code -Dbench.maxCheckpointAge}). */
    private static final double MAX_CHECKPOINT_AGE = Double.parseDouble(System.getProperty("bench.maxCheckpointAge", "0.3"));
    /** How many times pt-osc and Tandem each run, in turns ({@code -Dbench.rounds}); rates are the medians. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
    /** InnoDB's adaptive hash index for the run (ON or OFF); the server's own setting where not given. */
    private static final String ADAPTIVE_HASH_INDEX = System.getProperty("bench.adaptiveHashIndex");
    /**
     * Server variables set for the run ({@code -Dbench.set="sync_binlog=0;innodb_flush_log_at_trx_commit=2"}):
     * what the application's requests wait for, by taking it away.
     */
    private static final List<String> SERVER_SETTINGS = System.getProperty("bench.set", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.set").split(";"));
    /** The shortest chunk target Tandem allows: the other end of the speed/latency trade. */
    private static final Duration SHORT_CHUNK_TARGET = Duration.ofMillis(50);
    /** Tandem's default strategy choice: a copy from the default threshold on. */
    private static final long DEFAULT_THRESHOLD = DdlPolicy.DEFAULT_COPY_THRESHOLD;
    /** How long the server is left alone after the table's pages were written out, before a way starts. */
    private static final Duration AFTER_EXPORT = Duration.ofSeconds(5);
    /** A threshold no table reaches: the backfill updates in place. */
    private static final long IN_PLACE = Long.MAX_VALUE;

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        Set<String> ways = Set.of((args.length > 1 ? args[1] : ALL_WAYS).split(","));
        List<String> report = DurableServers.measureEach(server -> {
            List<String> measured = new ArrayList<>();
            for (int rows : sizes) {
                measured.add(measure(server, rows, ways));
                System.out.println(measured.get(measured.size() - 1));
            }
            return String.join("\n", measured);
        });
        System.out.println();
        System.out.println("Rows/s (higher is better); ratios against the best hand-written loop; latency in ms.");
        report.forEach(System.out::println);
    }

    private static String measure(DatabaseServer server, int rows, Set<String> ways) throws Exception {
        Map<String, Double> rate = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        try (TestDatabase db = TestDatabase.create(server)) {
            createBase(db, rows);
            if (ADAPTIVE_HASH_INDEX != null) {
                db.execute("SET GLOBAL innodb_adaptive_hash_index = " + ADAPTIVE_HASH_INDEX);
            }
            for (String setting : SERVER_SETTINGS) {
                db.execute("SET GLOBAL " + setting);
            }
            warmUp(db);
            if (ways.contains("loops")) {
                rate.put("one UPDATE", rows / timed(db, "t_single", t -> db.execute(
                        "ALTER TABLE " + t + " ADD COLUMN display VARCHAR(200) NULL", "UPDATE " + t + " SET display = " + UP)));
                rate.put("loop 10k", rows / timed(db, "t_loop10k", t -> loop(db, t, rows, 10_000, false)));
                rate.put("loop 1k", rows / timed(db, "t_loop1k", t -> loop(db, t, rows, 1_000, false)));
                rate.put("loop 10k + trigger", rows / timed(db, "t_loop_trig", t -> loop(db, t, rows, 10_000, true)));
            }
            if (ways.contains("alter")) {
                rate.put("blocking ALTER", rows / timed(db, "t_alter", t -> db.execute(
                        "ALTER TABLE " + t + " " + SAME_CHANGE + ", ALGORITHM=COPY")));
            }
            // pt-osc and Tandem in turns, ROUNDS times: on a shared machine one pair's ratio moves by a tenth
            // or more from run to run; the median of the pairs' ratios moves less.
            List<Double> ptoscRates = new ArrayList<>();
            List<Double> tandemRates = new ArrayList<>();
            List<Double> backfillRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> oneWriterRates = new ArrayList<>();
            List<Double> oneWriterRatios = new ArrayList<>();
            Timing[] tandem = new Timing[1];
            for (int round = 0; round < ROUNDS; round++) {
                if (ways.contains("ptosc") && PtOnlineSchemaChange.available()) {
                    ptoscRates.add(rows / timed(db, "t_ptosc", t -> PtOnlineSchemaChange.alter(db, t, SAME_CHANGE)));
                }
                if (ways.contains("tandem")) {
                    timed(db, "t_tandem", t -> tandem[0] = tandem(db, t, DEFAULT_CHUNK_TARGET, DEFAULT_THRESHOLD, c -> c, null));
                    tandemRates.add(rows / tandem[0].total());
                    backfillRates.add(rows / tandem[0].backfill());
                    if (ptoscRates.size() == tandemRates.size()) {
                        ratios.add(tandemRates.get(round) / ptoscRates.get(round));
                    }
                }
                if (ways.contains("tandem1")) {
                    timed(db, "t_tandem1", t -> tandem[0] = tandem(db, t, DEFAULT_CHUNK_TARGET, DEFAULT_THRESHOLD,
                            c -> c.copyThreads(1), null));
                    oneWriterRates.add(rows / tandem[0].total());
                    if (ptoscRates.size() == oneWriterRates.size()) {
                        oneWriterRatios.add(oneWriterRates.get(round) / ptoscRates.get(round));
                    }
                }
            }
            Double ptosc = ways.contains("ptosc") ? median(ptoscRates) : null;
            if (ways.contains("ptosc")) {
                rate.put("pt-osc", ptosc);
            }
            if (ways.contains("tandem")) {
                rate.put("Tandem", median(tandemRates));
                rate.put("Tandem backfill phase", median(backfillRates));
            }
            if (ways.contains("tandem1")) {
                rate.put("Tandem, copyThreads 1", median(oneWriterRates));
            }
            roundsLine("Tandem / pt-osc", ratios).ifPresent(loads::add);
            roundsLine("Tandem with copyThreads 1 / pt-osc", oneWriterRatios).ifPresent(loads::add);
            if (ways.contains("inplace")) {
                timed(db, "t_in_place", t -> tandem[0] = tandem(db, t, DEFAULT_CHUNK_TARGET, IN_PLACE, c -> c, null));
                rate.put("Tandem in place", rows / tandem[0].total());
                rate.put("Tandem in place, backfill", rows / tandem[0].backfill());
            }
            Timing[] loaded = new Timing[1];
            if (ways.contains("load")) {
                loads.add("foreground load " + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET, DEFAULT_THRESHOLD, LoadPool.TANDEMS));
                rate.put("Tandem under load", rows / loaded[0].total());
            }
            if (ways.contains("load1")) {
                loads.add("foreground load, copyThreads 1 " + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET,
                        DEFAULT_THRESHOLD, LoadPool.TANDEMS_ONE_WRITER));
                rate.put("Tandem under load, 1 writer", rows / loaded[0].total());
            }
            if (ways.contains("loadpaced")) {
                // MariaDB writes out lazily by default, and Tandem refuses the signal there (see CheckpointAgeSignal).
                try (EagerWritingOut eager = EagerWritingOut.on(db)) {
                    loads.add("foreground load, maxCheckpointAge " + MAX_CHECKPOINT_AGE + (eager.changed()
                            ? ", innodb_max_dirty_pages_pct_lwm " + EagerWritingOut.LOW_WATER_MARK + " " : " ")
                            + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET, DEFAULT_THRESHOLD, LoadPool.TANDEMS_PACED));
                }
                rate.put("Tandem under load, paced", rows / loaded[0].total());
            }
            if (ways.contains("load50")) {
                loads.add("foreground load, backfillChunkTarget 50 ms "
                        + underLoad(db, rows, loaded, SHORT_CHUNK_TARGET, DEFAULT_THRESHOLD, LoadPool.TANDEMS));
                rate.put("Tandem under load, 50 ms", rows / loaded[0].total());
            }
            if (ways.contains("loadinplace")) {
                loads.add("foreground load, in place " + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET, IN_PLACE,
                        LoadPool.TANDEMS));
                rate.put("Tandem in place, load", rows / loaded[0].total());
            }
            if (ways.contains("loadheld")) {
                loads.add("foreground load, the copy held " + HELD_FOR.toSeconds() + " s by pause() once its carry triggers"
                        + " existed " + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET, DEFAULT_THRESHOLD, LoadPool.TANDEMS_HELD));
            }
            if (ways.contains("loadown")) {
                loads.add("foreground load on its own pool, unseen " + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET,
                        DEFAULT_THRESHOLD, LoadPool.OWN));
                rate.put("Tandem, load unseen", rows / loaded[0].total());
            }
            if (ways.contains("loadprobe")) {
                loads.add("foreground load on its own pool, latencyProbe " + underLoad(db, rows, loaded, DEFAULT_CHUNK_TARGET,
                        DEFAULT_THRESHOLD, LoadPool.OWN_PROBED));
                rate.put("Tandem, load probed", rows / loaded[0].total());
            }
            if (ways.contains("loadptosc")) {
                if (PtOnlineSchemaChange.available()) {
                    double[] seconds = new double[1];
                    loads.add("foreground load during pt-osc " + ptoscUnderLoad(db, rows, seconds));
                    rate.put("pt-osc under load", rows / seconds[0]);
                } else {
                    rate.put("pt-osc under load", null);
                }
            }
            Double best = rate.containsKey("loop 10k") ? Math.max(rate.get("loop 10k"), rate.get("loop 1k")) : null;
            Double pt = ptosc;
            StringBuilder line = new StringBuilder(String.format("%s, %,d rows:%n", server.label(), rows));
            rate.forEach((way, r) -> line.append(String.format("  %-26s %s%n", way, r == null ? "not installed"
                    : String.format("%,10.0f rows/s%s%s", r, best == null ? "" : String.format("  %.2fx best loop", r / best),
                    pt == null ? "" : String.format("  %.2fx pt-osc", r / pt)))));
            loads.forEach(l -> line.append("  ").append(l).append(System.lineSeparator()));
            return line.toString();
        }
    }

    /**
     * One small copy and one small update in place first, so every way measured runs on a warm JVM (classes
     * loaded, the SQL parser initialised, code compiled), as an application's later migrations do: the
     * first Tandem of a JVM spends about a second and a half more getting there, which a long-lived process
     * such as pt-online-schema-change's pays in its own start.
     */
    private static void warmUp(TestDatabase db) throws Exception {
        for (long threshold : new long[] {0, IN_PLACE}) {
            db.execute("CREATE TABLE t_warm LIKE base", "INSERT INTO t_warm SELECT * FROM base WHERE id <= 1000");
            tandem(db, "t_warm", DEFAULT_CHUNK_TARGET, threshold, c -> c, null);
            db.execute("DROP TABLE t_warm");
        }
    }

    /** The ratios of each round and their median, where there was more than one round. */
    private static Optional<String> roundsLine(String what, List<Double> ratios) {
        return ratios.size() < 2 ? Optional.empty() : Optional.of(String.format("%s in %d rounds: %s (median %.2fx)", what,
                ratios.size(), ratios.stream().map(r -> String.format("%.2fx", r)).collect(Collectors.joining(", ")),
                median(ratios)));
    }

    /** The median of {@code values} (of an even count, the mean of the middle two); null for none. */
    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** {@code base}: the rows every way starts from, copied for each. */
    static void createBase(TestDatabase db, int rows) throws Exception {
        long started = System.nanoTime();
        db.execute("CREATE TABLE digits (d INT PRIMARY KEY)",
                "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                "CREATE TABLE base (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, email VARCHAR(40) NOT NULL,"
                        + " amount INT NOT NULL)");
        // In slices of a million: one transaction of ten million rows would strain the undo log.
        for (int from = 0; from < rows; from += 1_000_000) {
            db.execute("INSERT INTO base SELECT n, CONCAT('customer ', n), CONCAT('c', n, '@example.com'), n % 100000"
                    + " FROM (SELECT " + from + " + 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d"
                    + " AS n FROM digits a, digits b, digits c, digits e, digits f, digits g) x WHERE n <= " + rows);
        }
        System.out.printf("(%s: %,d rows loaded in %.0f s)%n", db.server().label(), rows, (System.nanoTime() - started) / 1e9);
    }

    private interface TableWork {
        void run(String table) throws Exception;
    }

    /** Seconds {@code work} takes on a fresh copy of {@code base}, dropped afterwards with its binary logs. */
    private static double timed(TestDatabase db, String table, TableWork work) throws Exception {
        db.execute("CREATE TABLE " + table + " LIKE base");
        for (long from = 0; ; from += 1_000_000) {
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                if (s.executeUpdate("INSERT INTO " + table + " SELECT * FROM base WHERE id > " + from + " AND id <= "
                        + (from + 1_000_000)) == 0) {
                    break;
                }
            }
        }
        // Statistics as a table long in use has them (a table loaded a moment ago may still count as empty,
        // and Tandem chooses by its estimated size); then every way starts alike, the table's pages written
        // out (FOR EXPORT writes them out and holds the table until UNLOCK TABLES): a baseline taken while
        // the server still writes out the rows just loaded measures that, not the application's quiet time.
        db.execute("ANALYZE TABLE " + table);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("FLUSH TABLES " + table + " FOR EXPORT");
            s.execute("UNLOCK TABLES");
        }
        // MariaDB runs DDL on a table slowly for a second or two after FOR EXPORT released it (a CREATE TRIGGER
        // 100-230 ms against 2-5 ms three seconds later, docs/benchmarks.md): no way should start in that aftermath.
        Thread.sleep(AFTER_EXPORT.toMillis());
        long started = System.nanoTime();
        work.run(table);
        double seconds = (System.nanoTime() - started) / 1e9;
        db.execute("DROP TABLE IF EXISTS " + table);
        if ("1".equals(String.valueOf(db.queryValue("SELECT @@log_bin")))) {
            db.execute("RESET MASTER");
        }
        return seconds;
    }

    private static void loop(TestDatabase db, String table, int rows, int chunk, boolean trigger) throws Exception {
        db.execute("ALTER TABLE " + table + " ADD COLUMN display VARCHAR(200) NULL");
        if (trigger) {
            db.execute("CREATE TRIGGER " + table + "_sync BEFORE UPDATE ON " + table + " FOR EACH ROW"
                    + " IF @tandem_backfill IS NULL THEN SET NEW.display = " + UP.replace("name", "NEW.name")
                    .replace("email", "NEW.email") + "; END IF");
        }
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET @tandem_backfill = 1");
            for (long a = 0; a < rows; a += chunk) {
                s.executeUpdate("UPDATE " + table + " SET display = " + UP + " WHERE id > " + a + " AND id <= " + (a + chunk));
            }
        }
    }

    /** When a Tandem run started, began its backfill, and was ready (System.nanoTime()). */
    private record Timing(long started, long backfillStarted, long ready) {
        double total() {
            return (ready - started) / 1e9;
        }

        double backfill() {
            return (ready - backfillStarted) / 1e9;
        }
    }

    /** The application's load on Tandem's pool while a change runs ({@code change} returns its timing). */
    private interface Foreground {
        Timing serve(Tandem tandem, Callable<Timing> change) throws Exception;
    }

    /**
     * Tandem's add_column on {@code table}, with defaults but the chunk target and the copy threshold, from
     * start() to ready, while {@code foreground} (if any) serves on {@code tandem.dataSource()}, as an
     * application instance that runs the migration and serves at once does; then Tandem's tables and the
     * table a copy replaced are dropped.
     */
    private static Timing tandem(TestDatabase db, String table, Duration chunkTarget, long copyThreshold,
                                 UnaryOperator<TandemConfiguration> tuning, Foreground foreground) throws Exception {
        Path scripts = Files.createTempDirectory("tandem-bench-");
        Files.writeString(scripts.resolve("V1__display.yaml"), "operations:\n  - add_column: {table: " + table
                + ", column: display, type: VARCHAR(200), up: \"" + UP + "\"}\n");
        AtomicLong backfillStarted = new AtomicLong();
        AtomicLong ready = new AtomicLong();
        Timing timing;
        TandemConfiguration configuration = tuning.apply(Tandem.configure().url(db.url()).user(db.user())
                .password(db.password()).locations("filesystem:" + scripts).backfillChunkTarget(chunkTarget)
                .copyExpandThreshold(copyThreshold).maxForegroundSlowdown(MAX_FOREGROUND_SLOWDOWN));
        try (Tandem tandem = configuration
                .listener(new TandemListener() {
                    @Override
                    public void stateChanged(String version, MigrationState state) {
                        if (state == MigrationState.BACKFILLING) {
                            backfillStarted.set(System.nanoTime());
                        } else if (state == MigrationState.READY) {
                            ready.set(System.nanoTime());
                        }
                    }
                }).load()) {
            Callable<Timing> change = () -> {
                long started = System.nanoTime();
                tandem.start();
                return new Timing(started, backfillStarted.get(), ready.get());
            };
            timing = foreground == null ? change.call() : foreground.serve(tandem, change);
        }
        db.execute("DROP TABLE tandem_migrations, tandem_instances, tandem_backfill, flyway_schema_history");
        List<List<Object>> replaced = db.query("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name LIKE '\\_tandem\\_%\\_old'");
        for (List<Object> old : replaced) {
            db.execute("DROP TABLE `" + old.get(0) + "`");
        }
        System.out.printf("(%s: Tandem, copyExpandThreshold %d, %s, %.1f s, backfill %.1f s)%n", db.server().label(),
                copyThreshold, replaced.isEmpty() ? "updated in place" : "copied the table", timing.total(), timing.backfill());
        return timing;
    }

    /** Where the foreground load borrows its connections. */
    private enum LoadPool {
        /** {@code tandem.dataSource()}: Tandem times every request. */
        TANDEMS,
        /** {@code tandem.dataSource()}, and the copy paced by the redo log's checkpoint age ({@code maxCheckpointAge}). */
        TANDEMS_PACED,
        /** {@code tandem.dataSource()}, and the copy written by one connection ({@code copyThreads(1)}). */
        TANDEMS_ONE_WRITER,
        /**
         * {@code tandem.dataSource()}, and the copy held by {@code pause()} for {@link #HELD_FOR} once its carry
         * triggers exist: what the triggers alone cost the application's writes, no chunk running.
         */
        TANDEMS_HELD,
        /** A pool of its own, which Tandem does not see. */
        OWN,
        /** A pool of its own, and Tandem's {@code latencyProbe} on. */
        OWN_PROBED;

        /** Whether the load borrows from {@code tandem.dataSource()}. */
        boolean lentByTandem() {
            return this == TANDEMS || this == TANDEMS_PACED || this == TANDEMS_ONE_WRITER || this == TANDEMS_HELD;
        }

        /** Tandem's configuration for a run under this load. */
        TandemConfiguration tuned(TandemConfiguration configuration) {
            return switch (this) {
                case TANDEMS_PACED -> configuration.maxCheckpointAge(MAX_CHECKPOINT_AGE);
                case TANDEMS_ONE_WRITER -> configuration.copyThreads(1);
                case OWN_PROBED -> configuration.latencyProbe(true);
                case TANDEMS, TANDEMS_HELD, OWN -> configuration;
            };
        }
    }

    /**
     * pt-online-schema-change on a fresh copy while {@link OltpLoad} runs on a pool of its own, measured as
     * {@link #underLoad} measures Tandem; {@code seconds} gets how long pt-osc took.
     */
    private static String ptoscUnderLoad(TestDatabase db, int rows, double[] seconds) throws Exception {
        String[] result = new String[1];
        timed(db, "t_load", t -> {
            try (OltpLoad load = OltpLoad.start(db.newDataSource(), t, rows)) {
                result[0] = aroundChange(db, load, () -> {
                    long started = System.nanoTime();
                    PtOnlineSchemaChange.alter(db, t, SAME_CHANGE);
                    Timing done = new Timing(started, started, System.nanoTime());
                    seconds[0] = done.total();
                    return done;
                });
            }
        });
        return result[0];
    }

    /**
     * {@code load}'s latency over 15 s (after 3 s of warm-up) before {@code change}, and while it runs (from
     * its start to its end, as its timing says), with the server's storage over the change ({@link ServerPressure}).
     */
    private static String aroundChange(TestDatabase db, OltpLoad load, Callable<Timing> change) throws Exception {
        try (ServerPressure pressure = ServerPressure.start(db)) {
            Thread.sleep(3_000); // warm-up: pools open, pages cached
            long baselineFrom = System.nanoTime();
            Thread.sleep(15_000);
            long baselineTo = System.nanoTime();
            Timing done = change.call();
            return load.compare(baselineFrom, baselineTo, done.started(), done.ready()) + "; row lock waits/s (ms waited/s)"
                    + " over the baseline: " + pressure.lockWaits(baselineFrom, baselineTo) + "; the server over each tenth: "
                    + pressure.tenths(done.started(), done.ready());
        }
    }

    /**
     * {@code change} run paused: once the copy's carry triggers exist on {@code table} (the writers wait at
     * their first chunk), held {@link #HELD_FOR}, then resumed; the timing returned is the hold alone, so the
     * application's latency is compared over it.
     */
    private static Timing held(TestDatabase db, String table, Tandem tandem, Callable<Timing> change) throws Exception {
        tandem.pause();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Timing> run = runner.submit(change);
            long from;
            long to;
            try {
                while (carryTriggers(db, table) < 3) {
                    if (run.isDone()) {
                        throw new IllegalStateException("the change ended before its carry triggers were seen: " + run.get());
                    }
                    Thread.sleep(50);
                }
                from = System.nanoTime();
                Thread.sleep(HELD_FOR.toMillis());
                to = System.nanoTime();
            } finally {
                tandem.resume();
            }
            run.get();
            return new Timing(from, from, to);
        } finally {
            runner.shutdown();
        }
    }

    private static long carryTriggers(TestDatabase db, String table) throws Exception {
        return ((Number) db.query("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
                + " AND event_object_table = '" + table + "' AND action_timing = 'AFTER'").get(0).get(0)).longValue();
    }

    /**
     * Tandem on a fresh copy while {@link OltpLoad} runs on {@code pool}; the load's latency over 15 s before
     * the migration and during the backfill.
     */
    private static String underLoad(TestDatabase db, int rows, Timing[] timing, Duration chunkTarget, long copyThreshold,
                                    LoadPool pool) throws Exception {
        String[] result = new String[1];
        timed(db, "t_load", t -> timing[0] = tandem(db, t, chunkTarget, copyThreshold, pool::tuned,
                (tandem, change) -> {
            try (OltpLoad load = OltpLoad.start(pool.lentByTandem() ? tandem.dataSource() : db.newDataSource(), t, rows)) {
                Timing[] done = new Timing[1];
                result[0] = aroundChange(db, load, pool == LoadPool.TANDEMS_HELD
                        ? () -> done[0] = held(db, t, tandem, change) : () -> done[0] = change.call());
                return done[0];
            }
        }));
        return result[0];
    }
}

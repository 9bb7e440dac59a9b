package dev.tandem;

import dev.tandem.internal.engine.Dialects;
import dev.tandem.spi.ComparisonRequest;
import dev.tandem.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Compares two databases — two servers, or two schemas on one — first their schema, then their rows, and
 * says exactly which rows differ and how (docs/compare.md). Reads only: it never writes either side.
 *
 * <pre>{@code
 * ComparisonReport report = DatabaseComparison.between(oldDb, newDb)
 *     .ignoreColumns("wp_options.autoload")
 *     .run();
 * }</pre>
 */
public final class DatabaseComparison {

    /** Rows whose differences a report lists per table, unless told otherwise; the counts are always whole. */
    public static final int DEFAULT_DIFFERENCES_SHOWN = 20;
    /** The comparison waits while either server runs more threads than this, unless told otherwise (as the backfill). */
    public static final int DEFAULT_MAX_THREADS_RUNNING = 25;
    /**
     * The most a target that replicates from the source may lag before the comparison waits, unless told
     * otherwise (as the backfill; servers report lag in whole seconds).
     */
    public static final Duration DEFAULT_MAX_REPLICA_LAG = Duration.ofSeconds(1);

    private final DataSource source;
    private final DataSource target;
    private final List<String> tables = new ArrayList<>();
    private final Map<String, String> tableMap = new LinkedHashMap<>();
    private final Set<String> ignoredColumns = new LinkedHashSet<>();
    private boolean afterCharsetConversion;
    private int differencesShown = DEFAULT_DIFFERENCES_SHOWN;
    private final List<ThrottleSignal> throttleSignals = new ArrayList<>();
    private int maxThreadsRunning = DEFAULT_MAX_THREADS_RUNNING;
    private Duration maxReplicaLag = DEFAULT_MAX_REPLICA_LAG;
    private ComparisonListener listener = (table, rowsDone, rowsEstimate) -> { };
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();

    private DatabaseComparison(DataSource source, DataSource target) {
        this.source = source;
        this.target = target;
    }

    /** A comparison of {@code source} (the original) with {@code target} (the copy), each as its connection's schema. */
    public static DatabaseComparison between(DataSource source, DataSource target) {
        return new DatabaseComparison(source, target);
    }

    /** Compares only these tables of the source (default: every base table of the source's schema). */
    public DatabaseComparison tables(String... names) {
        tables.addAll(List.of(names));
        return this;
    }

    /** Compares the source's table {@code sourceTable} with the target's {@code targetTable}. */
    public DatabaseComparison map(String sourceTable, String targetTable) {
        tableMap.put(sourceTable, targetTable);
        return this;
    }

    /** Leaves these columns ({@code table.column}, the source's names) out of the comparison. */
    public DatabaseComparison ignoreColumns(String... tableDotColumns) {
        ignoredColumns.addAll(List.of(tableDotColumns));
        return this;
    }

    /**
     * Compares text as the target's column can hold it: after a charset conversion (e.g. latin1 →
     * utf8mb4) values equal in characters count as equal, and only real losses (a character the target's
     * charset cannot hold) show.
     */
    public DatabaseComparison afterCharsetConversion(boolean afterCharsetConversion) {
        this.afterCharsetConversion = afterCharsetConversion;
        return this;
    }

    /** How many differing rows a report lists per table (their counts are always complete). */
    public DatabaseComparison differencesShown(int rows) {
        this.differencesShown = rows;
        return this;
    }

    /**
     * A signal the comparison asks before each chunk (and each batch of re-checked rows, and every so many
     * rows of a full scan); while it gives a reason, or cannot be read, the comparison waits. Add several
     * as needed.
     */
    public DatabaseComparison throttle(ThrottleSignal signal) {
        throttleSignals.add(signal);
        return this;
    }

    /**
     * The comparison waits while either server's {@code Threads_running} is above this (default
     * {@value #DEFAULT_MAX_THREADS_RUNNING}, as the backfill's): the servers' own work comes first.
     */
    public DatabaseComparison maxThreadsRunning(int maxThreadsRunning) {
        this.maxThreadsRunning = maxThreadsRunning;
        return this;
    }

    /**
     * When the target replicates from the source, the comparison waits while the target lags more than
     * this (default 1 s), or its replication is stopped: it reads the replica, and rows the replica has
     * not yet applied would show as differences to re-check.
     */
    public DatabaseComparison maxReplicaLag(Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
        return this;
    }

    /** Hears the progress of each table, for a progress bar. */
    public DatabaseComparison listener(ComparisonListener listener) {
        this.listener = listener;
        return this;
    }

    public DatabaseComparison classLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
        return this;
    }

    /** Runs the comparison; a bad option, a missing table or a lost connection throws a {@link TandemException}. */
    public ComparisonReport run() {
        List<String> problems = new ArrayList<>();
        if (source == null || target == null) {
            problems.add("both a source and a target database are needed");
        }
        if (differencesShown < 0) {
            problems.add("differencesShown must not be negative, not " + differencesShown);
        }
        if (maxThreadsRunning < 1) {
            problems.add("maxThreadsRunning must be at least 1, not " + maxThreadsRunning);
        }
        if (maxReplicaLag == null) {
            problems.add("maxReplicaLag must not be null");
        } else if (maxReplicaLag.isNegative()) {
            problems.add("maxReplicaLag must not be negative, not " + maxReplicaLag);
        }
        if (throttleSignals.contains(null)) {
            problems.add("throttle was given null");
        }
        ignoredColumns.stream().filter(c -> c == null || c.indexOf('.') < 1 || c.endsWith("."))
                .forEach(c -> problems.add("ignoreColumns takes table.column, not '" + c + "'"));
        if (!problems.isEmpty()) {
            throw new TandemConfigurationException(problems);
        }
        ComparisonRequest request = new ComparisonRequest(source, target, List.copyOf(tables), Map.copyOf(tableMap),
                Set.copyOf(ignoredColumns), afterCharsetConversion, differencesShown, listener, List.copyOf(throttleSignals),
                maxThreadsRunning, maxReplicaLag);
        return dialect().databaseComparer().compare(request);
    }

    private Dialect dialect() {
        try (Connection c = source.getConnection()) {
            return Dialects.forServer(c.getMetaData(), classLoader);
        } catch (SQLException e) {
            throw new TandemException("Cannot connect to the source database: " + e.getMessage(), e);
        }
    }
}

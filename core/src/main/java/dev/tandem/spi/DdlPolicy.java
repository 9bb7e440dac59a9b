package dev.tandem.spi;

import java.time.Duration;

/**
 * How the dialect changes tables without stalling the application (see docs/online-ddl.md and
 * docs/backfill.md).
 *
 * @param lockWaitTimeout how long one statement may wait for a lock before it gives up and retries:
 *                        while a DDL waits for its metadata lock, the app's queries on that table
 *                        queue behind it, so this bounds how long they can stall
 * @param retryBudget     how long one statement keeps retrying lock timeouts and deadlocks in all
 * @param copyThreshold   the rows (the server's estimate) from which a backfill that rewrites every row
 *                        of a table builds a copy of the table in the new shape and swaps it in, instead of
 *                        updating the rows in place; 0 copies every table that can be copied
 * @param copyThreads     how many connections write a copy's chunks at once (1: one after the other); its
 *                        verification runs beside them on one more
 * @param keepReplacedTables whether the contract leaves the table a copy replaced for the operator to drop,
 *                        instead of dropping it: removing a large table's file can stall the server for
 *                        seconds, which an operator may rather do with the file system's help (a rollback
 *                        still drops it: the migration may be applied again, under the same names)
 */
public record DdlPolicy(Duration lockWaitTimeout, Duration retryBudget, long copyThreshold, int copyThreads,
                        boolean keepReplacedTables) {

    /**
     * The default {@link #copyThreshold}: below it a table's in-place backfill takes seconds, and a copy's
     * fixed costs (a second table on disk, its triggers, the swap's brief metadata lock) buy little.
     */
    public static final long DEFAULT_COPY_THRESHOLD = 500_000;

    /**
     * The default {@link #copyThreads}: a copy's statements keep one core of the server busy each, and a
     * second writer beside the first lets the copy and its verification use two cores where one writer left
     * the second idle about half the time (measured in docs/benchmarks.md); more would take the
     * application's share.
     */
    public static final int DEFAULT_COPY_THREADS = 2;

    public static final DdlPolicy DEFAULT = new DdlPolicy(Duration.ofSeconds(3), Duration.ofMinutes(10),
            DEFAULT_COPY_THRESHOLD, DEFAULT_COPY_THREADS, false);

    public DdlPolicy {
        if (copyThreads < 1) {
            throw new IllegalArgumentException("copyThreads must be at least 1, not " + copyThreads);
        }
    }

    /** A policy whose contract drops the tables copies replaced. */
    public DdlPolicy(Duration lockWaitTimeout, Duration retryBudget, long copyThreshold, int copyThreads) {
        this(lockWaitTimeout, retryBudget, copyThreshold, copyThreads, false);
    }

    /** A policy with the default {@link #copyThreads}. */
    public DdlPolicy(Duration lockWaitTimeout, Duration retryBudget, long copyThreshold) {
        this(lockWaitTimeout, retryBudget, copyThreshold, DEFAULT_COPY_THREADS);
    }

    /** A policy with the default {@link #copyThreshold} and {@link #copyThreads}. */
    public DdlPolicy(Duration lockWaitTimeout, Duration retryBudget) {
        this(lockWaitTimeout, retryBudget, DEFAULT_COPY_THRESHOLD);
    }
}

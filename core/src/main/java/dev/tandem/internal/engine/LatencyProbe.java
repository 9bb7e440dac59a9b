package dev.tandem.internal.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's latency as a client sees it, for a backfill whose application Tandem cannot see: one that
 * borrows its connections from a pool of its own (neither {@code tandem.dataSource()} nor followed with
 * {@code followMoves}), or whose traffic reaches the server through other instances. Every
 * {@link #INTERVAL} it times one short read on a connection of Tandem's pool (the statement's time, not the
 * borrow's) into a {@link ForegroundLatency} of its own, which the throttle compares as it does the
 * application's. What slows a read for the application slows the probe too: the backfill's load on the
 * cores and the buffer pool, and every instance's traffic; a commit's wait for the log does not (it writes
 * nothing).
 * <p>
 * It runs only while a backfill asks for it: started by the first question ({@link #asked}), stopped by
 * itself when none came for {@link #IDLE_AFTER}, so an application that is not migrating is never probed.
 */
public final class LatencyProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyProbe.class);

    /** How often the probe reads: 100 reads a second, a baseline of {@link ForegroundLatency#MIN_BASELINE_REQUESTS} in two. */
    static final Duration INTERVAL = Duration.ofMillis(10);
    /** How long the probe runs on after the last question: a backfill asks before every chunk. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(10);

    /** One timed read: the nanoseconds its statement took. */
    @FunctionalInterface
    interface Read {
        long nanos() throws Exception;
    }

    private final Read read;
    private final LongSupplier clock;
    /** Whether the probe reads by itself every {@link #INTERVAL}, or only when {@link #readOnce} is called (tests). */
    private final boolean scheduled;
    private final ForegroundLatency latency;
    /** Whether the probe is on, and what runs its reads while it is (null when not {@link #scheduled}). */
    private boolean on;
    private ScheduledExecutorService runner;
    /** When the probe was last started, and last asked (on {@link #clock}). */
    private long startedAt;
    private volatile long lastAsked;
    /** Whether a failed read was reported since the probe started: once is enough. */
    private volatile boolean failureReported;

    LatencyProbe(Read read, LongSupplier clock, boolean scheduled) {
        this.read = read;
        this.clock = clock;
        this.scheduled = scheduled;
        this.latency = new ForegroundLatency(clock);
    }

    /** A probe that runs {@code sql} (the dialect's: one short read) on a connection of {@code pool}. */
    public static LatencyProbe of(DataSource pool, String sql) {
        return new LatencyProbe(() -> {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                long started = System.nanoTime();
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                }
                return System.nanoTime() - started;
            }
        }, System::nanoTime, true);
    }

    /** The probe's latency, the probe started if it was off. */
    synchronized ForegroundLatency asked() {
        lastAsked = clock.getAsLong();
        if (!on) {
            on = true;
            startedAt = lastAsked;
            failureReported = false;
            if (scheduled) {
                runner = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "tandem-latency-probe");
                    thread.setDaemon(true);
                    return thread;
                });
                runner.scheduleWithFixedDelay(this::readOnce, 0, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
            }
            LOG.info("The application's requests are not seen through Tandem's connections: the backfill is held to the"
                    + " server's latency instead, probed with a read every {} ms while it runs", INTERVAL.toMillis());
        }
        return latency;
    }

    /** How long the probe has been running since it was last started (zero while it is off). */
    synchronized Duration runningFor() {
        return !on ? Duration.ZERO : Duration.ofNanos(clock.getAsLong() - startedAt);
    }

    /** One read, recorded; or, once nobody asked for {@link #IDLE_AFTER}, the probe stops. */
    void readOnce() {
        if (idle()) {
            stopIfIdle();
            return;
        }
        try {
            latency.record(read.nanos());
        } catch (Exception e) {
            // The backfill's own statements fail on what fails here (a lost server): they say it, this does not wait.
            if (!failureReported) {
                failureReported = true;
                LOG.warn("The latency probe cannot read the server ({}): the backfill's throttle goes on without the"
                        + " server's latency", e.toString());
            }
        }
    }

    private boolean idle() {
        return clock.getAsLong() - lastAsked > IDLE_AFTER.toNanos();
    }

    /** Stops the probe unless a question came since {@link #readOnce} saw it idle. */
    private synchronized void stopIfIdle() {
        if (on && idle()) {
            on = false;
            if (runner != null) {
                runner.shutdown();
                runner = null;
            }
            LOG.debug("Latency probe stopped: no backfill asked for {} s", IDLE_AFTER.toSeconds());
        }
    }

    @Override
    public synchronized void close() {
        on = false;
        if (runner != null) {
            runner.shutdownNow();
            runner = null;
        }
    }
}

package dev.tandem.micrometer;

import dev.tandem.BackfillProgress;
import dev.tandem.MigrationState;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import dev.tandem.TandemListener;
import dev.tandem.TandemStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's meters, under the prefix {@code tandem}: migrations by state, live instances by app version,
 * contract gates, backfill progress, this instance's readiness and the state changes it made (the meters
 * are listed in docs/metrics.md). Works with or without Spring:
 *
 * <pre>{@code
 * TandemMetrics metrics = new TandemMetrics();
 * Tandem tandem = Tandem.configure().dataSource(ds).appVersion("2.0.0").listener(metrics).load();
 * metrics.watch(tandem).bindTo(registry);
 * tandem.start();
 * ...
 * metrics.close();   // stops the status refresh
 * tandem.close();
 * }</pre>
 *
 * The meters read a snapshot of {@link Tandem#status()}, read once both {@link #watch} and {@link #bindTo}
 * were called, then again in the background every {@code refreshInterval} (status reads a few rows,
 * so scraping the meters never queries the database), and the events this instance's {@link Tandem}
 * reports as a {@link TandemListener}, which take effect at once.
 */
public final class TandemMetrics implements MeterBinder, TandemListener, AutoCloseable {

    /** How often the meters re-read {@link Tandem#status()} unless told otherwise. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(TandemMetrics.class);

    private final Duration refreshInterval;
    private final List<StatusMeters> bound = new CopyOnWriteArrayList<>();
    private volatile MeterValues values = MeterValues.EMPTY;
    private volatile Supplier<TandemStatus> status;
    private volatile BooleanSupplier ready = () -> false;
    private ScheduledExecutorService refresher;
    private boolean closed;
    private volatile boolean failing;

    /** Re-reads the status every {@link #DEFAULT_REFRESH_INTERVAL}. */
    public TandemMetrics() {
        this(DEFAULT_REFRESH_INTERVAL);
    }

    /** Re-reads the status every {@code refreshInterval} (at least one second). */
    public TandemMetrics(Duration refreshInterval) {
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (refreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("refreshInterval must be at least 1 s, not " + refreshInterval);
        }
        this.refreshInterval = refreshInterval;
    }

    /**
     * The Tandem whose status the meters show; register this object as its listener too
     * ({@link dev.tandem.TandemConfiguration#listener}) so backfill progress and readiness show at once.
     */
    public TandemMetrics watch(Tandem tandem) {
        return watch(tandem::status, tandem::isReady);
    }

    TandemMetrics watch(Supplier<TandemStatus> status, BooleanSupplier ready) {
        this.status = status;
        this.ready = ready;
        startRefreshing();
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        StatusMeters meters = new StatusMeters(registry, () -> ready.getAsBoolean() ? 1 : 0);
        meters.show(values);
        bound.add(meters);
        startRefreshing();
    }

    /** Reads the status now and updates every meter (the background refresh calls it). */
    public void refresh() {
        Supplier<TandemStatus> source = status;
        if (source == null) {
            return;
        }
        try {
            show(MeterValues.of(source.get()));
            if (failing) {
                LOG.info("Tandem's meters read the status again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // Meters keep their last values; one line per streak of failures, not one per refresh.
            if (!failing) {
                LOG.warn("Tandem's meters could not read the status (they keep their last values): {}", e.getMessage());
                failing = true;
            }
        }
    }

    private synchronized void startRefreshing() {
        if (closed || refresher != null || status == null || bound.isEmpty()) {
            return;
        }
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tandem-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, refreshInterval.toMillis(), refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void show(MeterValues next) {
        values = next;
        for (StatusMeters meters : bound) {
            meters.show(next);
        }
    }

    @Override
    public void stateChanged(String version, MigrationState state) {
        bound.forEach(meters -> meters.transition(state));
        show(values.withState(version, state));
    }

    @Override
    public void backfillProgress(BackfillProgress progress) {
        show(values.withBackfill(progress));
    }

    @Override
    public void failed(TandemException failure) {
        refresh();
    }

    /** Stops the background refresh; the meters stay registered with their last values. */
    @Override
    public synchronized void close() {
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }
}

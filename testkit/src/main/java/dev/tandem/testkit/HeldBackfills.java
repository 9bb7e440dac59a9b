package dev.tandem.testkit;

import dev.tandem.MigrationState;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.TandemException;
import dev.tandem.TandemListener;
import java.time.Duration;
import java.util.List;

/**
 * A Tandem of one app version, started without waiting, whose backfills wait until {@link #release()}: so
 * a test runs its old version's queries between the expand and the backfill, as production does. It holds
 * a backfill by not returning from the listener call that announces it, on Tandem's start thread, before
 * any backfill statement runs.
 */
final class HeldBackfills implements TandemListener, AutoCloseable {

    /** Generous for a test's few rows; a start that takes longer is stuck, and the test should say so. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    private final Tandem tandem;
    private boolean holding = true;
    /** The migration whose backfill waits, null while none does. */
    private String waiting;
    private boolean ready;
    private TandemException failure;

    private HeldBackfills(TandemConfiguration configuration) {
        this.tandem = configuration.waitForReady(false).lockTimeout(PATIENCE).listener(this).load();
    }

    /** Starts {@code configuration}'s Tandem; its expand runs in the background up to the first backfill. */
    static HeldBackfills start(TandemConfiguration configuration) {
        HeldBackfills run = new HeldBackfills(configuration);
        try {
            run.tandem.start();
        } catch (RuntimeException e) {
            run.tandem.close();
            throw e;
        }
        return run;
    }

    Tandem tandem() {
        return tandem;
    }

    /**
     * Waits until the expand is done: the version whose backfill then waits, or null when every migration
     * is ready. A failed start (a lint error, a failed statement) is thrown as Tandem threw it.
     */
    synchronized String awaitExpand() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (waiting == null && !ready && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Tandem's expand did not finish within " + PATIENCE + ": " + tandem.status());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (failure != null) {
            throw failure;
        }
        return waiting;
    }

    /** Lets the backfills go on and waits until every migration this version knows is ready. */
    void release() throws InterruptedException {
        synchronized (this) {
            holding = false;
            notifyAll();
        }
        if (!tandem.awaitReady(PATIENCE)) {
            throw new IllegalStateException("The backfill did not finish within " + PATIENCE + ": " + tandem.status());
        }
    }

    /** Contracts every ready migration this version knows; returns the versions contracted. */
    List<String> contract() {
        return tandem.contract();
    }

    @Override
    public synchronized void stateChanged(String version, MigrationState state) {
        if (state != MigrationState.BACKFILLING || !holding) {
            return;
        }
        waiting = version;
        notifyAll();
        while (holding) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        waiting = null;
    }

    @Override
    public synchronized void ready() {
        ready = true;
        notifyAll();
    }

    @Override
    public synchronized void failed(TandemException failure) {
        this.failure = failure;
        notifyAll();
    }

    /**
     * Lets a held backfill finish before Tandem closes (the test's rows are few), so no background work
     * fails on a closed pool; its own failure is the test's business, not the close's.
     */
    @Override
    public void close() {
        try {
            if (failure == null) {
                release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // already reported, or the test failed before; the database is dropped next
        } finally {
            tandem.close();
        }
    }
}

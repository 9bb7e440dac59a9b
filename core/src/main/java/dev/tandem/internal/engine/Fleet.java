package dev.tandem.internal.engine;

import dev.tandem.InstanceStatus;
import dev.tandem.spi.FleetStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership in the fleet registry: registers, heartbeats on a daemon thread, and
 * deregisters on close (not when the JVM shuts down: {@link #leaving}). A heartbeat that fails (the database briefly unreachable, its connection
 * killed) is retried once at once, then at the next beat; it never stops the application. An
 * instance whose row was purged (it looked dead) registers again; one the gates had counted dead (its beats
 * stalled past its TTL) is told it came back. After every beat {@code check} looks, on the heartbeat thread,
 * at what the fleet did meanwhile (a contract this instance does not know). What runs after a beat (finishing or
 * automatically running a contract, which may take long) runs on a thread of its own, one run at a time,
 * so that the beats go on meanwhile: a node that stopped beating would drop out of the registry, and the
 * gates would stop counting it.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    /** How long {@link #close} waits for a beat under way before it deregisters. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final FleetStore store;
    private final InstanceStatus me;
    private final Duration interval;
    private final Runnable afterBeat;
    private final Runnable check;
    private ScheduledExecutorService beats;
    private volatile ExecutorService afterBeats;
    /** Set by {@link #close}: a beat that finds the row gone then registers no more. */
    private volatile boolean closing;
    /** Whether an after-beat run is under way; a beat meanwhile starts none. */
    private final AtomicBoolean afterBeatRunning = new AtomicBoolean();

    /**
     * @param afterBeat runs after each beat, on a thread of its own, one run at a time
     * @param check     runs after each beat on the heartbeat thread, before {@code afterBeat}: a short read
     */
    public Fleet(FleetStore store, InstanceStatus me, Duration interval, Runnable afterBeat, Runnable check) {
        this.store = store;
        this.me = me;
        this.interval = interval;
        this.afterBeat = afterBeat;
        this.check = check;
    }

    public synchronized void join() {
        if (beats != null) {
            return;
        }
        store.register(me);
        LOG.info("Registered instance {} (app {}, knows up to {})", me.id(), me.appVersion(), me.highestKnown());
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-heartbeat");
            t.setDaemon(true);
            return t;
        });
        afterBeats = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tandem-after-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One beat and what follows it. Nothing thrown may leave it: an Error (out of memory, a class missing after a
     * redeploy) thrown out of a scheduled task cancels every later run, and the instance would go on serving with
     * no heartbeat, counted dead by the gates, and no check after its beats to refuse its connections.
     */
    private void beat() {
        try {
            beatAndCheck();
        } catch (Throwable unexpected) {
            LOG.error("Heartbeat of instance {} failed unexpectedly; retrying in {} ms", me.id(), interval.toMillis(),
                    unexpected);
        }
    }

    private void beatAndCheck() {
        try {
            beatOnce();
        } catch (RuntimeException first) {
            try {
                beatOnce(); // a fresh connection from the pool, when the last one was killed
            } catch (RuntimeException again) {
                LOG.warn("Heartbeat of instance {} failed ({}); retrying in {} ms", me.id(), again.getMessage(),
                        interval.toMillis());
                return;
            }
        }
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.warn("Instance {} could not check the fleet's migrations after its heartbeat ({}); retrying in {} ms",
                    me.id(), e.getMessage(), interval.toMillis());
        }
        if (afterBeatRunning.compareAndSet(false, true)) {
            try {
                afterBeats.execute(this::runAfterBeat);
            } catch (RejectedExecutionException closing) {
                afterBeatRunning.set(false);
            }
        }
    }

    private void runAfterBeat() {
        try {
            afterBeat.run();
        } catch (RuntimeException e) {
            LOG.warn("After-heartbeat task failed: {}", e.getMessage());
        } finally {
            afterBeatRunning.set(false);
        }
    }

    private void beatOnce() {
        switch (store.beat(me.id())) {
            case LIVE -> {
            }
            case REVIVED -> LOG.warn("Instance {} had no heartbeat for longer than its instanceTtl ({} s), so the gates"
                    + " counted it dead until now", me.id(), me.ttlSeconds());
            case GONE -> {
                if (closing) {
                    return; // deregistered by close() while this beat ran: registered again, it would count live for a TTL
                }
                store.register(me);
                LOG.warn("Instance {} had expired from the fleet registry; registered again", me.id());
            }
        }
    }

    /**
     * The JVM is shutting down: this node starts no more work after its beats (no contract), and goes on
     * heartbeating while the application drains its requests, which still use the old shape for seconds
     * (a graceful shutdown), so it still counts as live and no contract it does not know runs under them. Its
     * row expires {@code instanceTtl} after the JVM stops, unless {@link #close} deregisters it first.
     */
    public void leaving() {
        ExecutorService after = afterBeats;
        if (after != null) {
            after.shutdown();
        }
    }

    /** Stops heartbeating and removes this instance from the registry. */
    @Override
    public synchronized void close() {
        if (beats == null) {
            return;
        }
        closing = true;
        beats.shutdownNow();
        try {
            // A beat under way (an interrupt does not stop its statement) would otherwise run after the DELETE.
            if (!beats.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("Instance {}'s last heartbeat is still running; deregistering all the same", me.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        beats = null;
        afterBeats.shutdown(); // a contract under way is not interrupted half way; it ends on the pools' close
        try {
            store.deregister(me.id());
            LOG.info("Deregistered instance {}", me.id());
        } catch (RuntimeException e) {
            LOG.warn("Could not deregister instance {} ({}); it expires after {} s without heartbeats", me.id(),
                    e.getMessage(), me.ttlSeconds());
        }
    }
}

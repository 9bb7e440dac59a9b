package dev.tandem.internal.engine;

import dev.tandem.ThrottleSignal;
import dev.tandem.spi.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill's throttle: an explicit pause ({@code Tandem.pause()}), signals (the user's and the
 * dialect's, such as Threads_running), and the application's own latency ({@link ForegroundLatency}).
 * Every signal is asked before each chunk; any reason to wait, or a signal that cannot be read, holds the
 * work until all say go. While the application's p99 is more than {@code maxSlowdown} times what it was
 * before the backfill, the work waits, and its chunks aim at a shorter time (halved each time, down to
 * {@link #MIN_UNIT_SCALE} of the target), which grows back slowly while the latency stays under its aim (below): shorter
 * chunks hold their row locks, and fill the server's queues, for less time. It also rests between
 * chunks, for a share of the time a chunk aims at ({@link #rest}): doubled each second the latency is above
 * the bound, lowered by {@link #REST_STEP} each second it is at or under its {@linkplain #AIM aim}, below the
 * bound; between the two it grows, gently ({@link #REST_IN_AIM_GROWTH}), and nothing waits. Waiting only
 * while the latency is above the bound lets the application's slowest requests of every second through (the
 * bound is crossed before it holds the work back, again and again); resting holds the work's share of the
 * server where the latency stays under the bound, so it is crossed seldom; and aiming below the bound keeps
 * the seconds that cross it few enough that the p99 of the whole backfill stays within it (a throttle that
 * eased off as soon as the latency was back under the bound hovered at it: measured in docs/benchmarks.md).
 * A backfill that begins while the application's requests are seen starts gently ({@link #START_UNIT_SCALE},
 * {@link #START_REST}) and speeds up as the latency allows: at full speed its first chunks locked rows
 * the application was waiting to write before the latency could say so. Where the application's requests
 * never made a baseline (Tandem does not see its pool), a backfill that has run for {@link #PROBE_AFTER} is
 * judged by the server's latency instead ({@link LatencyProbe}): it waits while the probe takes the
 * server's p99 without it (up to {@link #PROBE_BASELINE_WAIT}), then is held to the same bound.
 */
public final class Throttler implements Throttle {

    private static final Logger LOG = LoggerFactory.getLogger(Throttler.class);
    private static final long LOG_EVERY_MILLIS = 10_000;
    /** How the latency's reasons to wait begin (they are routine: logged at DEBUG when short). */
    private static final String LATENCY_REASON = "p99 latency";
    /** The shortest a chunk's target gets while the application's latency is above its bound: an eighth. */
    static final double MIN_UNIT_SCALE = 1.0 / 8;
    /**
     * How fast the chunks' target grows back while the latency stays within its bound: by a quarter per
     * {@link #UNIT_GROWTH_EVERY}, so from an eighth back to the whole in about ten seconds (a chunk's lock
     * waits show in the latency only once they happened: growing back faster would bring them back).
     */
    static final double UNIT_GROWTH = 1.25;
    static final Duration UNIT_GROWTH_EVERY = Duration.ofSeconds(1);
    /**
     * The rest between chunks, as a share of the time a chunk aims at, where a crossing of the bound sets it
     * first (half a chunk's time: a third of the time given back to the application), and the most it reaches
     * (four times a chunk's time: a fifth of the time left to the work).
     */
    static final double REST_FIRST = 0.5;
    static final double MAX_REST = 4;
    /** How much of the rest goes per {@link #UNIT_GROWTH_EVERY} while the latency stays at or under its aim. */
    static final double REST_STEP = 0.25;
    /**
     * Where the application's p99 is aimed at, as a share of the way from its baseline to the bound: 0.6, so
     * 1.3x its baseline under a bound of 1.5x. The throttle reacts to a second once it is over, so a bound
     * it aimed at would be crossed in many of them.
     */
    static final double AIM = 0.6;
    /**
     * How the rest grows each {@link #UNIT_GROWTH_EVERY} the latency is between its aim and its bound: by half
     * (from a quarter of a chunk's time), gentler than a crossing of the bound doubles it.
     */
    static final double REST_IN_AIM_GROWTH = 1.5;
    /**
     * How a backfill begins where the application's latency is seen: chunks aiming at a quarter of the target,
     * each after a rest of a chunk's time; at full speed from the first chunk (the latency only tells a
     * second later), a chunk held rows for the whole target while the application waited to write them.
     */
    static final double START_UNIT_SCALE = 0.25;
    static final double START_REST = 1;
    /** How long a backfill counts as under way after it last asked (see {@link ForegroundLatency#working}). */
    static final Duration WORKING_LEASE = Duration.ofSeconds(5);
    /**
     * How long a backfill runs, the application's latency unseen, before the server's is probed: one that is
     * over within it (a small table) is not held back for the probe's baseline; a longer one has run at full
     * speed only that long before it is held to the server's latency.
     */
    static final Duration PROBE_AFTER = Duration.ofSeconds(1);
    /** The longest a backfill waits for the probe to take the server's p99 without it. */
    static final Duration PROBE_BASELINE_WAIT = Duration.ofSeconds(5);

    private final List<ThrottleSignal> signals;
    private final Duration pollInterval;
    private final Duration chunkTarget;
    private final ForegroundLatency latency;
    private final LatencyProbe probe;
    private final double maxSlowdown;
    /** The slowdown aimed at, under {@code maxSlowdown}: {@link #AIM} of the way from none to it. */
    private final double aimedSlowdown;
    private final LongSupplier clock;
    private volatile boolean paused;
    /** Set by {@link #close}: a wait ends, and none begins. */
    private volatile boolean closed;
    private volatile double unitScale = 1;
    /** The rest before a chunk, as a share of the chunks' target; 0 while the latency never crossed its bound. */
    private volatile double rest;
    private long lastChange;
    private long lastRestRaise;
    /** When the latency was last asked, and since when without a gap of {@link #WORKING_LEASE}: the backfill's run. */
    private long lastAsked;
    private long workingSince;

    /** A throttle without the application's latency (work no application waits on, such as a move's copy). */
    public Throttler(List<ThrottleSignal> signals, Duration pollInterval, Duration chunkTarget) {
        this(signals, pollInterval, chunkTarget, null, null, 0);
    }

    /**
     * @param latency     the application's latency, or null
     * @param probe       the server's latency, for where the application's is not seen; or null
     * @param maxSlowdown how many times its p99 before the backfill the application's p99 may reach before
     *                    the work waits; 0: the latency is not asked
     */
    public Throttler(List<ThrottleSignal> signals, Duration pollInterval, Duration chunkTarget, ForegroundLatency latency,
                     LatencyProbe probe, double maxSlowdown) {
        this(signals, pollInterval, chunkTarget, latency, probe, maxSlowdown, System::nanoTime);
    }

    /** With {@code clock} for the time in nanoseconds (tests move it by hand). */
    Throttler(List<ThrottleSignal> signals, Duration pollInterval, Duration chunkTarget, ForegroundLatency latency,
              LatencyProbe probe, double maxSlowdown, LongSupplier clock) {
        this.signals = List.copyOf(signals);
        this.pollInterval = pollInterval;
        this.chunkTarget = chunkTarget;
        this.latency = maxSlowdown > 0 ? latency : null;
        this.probe = maxSlowdown > 0 ? probe : null;
        this.maxSlowdown = maxSlowdown;
        this.aimedSlowdown = 1 + AIM * (maxSlowdown - 1);
        this.clock = clock;
        this.lastChange = clock.getAsLong();
        this.lastRestRaise = lastChange - UNIT_GROWTH_EVERY.toNanos();
        this.lastAsked = lastChange - WORKING_LEASE.toNanos() - 1; // the first question begins a run
    }

    @Override
    public Duration unitTarget() {
        return Duration.ofNanos(Math.round(chunkTarget.toNanos() * unitScale));
    }

    public void pause() {
        paused = true;
        LOG.info("Backfills paused");
    }

    public void resume() {
        paused = false;
        LOG.info("Backfills resumed");
    }

    /**
     * Ends every wait under way and to come with a {@link ThrottleClosedException}: Tandem is closing. A start run on the
     * caller's thread has no background thread to interrupt, and waited on, for signals that its closed pools
     * could no longer read (or for a {@link #resume} that never came), for as long as the JVM lived.
     */
    public void close() {
        closed = true;
    }

    public boolean isPaused() {
        return paused;
    }

    /** The rest the application's latency asks for ({@link #rest}), then until every signal says go ({@link #awaitSignals}). */
    @Override
    public void awaitGo(String who) throws InterruptedException {
        rest(who);
        awaitSignals(who);
    }

    /**
     * The share of the server the application's latency leaves the work: {@link #rest} times the chunks'
     * target ({@link #unitTarget}), what each chunk aims to take. The target rather than the time since the
     * worker last went on: a verification beside a copy waits for the copy's next chunk in between, and
     * would rest for that wait too, falling behind the copy.
     */
    private void rest(String who) throws InterruptedException {
        double share = rest;
        long nanos = Math.round(unitTarget().toNanos() * share);
        if (nanos > 0) {
            LOG.debug("{}: resting {} ms before its chunk ({}x its target, for the application's latency)", who,
                    nanos / 1_000_000, share);
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    /** The current rest before a chunk, as a share of the chunks' target. */
    double rest() {
        return rest;
    }

    /**
     * Waits while any signal says wait. A wait is logged at INFO when it begins, and every
     * {@link #LOG_EVERY_MILLIS} as long as it lasts; the application's latency holds a backfill for a second
     * at a time, often: those waits are logged at DEBUG unless they last that long.
     */
    private void awaitSignals(String who) throws InterruptedException {
        long waitingSince = 0;
        long lastLog = 0;
        while (true) {
            if (closed) {
                throw new ThrottleClosedException(who);
            }
            Optional<String> reason = reasonToWait();
            long now = System.nanoTime();
            if (reason.isEmpty()) {
                if (waitingSince != 0) {
                    long waited = (now - waitingSince) / 1_000_000;
                    if (waited >= LOG_EVERY_MILLIS) {
                        LOG.info("{}: going on after {} ms of throttling", who, waited);
                    } else {
                        LOG.debug("{}: going on after {} ms of throttling", who, waited);
                    }
                }
                return;
            }
            if (waitingSince == 0) {
                waitingSince = now;
                if (reason.get().startsWith(LATENCY_REASON)) {
                    LOG.debug("{}: waiting, {}", who, reason.get());
                } else {
                    LOG.info("{}: waiting, {}", who, reason.get());
                }
            } else if (now - Math.max(lastLog, waitingSince) >= LOG_EVERY_MILLIS * 1_000_000) {
                lastLog = now;
                LOG.info("{}: waiting for {} s, {}", who, (now - waitingSince) / 1_000_000_000, reason.get());
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    Optional<String> reasonToWait() {
        if (paused) {
            return Optional.of("paused by pause()");
        }
        if (latency != null) {
            latency.working(WORKING_LEASE);
            Optional<String> slow = latencyAboveBound();
            if (slow.isPresent()) {
                return slow;
            }
        }
        for (ThrottleSignal signal : signals) {
            try {
                Optional<String> reason = signal.reasonToWait();
                if (reason.isPresent()) {
                    return reason;
                }
            } catch (Exception e) {
                return Optional.of("cannot read throttle signal " + signal + " (" + e.getMessage() + "): waiting, to be safe");
            }
        }
        return Optional.empty();
    }

    /**
     * Why the application's latency, or where it is not seen the server's, says wait, if it does; and the
     * chunks' target scaled to it.
     */
    private synchronized Optional<String> latencyAboveBound() {
        long now = clock.getAsLong();
        if (now - lastAsked > WORKING_LEASE.toNanos()) {
            workingSince = now;
            if (latency.hasBaseline()) {
                startGently(now);
            }
        }
        lastAsked = now;
        Optional<ForegroundLatency.Comparison> latest = latency.compare();
        if (latest.isPresent()) {
            return aboveBound(latest.get(), "the application", "requests", now);
        }
        if (probe == null || latency.hasBaseline() || now - workingSince < PROBE_AFTER.toNanos()) {
            easeOff(now); // too few requests to tell
            return Optional.empty();
        }
        ForegroundLatency server = probe.asked();
        Optional<ForegroundLatency.Comparison> probed = server.compare();
        if (probed.isEmpty() && probe.runningFor().compareTo(PROBE_BASELINE_WAIT) < 0) {
            return Optional.of(LATENCY_REASON + " of the application is not seen through Tandem's connections: waiting"
                    + " while a probe takes the server's, without the backfill");
        }
        server.working(WORKING_LEASE);
        if (probed.isEmpty()) {
            easeOff(now);
            return Optional.empty();
        }
        return aboveBound(probed.get(), "the server (probed)", "reads", now);
    }

    /** A backfill begins where the application's latency is seen: gently ({@link #START_UNIT_SCALE}, {@link #START_REST}). */
    private void startGently(long now) {
        unitScale = Math.min(unitScale, START_UNIT_SCALE);
        rest = Math.max(rest, START_REST);
        lastChange = now;
        lastRestRaise = now;
    }

    private Optional<String> aboveBound(ForegroundLatency.Comparison c, String whose, String samples, long now) {
        if (c.ratio() <= aimedSlowdown) {
            easeOff(now);
            return Optional.empty();
        }
        if (c.ratio() <= maxSlowdown) {
            restMore(now, REST_FIRST / 2, REST_IN_AIM_GROWTH);
            return Optional.empty();
        }
        unitScale = Math.max(MIN_UNIT_SCALE, unitScale / 2);
        restMore(now, REST_FIRST, 2);
        return Optional.of(String.format(java.util.Locale.ROOT, LATENCY_REASON + " of %s is %.1f ms over the last"
                + " %d %s, %.1fx its %.1f ms before the backfill (maxForegroundSlowdown %.2f)", whose, c.windowP99Millis(),
                c.windowRequests(), samples, c.ratio(), c.baselineP99Millis(), maxSlowdown));
    }

    /**
     * The latency is above its aim: once a second at most (a rest shows in the latency only a window later),
     * the rest grows {@code growth} times, or begins at {@code first}; and it does not ease off for a second.
     */
    private void restMore(long now, double first, double growth) {
        lastChange = now;
        if (now - lastRestRaise >= UNIT_GROWTH_EVERY.toNanos()) {
            rest = rest == 0 ? first : Math.min(MAX_REST, rest * growth);
            lastRestRaise = now;
        }
    }

    /**
     * The latency is at or under its aim, or says nothing: once a second, the chunks' target grows back by
     * {@link #UNIT_GROWTH} and the rest shrinks by {@link #REST_STEP}.
     */
    private void easeOff(long now) {
        if ((unitScale < 1 || rest > 0) && now - lastChange >= UNIT_GROWTH_EVERY.toNanos()) {
            unitScale = Math.min(1, unitScale * UNIT_GROWTH);
            rest = Math.max(0, rest - REST_STEP);
            lastChange = now;
        }
    }
}

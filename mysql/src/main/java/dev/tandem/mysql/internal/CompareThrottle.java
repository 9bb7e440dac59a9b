package dev.tandem.mysql.internal;

import dev.tandem.ThrottleSignal;
import dev.tandem.internal.engine.Throttler;
import dev.tandem.spi.ComparisonRequest;
import dev.tandem.spi.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The comparison's throttle: core's {@link Throttler}, as the backfill's, asked with the signals of both
 * servers. The comparison only reads, but its chunk checksums and scans load a server as a backfill
 * does; so it waits while either side runs more than the request's threads, while the target lags its
 * source too far when it replicates from it (rows it has not applied would only show as suspects to
 * re-check), and while any of the user's signals says so.
 */
final class CompareThrottle {

    /** How often a waiting comparison asks its signals again: as often as the backfill does. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /**
     * How long the comparison goes on between fast chunks before it asks its signals again: a load or lag
     * that rises is seen within this, much sooner than it matters.
     */
    static final Duration ASK_INTERVAL = Duration.ofMillis(250);
    /**
     * The unit target core's throttler carries for the backfill's adaptive chunks; the comparison's chunks
     * are sized in rows ({@link CompareChunks#CHUNK_ROWS}) and never read it.
     */
    private static final Duration UNUSED_UNIT_TARGET = Duration.ofMillis(200);

    private CompareThrottle() {
    }

    /** The throttle of {@code request}; {@code targetReplicates} when the target replicates from the source. */
    static Throttle of(ComparisonRequest request, boolean targetReplicates) {
        return new Throttler(signals(request, targetReplicates), POLL_INTERVAL, UNUSED_UNIT_TARGET);
    }

    /** The user's signals, then Threads_running on the source and on the target, then the target's lag if it replicates. */
    static List<ThrottleSignal> signals(ComparisonRequest request, boolean targetReplicates) {
        List<ThrottleSignal> signals = new ArrayList<>(request.throttleSignals());
        signals.add(new OnSide("the source", new ThreadsRunningSignal(request.source(), request.maxThreadsRunning())));
        signals.add(new OnSide("the target", new ThreadsRunningSignal(request.target(), request.maxThreadsRunning())));
        if (targetReplicates) {
            signals.add(new ReplicaLagSignal("the target", request.target(), request.maxReplicaLag()));
        }
        return signals;
    }

    /** A server's signal that names the side it watches, in its reason to wait and when it cannot be read. */
    record OnSide(String side, ThrottleSignal signal) implements ThrottleSignal {

        @Override
        public Optional<String> reasonToWait() throws Exception {
            return signal.reasonToWait().map(reason -> side + ": " + reason);
        }

        @Override
        public String toString() {
            return side + ": " + signal;
        }
    }
}

package dev.tandem.internal.engine;

import dev.tandem.ThrottleSignal;
import dev.tandem.spi.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill's throttle: an explicit pause ({@code Tandem.pause()}), and signals (the user's and the
 * dialect's, such as Threads_running). Every signal is asked before each chunk; any reason to wait, or
 * a signal that cannot be read, holds the work until all say go.
 */
public final class Throttler implements Throttle {

    private static final Logger LOG = LoggerFactory.getLogger(Throttler.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final List<ThrottleSignal> signals;
    private final Duration pollInterval;
    private final Duration chunkTarget;
    private volatile boolean paused;

    public Throttler(List<ThrottleSignal> signals, Duration pollInterval, Duration chunkTarget) {
        this.signals = List.copyOf(signals);
        this.pollInterval = pollInterval;
        this.chunkTarget = chunkTarget;
    }

    @Override
    public Duration unitTarget() {
        return chunkTarget;
    }

    public void pause() {
        paused = true;
        LOG.info("Backfills paused");
    }

    public void resume() {
        paused = false;
        LOG.info("Backfills resumed");
    }

    public boolean isPaused() {
        return paused;
    }

    @Override
    public void awaitGo(String who) throws InterruptedException {
        long waitingSince = 0;
        long lastLog = 0;
        while (true) {
            Optional<String> reason = reasonToWait();
            if (reason.isEmpty()) {
                if (waitingSince != 0) {
                    LOG.info("{}: going on after {} ms of throttling", who, (System.nanoTime() - waitingSince) / 1_000_000);
                }
                return;
            }
            long now = System.nanoTime();
            if (waitingSince == 0) {
                waitingSince = now;
            }
            if (now - lastLog > LOG_EVERY_MILLIS * 1_000_000 || lastLog == 0) {
                lastLog = now;
                LOG.info("{}: waiting, {}", who, reason.get());
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private Optional<String> reasonToWait() {
        if (paused) {
            return Optional.of("paused by pause()");
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
}

package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle judged by the server's latency where the application's is not seen; time moved by hand. */
class LatencyProbeTest {

    private static final Duration TARGET = Duration.ofMillis(200);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** What each of the probe's reads takes, in ms; negative: the read fails. */
    private final AtomicLong readMillis = new AtomicLong(1);
    private final AtomicInteger reads = new AtomicInteger();
    private final ForegroundLatency application = new ForegroundLatency(now::get);
    private final LatencyProbe probe = new LatencyProbe(() -> {
        reads.incrementAndGet();
        if (readMillis.get() < 0) {
            throw new SQLException("Communications link failure");
        }
        return readMillis.get() * 1_000_000;
    }, now::get, false);
    private final Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), TARGET, application, probe, 1.5,
            now::get);

    /**
     * {@code seconds} of a backfill: the probe reads every 10 ms while it is on, the backfill asks its throttle
     * every half second; what the throttle said last.
     */
    private Optional<String> backfill(double seconds) {
        Optional<String> reason = Optional.empty();
        for (int tick = 0; tick < seconds * 100; tick++) {
            if (tick % 50 == 0) {
                reason = throttler.reasonToWait();
            }
            now.addAndGet(LatencyProbe.INTERVAL.toNanos());
            if (!probe.runningFor().isZero()) {
                probe.readOnce();
            }
        }
        return reason;
    }

    @Test
    void aShortBackfillIsNeverProbed() {
        assertThat(backfill(0.9)).isEmpty();
        assertThat(reads).as("no read before the backfill ran %s", Throttler.PROBE_AFTER).hasValue(0);
    }

    @Test
    void anApplicationSeenThroughTandemsConnectionsIsNeverProbed() {
        for (int i = 0; i < 400; i++) {
            application.record(1_000_000);
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos()); // those requests leave the window: the application's baseline
        assertThat(backfill(30)).as("the application went quiet: too few requests to tell, and no probe").isEmpty();
        assertThat(reads).hasValue(0);
    }

    @Test
    void aBackfillWhoseApplicationIsNotSeenWaitsForTheServersBaselineThenIsHeldToIt() {
        backfill(1);
        assertThat(throttler.reasonToWait()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("not seen through Tandem's connections").contains("a probe takes the server's"));
        backfill(4);
        assertThat(throttler.reasonToWait()).as("the baseline taken, the server as fast as before it").isEmpty();
        assertThat(throttler.unitTarget()).isEqualTo(TARGET);

        readMillis.set(4);
        assertThat(backfill(1.5)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("p99 latency of the server (probed) is 4.0 ms").contains("4.0x its 1.0 ms before the backfill"));
        assertThat(throttler.unitTarget()).as("chunks aim at less time while the server is slow").isLessThan(TARGET);

        readMillis.set(2);
        assertThat(backfill(2.5)).as("reads during the backfill never became the baseline")
                .hasValueSatisfying(reason -> assertThat(reason).contains("2.0x its 1.0 ms before the backfill"));
    }

    @Test
    void aProbeThatCannotReadHoldsTheBackfillOnlyForItsBaselineWait() {
        readMillis.set(-1);
        backfill(1);
        assertThat(throttler.reasonToWait()).isPresent();
        assertThat(backfill(Throttler.PROBE_BASELINE_WAIT.toSeconds() + 0.5)).isEmpty();
        assertThat(reads.get()).isGreaterThan(400);
    }

    @Test
    void theProbeStopsWhenNoBackfillAsksAndStartsAgainWithTheNext() {
        backfill(4);
        assertThat(probe.runningFor()).isPositive();
        for (int tick = 0; tick * LatencyProbe.INTERVAL.toMillis() <= LatencyProbe.IDLE_AFTER.toMillis() + 100; tick++) {
            now.addAndGet(LatencyProbe.INTERVAL.toNanos());
            probe.readOnce();
        }
        assertThat(probe.runningFor()).as("stopped, nobody having asked for %s", LatencyProbe.IDLE_AFTER).isZero();
        int before = reads.get();
        probe.readOnce();
        assertThat(reads).as("a stopped probe does not read").hasValue(before);

        backfill(1.5);
        assertThat(probe.runningFor()).as("the next backfill, as long, starts it again").isPositive();
        assertThat(throttler.reasonToWait()).as("with the baseline it took before").isEmpty();
    }
}

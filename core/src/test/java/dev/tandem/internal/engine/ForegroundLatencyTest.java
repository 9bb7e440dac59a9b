package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ForegroundLatencyTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ForegroundLatency latency = new ForegroundLatency(now::get);

    private void requests(int count, double millis) {
        for (int i = 0; i < count; i++) {
            latency.record(Math.round(millis * 1_000_000));
        }
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

    @Test
    void saysNothingWithoutEnoughRequestsBeforeOrNow() {
        requests(100, 1);
        latency.working(Duration.ofSeconds(5));
        pass(Duration.ofMillis(1500));
        requests(100, 5);
        assertThat(latency.compare()).as("100 quiet requests make no baseline").isEmpty();
    }

    @Test
    void comparesTheLastSecondWithTheQuietTimeBeforeTheBackfill() {
        requests(400, 1);
        latency.working(Duration.ofSeconds(5));
        pass(Duration.ofMillis(1500));
        requests(99, 2);
        requests(1, 40);
        ForegroundLatency.Comparison c = latency.compare().orElseThrow();
        assertThat(c.baselineP99Millis()).isCloseTo(1, within(0.05));
        assertThat(c.windowRequests()).isEqualTo(100);
        assertThat(c.windowP99Millis()).isCloseTo(2, within(0.05));
        assertThat(c.ratio()).isCloseTo(2, within(0.1));
    }

    @Test
    void requestsDuringTheBackfillNeverBecomeTheBaseline() {
        requests(400, 1);
        latency.working(Duration.ofSeconds(5));
        pass(Duration.ofMillis(1500));
        for (int second = 0; second < 3; second++) {
            latency.working(Duration.ofSeconds(5));
            requests(400, 30);
            pass(Duration.ofMillis(1500));
            latency.compare();
        }
        requests(100, 30);
        assertThat(latency.compare().orElseThrow().baselineP99Millis()).isCloseTo(1, within(0.05));
    }

    /**
     * A backfill longer than the baseline's span: the quiet slices before it were forgotten five minutes in, no quiet
     * one came since, and with no baseline the signal had no opinion for the rest of it: the throttle let go.
     */
    @Test
    void theQuietTimeBeforeABackfillStaysItsBaselineHoweverLongItRuns() {
        requests(400, 1);
        latency.working(Duration.ofSeconds(5));
        for (int second = 0; second < 20 * 60; second++) {
            latency.working(Duration.ofSeconds(5));
            requests(100, 3);
            pass(Duration.ofSeconds(1));
            latency.compare();
        }
        ForegroundLatency.Comparison c = latency.compare().orElseThrow();
        assertThat(c.baselineP99Millis()).isCloseTo(1, within(0.05));
        assertThat(c.windowP99Millis()).isCloseTo(3, within(0.05));
    }

    /** Quiet time goes on: the baseline is its last {@link ForegroundLatency#BASELINE_SPAN}. */
    @Test
    void theBaselineForgetsQuietTimeOlderThanItsSpanOfQuietTime() {
        requests(400, 9);
        latency.working(Duration.ofSeconds(5));
        pass(Duration.ofSeconds(10));
        for (int second = 0; second < 10 * 60; second++) {
            requests(100, 1);
            pass(Duration.ofSeconds(1));
            latency.compare();
        }
        latency.working(Duration.ofSeconds(5));
        pass(Duration.ofMillis(1500));
        requests(100, 2);
        assertThat(latency.compare().orElseThrow().baselineP99Millis()).isCloseTo(1, within(0.05));
    }

    /**
     * A backfill waiting on its throttle (paused, or a signal Tandem's closed pools can no longer read) on the
     * caller's thread, which close() has no background thread to interrupt: it waited for as long as the JVM lived.
     */
    @Test
    void closingTheThrottlerEndsAWaitUnderWayAndRefusesTheNext() throws Exception {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(200));
        throttler.pause();
        java.util.concurrent.CompletableFuture<Throwable> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                throttler.awaitGo("backfill");
                return null;
            } catch (InterruptedException | RuntimeException e) {
                return Thread.currentThread().isInterrupted() ? new AssertionError("left interrupted", e) : e;
            }
        });
        Thread.sleep(100);
        assertThat(waiting).as("paused").isNotDone();
        throttler.close();
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(ThrottleClosedException.class)
                .hasMessageContaining("Tandem was closed");
        throttler.resume();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> throttler.awaitGo("backfill"))
                .isInstanceOf(ThrottleClosedException.class);
    }

    @Test
    void theTimeBetweenTwoBackfillsIsQuietThoughTheFirstOnesLeaseReachesIntoIt() {
        latency.working(Duration.ofSeconds(5));
        pass(Duration.ofMinutes(1));
        requests(400, 3); // nobody asked since the first backfill: one slice, mostly after its lease
        latency.working(Duration.ofSeconds(5)); // the second backfill
        pass(Duration.ofMillis(1500));
        requests(100, 3);
        assertThat(latency.compare().orElseThrow().baselineP99Millis()).isCloseTo(3, within(0.05));
    }

    @Test
    void throttlerWaitsAndShrinksItsChunksWhileTheApplicationIsSlow() {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(200), latency, null, 1.5, now::get);
        requests(400, 1);
        assertThat(throttler.reasonToWait()).as("no window yet").isEmpty();
        assertThat(throttler.unitTarget()).as("the application seen, a backfill begins at a quarter")
                .isEqualTo(Duration.ofMillis(50));
        pass(Duration.ofMillis(1500));
        requests(100, 3);
        assertThat(throttler.reasonToWait()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("p99 latency of the application is 3.0 ms over the last 100 requests").contains("3.0x its 1.0 ms before the backfill"));
        assertThat(throttler.unitTarget()).as("halved").isEqualTo(Duration.ofMillis(25));
        throttler.reasonToWait();
        assertThat(throttler.unitTarget()).as("an eighth at the least").isEqualTo(Duration.ofMillis(25));
        pass(Duration.ofMillis(1500));
        requests(100, 1);
        assertThat(throttler.reasonToWait()).isEmpty();
        assertThat(throttler.unitTarget()).as("a quarter more, a second after the last change").isEqualTo(Duration.ofNanos(31_250_000));
        assertThat(throttler.reasonToWait()).isEmpty();
        assertThat(throttler.unitTarget()).as("no more within that second").isEqualTo(Duration.ofNanos(31_250_000));
    }

    @Test
    void throttlerRestsBetweenChunksMoreEachSecondTheApplicationIsSlowAndLessEachSecondItIsNot() {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(200), latency, null, 1.5, now::get);
        requests(400, 1);
        assertThat(throttler.reasonToWait()).as("the backfill begins").isEmpty();
        assertThat(throttler.rest()).as("gently").isEqualTo(Throttler.START_REST);
        pass(Duration.ofMillis(1500));
        requests(100, 3);
        throttler.reasonToWait();
        assertThat(throttler.rest()).as("the first crossing").isEqualTo(2);
        throttler.reasonToWait();
        assertThat(throttler.rest()).as("no more within that second").isEqualTo(2);
        for (double expected : new double[] {4, 4}) {
            pass(Duration.ofMillis(1100));
            requests(100, 3);
            throttler.reasonToWait();
            assertThat(throttler.rest()).as("doubled each second, up to the most").isEqualTo(expected);
        }
        pass(Duration.ofMillis(1500));
        requests(100, 1);
        assertThat(throttler.reasonToWait()).isEmpty();
        assertThat(throttler.rest()).as("a step less, a second after the last change").isEqualTo(4 - Throttler.REST_STEP);
        assertThat(throttler.reasonToWait()).isEmpty();
        assertThat(throttler.rest()).as("no less within that second").isEqualTo(4 - Throttler.REST_STEP);
    }

    @Test
    void eachChunkWaitsItsShareOfTheChunksTarget() throws InterruptedException {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(400), latency, null, 1.5, now::get);
        requests(400, 1);
        assertThat(throttler.reasonToWait()).as("the backfill begins").isEmpty(); // gently: 100 ms chunks, a rest of 1
        pass(Duration.ofMillis(1500));
        requests(100, 3);
        throttler.reasonToWait(); // slow: the rest doubled, chunks aiming at half the time
        pass(Duration.ofMillis(1100));
        requests(100, 1);
        assertThat(throttler.reasonToWait()).as("under the aim again").isEmpty();
        assertThat(throttler.rest()).as("a step less").isEqualTo(2 - Throttler.REST_STEP);
        assertThat(throttler.unitTarget()).isEqualTo(Duration.ofNanos(62_500_000));
        long started = System.nanoTime();
        throttler.awaitGo("copy");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("1.75 times the chunks' 62.5 ms")
                .isGreaterThanOrEqualTo(Duration.ofNanos(109_375_000));
    }

    @Test
    void betweenItsAimAndItsBoundTheLatencyRaisesTheRestGentlyAndHoldsNothing() {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(200), latency, null, 1.5, now::get);
        requests(400, 1);
        throttler.reasonToWait();
        for (double expected : new double[] {1.5, 2.25}) {
            pass(Duration.ofMillis(1100));
            requests(100, 1.4);
            assertThat(throttler.reasonToWait()).as("1.4x: over the aim (1.3x), within the bound").isEmpty();
            assertThat(throttler.rest()).as("half as much again each second").isEqualTo(expected);
            assertThat(throttler.unitTarget()).as("the chunks neither shrink nor grow").isEqualTo(Duration.ofMillis(50));
        }
        pass(Duration.ofMillis(1100));
        requests(100, 1.2);
        assertThat(throttler.reasonToWait()).as("1.2x: under the aim").isEmpty();
        assertThat(throttler.rest()).as("a step less").isEqualTo(2.25 - Throttler.REST_STEP);
        assertThat(throttler.unitTarget()).as("a quarter more").isEqualTo(Duration.ofNanos(62_500_000));
    }

    @Test
    void aBackfillNoApplicationIsSeenWaitingOnBeginsAtFullSpeed() {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(200), latency, null, 1.5, now::get);
        assertThat(throttler.reasonToWait()).isEmpty();
        assertThat(throttler.unitTarget()).isEqualTo(Duration.ofMillis(200));
        assertThat(throttler.rest()).isZero();
    }

    @Test
    void aThrottlerWithTheSignalOffNeverAsksTheLatency() {
        Throttler throttler = new Throttler(List.of(), Duration.ofMillis(10), Duration.ofMillis(200), latency, null, 0, now::get);
        requests(400, 1);
        pass(Duration.ofMillis(1500));
        requests(100, 30);
        assertThat(throttler.reasonToWait()).isEmpty();
        assertThat(throttler.unitTarget()).isEqualTo(Duration.ofMillis(200));
    }
}

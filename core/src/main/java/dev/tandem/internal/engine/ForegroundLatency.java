package dev.tandem.internal.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latency the application sees: how long each connection Tandem lends it stays borrowed (a request's
 * database time), recorded from any thread. Cut into slices, each marked <em>busy</em> when a backfill was
 * under way in it ({@link #working}), so that its two numbers compare like with like: the p99 of the last
 * {@link #WINDOW} against the p99 of the quiet slices of the last {@link #BASELINE_SPAN} (the application
 * before the backfill).
 */
public final class ForegroundLatency {

    /** The span the current p99 is taken over: short, so the throttle reacts within a second. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /**
     * The span of quiet time the baseline p99 is taken over: the last of it, however long ago, so a backfill that
     * runs for hours is compared with the time before it to its end.
     */
    static final Duration BASELINE_SPAN = Duration.ofMinutes(5);
    /** Fewer requests in the window say nothing about a p99: no opinion. */
    static final int MIN_WINDOW_REQUESTS = 50;
    /** Fewer quiet requests than this make no baseline. */
    static final int MIN_BASELINE_REQUESTS = 200;
    /** The quiet slices older than the window are kept merged, one histogram per this much time. */
    static final Duration BASELINE_BUCKET = Duration.ofSeconds(30);
    /** The histograms' precision: two significant digits, 1% of a value. */
    private static final int SIGNIFICANT_DIGITS = 2;

    private record Slice(long endNanos, Histogram histogram, boolean busy) {
    }

    private record Bucket(long startNanos, Histogram histogram) {
    }

    /** The p99 of the window and of the baseline, in ms, with how many requests each holds. */
    public record Comparison(double windowP99Millis, long windowRequests, double baselineP99Millis, long baselineRequests) {

        /** The window's p99 over the baseline's. */
        public double ratio() {
            return windowP99Millis / baselineP99Millis;
        }
    }

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    /** The slices of the window, newest last. */
    private final Deque<Slice> slices = new ArrayDeque<>();
    /** The quiet slices before the window, merged by {@link #BASELINE_BUCKET}, newest last. */
    private final Deque<Bucket> quiet = new ArrayDeque<>();
    private final LongSupplier clock;
    /** Until when a backfill counts as under way (on {@link #clock}); slices it covers are busy. */
    private long busyUntil;
    /** When the slice under way began. */
    private long sliceStart;

    public ForegroundLatency() {
        this(System::nanoTime);
    }

    /** With {@code clock} for the time in nanoseconds (tests move it by hand). */
    ForegroundLatency(LongSupplier clock) {
        this.clock = clock;
        this.busyUntil = clock.getAsLong();
        this.sliceStart = busyUntil;
    }

    /** Records one borrow of {@code nanos}. Thread-safe and wait-free. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(1, nanos / 1_000));
    }

    /**
     * A backfill is under way, and will ask again within {@code lease} if it goes on: a lease rather than a
     * start and an end, so a backfill that stops (it ended, it failed, its node died) stops counting by
     * itself.
     */
    synchronized void working(Duration lease) {
        long now = clock.getAsLong();
        if (now >= busyUntil) {
            cut(); // what came before was quiet
        }
        busyUntil = Math.max(busyUntil, now + lease.toNanos());
    }

    /** The current window against the baseline, or empty while either holds too few requests to say. */
    public synchronized Optional<Comparison> compare() {
        cut();
        Histogram window = new Histogram(SIGNIFICANT_DIGITS);
        slices.forEach(slice -> window.add(slice.histogram()));
        Histogram baseline = new Histogram(SIGNIFICANT_DIGITS);
        quiet.forEach(bucket -> baseline.add(bucket.histogram()));
        if (window.getTotalCount() < MIN_WINDOW_REQUESTS || baseline.getTotalCount() < MIN_BASELINE_REQUESTS) {
            return Optional.empty();
        }
        return Optional.of(new Comparison(p99Millis(window), window.getTotalCount(), p99Millis(baseline),
                baseline.getTotalCount()));
    }

    /**
     * Whether the quiet time before the backfill holds enough requests to make a baseline, counting those
     * still in the window (they join the baseline as the window moves on).
     */
    synchronized boolean hasBaseline() {
        cut();
        long quietRequests = quiet.stream().mapToLong(bucket -> bucket.histogram().getTotalCount()).sum()
                + slices.stream().filter(slice -> !slice.busy()).mapToLong(slice -> slice.histogram().getTotalCount()).sum();
        return quietRequests >= MIN_BASELINE_REQUESTS;
    }

    private static double p99Millis(Histogram histogram) {
        return histogram.getValueAtPercentile(99) / 1_000.0;
    }

    /**
     * Ends the slice under way (marked by whether work ran in it); slices that left the window go to the
     * baseline if quiet, and the baseline forgets what lies more than its span before its newest quiet time
     * (measured from now, a backfill longer than the span lost every quiet slice before it, and with no baseline
     * the signal had no opinion until it ended).
     */
    private void cut() {
        long now = clock.getAsLong();
        Histogram last = recorder.getIntervalHistogram();
        if (last.getTotalCount() > 0) {
            // A lease that ran out while nobody asked covers part of the slice: it is busy if mostly covered
            // (the time between two backfills is quiet, though the first one's lease reaches into it).
            long covered = Math.min(now, busyUntil) - sliceStart;
            slices.addLast(new Slice(now, last, covered * 2 > now - sliceStart));
        }
        sliceStart = now;
        while (!slices.isEmpty() && now - slices.peekFirst().endNanos() > WINDOW.toNanos()) {
            Slice old = slices.removeFirst();
            if (!old.busy()) {
                if (quiet.isEmpty() || old.endNanos() - quiet.peekLast().startNanos() > BASELINE_BUCKET.toNanos()) {
                    quiet.addLast(new Bucket(old.endNanos(), new Histogram(SIGNIFICANT_DIGITS)));
                }
                quiet.peekLast().histogram().add(old.histogram());
            }
        }
        while (!quiet.isEmpty() && quiet.peekLast().startNanos() - quiet.peekFirst().startNanos() > BASELINE_SPAN.toNanos()) {
            quiet.removeFirst();
        }
    }
}

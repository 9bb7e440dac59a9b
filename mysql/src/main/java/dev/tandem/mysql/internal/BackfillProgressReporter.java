package dev.tandem.mysql.internal;

import dev.tandem.BackfillProgress;
import dev.tandem.spi.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells how one backfill gets on: its INFO lines (resumed, rows done with rows/s and ETA, filled,
 * verified) and its reports to the instance's listeners. Every progress line comes from this one
 * logger, so a front end that shows the progress its own way (the command line's bar) silences exactly
 * these lines.
 */
final class BackfillProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgressReporter.class);

    /** How often the fill logs and reports its progress: often enough to watch, rarely enough to read. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    /** The shortest elapsed time a rate is computed over, so that the first instants do not divide by zero. */
    private static final double MIN_ELAPSED_SECONDS = 0.001;

    private final StepContext context;
    private final String where;
    private final String version;
    private final String target;
    private final long rowsAtStart;
    private final long started = System.nanoTime();
    private long lastReport = started;

    /**
     * The progress of the backfill of {@code version}'s {@code target} column, from now on, which found
     * {@code rowsAtStart} rows done (by an earlier run, when it resumes).
     */
    BackfillProgressReporter(StepContext context, String where, String version, String target, long rowsAtStart) {
        this.context = context;
        this.where = where;
        this.version = version;
        this.target = target;
        this.rowsAtStart = rowsAtStart;
    }

    /** A backfill's progress, as listeners and {@code status()} see it; an ETA only while it runs at a known rate. */
    static BackfillProgress progress(String version, String target, long rowsDone, long rowsEstimate, double rate,
                                     boolean verified, Instant updatedAt) {
        Duration eta = rate > 0 && !verified ? Duration.ofSeconds(Math.round(Math.max(0, rowsEstimate - rowsDone) / rate)) : null;
        return new BackfillProgress(version, target, rowsDone, rowsEstimate, rate, eta, verified, updatedAt);
    }

    /** The backfill goes on from a checkpoint an earlier run left. */
    void resuming(BackfillCheckpoints.Checkpoint at) {
        LOG.info("{}: resuming the backfill after key {} ({} rows done)", where,
                at.cursor() == null ? "(start)" : String.join(", ", at.cursor()), at.rowsDone());
    }

    /** The rows per second of this run, once {@code rowsDone} rows are done. */
    double rowsPerSecond(long rowsDone) {
        return (rowsDone - rowsAtStart) / Math.max(elapsedNanos() / 1e9, MIN_ELAPSED_SECONDS);
    }

    /**
     * A chunk is committed, and the next will have {@code nextChunk} rows: logs and reports where the
     * backfill stands, at most every {@link #REPORT_EVERY}. Synchronized: a copy's writers report at once.
     */
    synchronized void chunkDone(BackfillCheckpoints.Checkpoint at, int nextChunk) {
        long now = System.nanoTime();
        if (now - lastReport <= REPORT_EVERY.toNanos()) {
            return;
        }
        lastReport = now;
        double rate = rowsPerSecond(at.rowsDone());
        long left = Math.max(0, at.rowsEstimate() - at.rowsDone());
        LOG.info("{}: {} of ~{} rows, {} rows/s, ETA {} s (chunk {} rows)", where, at.rowsDone(), at.rowsEstimate(),
                Math.round(rate), rate > 0 ? Math.round(left / rate) : "?", nextChunk);
        context.reportProgress(progress(version, target, at.rowsDone(), at.rowsEstimate(), rate, false, null));
    }

    /** The last chunk is committed. */
    void filled(long rowsDone) {
        LOG.info("{}: backfill done, {} rows changed in {} ms", where, rowsDone, TimeUnit.NANOSECONDS.toMillis(elapsedNanos()));
    }

    /**
     * Verification passed, as {@code verified} says; {@code exact} when it compared values, not only presence.
     * The rows that hold NULL as new code wrote them are said apart: they hold no value, and are routine.
     */
    void verified(BackfillVerifier.Verified verified, boolean exact) {
        String rows = exact ? "holds its expected value" : "has a value";
        if (verified.newCodesNulls() == 0) {
            LOG.info("{}: verified in {} ms, every row {}", where, verified.millis(), rows);
        } else {
            LOG.info("{}: verified in {} ms, every row {} but {} that hold NULL in the column as new code wrote them (an"
                    + " insert or a REPLACE that does not name it, after the backfill's chunk had passed them; no trigger"
                    + " fills them), left so", where, verified.millis(), rows, verified.newCodesNulls());
        }
    }

    /** Reports the backfill verified and done, where {@code at} left it. */
    void reportVerified(BackfillCheckpoints.Checkpoint at) {
        context.reportProgress(progress(version, target, at.rowsDone(), at.rowsEstimate(), 0, true, null));
    }

    private long elapsedNanos() {
        return System.nanoTime() - started;
    }
}

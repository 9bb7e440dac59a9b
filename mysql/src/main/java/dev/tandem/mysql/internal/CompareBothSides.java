package dev.tandem.mysql.internal;

import dev.tandem.spi.Throttle;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs the same read on both sides at once — the source's on a helper thread, the target's on the caller's
 * — so a chunk costs the slower side's time, not the sum; and holds the throttle the comparison asks
 * between its units of work ({@link CompareThrottle}).
 */
final class CompareBothSides {

    /** A read of one side. */
    @FunctionalInterface
    interface Read<T> {
        T on(CompareSide side) throws SQLException;
    }

    /** What the two sides answered. */
    record Answers<T>(T source, T target) {
    }

    private final CompareSide source;
    private final CompareSide target;
    private final ExecutorService helper;
    private final Throttle throttle;
    /** When the throttle last let the comparison go ({@link System#nanoTime}); 0 before it first did. */
    private long lastGo;

    CompareBothSides(CompareSide source, CompareSide target, ExecutorService helper, Throttle throttle) {
        this.source = source;
        this.target = target;
        this.helper = helper;
        this.throttle = throttle;
    }

    /** Returns when the throttle lets the comparison go on: asked before each chunk, re-check batch or run of scanned rows. */
    void awaitGo() throws SQLException {
        try {
            throttle.awaitGo("Comparing " + source.table());
            lastGo = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the comparison of " + source.table() + " waited for its throttle", e);
        }
    }

    /**
     * Like {@link #awaitGo}, but asks the throttle only when it last let the comparison go
     * {@link CompareThrottle#ASK_INTERVAL} ago or more: a chunk takes milliseconds, and asking both servers
     * before each one would cost more than the chunks.
     */
    void awaitGoAtIntervals() throws SQLException {
        if (lastGo == 0 || System.nanoTime() - lastGo >= CompareThrottle.ASK_INTERVAL.toNanos()) {
            awaitGo();
        }
    }

    CompareSide source() {
        return source;
    }

    CompareSide target() {
        return target;
    }

    <T> Answers<T> read(Read<T> read) throws SQLException {
        Future<T> fromSource = helper.submit(() -> read.on(source));
        T fromTarget;
        try {
            fromTarget = read.on(target);
        } catch (SQLException | RuntimeException e) {
            fromSource.cancel(false);
            throw e;
        }
        try {
            return new Answers<>(fromSource.get(), fromTarget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the source", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

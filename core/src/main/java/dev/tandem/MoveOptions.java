package dev.tandem;

import java.time.Duration;
import java.util.Objects;

/**
 * How a move runs ({@link Tandem#move(MoveOptions)}); {@link #defaults()} and the {@code with...} methods.
 *
 * @param adopt              the target already replicates from the source (set up by hand): check it, copy nothing
 * @param workers            connections that copy tables in parallel
 * @param chunkRows          rows per chunk of the copy, to begin with
 * @param ackTimeout         how long a cut-over waits for every live instance to hold and acknowledge; then it is abandoned
 * @param catchUpTimeout     how long a cut-over waits for the target to apply the source's last writes; then it is abandoned
 * @param verificationMaxAge how recent a passing verification must be for a cut-over to begin
 * @param maxLagSeconds      a cut-over does not begin while the target lags more than this (it waits for it,
 *                           at most {@code catchUpTimeout}, then refuses)
 * @param listener           told of the copy's progress and the cut-over's steps
 */
public record MoveOptions(boolean adopt, int workers, int chunkRows, Duration ackTimeout, Duration catchUpTimeout,
                          Duration verificationMaxAge, long maxLagSeconds, MoveListener listener) {

    public MoveOptions {
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
        Objects.requireNonNull(verificationMaxAge, "verificationMaxAge");
        Objects.requireNonNull(listener, "listener");
        if (workers < 1 || chunkRows < 1) {
            throw new IllegalArgumentException("workers and chunkRows must be at least 1, not " + workers + " and " + chunkRows);
        }
    }

    /**
     * Copy with 4 workers in chunks of 1,000 rows; a cut-over waits 5 s for acknowledgements and 10 s for the
     * target to catch up, and needs a verification of the last hour and a lag of at most 1 s.
     */
    public static MoveOptions defaults() {
        return new MoveOptions(false, 4, 1_000, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(1), 1,
                new MoveListener() { });
    }

    public MoveOptions withAdopt(boolean adopt) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withWorkers(int workers) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withChunkRows(int chunkRows) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withAckTimeout(Duration ackTimeout) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withCatchUpTimeout(Duration catchUpTimeout) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withVerificationMaxAge(Duration verificationMaxAge) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withMaxLagSeconds(long maxLagSeconds) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }

    public MoveOptions withListener(MoveListener listener) {
        return new MoveOptions(adopt, workers, chunkRows, ackTimeout, catchUpTimeout, verificationMaxAge, maxLagSeconds, listener);
    }
}

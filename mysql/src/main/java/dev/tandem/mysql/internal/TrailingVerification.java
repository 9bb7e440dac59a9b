package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A copy's verification run beside the copy, on a connection and a thread of its own: each chunk the copy
 * has committed is verified while the copy writes the next ones, so the server checks one chunk while it
 * copies another (on two cores the copy's time instead of the sum of both). Checking a chunk early proves
 * as much as checking it at the end: each check sees the table and the copy in one read view, and the
 * triggers keep them equal at every commit, whenever a row changes. A resumed copy's chunks committed
 * before the restart are verified first.
 */
final class TrailingVerification implements AutoCloseable {

    /** Tells the verification that the copy has committed its last chunk. */
    private static final BackfillChunker.Chunk END = new BackfillChunker.Chunk(null, null, true);
    /** How long {@link #close} waits for a verification it stopped (its statement ends at the next chunk). */
    private static final long STOP_WAIT_MILLIS = 30_000;

    private final BlockingQueue<BackfillChunker.Chunk> committed = new LinkedBlockingQueue<>();
    private final BackfillSession session;
    private final BackfillVerifier verifier;
    private final Thread thread;
    private volatile Throwable failure;

    private TrailingVerification(BackfillSession session, BackfillVerifier verifier, List<String> min,
                                 List<String> resumedAt, List<String> max, String where) {
        this.session = session;
        this.verifier = verifier;
        this.thread = new Thread(() -> run(min, resumedAt, max), "tandem-verify " + where);
        this.thread.setDaemon(true);
    }

    /**
     * Starts verifying chunks of the quoted table {@code table} along {@code key} with the check
     * {@code checkOn} gives for its own connection: first from {@code min} to {@code resumedAt} (what a
     * run before a restart copied; nothing when null), then each chunk {@link #committed} names, and after
     * the last one the rows past {@code max}, the copy's last key ({@link BackfillVerifier#beyond}).
     */
    static TrailingVerification start(StepContext context, String where, String table, BackfillKey key,
                                      Function<Connection, ChunkCheck> checkOn, List<String> min, List<String> resumedAt,
                                      List<String> max) throws SQLException {
        BackfillSession session = BackfillSession.open(context);
        Connection c = session.connection();
        TrailingVerification verification = new TrailingVerification(session,
                new BackfillVerifier(context, where + " (beside the copy)", table, key, checkOn.apply(c), c), min, resumedAt,
                max, where);
        verification.thread.start();
        return verification;
    }

    private void run(List<String> min, List<String> resumedAt, List<String> max) {
        try {
            if (resumedAt != null) {
                verifier.range(min, resumedAt);
            }
            for (BackfillChunker.Chunk chunk = committed.take(); chunk != END; chunk = committed.take()) {
                verifier.chunk(chunk);
            }
            verifier.beyond(max);
        } catch (Throwable e) { // an Error too: unseen, the chunks it had not verified passed as verified
            failure = e;
        }
    }

    /** Queues a chunk the copy has committed; throws what stopped the verification, if something did. */
    void committed(BackfillChunker.Chunk chunk) throws SQLException {
        rethrowFailure();
        committed.add(chunk);
    }

    /**
     * After the copy's last chunk: waits for the verification of every chunk, and returns what it found.
     *
     * @throws SQLException what stopped it, or the rows still wrong after their repair ({@link BackfillVerifier#outcome})
     */
    BackfillVerifier.Verified finish() throws SQLException {
        committed.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while the verification finished", e);
        }
        rethrowFailure();
        return verifier.outcome();
    }

    private void rethrowFailure() throws SQLException {
        Throwable e = failure;
        if (e instanceof SQLException sql) {
            throw sql;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new SQLException("The verification beside the copy failed: " + e.getMessage(), e);
        }
    }

    /** Stops the verification if it still runs (the copy failed), and gives its connection back ({@link BackfillSession#close}). */
    @Override
    public void close() throws SQLException {
        thread.interrupt();
        boolean interrupted = Thread.interrupted(); // a closing Tandem's interrupt: still wait, not to close the session mid-query
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }
}

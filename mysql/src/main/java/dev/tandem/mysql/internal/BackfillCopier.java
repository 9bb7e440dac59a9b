package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one chunk and moves the backfill's checkpoint past it, in one transaction, so a node that dies
 * resumes after the last committed chunk, never from zero and never skipping rows. A chunk that loses a
 * deadlock or a lock wait to the application's writes is rolled back and tried again: the application's
 * transaction goes first.
 */
final class BackfillCopier {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillCopier.class);

    /** How often a chunk is tried in all before a lock conflict fails the step (which the next start resumes). */
    static final int MAX_ATTEMPTS = 10;
    /**
     * The first wait before a chunk that gave way is tried again, doubling: an application's transaction is
     * short, and a chunk that fails at once rather than wait for it (a copy's, on MariaDB) should not wait long.
     */
    private static final long FIRST_BACKOFF_MS = 50;

    private final Connection connection;
    private final ChunkWriter writer;
    private final BackfillCheckpoints checkpoints;

    /** Writes with {@code writer} on {@code connection}, checkpointed in {@code checkpoints} on the same connection. */
    BackfillCopier(Connection connection, ChunkWriter writer, BackfillCheckpoints checkpoints) {
        this.connection = connection;
        this.writer = writer;
        this.checkpoints = checkpoints;
    }

    /**
     * Writes the chunk {@code taken} and commits it with the checkpoint {@code ledger} moves past it; returns
     * where the backfill stands then. {@code size} is the chunk's size, which the checkpoint keeps for a
     * resumed run; {@code rowsPerSecond} gives the rate once a number of rows is done.
     */
    BackfillCheckpoints.Checkpoint copy(ChunkLedger ledger, ChunkLedger.Taken taken, int size,
                                        LongToDoubleFunction rowsPerSecond) throws SQLException {
        return givingWay(connection, taken.chunk(), "A backfill chunk", () -> {
            int changed = writer.write(taken.chunk());
            return ledger.committed(taken, changed, size, next -> {
                checkpoints.save(next, rowsPerSecond.applyAsDouble(next.rowsDone()));
                connection.commit();
            });
        });
    }

    /** A transaction's work over one chunk, which commits it. */
    interface ChunkWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} (which commits) until it does not lose a deadlock or a lock wait to the application's
     * writes, rolling it back and waiting a little each time, {@link #MAX_ATTEMPTS} in all; {@code what} names
     * it in the log.
     */
    static <T> T givingWay(Connection connection, BackfillChunker.Chunk chunk, String what, ChunkWork<T> work)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!OnlineDdl.isLockConflict(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                long backoff = OnlineDdl.backoffMillis(FIRST_BACKOFF_MS, attempt);
                LOG.info("{} after key {} gave way to the application's writes ({}); trying it again in {} ms", what,
                        chunk.cursor() == null ? "(start)" : String.join(", ", chunk.cursor()), e.getMessage(), backoff);
                OnlineDdl.sleep(backoff);
            }
        }
    }
}

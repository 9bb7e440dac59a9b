package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongToDoubleFunction;

/**
 * Writes one chunk and moves the backfill's checkpoint past it, in one transaction, so a node that dies
 * resumes after the last committed chunk, never from zero and never skipping rows. A chunk that loses a
 * deadlock or a lock wait to the application's writes is rolled back and tried again ({@link GivingWay}): the
 * application's transaction goes first.
 */
final class BackfillCopier {

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
        return GivingWay.run(connection, taken.chunk().cursor(), "A backfill chunk", () -> {
            int changed = writer.write(taken.chunk());
            return ledger.committed(taken, changed, size, next -> {
                checkpoints.save(next, rowsPerSecond.applyAsDouble(next.rowsDone()));
                connection.commit();
            });
        });
    }
}

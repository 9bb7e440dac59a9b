package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.LongToDoubleFunction;

/**
 * Writes the new shape into the rows of one chunk. The fill's chunk and its checkpoint commit in one
 * transaction, so a node that dies resumes after the last committed chunk, never from zero and never
 * skipping rows.
 */
final class BackfillCopier {

    private final Connection connection;
    private final String table;
    private final BackfillKey key;
    private final BackfillSql sql;
    private final BackfillCheckpoints checkpoints;

    /** Copies into the quoted table {@code table}, in chunks along {@code key}, with {@code sql}'s statements. */
    BackfillCopier(Connection connection, String table, BackfillKey key, BackfillSql sql, BackfillCheckpoints checkpoints) {
        this.connection = connection;
        this.table = table;
        this.key = key;
        this.sql = sql;
        this.checkpoints = checkpoints;
    }

    /**
     * Writes the chunk's pending rows, moves the checkpoint {@code at} past them, and commits both;
     * returns where the backfill stands then. {@code size} is the chunk's size, which the checkpoint
     * keeps for a resumed run; {@code rowsPerSecond} gives the rate once a number of rows is done.
     */
    BackfillCheckpoints.Checkpoint copy(BackfillChunker.Chunk chunk, int size, BackfillCheckpoints.Checkpoint at,
                                        LongToDoubleFunction rowsPerSecond) throws SQLException {
        int changed = write(chunk);
        BackfillCheckpoints.Checkpoint next = at.advance(chunk.upper(), changed, size,
                key.doneFraction(at.min(), chunk.upper(), at.max()));
        checkpoints.save(next, rowsPerSecond.applyAsDouble(next.rowsDone()));
        connection.commit();
        return next;
    }

    /** Writes the chunk's pending rows, without committing; returns how many it changed. */
    int write(BackfillChunker.Chunk chunk) throws SQLException {
        try (PreparedStatement update = key.statement(connection, sql.update(table, key, chunk.cursor()), chunk.cursor(),
                chunk.upper())) {
            return update.executeUpdate();
        }
    }
}

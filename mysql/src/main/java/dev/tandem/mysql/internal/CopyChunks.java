package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy-based backfill, chunk by chunk (the statements are {@link CopySql}'s): the chunk's rows copied
 * into the copy with the target computed, and, for the verification, the rows the copy holds wrong or
 * misses, repaired by copying the chunk again.
 */
final class CopyChunks implements ChunkWriter, ChunkCheck {

    private final Connection connection;
    private final CopySql sql;
    private final boolean lockFirst;

    /**
     * @param lockFirst whether a chunk's rows are locked before they are copied ({@link CopySql#lockChunk}):
     *                  needed where the copy's {@code INSERT ... SELECT} takes a table lock for an
     *                  AUTO_INCREMENT, and for a target whose values the table may already hold; a scan of
     *                  the chunk more (about a sixth of a chunk's time) where neither is so
     */
    CopyChunks(Connection connection, CopySql sql, boolean lockFirst) {
        this.connection = connection;
        this.sql = sql;
        this.lockFirst = lockFirst || sql.kind() == BackfillSql.Kind.SHARED;
    }

    /** The same chunks on another connection (a verification running beside the copy). */
    CopyChunks on(Connection other) {
        return new CopyChunks(other, sql, lockFirst);
    }

    @Override
    public int write(BackfillChunker.Chunk chunk) throws SQLException {
        boolean targetHeld = lockFirst && count(sql.lockChunk(chunk.cursor()), chunk) > 0;
        return run(sql.copyChunk(chunk.cursor(), targetHeld), chunk);
    }

    /**
     * First the chunk's checksums on both sides (in the verification's transaction, so one read view sees
     * both tables; two range scans, no row looked up): the same rows and hashes, no wrong target, and no
     * value the table holds for the copy to keep that the copy does not (looked up only for the rows that
     * hold one), and the chunk is right. Else the rows are counted one by one, each count one statement (a
     * checksum can differ because the server gave each statement its own read view, under READ COMMITTED).
     */
    @Override
    public long rejected(BackfillChunker.Chunk chunk) throws SQLException {
        List<String> table = row(sql.checksumTable(chunk.cursor()), chunk);
        List<String> copy = row(sql.checksumCopy(chunk.cursor()), chunk);
        boolean same = table.get(0).equals(copy.get(0)) && table.get(1).equals(copy.get(1)) && "0".equals(copy.get(2))
                && (sql.kind() == BackfillSql.Kind.SYNCED || "0".equals(table.get(2))
                || count(sql.countHeldDiffer(chunk.cursor()), chunk) == 0);
        return same ? 0 : count(sql.countWrong(chunk.cursor()), chunk) + count(sql.countMissing(chunk.cursor()), chunk);
    }

    @Override
    public List<String> examples(BackfillChunker.Chunk chunk, int limit) throws SQLException {
        List<String> examples = new ArrayList<>();
        for (String key : keys(sql.sampleWrong(chunk.cursor(), limit), chunk)) {
            examples.add("key (" + key + "): the copy holds another row than the table, or a target the expression does"
                    + " not give");
        }
        if (examples.size() < limit) {
            for (String key : keys(sql.sampleMissing(chunk.cursor(), limit - examples.size()), chunk)) {
                examples.add("key (" + key + "): missing from the copy");
            }
        }
        return examples;
    }

    @Override
    public int repair(BackfillChunker.Chunk chunk) throws SQLException {
        boolean targetHeld = lockFirst && count(sql.lockChunk(chunk.cursor()), chunk) > 0;
        int written = run(sql.recopyChunk(chunk.cursor(), targetHeld), chunk);
        try (PreparedStatement gone = sql.key().statement(connection, sql.deleteGone(chunk.cursor()), chunk.cursor(),
                chunk.upper())) {
            return written + gone.executeUpdate();
        }
    }

    @Override
    public String advice() {
        return "the copy is not swapped in. Check the expression (" + sql.expression() + ") for values the column cannot"
                + " hold; roll back to drop the copy";
    }

    private int run(List<String> statements, BackfillChunker.Chunk chunk) throws SQLException {
        int written = 0;
        for (String statement : statements) {
            try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper())) {
                written += s.executeUpdate();
            }
        }
        return written;
    }

    private List<String> row(String statement, BackfillChunker.Chunk chunk) throws SQLException {
        List<String> row = new ArrayList<>();
        try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper());
             ResultSet rs = s.executeQuery()) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
        }
        return row;
    }

    private long count(String statement, BackfillChunker.Chunk chunk) throws SQLException {
        try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper());
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> keys(String statement, BackfillChunker.Chunk chunk) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper());
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }
}

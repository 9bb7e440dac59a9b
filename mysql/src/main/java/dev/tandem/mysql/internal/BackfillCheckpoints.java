package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The backfills' checkpoints, one row per backfill in the table {@link dev.tandem.TableNames#backfill()}
 * names: where each stands (its cursor, its key range, rows done, chunk size), so that a node that dies
 * resumes after the last committed chunk, and so that any node can show a backfill's progress. Keys are
 * stored encoded ({@link BackfillKey#encode}). The statements are pure functions of the table's name
 * (quoted or not, as the caller holds it); none of the methods commits.
 */
final class BackfillCheckpoints {

    /**
     * Where one backfill stands.
     *
     * @param cursor the last key written (null: none yet)
     * @param min    the first key of the table when the backfill began (null: the table was empty)
     * @param max    the largest key then (null: the table was empty): the backfill ends there
     */
    record Checkpoint(String id, List<String> cursor, List<String> min, List<String> max, long rowsDone,
                      long rowsEstimate, int chunkSize) {

        /**
         * After a chunk of {@code chunk} rows up to {@code upper} that changed {@code changed} of them.
         * The estimate from the table's statistics can be far off (MariaDB's may count a
         * table as it was when small); once the rows done pass it, it is redrawn from how much of the key
         * range is done ({@code doneFraction}, when the key tells, else 0) or raised to the rows done.
         */
        Checkpoint advance(List<String> upper, int changed, int chunk, double doneFraction) {
            long done = rowsDone + changed;
            long estimate = rowsEstimate;
            if (done > estimate) {
                estimate = doneFraction > 0 ? Math.max(done, Math.round(done / doneFraction)) : done;
            }
            return new Checkpoint(id, upper, min, max, done, estimate, chunk);
        }
    }

    private final Connection connection;
    private final String table;

    /** The checkpoints in {@code table}, read and written on {@code connection}. */
    BackfillCheckpoints(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    /** The statement that creates the checkpoints' table under the name {@code table}. */
    static String create(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + " id VARCHAR(255) NOT NULL PRIMARY KEY,"
                + " migration VARCHAR(50) NOT NULL,"
                + " target VARCHAR(255) NOT NULL,"
                + " cursor_key TEXT NULL,"
                + " min_key TEXT NULL,"
                + " max_key TEXT NULL,"
                + " rows_done BIGINT NOT NULL DEFAULT 0,"
                + " rows_estimate BIGINT NOT NULL DEFAULT 0,"
                + " chunk_size INT NOT NULL,"
                + " rows_per_second DOUBLE NOT NULL DEFAULT 0,"
                + " verified_at DATETIME(3) NULL,"
                + " started_at DATETIME(3) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    /** Deletes the checkpoint with the id given. */
    static String discardSql(String table) {
        return "DELETE FROM " + table + " WHERE id = ?";
    }

    /** Reads the checkpoint with the id given. */
    static String loadSql(String table) {
        return "SELECT cursor_key, max_key, rows_done, rows_estimate, chunk_size, min_key FROM " + table + " WHERE id = ?";
    }

    /** Writes a new checkpoint, before the first chunk: id, migration, target, min and max key, estimate, chunk size. */
    static String beginSql(String table) {
        return "INSERT INTO " + table + " (id, migration, target, cursor_key, min_key, max_key, rows_done, rows_estimate,"
                + " chunk_size, started_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, 0, ?, ?, UTC_TIMESTAMP(3),"
                + " UTC_TIMESTAMP(3))";
    }

    /** Moves a checkpoint after a chunk: cursor, rows done, chunk size, rows/s, estimate, then the id. */
    static String saveSql(String table) {
        return "UPDATE " + table + " SET cursor_key = ?, rows_done = ?, chunk_size = ?, rows_per_second = ?,"
                + " rows_estimate = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?";
    }

    /** Marks the checkpoint with the id given verified: every row holds the new shape. */
    static String markVerifiedSql(String table) {
        return "UPDATE " + table + " SET verified_at = UTC_TIMESTAMP(3), updated_at = UTC_TIMESTAMP(3) WHERE id = ?";
    }

    /** Forgets a backfill's checkpoint, e.g. a stale one before a fresh run. */
    void discard(String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(discardSql(table))) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** The checkpoint of a backfill, or null when it has none. */
    Checkpoint load(String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(loadSql(table))) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Checkpoint(id, decoded(rs.getString(1)), decoded(rs.getString(6)), decoded(rs.getString(2)),
                        rs.getLong(3), rs.getLong(4), rs.getInt(5));
            }
        }
    }

    /**
     * The first checkpoint of the backfill {@code id} of {@code migration}'s {@code target} column, over
     * the keys from {@code minKey} to {@code maxKey} (encoded, as {@link BackfillKey#edge} gives them;
     * null when the table is empty), starting at {@link BackfillChunker#FIRST_CHUNK} rows a chunk.
     */
    Checkpoint begin(String id, String migration, String target, String minKey, String maxKey, long rowsEstimate)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(beginSql(table))) {
            s.setString(1, id);
            s.setString(2, migration);
            s.setString(3, target);
            s.setString(4, minKey);
            s.setString(5, maxKey);
            s.setLong(6, rowsEstimate);
            s.setInt(7, BackfillChunker.FIRST_CHUNK);
            s.executeUpdate();
        }
        return new Checkpoint(id, null, decoded(minKey), decoded(maxKey), 0, rowsEstimate, BackfillChunker.FIRST_CHUNK);
    }

    /** Stores where {@code at} stands after a chunk, with the backfill's rate so far. */
    void save(Checkpoint at, double rowsPerSecond) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(saveSql(table))) {
            // No cursor yet where a copy's later chunk committed before its first (ChunkLedger).
            s.setString(1, at.cursor() == null ? null : BackfillKey.encode(at.cursor()));
            s.setLong(2, at.rowsDone());
            s.setInt(3, at.chunkSize());
            s.setDouble(4, rowsPerSecond);
            s.setLong(5, at.rowsEstimate());
            s.setString(6, at.id());
            s.executeUpdate();
        }
    }

    /** Marks a backfill verified: every row holds the new shape. */
    void markVerified(String id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(markVerifiedSql(table))) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private static List<String> decoded(String key) {
        return key == null ? null : BackfillKey.decode(key);
    }
}

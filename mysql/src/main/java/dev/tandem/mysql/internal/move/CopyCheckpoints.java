package dev.tandem.mysql.internal.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy's progress, kept on the target in the table {@value #TABLE} of the target database, so that a copy
 * interrupted by anything (a crash of the copying process included) can be resumed from what the target
 * holds: per table, whether it is done, the snapshot it was copied in, its rows and the last key copied. A
 * chunk's rows and its checkpoint commit in one transaction. Dropped by {@link SnapshotCopy#forget} once
 * replication has caught up past the copy, so the target's database then holds the application's tables only.
 */
final class CopyCheckpoints {

    static final String TABLE = "tandem_move_copy";

    /** One table's checkpoint; {@code snapshot} is null until a snapshot was taken for it. */
    record Checkpoint(boolean done, BinlogPosition snapshot, long rows, String lastKey) {
    }

    private CopyCheckpoints() {
    }

    static void create(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (table_name VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " done BOOLEAN NOT NULL, snapshot_file VARCHAR(255) NULL, snapshot_offset BIGINT NULL,"
                    + " snapshot_gtids TEXT NULL, rows_copied BIGINT NOT NULL, last_key LONGTEXT NULL,"
                    + " updated_at DATETIME(3) NOT NULL) DEFAULT CHARSET = utf8mb4");
        }
    }

    static boolean exists(Connection target) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name = ?")) {
            s.setString(1, TABLE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** Every table's checkpoint, by table name. */
    static Map<String, Checkpoint> read(Connection target) throws SQLException {
        Map<String, Checkpoint> checkpoints = new LinkedHashMap<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name, done, snapshot_file,"
                + " snapshot_offset, snapshot_gtids, rows_copied, last_key FROM " + TABLE + " ORDER BY table_name")) {
            while (rs.next()) {
                String file = rs.getString(3);
                BinlogPosition snapshot = file == null ? null : new BinlogPosition(file, rs.getLong(4), rs.getString(5));
                checkpoints.put(rs.getString(1), new Checkpoint(rs.getBoolean(2), snapshot, rs.getLong(6), rs.getString(7)));
            }
        }
        return checkpoints;
    }

    /** Marks {@code tables} as to be copied from the snapshot at {@code snapshot} (null: not taken yet), from nothing. */
    static void restart(Connection target, List<String> tables, BinlogPosition snapshot) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("REPLACE INTO " + TABLE + " (table_name, done, snapshot_file,"
                + " snapshot_offset, snapshot_gtids, rows_copied, last_key, updated_at) VALUES (?, FALSE, ?, ?, ?, 0, NULL,"
                + " UTC_TIMESTAMP(3))")) {
            for (String table : tables) {
                s.setString(1, table);
                s.setString(2, snapshot == null ? null : snapshot.file());
                s.setObject(3, snapshot == null ? null : snapshot.offset());
                s.setString(4, snapshot == null ? null : snapshot.gtids());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Records a chunk: call in the chunk's transaction. {@code done} for the table's last one. */
    static void progress(Connection target, String table, long rows, String lastKey, boolean done) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("UPDATE " + TABLE + " SET rows_copied = ?, last_key = ?,"
                + " done = ?, updated_at = UTC_TIMESTAMP(3) WHERE table_name = ?")) {
            s.setLong(1, rows);
            s.setString(2, lastKey);
            s.setBoolean(3, done);
            s.setString(4, table);
            s.executeUpdate();
        }
    }

    static void drop(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }
}

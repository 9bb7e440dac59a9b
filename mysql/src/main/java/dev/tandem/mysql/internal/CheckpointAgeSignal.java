package dev.tandem.mysql.internal;

import dev.tandem.ThrottleSignal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Wait while the redo log's checkpoint age (the redo written since the oldest change the buffer pool has not
 * yet written out to its table) is above a share of the redo log's capacity. A copy writes faster than the
 * page cleaner writes out; as the age nears the capacity, InnoDB writes pages out harder and harder and, at
 * last, makes every writer (the application's too) wait while it does: stalls of hundreds of milliseconds.
 * Held to a share of the capacity, the copy goes at the pace the server writes out, and no such debt piles up.
 *
 * <p>MariaDB reports the age ({@code Innodb_checkpoint_age}) and its redo log is one file of
 * {@code innodb_log_file_size}; MySQL 8.0.30 and later report the two log sequence numbers the age lies
 * between and the capacity in use. Older MySQL reports neither: the signal cannot be made there. Nor on a
 * MariaDB that writes out lazily ({@code innodb_max_dirty_pages_pct_lwm} 0, its default): it lets the age
 * sit high under any writes until its redo log is nearly full (measured: 63 MB of 101, the backfill held
 * for minutes under the benchmark's load alone), so a limit below that would hold the backfill for good.
 */
public final class CheckpointAgeSignal implements ThrottleSignal {

    private static final String MARIADB_AGE = "Innodb_checkpoint_age";
    private static final String MYSQL_CURRENT_LSN = "Innodb_redo_log_current_lsn";
    private static final String MYSQL_CHECKPOINT_LSN = "Innodb_redo_log_checkpoint_lsn";
    private static final String MYSQL_CAPACITY = "Innodb_redo_log_capacity_resized";
    private static final String STATUS = "SHOW GLOBAL STATUS WHERE Variable_name IN ('" + MARIADB_AGE + "', '"
            + MYSQL_CURRENT_LSN + "', '" + MYSQL_CHECKPOINT_LSN + "', '" + MYSQL_CAPACITY + "')";

    private final DataSource dataSource;
    private final boolean mariaDb;
    private final double share;
    private final long limitBytes;
    private final long capacityBytes;

    private CheckpointAgeSignal(DataSource dataSource, boolean mariaDb, double share, long capacityBytes) {
        this.dataSource = dataSource;
        this.mariaDb = mariaDb;
        this.share = share;
        this.capacityBytes = capacityBytes;
        this.limitBytes = Math.round(capacityBytes * share);
    }

    /**
     * The signal on the server behind {@code dataSource}, at {@code share} of its redo log's capacity.
     *
     * @throws IllegalStateException where the server reports no checkpoint age (MySQL before 8.0.30), or
     *                               writes out too lazily for one to be held to a limit
     */
    static CheckpointAgeSignal of(DataSource dataSource, double share) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            boolean mariaDb = Jdbc.isMariaDb(c);
            Map<String, Long> status = status(s);
            long capacity = mariaDb ? Long.parseLong(Jdbc.rows(c, "SELECT @@innodb_log_file_size").get(0).get(0))
                    : status.getOrDefault(MYSQL_CAPACITY, 0L);
            if (!status.containsKey(mariaDb ? MARIADB_AGE : MYSQL_CHECKPOINT_LSN) || capacity <= 0) {
                throw new IllegalStateException("maxCheckpointAge: the server (" + c.getMetaData().getDatabaseProductVersion()
                        + ") does not report its redo log's checkpoint age (MySQL 8.0.30 and later and MariaDB do);"
                        + " set maxCheckpointAge to 0");
            }
            if (mariaDb && Double.parseDouble(Jdbc.rows(c, "SELECT @@innodb_max_dirty_pages_pct_lwm").get(0).get(0)) == 0) {
                throw new IllegalStateException("maxCheckpointAge: with innodb_max_dirty_pages_pct_lwm at 0 (its default)"
                        + " MariaDB writes its changes out only once its redo log is nearly full, so under the application's"
                        + " writes the checkpoint age would stay above the limit and the backfill wait for good. Have the"
                        + " server write out as it goes (SET GLOBAL innodb_max_dirty_pages_pct_lwm = 0.001, and in its"
                        + " configuration), or set maxCheckpointAge to 0");
            }
            return new CheckpointAgeSignal(dataSource, mariaDb, share, capacity);
        } catch (SQLException e) {
            throw new IllegalStateException("maxCheckpointAge: cannot read the server's redo log: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> reasonToWait() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return reason(age(status(s), mariaDb), limitBytes, capacityBytes);
        }
    }

    /** Why to wait at a checkpoint age of {@code age} bytes against a limit of {@code limit}, if at all. */
    static Optional<String> reason(long age, long limit, long capacity) {
        return age > limit ? Optional.of("the redo log's checkpoint age is " + megabytes(age) + ", above "
                + megabytes(limit) + " (of its " + megabytes(capacity) + "): the server is writing out what was changed")
                : Optional.empty();
    }

    /**
     * The checkpoint age in bytes, from the server's status ({@code SHOW GLOBAL STATUS}) holding
     * {@code Innodb_checkpoint_age} (MariaDB) or {@code Innodb_redo_log_current_lsn} and
     * {@code Innodb_redo_log_checkpoint_lsn} (MySQL 8.0.30+).
     */
    public static long age(Map<String, Long> status, boolean mariaDb) throws SQLException {
        if (mariaDb) {
            return required(status, MARIADB_AGE);
        }
        return required(status, MYSQL_CURRENT_LSN) - required(status, MYSQL_CHECKPOINT_LSN);
    }

    private static long required(Map<String, Long> status, String name) throws SQLException {
        Long value = status.get(name);
        if (value == null) {
            throw new SQLException("the server does not report " + name);
        }
        return value;
    }

    private static Map<String, Long> status(Statement s) throws SQLException {
        Map<String, Long> status = new HashMap<>();
        try (ResultSet rs = s.executeQuery(STATUS)) {
            while (rs.next()) {
                status.put(rs.getString(1), rs.getLong(2));
            }
        }
        return status;
    }

    private static String megabytes(long bytes) {
        return Math.round(bytes / 1e6) + " MB";
    }

    @Override
    public String toString() {
        return "redo checkpoint age <= " + Math.round(share * 100) + "% of " + megabytes(capacityBytes);
    }
}

package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source connections that all read one consistent snapshot of the source, and the source's binary log
 * position of that snapshot.
 *
 * <p>With one connection on MariaDB, no lock is taken: MariaDB's {@code START TRANSACTION WITH CONSISTENT
 * SNAPSHOT} gives the binary log position its snapshot matches ({@code binlog_snapshot_file/position}),
 * because the binary log takes part in its commit ordering. Several connections cannot share one snapshot
 * that way (each would be taken at another moment), and MySQL has no such position at all; so, as mydumper
 * does, a brief global read lock ({@code FLUSH TABLES WITH READ LOCK}, privilege {@code RELOAD}) stops
 * commits while each connection starts its snapshot and the position is read, and is released at once.
 * MySQL 8's {@code LOCK INSTANCE FOR BACKUP} and {@code performance_schema.log_status} are not enough: they
 * do not stop commits, so snapshots started one after the other under them may differ. The lock waits for
 * running statements (a long query delays it, and the writes queued behind it), so it is asked with a short
 * {@code lock_wait_timeout} and retried. On MariaDB each connection's {@code binlog_snapshot_*} is checked
 * against the position read under the lock: the snapshot is proven shared, not assumed.
 */
final class SharedSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSnapshot.class);
    /** Error 1205, ER_LOCK_WAIT_TIMEOUT: the global read lock waited longer than lock_wait_timeout. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int LOCK_ATTEMPTS = 5;

    private final List<Connection> connections;
    private final BinlogPosition position;

    private SharedSnapshot(List<Connection> connections, BinlogPosition position) {
        this.connections = connections;
        this.position = position;
    }

    /** {@code count} connections of {@code source} in one snapshot; the global lock waits at most {@code lockWait} per try. */
    static SharedSnapshot take(DataSource source, int count, Duration lockWait) throws SQLException, InterruptedException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection c = source.getConnection();
                connections.add(c);
                Jdbc.execute(c, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET SESSION time_zone = '+00:00'");
            }
            ServerFacts facts = ServerFacts.of(connections.get(0));
            if (!facts.binaryLog()) {
                throw new SQLException("the source writes no binary log: a copy needs its position to replicate from;"
                        + " start the source with log_bin and binlog_format=ROW");
            }
            BinlogPosition position = facts.mariaDb() && count == 1 ? lockFree(connections.get(0))
                    : underGlobalReadLock(source, connections, facts, lockWait);
            LOG.info("Snapshot of the source taken at {} for {} connection(s)", position, count);
            return new SharedSnapshot(connections, position);
        } catch (SQLException | InterruptedException | RuntimeException e) {
            closeAll(connections);
            throw e;
        }
    }

    private static BinlogPosition lockFree(Connection c) throws SQLException {
        Jdbc.execute(c, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        BinlogPosition snapshot = mariaDbSnapshotPosition(c);
        String gtids = Jdbc.rows(c, "SELECT BINLOG_GTID_POS(?, ?)", snapshot.file(), Long.toString(snapshot.offset()))
                .get(0).get(0);
        return new BinlogPosition(snapshot.file(), snapshot.offset(), gtids);
    }

    private static BinlogPosition underGlobalReadLock(DataSource source, List<Connection> connections, ServerFacts facts,
                                                      Duration lockWait) throws SQLException, InterruptedException {
        try (Connection lock = source.getConnection()) {
            Jdbc.execute(lock, "SET SESSION lock_wait_timeout = " + Math.max(1, lockWait.toSeconds()));
            globalReadLock(lock);
            BinlogPosition position;
            try {
                for (Connection c : connections) {
                    Jdbc.execute(c, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                }
                position = Replication.currentPosition(lock, new ReplicationSql(facts));
            } finally {
                Jdbc.execute(lock, "UNLOCK TABLES");
            }
            if (facts.mariaDb()) {
                for (Connection c : connections) {
                    BinlogPosition seen = mariaDbSnapshotPosition(c);
                    if (seen.compareTo(position) != 0) {
                        throw new SQLException("a copy connection's snapshot is at " + seen + ", not at " + position
                                + " where the global read lock stood: the snapshot is not shared");
                    }
                }
            }
            return position;
        }
    }

    private static void globalReadLock(Connection lock) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Jdbc.execute(lock, "FLUSH TABLES WITH READ LOCK");
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != LOCK_WAIT_TIMEOUT || attempt == LOCK_ATTEMPTS) {
                    throw new SQLException("could not take the brief global read lock for the copy's snapshot"
                            + " (FLUSH TABLES WITH READ LOCK, privilege RELOAD; a long-running statement on the source"
                            + " delays it): " + Jdbc.describe(e), e.getSQLState(), e.getErrorCode(), e);
                }
                LOG.warn("The global read lock for the copy's snapshot waited too long (attempt {} of {}); a long"
                        + " statement runs on the source; trying again", attempt, LOCK_ATTEMPTS);
                Thread.sleep(1_000L * attempt);
            }
        }
    }

    /** MariaDB's binary log position of the snapshot of the transaction open on {@code c}. */
    private static BinlogPosition mariaDbSnapshotPosition(Connection c) throws SQLException {
        String file = null;
        long offset = -1;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("Binlog_snapshot_file")) {
                    file = rs.getString(2);
                } else if (rs.getString(1).equalsIgnoreCase("Binlog_snapshot_position")) {
                    offset = rs.getLong(2);
                }
            }
        }
        if (file == null || file.isEmpty() || offset < 0) {
            throw new SQLException("MariaDB reported no binlog_snapshot_file/position for the copy's snapshot");
        }
        return new BinlogPosition(file, offset, null);
    }

    List<Connection> connections() {
        return connections;
    }

    BinlogPosition position() {
        return position;
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try (c) {
                // Explicitly: a pool would not end a transaction begun by a statement on a connection it calls autocommit.
                Jdbc.execute(c, "ROLLBACK");
            } catch (SQLException e) {
                LOG.debug("Closing a copy connection: {}", e.toString());
            }
        }
    }

    /** Ends the snapshot: each connection's read-only transaction is rolled back, and the connection closed. */
    @Override
    public void close() {
        closeAll(connections);
    }
}

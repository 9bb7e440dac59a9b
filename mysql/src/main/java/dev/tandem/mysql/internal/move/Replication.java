package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.mysql.internal.ReplicaStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own replication into one server (the replica) from another, for a move: started from a
 * copy's snapshot position (forward, target from source) or from a server's current position (the reverse,
 * source from target, after a cut-over), position-based, filtered to the moved database; its status; a wait
 * until a source position is applied; stop and forget. Flavor spellings are {@link ReplicationSql}'s.
 * Needs {@code REPLICATION_SLAVE_ADMIN} (MySQL), {@code REPLICATION SLAVE ADMIN} (MariaDB) or {@code SUPER}
 * on the replica; on a managed replica (RDS, Aurora) the master user's right to call its
 * {@link ReplicationProcedures} instead.
 */
public final class Replication {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    private static final long POLL_MILLIS = 100;

    private final DataSource replica;

    /** Replication into the server {@code replica} gives administrative connections to. */
    public Replication(DataSource replica) {
        this.replica = replica;
    }

    /**
     * Starts replicating {@code database} from {@code source} at {@code from}. Idempotent: a replica that
     * already replicates from that host and port is left where it is (started again if stopped), since
     * starting over from {@code from} would apply again what it applied.
     */
    public void start(SourceAddress source, BinlogPosition from, String database) throws SQLException {
        try (Connection c = replica.getConnection()) {
            ReplicationSql sql = ReplicationSql.of(c);
            if (resumeIfConfigured(c, sql, source)) {
                return;
            }
            configure(c, sql, source, from, database, List.of());
            Jdbc.execute(c, sql.start());
            LOG.info("Replication of {} from {} started at {}", database, source, from);
        }
    }

    /**
     * Starts replicating {@code database} from {@code source} onto a copy whose tables come from several
     * snapshots (a resumed copy, {@link CopyResult#snapshots()}): from the oldest snapshot's position the
     * applier runs until each newer one, ignoring the tables copied at or after it (their copy holds those
     * changes already), then on with every table. A table is applied exactly from the position of the
     * snapshot it was copied in, and foreign keys never cross snapshots (a copy takes related tables
     * together), so every event applies as it did on the source. Each round may take {@code roundTimeout}.
     */
    public void start(SourceAddress source, List<CopiedSnapshot> snapshots, String database, Duration roundTimeout)
            throws SQLException, InterruptedException {
        List<CopiedSnapshot> ordered = snapshots.stream().sorted().toList();
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("no snapshot to replicate from: the copy has not finished a table");
        }
        try (Connection c = replica.getConnection()) {
            ReplicationSql sql = ReplicationSql.of(c);
            if (resumeIfConfigured(c, sql, source)) {
                return;
            }
            for (int round = 0; round < ordered.size(); round++) {
                List<String> notYet = ordered.subList(round + 1, ordered.size()).stream()
                        .flatMap(s -> s.tables().stream()).toList();
                if (round == 0) {
                    configure(c, sql, source, ordered.get(0).position(), database, notYet);
                } else {
                    Jdbc.execute(c, sql.filter(database, notYet));
                }
                if (notYet.isEmpty()) {
                    Jdbc.execute(c, sql.start());
                } else {
                    BinlogPosition until = ordered.get(round + 1).position();
                    Jdbc.execute(c, sql.startUntil(until));
                    awaitStoppedAt(c, until, roundTimeout);
                    Jdbc.execute(c, sql.stop());
                }
            }
            LOG.info("Replication of {} from {} started at {} through {} snapshot(s)", database, source,
                    ordered.get(0).position(), ordered.size());
        }
    }

    private boolean resumeIfConfigured(Connection c, ReplicationSql sql, SourceAddress source) throws SQLException {
        ReplicationState state = status(c);
        if (!state.configured() || !state.source().equals(source.host() + ":" + source.port())) {
            return false;
        }
        if (!state.ioRunning() || !state.sqlRunning()) {
            Jdbc.execute(c, sql.start());
        }
        return true;
    }

    private void configure(Connection c, ReplicationSql sql, SourceAddress source, BinlogPosition from, String database,
                           List<String> ignoredTables) throws SQLException {
        Jdbc.execute(c, sql.stop());
        Jdbc.execute(c, sql.resetAll());
        Jdbc.execute(c, sql.filter(database, ignoredTables));
        try (Statement s = c.createStatement()) {
            s.execute(sql.changeSource(source, from));
        } catch (SQLException e) {
            // The statement holds the password: the message says what failed without it.
            throw new SQLException("could not point the replica at " + source + " from " + from + ": "
                    + Jdbc.describe(e), e.getSQLState(), e.getErrorCode());
        }
        if (sql.managed()) {
            warnUnlessFilteredByParameterGroup(status(c), database);
        }
    }

    /**
     * A managed replica takes its filter from its DB parameter group; without one it applies every database of
     * the source, and fails at the first change to a database (or account) it lacks.
     */
    private static void warnUnlessFilteredByParameterGroup(ReplicationState state, String database) {
        String wild = ReplicationSql.wildDoTable(database);
        if (state.database() == null || !state.database().contains(wild)) {
            LOG.warn("The target is a managed server (RDS, Aurora), whose replication filters cannot be set by SQL: it"
                    + " replicates every database of the source, not only {}. Set replicate-wild-do-table = {} in its DB"
                    + " parameter group (docs/move.md, \"Amazon RDS and Aurora\")", database, wild);
        }
    }

    /** Waits until the applier stopped by {@code START ... UNTIL} has applied exactly up to {@code until}. */
    private void awaitStoppedAt(Connection c, BinlogPosition until, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ReplicationState state = status(c);
            if (!state.lastError().isEmpty()) {
                throw new SQLException("replication failed while catching up to " + until + ": " + state.lastError());
            }
            if (!state.sqlRunning()) {
                if (state.executed() == null || state.executed().compareTo(until) != 0
                        || !state.executed().file().equals(until.file())) {
                    throw new SQLException("the replica's applier stopped at " + state.executed() + ", not at " + until
                            + ": the copy's snapshots cannot be joined; drop the target's tables and copy again");
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("the replica did not catch up to " + until + " within " + timeout + " (now at "
                        + state.executed() + ")");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The replica status of the default channel (connection); {@link ReplicationState#none()} when it has none. */
    public ReplicationState status() throws SQLException {
        try (Connection c = replica.getConnection()) {
            return status(c);
        }
    }

    private static ReplicationState status(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ReplicaStatus.statement(c))) {
            ResultSetMetaData m = rs.getMetaData();
            String channel = ReplicaStatus.column(m, "Channel_Name", "Connection_name");
            while (rs.next()) {
                if (!rs.getString(channel).isEmpty()) {
                    continue;
                }
                String lag = rs.getString(ReplicaStatus.column(m, "Seconds_Behind_Source", "Seconds_Behind_Master"));
                String ioError = rs.getString(ReplicaStatus.column(m, "Last_IO_Error"));
                String sqlError = rs.getString(ReplicaStatus.column(m, "Last_SQL_Error"));
                String file = rs.getString(ReplicaStatus.column(m, "Relay_Source_Log_File", "Relay_Master_Log_File"));
                long offset = rs.getLong(ReplicaStatus.column(m, "Exec_Source_Log_Pos", "Exec_Master_Log_Pos"));
                String workerErrors = sqlError == null || sqlError.isEmpty() || Jdbc.isMariaDb(c) ? "" : workerErrors(c);
                return new ReplicationState(true,
                        rs.getString(ReplicaStatus.column(m, "Source_Host", "Master_Host")) + ":"
                                + rs.getString(ReplicaStatus.column(m, "Source_Port", "Master_Port")),
                        rs.getLong(ReplicaStatus.column(m, "Source_Server_Id", "Master_Server_Id")),
                        "Yes".equalsIgnoreCase(rs.getString(ReplicaStatus.column(m, "Replica_IO_Running", "Slave_IO_Running"))),
                        "Yes".equalsIgnoreCase(rs.getString(ReplicaStatus.column(m, "Replica_SQL_Running", "Slave_SQL_Running"))),
                        lag == null ? null : Long.valueOf(lag),
                        String.join("; ", List.of(ioError, sqlError, workerErrors).stream()
                                .filter(e -> e != null && !e.isEmpty()).toList()),
                        file == null || file.isEmpty() ? null : new BinlogPosition(file, offset, null),
                        rs.getString(ReplicaStatus.column(m, "Replicate_Wild_Do_Table")));
            }
        }
        return ReplicationState.none();
    }

    /**
     * MySQL's multi-threaded applier (the default from 8.0.27) reports only "a worker failed" as the
     * applier's error; the workers' own errors are in performance_schema.
     */
    private static String workerErrors(Connection c) throws SQLException {
        return String.join("; ", Jdbc.rows(c, "SELECT DISTINCT last_error_message FROM"
                + " performance_schema.replication_applier_status_by_worker WHERE channel_name = '' AND last_error_number <> 0")
                .stream().map(r -> r.get(0)).toList());
    }

    /**
     * Waits until the replica has applied the source's binary log up to {@code sourcePosition}, at most
     * {@code timeout}; false when it has not by then, or its applier is stopped.
     */
    public boolean awaitApplied(BinlogPosition sourcePosition, Duration timeout) throws SQLException {
        try (Connection c = replica.getConnection();
             PreparedStatement s = c.prepareStatement(new ReplicationSql(ServerFacts.of(c)).positionWait())) {
            s.setString(1, sourcePosition.file());
            s.setLong(2, sourcePosition.offset());
            s.setLong(3, Math.max(1, timeout.toSeconds()));
            s.setString(4, "");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long events = rs.getLong(1);
                return !rs.wasNull() && events >= 0; // NULL: the applier is stopped; -1: the timeout passed
            }
        }
    }

    /** Stops replication, forgets the source and position, and removes the filters. Idempotent. */
    public void stopAndReset() throws SQLException {
        try (Connection c = replica.getConnection()) {
            ReplicationSql sql = ReplicationSql.of(c);
            Jdbc.execute(c, sql.stop());
            Jdbc.execute(c, sql.resetAll());
            Jdbc.execute(c, sql.noFilter());
        }
        LOG.info("Replication stopped and reset");
    }

    /**
     * Where the binary log of the server behind {@code server} stands now: the start of a replication from it
     * (the reverse one after a cut-over, when writes to it have stopped). Fails when it writes no binary log.
     */
    public static BinlogPosition currentPosition(DataSource server) throws SQLException {
        try (Connection c = server.getConnection()) {
            return currentPosition(c, new ReplicationSql(ServerFacts.of(c)));
        }
    }

    static BinlogPosition currentPosition(Connection c, ReplicationSql sql) throws SQLException {
        return loggedPosition(c, sql).orElseThrow(() -> new SQLException("the server writes no binary log, so nothing"
                + " can replicate from it: start it with log_bin (and binlog_format=ROW)"));
    }

    /** Where the server's binary log stands now; empty when it writes none. */
    public static Optional<BinlogPosition> loggedPosition(DataSource server) throws SQLException {
        try (Connection c = server.getConnection()) {
            return loggedPosition(c, new ReplicationSql(ServerFacts.of(c)));
        }
    }

    private static Optional<BinlogPosition> loggedPosition(Connection c, ReplicationSql sql) throws SQLException {
        ServerFacts facts = ServerFacts.of(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.binaryLogStatus())) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String file = rs.getString(1);
            long offset = rs.getLong(2);
            String gtids = facts.mariaDb() ? null : facts.gtidMode() ? rs.getString(5) : null;
            if (facts.mariaDb()) {
                gtids = Jdbc.rows(c, "SELECT BINLOG_GTID_POS(?, ?)", file, Long.toString(offset)).get(0).get(0);
            }
            return Optional.of(new BinlogPosition(file, offset, gtids));
        }
    }
}

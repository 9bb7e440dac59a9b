package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replication by which the target of a comparison applies the source's binary log, when it does:
 * found on the target's replica status as a channel (MySQL) or connection (MariaDB) whose source has the
 * source's server id and port. It reads the source's binary log position and waits on the target until
 * that position is applied, so that what the source held before it is on the target too.
 */
public final class CompareReplication {

    /** MySQL renamed SHOW MASTER STATUS to SHOW BINARY LOG STATUS in 8.2.0 and dropped the old name in 8.4. */
    private static final int[] MYSQL_BINARY_LOG_STATUS = {8, 2, 0};
    /** MySQL added SOURCE_POS_WAIT in 8.0.26 and dropped MASTER_POS_WAIT in 8.4; MariaDB has only MASTER_POS_WAIT. */
    private static final int[] MYSQL_SOURCE_POS_WAIT = {8, 0, 26};
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    /** A position in the source's binary log. */
    record Position(String file, long offset) {
        @Override
        public String toString() {
            return file + ":" + offset;
        }
    }

    private final Connection source;
    private final Connection target;
    private final String channel;

    private CompareReplication(Connection source, Connection target, String channel) {
        this.source = source;
        this.target = target;
        this.channel = channel;
    }

    /**
     * The target's replication from the source, if the target replicates from it: a channel whose source
     * server id and port are the source's (the host is not compared: a server seldom knows the name others
     * reach it by). Empty when the target is no replica, or a replica of another server.
     */
    static Optional<CompareReplication> detect(Connection source, Connection target) throws SQLException {
        List<String> identity = Jdbc.rows(source, "SELECT @@server_id, @@port").get(0);
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(ReplicaStatus.statement(target))) {
            ResultSetMetaData columns = rs.getMetaData();
            String serverId = ReplicaStatus.column(columns, "Source_Server_Id", "Master_Server_Id");
            String port = ReplicaStatus.column(columns, "Source_Port", "Master_Port");
            String channel = ReplicaStatus.column(columns, "Channel_Name", "Connection_name");
            while (rs.next()) {
                if (identity.get(0).equals(rs.getString(serverId)) && identity.get(1).equals(rs.getString(port))) {
                    return Optional.of(new CompareReplication(source, target, rs.getString(channel)));
                }
            }
        }
        return Optional.empty();
    }

    /** The channel (MySQL) or connection (MariaDB) the target replicates the source by; '' is the default one. */
    String channel() {
        return channel;
    }

    /** Where the source's binary log stands now. */
    Position position() throws SQLException {
        String sql = binaryLogStatus(Jdbc.isMariaDb(source), source.getMetaData().getDatabaseProductVersion());
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("the source writes no binary log (" + sql + " returned nothing), yet the target"
                        + " replicates from it");
            }
            return new Position(rs.getString(1), rs.getLong(2));
        }
    }

    /**
     * Waits until the target has applied the source's binary log up to {@code position}, at most {@code timeout};
     * false when it has not by then, or its applier is stopped.
     */
    boolean await(Position position, Duration timeout) throws SQLException {
        String sql = positionWait(Jdbc.isMariaDb(target), target.getMetaData().getDatabaseProductVersion());
        try (PreparedStatement s = target.prepareStatement(sql)) {
            s.setString(1, position.file());
            s.setLong(2, position.offset());
            s.setLong(3, timeout.toSeconds());
            s.setString(4, channel);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long events = rs.getLong(1);
                return !rs.wasNull() && events >= 0; // NULL: the applier is stopped; -1: the timeout passed
            }
        }
    }

    /** The statement that gives the server's binary log file and position, first two columns, for its flavor and version. */
    public static String binaryLogStatus(boolean mariaDb, String version) {
        return !mariaDb && atLeast(version, MYSQL_BINARY_LOG_STATUS) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    /**
     * The query that waits on a replica for a source position; parameters: file, position, timeout in
     * seconds, channel (MySQL) or connection name (MariaDB).
     */
    public static String positionWait(boolean mariaDb, String version) {
        return "SELECT " + (!mariaDb && atLeast(version, MYSQL_SOURCE_POS_WAIT) ? "SOURCE_POS_WAIT" : "MASTER_POS_WAIT")
                + "(?, ?, ?, ?)";
    }

    /** Whether a server version such as {@code 8.0.31} or {@code 11.4.5-MariaDB-log} is at least {@code wanted}. */
    public static boolean atLeast(String version, int... wanted) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a server version: " + version);
        }
        for (int i = 0; i < wanted.length; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part != wanted[i]) {
                return part > wanted[i];
            }
        }
        return true;
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.ThrottleSignal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Wait while a replica lags more than a limit, or its replication is stopped: rows the backfill writes
 * must not pile up in the replica's relay log faster than it applies them. Lag is the server's
 * {@code Seconds_Behind_Source} (MySQL) or {@code Seconds_Behind_Master} (MariaDB), the largest over all
 * replication channels, in whole seconds. A server that is not a replica throws: the backfill then
 * waits rather than load a primary whose replica it was told to watch but cannot see.
 */
final class ReplicaLagSignal implements ThrottleSignal {

    private final String name;
    private final DataSource replica;
    private final Duration maxLag;

    ReplicaLagSignal(String name, DataSource replica, Duration maxLag) {
        this.name = name;
        this.replica = replica;
        this.maxLag = maxLag;
    }

    @Override
    public Optional<String> reasonToWait() throws Exception {
        try (Connection c = replica.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(ReplicaStatus.statement(c))) {
            ResultSetMetaData columns = rs.getMetaData();
            String lagColumn = ReplicaStatus.column(columns, "Seconds_Behind_Source", "Seconds_Behind_Master");
            String ioColumn = ReplicaStatus.column(columns, "Replica_IO_Running", "Slave_IO_Running");
            String sqlColumn = ReplicaStatus.column(columns, "Replica_SQL_Running", "Slave_SQL_Running");
            long worstLag = -1;
            boolean any = false;
            while (rs.next()) {
                any = true;
                long lag = rs.getLong(lagColumn);
                if (rs.wasNull()) {
                    return Optional.of(name + ": replication is not running (IO thread " + rs.getString(ioColumn)
                            + ", SQL thread " + rs.getString(sqlColumn) + ")");
                }
                worstLag = Math.max(worstLag, lag);
            }
            if (!any) {
                throw new IllegalStateException(name + " is not a replica: SHOW REPLICA STATUS returned no channel");
            }
            return worstLag > maxLag.toSeconds()
                    ? Optional.of(name + " lags " + worstLag + " s, above the limit " + maxLag.toSeconds() + " s")
                    : Optional.empty();
        }
    }

    /**
     * The {@code host:port} of each replica of the primary behind {@code primary}: those registered with
     * a {@code report_host} ({@code SHOW REPLICAS}), else the hosts of the replication threads in its
     * process list, on the primary's port (as pt-online-schema-change's processlist method assumes).
     */
    static List<String> discover(DataSource primary) throws SQLException {
        List<String> addresses = new ArrayList<>();
        try (Connection c = primary.getConnection()) {
            for (List<String> row : Jdbc.rows(c, Jdbc.isMariaDb(c) ? "SHOW REPLICA HOSTS" : "SHOW REPLICAS")) {
                // Server_id, Host, Port, ...: Host is empty unless the replica sets report_host.
                if (row.get(1) != null && !row.get(1).isBlank()) {
                    addresses.add(row.get(1) + ":" + row.get(2));
                }
            }
            if (addresses.isEmpty()) {
                String port = Jdbc.rows(c, "SELECT @@port").get(0).get(0);
                for (List<String> row : Jdbc.rows(c, "SELECT host FROM information_schema.processlist"
                        + " WHERE command LIKE 'Binlog Dump%'")) {
                    String host = row.get(0).replaceFirst(":\\d+$", "");
                    addresses.add(host + ":" + port);
                }
            }
        }
        return addresses;
    }

    @Override
    public String toString() {
        return name + " lag <= " + maxLag.toSeconds() + " s";
    }
}

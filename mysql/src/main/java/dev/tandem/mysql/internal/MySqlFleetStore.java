package dev.tandem.mysql.internal;

import dev.tandem.InstanceStatus;
import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.FleetStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import javax.sql.DataSource;

/** The fleet registry ({@link TableNames#instances()}); every time is the server's {@code UTC_TIMESTAMP(3)}. */
final class MySqlFleetStore implements FleetStore {

    /** Rows of instances dead this long are deleted when another instance registers. */
    private static final int PURGE_AFTER_HOURS = 24;
    /** A row whose instance counts as alive: its last heartbeat younger than its own TTL, by the database's clock. */
    private static final String ALIVE = "heartbeat_at >= UTC_TIMESTAMP(3) - INTERVAL ttl_seconds SECOND";

    /** The statement that creates the fleet registry under the name {@code table}. */
    static String create(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + " instance_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " app_version VARCHAR(100) NOT NULL,"
                + " host VARCHAR(255) NOT NULL,"
                + " pid BIGINT NOT NULL,"
                + " known_versions MEDIUMTEXT NOT NULL,"
                + " highest_known VARCHAR(50) NULL,"
                + " ttl_seconds INT NOT NULL,"
                + " started_at DATETIME(3) NOT NULL,"
                + " heartbeat_at DATETIME(3) NOT NULL,"
                + " KEY heartbeat (heartbeat_at)"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    private final DataSource dataSource;
    private final String table;
    /** Tandem's migrations table: there, Tandem has run on the schema, and its registry must be there too. */
    private final String migrations;

    MySqlFleetStore(DataSource dataSource, TableNames tables) {
        this.dataSource = dataSource;
        this.table = tables.instances();
        this.migrations = tables.migrations();
    }

    @Override
    public void register(InstanceStatus me) {
        update("DELETE FROM " + table + " WHERE heartbeat_at < UTC_TIMESTAMP(3) - INTERVAL " + PURGE_AFTER_HOURS + " HOUR");
        update("REPLACE INTO " + table + " (instance_id, app_version, host, pid, known_versions, highest_known, ttl_seconds,"
                        + " started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
                me.id(), me.appVersion(), me.host(), me.pid(), String.join(",", me.knownVersions()), me.highestKnown(),
                me.ttlSeconds());
    }

    @Override
    public boolean heartbeat(String instanceId) {
        return update("UPDATE " + table + " SET heartbeat_at = UTC_TIMESTAMP(3) WHERE instance_id = ?", instanceId) == 1;
    }

    /**
     * The stamp is taken only where the row was still alive, so that a stale one (older than its TTL: the gates
     * counted the instance dead) is told apart. After a wait for the row's lock the first statement's clock
     * (that of its start) may still call it alive: the next beat, a heartbeat interval later, tells.
     */
    @Override
    public Beat beat(String instanceId) {
        if (update("UPDATE " + table + " SET heartbeat_at = UTC_TIMESTAMP(3) WHERE instance_id = ?"
                + " AND " + ALIVE, instanceId) == 1) {
            return Beat.LIVE;
        }
        return heartbeat(instanceId) ? Beat.REVIVED : Beat.GONE;
    }

    @Override
    public void deregister(String instanceId) {
        update("DELETE FROM " + table + " WHERE instance_id = ?", instanceId);
    }

    @Override
    public List<InstanceStatus> live() {
        String sql = "SELECT instance_id, app_version, host, pid, known_versions, highest_known, started_at, heartbeat_at,"
                + " ttl_seconds FROM " + table + " WHERE " + ALIVE
                + " ORDER BY started_at, instance_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            List<InstanceStatus> live = new ArrayList<>();
            while (rs.next()) {
                String known = rs.getString("known_versions");
                live.add(new InstanceStatus(rs.getString("instance_id"), rs.getString("app_version"), rs.getString("host"),
                        rs.getLong("pid"), known.isEmpty() ? java.util.Set.of()
                        : new LinkedHashSet<>(Arrays.asList(known.split(","))), rs.getString("highest_known"),
                        Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "heartbeat_at"), rs.getLong("ttl_seconds")));
            }
            return live;
        } catch (SQLException e) {
            if (e.getErrorCode() == Jdbc.NO_SUCH_TABLE && !tandemHasRun()) {
                return List.of(); // no instance ever registered: Tandem has not run on this schema
            }
            if (e.getErrorCode() == Jdbc.NO_SUCH_TABLE) {
                // Not "no instance": a contract, a rollback or a cut-over would go on under every running one.
                throw new TandemException("The fleet registry " + table + " is missing (dropped, or not restored), so Tandem"
                        + " cannot tell which app instances run, and nothing that waits for them (a contract, a rollback, a"
                        + " cut-over) goes on: start an instance, which creates it again, and wait a heartbeat for the"
                        + " running instances to register again", e);
            }
            throw new TandemException("Could not read the fleet registry " + table + ": " + Jdbc.describeFailedRead(e), e);
        }
    }

    private boolean tandemHasRun() {
        try (Connection c = dataSource.getConnection()) {
            return !Jdbc.rows(c, "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
                    migrations).isEmpty();
        } catch (SQLException e) {
            throw new TandemException("Could not look up Tandem's tables in information_schema: " + Jdbc.describeFailedRead(e), e);
        }
    }

    @Override
    public Instant now() {
        return Jdbc.utcNow(dataSource);
    }

    private int update(String sql, Object... parameters) {
        try {
            return Jdbc.update(dataSource, sql, parameters);
        } catch (SQLException e) {
            throw new TandemException("Could not update the fleet registry " + table + ": " + e.getMessage(), e);
        }
    }

}

package dev.tandem.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A primary and a replica of one flavor, embedded, started for one test and stopped with it (they are
 * not the shared test servers: those have no binary log in the tests profile). Replication runs with
 * binary-log positions, from where the primary's log stood once it was set up; the replica reports its host, so the primary lists it in {@code SHOW REPLICAS}.
 */
public final class ReplicaPair implements AutoCloseable {

    private static final String USER = "repl";
    private static final String PASSWORD = "repl-secret";

    private final DatabaseServer primary;
    private final DatabaseServer replica;

    private ReplicaPair(DatabaseServer primary, DatabaseServer replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /** Starts both servers and replication between them. */
    public static ReplicaPair start(Flavor flavor) throws Exception {
        List<String> primaryOptions = List.of("--log-bin=binlog", "--server-id=1", "--binlog-format=ROW");
        List<String> replicaOptions = List.of("--server-id=2", "--relay-log=relay", "--report-host=127.0.0.1");
        DatabaseServer primary = flavor == Flavor.MARIADB ? new EmbeddedMariaDb(primaryOptions) : new EmbeddedMySql(primaryOptions);
        DatabaseServer replica = flavor == Flavor.MARIADB ? new EmbeddedMariaDb(replicaOptions) : new EmbeddedMySql(replicaOptions);
        ReplicaPair pair = new ReplicaPair(primary, replica);
        try {
            primary.start();
            primary.verifyIdentity();
            replica.start();
            replica.verifyIdentity();
            pair.replicate();
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void replicate() throws SQLException {
        boolean mariaDb = primary.flavor() == Flavor.MARIADB;
        String port = port(primary);
        String file;
        long position;
        try (Connection c = primary.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED " + (mariaDb ? "" : "WITH mysql_native_password ")
                    + "BY '" + PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO '" + USER + "'@'127.0.0.1'");
            // Replicate from here on: what the primary logged while it was set up (its users), the
            // replica did to itself, and would fail to do twice.
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                file = rs.getString(1);
                position = rs.getLong(2);
            }
        }
        try (Connection c = replica.adminConnection(); Statement s = c.createStatement()) {
            if (mariaDb) {
                s.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + port + ", MASTER_USER = '" + USER
                        + "', MASTER_PASSWORD = '" + PASSWORD + "', MASTER_USE_GTID = no, MASTER_LOG_FILE = '" + file
                        + "', MASTER_LOG_POS = " + position);
            } else {
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST = '127.0.0.1', SOURCE_PORT = " + port
                        + ", SOURCE_USER = '" + USER + "', SOURCE_PASSWORD = '" + PASSWORD + "', SOURCE_LOG_FILE = '" + file
                        + "', SOURCE_LOG_POS = " + position);
            }
            s.execute("START REPLICA");
        }
    }

    /** The replica's {@code host:port}, as the primary reports it ({@code SHOW REPLICAS}). */
    public String replicaAddress() {
        return "127.0.0.1:" + port(replica);
    }

    private static String port(DatabaseServer server) {
        return server.jdbcUrl("").replaceFirst("^jdbc:mysql://[^:]+:(\\d+)/.*$", "$1");
    }

    public DatabaseServer primary() {
        return primary;
    }

    public DatabaseServer replica() {
        return replica;
    }

    /** Stops (or starts again) the replica's applier: the lag is then unknown (NULL), not zero. */
    public void applying(boolean on) throws SQLException {
        try (Connection c = replica.adminConnection(); Statement s = c.createStatement()) {
            s.execute((on ? "START" : "STOP") + " REPLICA SQL_THREAD");
        }
    }

    /** Makes the replica apply each event {@code seconds} after the primary wrote it (a lagging replica). */
    public void delay(int seconds) throws SQLException {
        try (Connection c = replica.adminConnection(); Statement s = c.createStatement()) {
            s.execute("STOP REPLICA"); // MariaDB changes the delay only with both threads stopped
            s.execute(primary.flavor() == Flavor.MARIADB ? "CHANGE MASTER TO MASTER_DELAY = " + seconds
                    : "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds);
            s.execute("START REPLICA");
        }
    }

    /** Waits until the replica has a database the primary created. */
    public void awaitReplicated(String database) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = replica.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '"
                         + database + "'")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The replica did not get database " + database + " within 60 s");
    }

    @Override
    public void close() {
        replica.stop();
        primary.stop();
    }
}

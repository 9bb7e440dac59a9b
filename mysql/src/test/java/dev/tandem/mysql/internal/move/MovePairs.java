package dev.tandem.mysql.internal.move;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;

/**
 * The move tests' servers: one {@link MovePair} per flavor for the whole test JVM (a pair takes long to
 * start), stopped when the JVM ends; each test works in databases of its own. Replication users exist on
 * both servers of a pair.
 */
final class MovePairs {

    static final String REPLICATION_USER = "repl";
    static final String REPLICATION_PASSWORD = "repl-secret";

    private static final Map<Flavor, MovePair> PAIRS = new EnumMap<>(Flavor.class);

    private MovePairs() {
    }

    static synchronized MovePair of(Flavor flavor) throws Exception {
        MovePair pair = PAIRS.get(flavor);
        if (pair == null) {
            pair = MovePair.start(flavor);
            replicationUser(pair.source());
            replicationUser(pair.target());
            PAIRS.put(flavor, pair);
            MovePair started = pair;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "move-pair-stop"));
        }
        return pair;
    }

    /** A replication user (MySQL 8's default authentication, caching_sha2_password, over plain TCP). */
    static void replicationUser(DatabaseServer server) throws SQLException {
        execute(server, "CREATE USER IF NOT EXISTS '" + REPLICATION_USER + "'@'127.0.0.1' IDENTIFIED BY '"
                + REPLICATION_PASSWORD + "'", "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'127.0.0.1'");
    }

    /** A coordinator account with exactly the privileges docs/move.md lists, on both servers of the pair. */
    static final String COORDINATOR_USER = "mover";
    static final String COORDINATOR_PASSWORD = "mover-secret";

    /** Creates {@link #COORDINATOR_USER} on both servers of {@code pair}, with move.md's grants for {@code database}. */
    static void coordinatorUser(MovePair pair, String database) throws SQLException {
        for (DatabaseServer server : new DatabaseServer[] {pair.source(), pair.target()}) {
            String account = "'" + COORDINATOR_USER + "'@'127.0.0.1'";
            execute(server, "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + COORDINATOR_PASSWORD + "'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES ON " + database + ".* TO "
                            + account,
                    server.flavor() == Flavor.MYSQL
                            ? "GRANT RELOAD, PROCESS, REPLICATION CLIENT, REPLICATION SLAVE, REPLICATION_SLAVE_ADMIN,"
                            + " SYSTEM_VARIABLES_ADMIN, CONNECTION_ADMIN ON *.* TO " + account
                            : "GRANT RELOAD, PROCESS, BINLOG MONITOR, REPLICA MONITOR, REPLICATION SLAVE, REPLICATION SLAVE"
                            + " ADMIN, READ_ONLY ADMIN, CONNECTION ADMIN ON *.* TO " + account);
        }
    }

    /** How a replica of {@code server} reaches it: the embedded servers have no certificates, so without TLS. */
    static SourceAddress address(DatabaseServer server) {
        return new SourceAddress("127.0.0.1", MovePair.port(server), REPLICATION_USER, REPLICATION_PASSWORD, false);
    }

    /** Administrative connections to {@code database} on {@code server}. */
    static HikariDataSource dataSource(DatabaseServer server, String database) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.jdbcUrl(database));
        ds.setUsername(server.user());
        ds.setPassword(server.password());
        ds.setMaximumPoolSize(10);
        return ds;
    }

    static void execute(DatabaseServer server, String... statements) throws SQLException {
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Leaves both servers as a test found them: writable, replicating nothing (a failed test may leave a
     * cut-over's read-only server and replication behind).
     */
    static void cleanUp(MovePair pair) throws SQLException {
        for (DatabaseServer server : new DatabaseServer[] {pair.source(), pair.target()}) {
            HikariDataSource admin = dataSource(server, "");
            try (admin) {
                new Replication(admin).stopAndReset();
                new ReadOnlySwitch(admin, java.time.Duration.ofSeconds(5)).writable();
            }
        }
    }

    /** A fresh, empty database of that name on both servers. */
    static void freshDatabase(MovePair pair, String database) throws SQLException {
        for (DatabaseServer server : new DatabaseServer[] {pair.source(), pair.target()}) {
            execute(server, "DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database);
        }
    }
}

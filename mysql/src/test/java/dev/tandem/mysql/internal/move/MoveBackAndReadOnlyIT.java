package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.MoveProblem;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The cut-over's server side: the read-only switch stops an application account's writes with the server's
 * read-only error and ends its idle session, and undoes both; replication back, from the target's position
 * to the source, carries a write made on the target to the source.
 */
class MoveBackAndReadOnlyIT {

    /** ER_OPTION_PREVENTS_STATEMENT: "the server is running with the --read-only option". */
    private static final int READ_ONLY_ERROR = 1290;
    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: the account lacks the privilege the statement needs. */
    private static final int SPECIFIC_ACCESS_DENIED = 1227;

    @ServerTest
    void theSwitchStopsAnApplicationsWritesAndEndsItsSessions(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "guarded");
        DatabaseServer server = pair.source();
        MovePairs.execute(server, "CREATE TABLE guarded.items (id INT PRIMARY KEY)",
                "CREATE USER IF NOT EXISTS 'shopapp'@'127.0.0.1' IDENTIFIED BY 'app-secret'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON guarded.* TO 'shopapp'@'127.0.0.1'");
        ReadOnlySwitch sw = new ReadOnlySwitch(MovePairs.dataSource(server, ""), Duration.ofSeconds(5));
        try (Connection idle = app(server); Connection writer = app(server)) {
            insert(writer, 1);

            sw.readOnly();
            sw.readOnly(); // idempotent

            assertThat(sw.isReadOnly()).isTrue();
            assertThat(persistedSuperReadOnly(server)).as("what a restart of MySQL keeps; MariaDB keeps nothing")
                    .isEqualTo(server.flavor() == Flavor.MYSQL ? "ON" : null);
            refusedAsReadOnly(writer, 2);
            assertThat(sw.sessions(Set.of("shopapp"))).hasSize(2);
            assertThat(sw.killSessions(Set.of("shopapp"))).hasSize(2);
            assertThatThrownBy(() -> Jdbc.rows(idle, "SELECT 1")).as("the idle session was ended")
                    .isInstanceOf(SQLException.class);
            assertThat(sw.sessions(Set.of("shopapp"))).isEmpty();

            sw.writable();
            sw.writable();

            assertThat(sw.isReadOnly()).isFalse();
            assertThat(persistedSuperReadOnly(server)).isNull();
            try (Connection again = app(server)) {
                insert(again, 3);
                assertThat(Jdbc.count(again, "SELECT COUNT(*) FROM guarded.items")).isEqualTo(2);
            }
        } finally {
            sw.writable();
        }
    }

    /**
     * An application account read-only does not bind writes through the cut-over's read-only, and
     * {@code prepare} warns of its sessions: on MariaDB one holding {@code READ_ONLY ADMIN}. On MySQL
     * {@code super_read_only} stops even a SUPER account, so nothing is said. An account without the privilege
     * is not named.
     */
    @ServerTest
    void anApplicationAccountThatWritesThroughReadOnlyIsWarnedOfBeforeTheMove(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "bypassed");
        DatabaseServer server = pair.source();
        boolean mariaDb = server.flavor() != Flavor.MYSQL;
        MovePairs.execute(server, "CREATE TABLE bypassed.items (id INT PRIMARY KEY)",
                "CREATE USER IF NOT EXISTS 'shopadmin'@'127.0.0.1' IDENTIFIED BY 'admin-secret'",
                "GRANT SELECT, INSERT ON bypassed.* TO 'shopadmin'@'127.0.0.1'",
                "GRANT " + (mariaDb ? "READ_ONLY ADMIN" : "SUPER") + " ON *.* TO 'shopadmin'@'127.0.0.1'",
                "CREATE USER IF NOT EXISTS 'shopapp'@'127.0.0.1' IDENTIFIED BY 'app-secret'",
                "GRANT SELECT, INSERT ON bypassed.* TO 'shopapp'@'127.0.0.1'");
        ReadOnlySwitch sw = new ReadOnlySwitch(MovePairs.dataSource(server, ""), Duration.ofSeconds(5));
        try (HikariDataSource source = MovePairs.dataSource(server, "bypassed");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "bypassed");
             Connection admin = DriverManager.getConnection(server.jdbcUrl("bypassed"), "shopadmin", "admin-secret");
             Connection app = DriverManager.getConnection(server.jdbcUrl("bypassed"), "shopapp", "app-secret")) {

            List<MoveProblem> readOnlyProblems = MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY).stream()
                    .filter(p -> p.what().contains("read_only")).toList();
            if (mariaDb) {
                assertThat(readOnlyProblems).singleElement().satisfies(p -> {
                    assertThat(p.severity()).isEqualTo(MoveProblem.Severity.WARNING);
                    assertThat(p.server()).isEqualTo("source");
                    assertThat(p.what()).contains("'shopadmin' (1)", "READ_ONLY ADMIN").doesNotContain("shopapp");
                    assertThat(p.fix()).contains("REVOKE READ_ONLY ADMIN ON *.*");
                });
            } else {
                assertThat(readOnlyProblems).isEmpty();
            }

            sw.readOnly();
            if (mariaDb) {
                insert(admin, 1);
                assertThat(Jdbc.count(admin, "SELECT COUNT(*) FROM items")).as("a write through read_only").isEqualTo(1);
            } else {
                refusedAsReadOnly(admin, 1);
            }
            refusedAsReadOnly(app, 2);
        } finally {
            sw.writable();
        }
    }

    /**
     * A coordinator account with the privileges move.md lists passes {@code prepare} and ends an application's
     * session at the cut-over; an administrator's session it may not end (MySQL: SYSTEM_USER) is left, where it
     * used to fail the cut-over after the source refused writes. Seeing another account's sessions takes {@code PROCESS}: without it the process
     * list holds the account's own sessions only, so none would be ended, and {@code prepare} names it.
     */
    @ServerTest
    void aCoordinatorWithTheListedPrivilegesEndsTheApplicationsSessions(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "coordinated");
        DatabaseServer server = pair.source();
        boolean mariaDb = server.flavor() != Flavor.MYSQL;
        MovePairs.coordinatorUser(pair, "coordinated");
        MovePairs.execute(server, "CREATE TABLE coordinated.items (id INT PRIMARY KEY)",
                "CREATE USER IF NOT EXISTS 'shopapp'@'127.0.0.1' IDENTIFIED BY 'app-secret'",
                "GRANT SELECT, INSERT ON coordinated.* TO 'shopapp'@'127.0.0.1'");
        try (HikariDataSource source = mover(server); HikariDataSource target = mover(pair.target());
             HikariDataSource admin = mover(server);
             Connection app = DriverManager.getConnection(server.jdbcUrl("coordinated"), "shopapp", "app-secret");
             Connection administrator = DriverManager.getConnection(server.jdbcUrl("coordinated"), server.user(),
                     server.password())) {
            ReadOnlySwitch sw = new ReadOnlySwitch(admin, Duration.ofSeconds(5));
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                    .noneMatch(p -> p.severity() == MoveProblem.Severity.ERROR);

            sw.readOnly();
            // An administrator's session too: MariaDB lets CONNECTION ADMIN end it; on MySQL its account has
            // SYSTEM_USER, and only an account that has it too may end it: left, with a WARN, not a failed cut-over.
            List<ReadOnlySwitch.Session> ended = sw.killClientSessions();
            assertThat(ended).extracting(ReadOnlySwitch.Session::user).contains("shopapp");
            assertThatThrownBy(() -> Jdbc.rows(app, "SELECT 1")).as("the application's session was ended")
                    .isInstanceOf(SQLException.class);
            if (mariaDb) {
                assertThat(ended).extracting(ReadOnlySwitch.Session::user).contains(server.user());
                assertThatThrownBy(() -> Jdbc.rows(administrator, "SELECT 1")).isInstanceOf(SQLException.class);
            } else {
                assertThat(ended).extracting(ReadOnlySwitch.Session::user).doesNotContain(server.user());
                assertThat(Jdbc.rows(administrator, "SELECT 1")).as("left").hasSize(1);
            }
            sw.writable();
        } finally {
            try (HikariDataSource root = MovePairs.dataSource(server, "")) {
                new ReadOnlySwitch(root, Duration.ofSeconds(5)).writable();
            }
        }
        MovePairs.execute(server, "REVOKE PROCESS ON *.* FROM 'mover'@'127.0.0.1'");
        // New pools: the switch ended every session but its own, the pools' idle ones of the same account too.
        try (HikariDataSource source = mover(server); HikariDataSource target = mover(pair.target())) {
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY)).anySatisfy(p -> {
                assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR);
                assertThat(p.server()).isEqualTo("source");
                assertThat(p.what()).contains("PROCESS", "own sessions only");
                assertThat(p.fix()).contains("GRANT PROCESS ON *.*");
            });

            // Each privilege the cut-over reads both servers' positions and replication status with, missing in turn.
            List<String> reads = mariaDb ? List.of("BINLOG MONITOR", "REPLICA MONITOR") : List.of("REPLICATION CLIENT");
            for (DatabaseServer side : List.of(server, pair.target())) {
                for (String privilege : reads) {
                    MovePairs.execute(side, "REVOKE " + privilege + " ON *.* FROM 'mover'@'127.0.0.1'");
                    assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY)).as(privilege).anySatisfy(p -> {
                        assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR);
                        assertThat(p.server()).isEqualTo(side == server ? "source" : "target");
                        assertThat(p.what()).startsWith("the account lacks " + privilege);
                    });
                    MovePairs.execute(side, "GRANT " + privilege + " ON *.* TO 'mover'@'127.0.0.1'");
                }
            }

            // A target that is read-only, and an account that may not make it writable at the cut-over.
            String setReadOnly = mariaDb ? "READ_ONLY ADMIN" : "SYSTEM_VARIABLES_ADMIN";
            MovePairs.execute(pair.target(), "REVOKE " + setReadOnly + " ON *.* FROM 'mover'@'127.0.0.1'");
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                    .noneMatch(p -> p.what().contains("make it writable"));
            MovePairs.execute(pair.target(), "SET GLOBAL read_only = ON");
            try {
                assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY)).anySatisfy(p -> {
                    assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR);
                    assertThat(p.server()).isEqualTo("target");
                    assertThat(p.what()).contains("read-only", "make it writable at the cut-over");
                    assertThat(p.fix()).contains("GRANT " + setReadOnly + " ON *.*");
                });
            } finally {
                MovePairs.execute(pair.target(), "SET GLOBAL read_only = OFF");
            }
        }
    }

    /** A pool of the coordinator account {@code mover} on {@code server}'s moved database. */
    private static HikariDataSource mover(DatabaseServer server) {
        HikariDataSource ds = MovePairs.dataSource(server, "coordinated");
        ds.setUsername(MovePairs.COORDINATOR_USER);
        ds.setPassword(MovePairs.COORDINATOR_PASSWORD);
        return ds;
    }

    /**
     * A server that is writable already is left as it is. The cut-over makes its new server writable, with an
     * account that on a managed server (RDS, Aurora) may not set read_only or super_read_only at all: the
     * statements used to fail it at its last step, the old server read-only already. Making a server
     * read-only still takes the privilege, and the server's refusal is thrown.
     */
    @ServerTest
    void aWritableServerIsLeftAsItIsByAnAccountThatMayNotSetReadOnly(DatabaseServer flavorOf) throws Exception {
        DatabaseServer server = MovePairs.of(flavorOf.flavor()).target();
        MovePairs.execute(server, "CREATE USER IF NOT EXISTS 'managed'@'127.0.0.1' IDENTIFIED BY 'managed-secret'");
        try (HikariDataSource managed = MovePairs.dataSource(server, "")) {
            managed.setUsername("managed");
            managed.setPassword("managed-secret");
            ReadOnlySwitch sw = new ReadOnlySwitch(managed, Duration.ofSeconds(5));

            sw.writable();

            assertThat(sw.isReadOnly()).isFalse();
            assertThatThrownBy(sw::readOnly).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).as("access denied").isEqualTo(SPECIFIC_ACCESS_DENIED));
        }
    }

    @ServerTest
    void replicationBackCarriesAWriteOnTheTargetToTheSource(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "back");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "back");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "back")) {
            ShopDatabase.create(source);
            CopyResult copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults()).run();
            Replication forward = new Replication(target);
            forward.start(MovePairs.address(pair.source()), copy.startPosition(), "back");
            MovePairs.execute(pair.source(), "UPDATE back.counters SET n = 100 WHERE name = 'c1'");
            assertThat(forward.awaitApplied(Replication.currentPosition(source), Duration.ofSeconds(60))).isTrue();
            SnapshotCopy.forget(target);
            // The cut-over, in short: the source stops taking writes, the target has all, forward replication ends.
            forward.stopAndReset();
            Replication back = new Replication(source);
            back.start(MovePairs.address(pair.target()), Replication.currentPosition(target), "back");
            back.start(MovePairs.address(pair.target()), Replication.currentPosition(target), "back"); // idempotent

            MovePairs.execute(pair.target(), "UPDATE back.counters SET n = 200 WHERE name = 'c1'",
                    "INSERT INTO back.tags VALUES ('after', 'written on the target')");

            assertThat(back.awaitApplied(Replication.currentPosition(target), Duration.ofSeconds(60)))
                    .as("%s", back.status()).isTrue();
            assertThat(back.status().healthy()).isTrue();
            try (Connection c = source.getConnection()) {
                assertThat(Jdbc.count(c, "SELECT n FROM counters WHERE name = 'c1'")).isEqualTo(200);
                assertThat(Jdbc.count(c, "SELECT COUNT(*) FROM tags WHERE code = 'after'")).isEqualTo(1);
            }
        } finally {
            new Replication(MovePairs.dataSource(pair.source(), "")).stopAndReset();
            new Replication(MovePairs.dataSource(pair.target(), "")).stopAndReset();
        }
    }

    /** The super_read_only MySQL sets at its next start ({@code SET PERSIST}); null when none (and on MariaDB). */
    private static String persistedSuperReadOnly(DatabaseServer server) throws SQLException {
        if (server.flavor() != Flavor.MYSQL) {
            return null;
        }
        try (Connection c = server.adminConnection()) {
            var rows = Jdbc.rows(c, "SELECT variable_value FROM performance_schema.persisted_variables"
                    + " WHERE variable_name = 'super_read_only'");
            return rows.isEmpty() ? null : rows.get(0).get(0);
        }
    }

    private static Connection app(DatabaseServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("guarded"), "shopapp", "app-secret");
    }

    /** Asserts that inserting {@code id} on {@code c} fails with the server's read-only error. */
    private static void refusedAsReadOnly(Connection c, int id) {
        assertThatThrownBy(() -> insert(c, id)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(READ_ONLY_ERROR));
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO items VALUES (" + id + ")");
        }
    }
}

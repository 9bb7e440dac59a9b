package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
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
import java.util.Set;

/**
 * The cut-over's server side: the read-only switch stops an application account's writes with the server's
 * read-only error and ends its idle session, and undoes both; replication back, from the target's position
 * to the source, carries a write made on the target to the source.
 */
class MoveBackAndReadOnlyIT {

    /** ER_OPTION_PREVENTS_STATEMENT: "the server is running with the --read-only option". */
    private static final int READ_ONLY_ERROR = 1290;

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
            assertThatThrownBy(() -> insert(writer, 2)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(READ_ONLY_ERROR));
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
            assertThat(MoveServerCheck.checkBack(target, source)).isEmpty();
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

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO items VALUES (" + id + ")");
        }
    }
}

package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.Tandem;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.ReplicaPair;
import dev.tandem.testing.ServerTest;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The replica-lag signal on a real primary and replica of each flavor: it lets the backfill go while
 * the replica keeps up, holds it while the replica lags or does not apply, and the primary lists the
 * replica for discovery.
 */
class ReplicaLagIT {

    @ServerTest
    void theBackfillWaitsWhileTheReplicaLagsOrStopsApplying(DatabaseServer flavorOf) throws Exception {
        try (ReplicaPair pair = ReplicaPair.start(flavorOf.flavor());
             HikariDataSource primary = dataSource(pair.primary(), "app");
             HikariDataSource replica = dataSource(pair.replica(), "app")) {
            try (Connection c = pair.primary().adminConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
                s.execute("INSERT INTO app.customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
            }
            pair.awaitReplicated("app");
            ReplicaLagSignal signal = new ReplicaLagSignal("replica 1", replica, Duration.ofSeconds(1));
            assertThat(eventually(signal, Optional.empty())).as("a replica that keeps up").isEmpty();

            pair.applying(false);
            assertThat(signal.reasonToWait()).hasValueSatisfying(reason ->
                    assertThat(reason).startsWith("replica 1: replication is not running"));

            pair.delay(5);
            try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE customers SET name = CONCAT(name, '!')");
            }
            assertThat(eventuallyLagging(signal)).as("a replica 5 s behind").matches("replica 1 lags \\d+ s, above the limit 1 s");
            pair.delay(0);
            assertThat(eventually(signal, Optional.empty())).as("caught up again").isEmpty();

            assertThat(ReplicaLagSignal.discover(primary)).containsExactly(pair.replicaAddress());

            // End to end: a backfill on the primary waits while the replica does not apply.
            ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-replica-"))
                    .write("V1__display.yaml", "operations:\n  - add_column: {table: customers, column: display,"
                            + " type: VARCHAR(120), up: \"UPPER(name)\"}\n");
            pair.applying(false);
            try (Tandem tandem = Tandem.configure().dataSource(primary).locations(scripts.location()).replica(replica)
                    .waitForReady(false).load()) {
                tandem.start();
                Thread.sleep(1_500);
                assertThat(tandem.isReady()).as("held while the replica does not apply").isFalse();
                pair.applying(true);
                assertThat(tandem.awaitReady(Duration.ofSeconds(60))).isTrue();
            }
        }
    }

    /** A pool on {@code database} of {@code server}, which may be created only later (on a replica: once replicated). */
    static HikariDataSource dataSource(DatabaseServer server, String database) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.jdbcUrl(database));
        ds.setUsername(server.user());
        ds.setPassword(server.password());
        ds.setMaximumPoolSize(4);
        ds.setInitializationFailTimeout(-1); // the replica's database may not exist yet
        return ds;
    }

    /** The signal's answer once it equals {@code wanted}, or its last answer after 30 s. */
    private static Optional<String> eventually(ReplicaLagSignal signal, Optional<String> wanted) throws Exception {
        Optional<String> answer = signal.reasonToWait();
        for (long deadline = System.nanoTime() + 30_000_000_000L; !answer.equals(wanted) && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            answer = signal.reasonToWait();
        }
        return answer;
    }

    /** The signal's first reason that is about lag (not about the applier restarting), within 30 s. */
    private static String eventuallyLagging(ReplicaLagSignal signal) throws Exception {
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; ) {
            Optional<String> answer = signal.reasonToWait();
            if (answer.isPresent() && answer.get().contains(" lags ")) {
                return answer.get();
            }
            Thread.sleep(200);
        }
        return "no lag seen in 30 s";
    }
}

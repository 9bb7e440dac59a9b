package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.internal.move.SwitchableDataSource;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The application's connections as a cut-over holds, drains and switches them, on real servers. */
class SwitchableDataSourceIT {

    private static HikariDataSource pool(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static String database(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ServerTest
    void aHeldBorrowerWaitsAndIsReleasedOntoTheServerSwitchedTo(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server);
             SwitchableDataSource ds = new SwitchableDataSource(pool(a), Duration.ofSeconds(30))) {
            try (Connection c = ds.getConnection()) {
                assertThat(database(c)).isEqualTo(a.name());
            }
            HikariDataSource old = ds.pool();

            assertThat(ds.holdAndDrain(Duration.ofSeconds(1))).as("nothing lent: drained at once").isZero();
            CompletableFuture<String> borrower = CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return database(c);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(borrower).as("held").isNotDone();
            ds.switchTo(pool(b));
            assertThat(borrower).as("still held until released").isNotDone();
            ds.release();

            assertThat(borrower.get(10, TimeUnit.SECONDS)).as("released onto the new server").isEqualTo(b.name());
            assertThat(old.isClosed()).isTrue();
        }
    }

    @ServerTest
    void aDrainWaitsForLentConnectionsUpToItsGrace(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); SwitchableDataSource ds = new SwitchableDataSource(pool(a), Duration.ofSeconds(30))) {
            Connection lent = ds.getConnection();
            long started = System.nanoTime();

            assertThat(ds.holdAndDrain(Duration.ofMillis(300))).as("one still lent after the grace").isEqualTo(1);
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());

            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    lent.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            started = System.nanoTime();
            assertThat(ds.holdAndDrain(Duration.ofSeconds(10))).as("drained once it came back").isZero();
            assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(5).toNanos());
            ds.release();
            try (Connection c = ds.getConnection()) {
                assertThat(database(c)).as("released on the same server when not switched").isEqualTo(a.name());
            }
        }
    }

    /**
     * A borrower admitted before the hold waits inside the exhausted pool past the grace; a connection comes back
     * (as a killed session's does at the switch) and HikariCP hands it to that borrower while the instance holds.
     * It used to get that old-server connection; it gives it back and waits, and is released onto the new server.
     */
    @ServerTest
    void aBorrowerWhoseConnectionCameDuringTheHoldWaitsAndGetsTheNewServer(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server);
             SwitchableDataSource ds = new SwitchableDataSource(pool(a), Duration.ofSeconds(30))) {
            Connection first = ds.getConnection();
            Connection second = ds.getConnection();
            CompletableFuture<String> borrower = CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return database(c);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // inside HikariCP's getConnection, waiting for one of the two

            assertThat(ds.holdAndDrain(Duration.ofMillis(300))).as("both still lent after the grace").isEqualTo(2);
            first.close();
            second.close();
            Thread.sleep(300);
            assertThat(borrower).as("held, though a connection came back to it").isNotDone();
            ds.switchTo(pool(b));
            ds.release();

            assertThat(borrower.get(10, TimeUnit.SECONDS)).as("released onto the new server").isEqualTo(b.name());
        }
    }

    @ServerTest
    void aBorrowerHeldLongerThanTheMaximumPauseGetsATransientError(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); SwitchableDataSource ds = new SwitchableDataSource(pool(a), Duration.ofMillis(200))) {
            ds.holdAndDrain(Duration.ZERO);
            long started = System.nanoTime();

            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("longer than the maximum pause (200 ms)");
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
        }
    }
}

package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.CutoverResult;
import dev.tandem.MoveListener;
import dev.tandem.Tandem;
import dev.tandem.TandemMove;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * An application that keeps a HikariCP pool of its own and lends it through {@code tandem.followMoves}, on both
 * flavors: while the database moves to the target and back its writer never fails nor loses a write, and after
 * each switch it borrows from a copy of its pool (name, size, session tag) on the server that serves.
 */
class MoveOwnPoolIT {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);
    private static final String DATABASE = "ownpool";

    @ServerTest
    void theApplicationsOwnPoolIsHeldAndSwitchedWithTheDatabase(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, DATABASE)) {
            DataSource own = fleet.startInstanceOnItsOwnPool("shop-app", 5);
            HikariDataSource given = own.unwrap(HikariDataSource.class);
            assertThat(serverIdBehind(own)).isEqualTo(MoveCutoverIT.serverIdOf(pair.source()));
            fleet.startWriting();
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();

                CutoverResult there = move.cutover();

                assertThat(there.outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                assertThat(there.acknowledged()).hasSize(1);
                assertThat(there.missing()).as("every instance switched").isEmpty();
                assertThat(serverIdBehind(own)).as("the application's pool follows the database")
                        .isEqualTo(MoveCutoverIT.serverIdOf(pair.target()));
                assertThat(given.isClosed()).as("the pool the application gave, closed at the switch").isTrue();
                HikariDataSource onTarget = own.unwrap(HikariDataSource.class);
                assertThat(onTarget.getJdbcUrl()).isEqualTo(pair.target().jdbcUrl(DATABASE));
                assertThat(onTarget.getPoolName()).isEqualTo("shop-app-moved-1");
                assertThat(onTarget.getMaximumPoolSize()).isEqualTo(5);
                assertThat(onTarget.getConnectionInitSql()).isEqualTo(given.getConnectionInitSql());
                assertThat(sessionTagged(own)).as("the copy's sessions carry the session tag").isTrue();
                assertThat(MoveCutoverIT.readOnly(pair.source())).as("the old server refuses writes").isTrue();

                assertThat(move.verify().identical()).isTrue();
                CutoverResult back = move.back();

                assertThat(back.outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                assertThat(back.missing()).isEmpty();

                assertThat(serverIdBehind(own)).isEqualTo(MoveCutoverIT.serverIdOf(pair.source()));
                assertThat(own.unwrap(HikariDataSource.class).getPoolName()).isEqualTo("shop-app-moved-2");
                assertThat(onTarget.isClosed()).isTrue();
                fleet.stopWriting();
                move.finish();
            }
            assertThat(fleet.errors()).as("failed writes").isEmpty();
            assertThat(fleet.acknowledgedRows()).isGreaterThan(100);
            assertThat(fleet.lostOn(pair.source())).as("acknowledged writes missing on the server the data ended on").isEmpty();
            assertThat(fleet.slowestInsertMillis()).as("no insert waited the maximum pause").isLessThan(5_000);
        }
    }

    /**
     * A pool first lent while the instance holds for a cut-over ({@code followMoves} called as the coordinator
     * switches) is held with the others and released onto the new server; it used to lend the old server's
     * connections through the switch, whose writes fail once that server is read-only.
     */
    @ServerTest
    void aPoolFirstLentDuringACutOverIsHeldAndReleasedOntoTheNewServer(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "lateownpool")) {
            Tandem instance = fleet.startInstance(true);
            CompletableFuture<Long> lateBorrow = new CompletableFuture<>();
            MoveListener lendingDuringTheHold = new MoveListener() {
                @Override
                public void step(String name, String detail) {
                    if (name.equals("switch")) { // every instance holds
                        DataSource late = fleet.followedPool(instance, "late-app", 2);
                        new Thread(() -> {
                            try {
                                lateBorrow.complete(serverIdBehind(late));
                            } catch (Exception e) {
                                lateBorrow.completeExceptionally(e);
                            }
                        }).start();
                    }
                }
            };
            try (TandemMove move = fleet.coordinator(lendingDuringTheHold, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();

                assertThat(move.cutover().outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
            }
            assertThat(lateBorrow.get(10, TimeUnit.SECONDS)).as("the late pool's first borrow, held until the switch")
                    .isEqualTo(MoveCutoverIT.serverIdOf(pair.target()));
        }
    }

    /**
     * An application pool whose own settings the target refuses (here its init SQL fails there; in life a driver
     * class that takes no {@code jdbc:mysql:} URL, TLS properties the new server's certificate fails): the instance
     * said it could follow once a probe of Tandem's settings answered, could not open its pools at the switch, and
     * stayed held, every borrow failing. It says it cannot follow, and the cut-over is abandoned onto the source.
     */
    @ServerTest
    void anInstanceWhosePoolTheTargetRefusesCannotFollowAndTheCutOverIsAbandoned(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "refusedpool")) {
            Tandem instance = fleet.startInstance(true);
            HikariDataSource picky = new HikariDataSource();
            picky.setPoolName("picky-app");
            picky.setJdbcUrl(pair.source().jdbcUrl("refusedpool"));
            picky.setUsername(MovingFleet.APP_USER);
            picky.setPassword(MovingFleet.APP_PASSWORD);
            picky.setMaximumPoolSize(2);
            picky.setConnectionInitSql("SELECT IF(@@server_id = " + MoveCutoverIT.serverIdOf(pair.target())
                    + ", (SELECT 1 UNION ALL SELECT 2), 1)");
            DataSource own = instance.followMoves(picky);
            assertThat(serverIdBehind(own)).isEqualTo(MoveCutoverIT.serverIdOf(pair.source()));
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();

                CutoverResult result = move.cutover();

                assertThat(result.outcome()).isEqualTo(CutoverResult.Outcome.ABANDONED);
                assertThat(result.cannotFollow()).singleElement().asString().contains("a pool of this instance cannot open there");
                assertThat(MoveCutoverIT.readOnly(pair.source())).isFalse();
            }
            assertThat(serverIdBehind(own)).as("released onto the source").isEqualTo(MoveCutoverIT.serverIdOf(pair.source()));
            ((AutoCloseable) own).close();
        }
    }

    /**
     * An instance that lends {@code dataSource()} before its {@code start()} (or never starts: a status page, a
     * tool) follows a cut-over: its move watcher runs from the first pool lent. It stayed on the old server, read
     * its stale rows and failed its writes, until {@code start()}.
     */
    @ServerTest
    void anInstanceThatLendsBeforeItStartsFollowsACutOver(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "notstarted")) {
            DataSource lent = fleet.load(true).dataSource();
            assertThat(serverIdBehind(lent)).isEqualTo(MoveCutoverIT.serverIdOf(pair.source()));
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();

                assertThat(move.cutover().outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
            }
            long target = MoveCutoverIT.serverIdOf(pair.target());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (serverIdBehind(lent) != target && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(serverIdBehind(lent)).as("the unstarted instance's pool follows the database").isEqualTo(target);
        }
    }

    private static long serverIdBehind(DataSource pool) throws Exception {
        try (Connection c = pool.getConnection()) {
            return Long.parseLong(Jdbc.rows(c, "SELECT @@server_id").get(0).get(0));
        }
    }

    private static boolean sessionTagged(DataSource pool) throws Exception {
        try (Connection c = pool.getConnection()) {
            return Jdbc.rows(c, "SELECT @tandem_version IS NOT NULL").get(0).get(0).equals("1");
        }
    }
}

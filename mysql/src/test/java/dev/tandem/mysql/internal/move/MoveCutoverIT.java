package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.CutoverResult;
import dev.tandem.MoveListener;
import dev.tandem.MoveRefusedException;
import dev.tandem.MoveStatus;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import dev.tandem.TandemMove;
import dev.tandem.mysql.internal.CapturedLog;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cut-over through the fleet, on both flavors: two application instances write through
 * {@code tandem.dataSource()} while the database moves to the target and back; every acknowledged write is on
 * the server the data ends on, no write fails, and the old server refuses writes after each switch.
 */
class MoveCutoverIT {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);

    /** The coordinator runs as an account with only the privileges docs/move.md lists ({@link MovePairs#coordinatorUser}). */
    @ServerTest
    void movesUnderLoadAndBackWithoutAFailedOrLostWrite(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        try (MovingFleet fleet = new MovingFleet(pair, "moving")) {
            MovePairs.coordinatorUser(pair, "moving");
            Tandem first = fleet.startInstance(true);
            Tandem second = fleet.startInstance(true);
            fleet.startWriting();
            List<Integer> sessionsEnded = Collections.synchronizedList(new ArrayList<>());
            MoveListener listener = new MoveListener() {
                @Override
                public void step(String name, String detail) {
                    steps.add(name);
                    if (name.equals("sessions-ended")) {
                        sessionsEnded.add(Integer.parseInt(detail.substring(0, detail.indexOf(' '))));
                    }
                }
            };
            try (TandemMove move = fleet.coordinator(listener, ACK_TIMEOUT, MovePairs.COORDINATOR_USER,
                    MovePairs.COORDINATOR_PASSWORD)) {
                MoveStatus prepared = move.prepare();
                assertThat(prepared.phase()).isEqualTo("REPLICATING");
                assertThat(prepared.servingSide()).isEqualTo("ORIGINAL");
                assertThat(prepared.replicating()).isTrue();
                assertThatThrownBy(move::cutover).as("no verification yet").isInstanceOf(MoveRefusedException.class)
                        .hasMessageContaining("tandem move verify");
                assertThat(move.verify().identical()).isTrue();

                CutoverResult there = move.cutover();

                assertThat(there.outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                assertThat(there.acknowledged()).containsExactlyInAnyOrder(first.instanceId(), second.instanceId());
                assertThat(there.missing()).isEmpty();
                Thread.sleep(500);
                assertThat(serverIdOf(first)).isEqualTo(serverIdOf(pair.target()));
                assertThat(readOnly(pair.source())).as("the old server refuses writes").isTrue();
                assertThat(move.status().servingSide()).isEqualTo("DESTINATION");
                assertThat(move.status().replicating()).as("the old server replicates from the new").isTrue();
                assertThat(move.cutover().reason()).as("a second cut-over has nothing to do").contains("serves already");

                assertThat(move.verify().identical()).isTrue();
                CutoverResult back = move.back();

                assertThat(back.outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                Thread.sleep(500);
                assertThat(serverIdOf(second)).isEqualTo(serverIdOf(pair.source()));
                assertThat(readOnly(pair.target())).isTrue();
                fleet.stopWriting();

                MoveStatus finished = move.finish();
                assertThat(finished.phase()).isEqualTo("FINISHED");
                assertThat(finished.replicating()).isFalse();
            }
            assertThat(fleet.errors()).as("failed writes").isEmpty();
            assertThat(fleet.acknowledgedRows()).isGreaterThan(100);
            assertThat(fleet.lostOn(pair.source())).as("acknowledged writes missing on the server the data ended on").isEmpty();
            assertThat(fleet.slowestInsertMillis()).as("no insert waited the maximum pause").isLessThan(5_000);
            assertThat(steps).containsSubsequence("copy", "hold", "switch", "read-only", "catch-up", "reverse-replication",
                    "switched");
            assertThat(sessionsEnded).as("the instances' sessions on the old server, ended at each switch (they need PROCESS"
                    + " to be seen)").hasSize(2).allSatisfy(ended -> assertThat(ended).isPositive());
        }
    }

    @ServerTest
    void anInstanceThatNeverAcknowledgesAbandonsTheCutOverAndNothingIsLost(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "abandoned")) {
            fleet.startInstance(true);
            fleet.startWriting();
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, Duration.ofSeconds(1))) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();
                MovePairs.execute(pair.source(), "INSERT INTO abandoned.tandem_instances (instance_id, app_version, host,"
                        + " pid, known_versions, highest_known, ttl_seconds, started_at, heartbeat_at) VALUES ('silent', '1.0',"
                        + " 'elsewhere', 1, '', NULL, 3600, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");

                CutoverResult result = move.cutover();

                assertThat(result.outcome()).isEqualTo(CutoverResult.Outcome.ABANDONED);
                assertThat(result.missing()).containsExactly("silent");
                assertThat(move.status().servingSide()).isEqualTo("ORIGINAL");
                assertThat(move.status().phase()).isEqualTo("REPLICATING");
                assertThat(readOnly(pair.source())).isFalse();
                Thread.sleep(500);
                fleet.stopWriting();
            }
            assertThat(fleet.errors()).isEmpty();
            assertThat(fleet.lostOn(pair.source())).isEmpty();
        }
    }

    /**
     * An instance configured with the target but a password it refuses cannot follow: the cut-over is abandoned,
     * and the instance says why, where it used to ask for a target that was configured; it warns at startup too.
     */
    @ServerTest
    void anInstanceTheTargetRefusesSaysSoAndTheCutOverIsAbandoned(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "refused"); CapturedLog log = CapturedLog.start()) {
            fleet.load(true, "not-the-password").start();
            assertThat(log.said("Cannot reach the move target")).as("warned at startup").isTrue();
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();

                CutoverResult result = move.cutover();

                assertThat(result.outcome()).isEqualTo(CutoverResult.Outcome.ABANDONED);
                assertThat(result.cannotFollow()).singleElement().asString().contains("does not answer", "Access denied")
                        .doesNotContain("not-the-password");
                assertThat(readOnly(pair.source())).isFalse();
            }
        }
    }

    /**
     * A lock keeps the serving server from becoming read-only (here LOCK TABLES ... WRITE, taken as the switch
     * begins; in life a long transaction or a backup's FLUSH TABLES WITH READ LOCK): the cut-over is abandoned
     * and the fleet released onto that server, which takes its writes again. It used to fail with the switch
     * recorded, every instance holding its connections, each borrower failing after {@code maxPause}, until
     * someone ran the command again.
     */
    @ServerTest
    void aServerThatALockKeepsFromReadOnlyAbandonsTheCutOverAndTheFleetWritesOn(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "locked"); Connection locker = pair.source().adminConnection()) {
            fleet.startInstance(true);
            fleet.startWriting();
            AtomicBoolean cuttingOver = new AtomicBoolean();
            MoveListener lockingAtTheSwitch = new MoveListener() {
                @Override
                public void step(String name, String detail) {
                    if (cuttingOver.get() && name.equals("read-only")) { // not prepare's step of that name
                        try (Statement s = locker.createStatement()) {
                            s.execute("LOCK TABLES locked.ledger WRITE");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            try (TandemMove move = fleet.coordinator(lockingAtTheSwitch, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();

                cuttingOver.set(true);
                CutoverResult result = move.cutover();
                try (Statement s = locker.createStatement()) {
                    s.execute("UNLOCK TABLES");
                }

                assertThat(result.outcome()).isEqualTo(CutoverResult.Outcome.ABANDONED);
                assertThat(result.reason()).contains("could not be made read-only", "LOCK TABLES");
                assertThat(move.status().servingSide()).isEqualTo("ORIGINAL");
                assertThat(move.status().phase()).isEqualTo("REPLICATING");
                assertThat(readOnly(pair.source())).isFalse();
                int before = fleet.acknowledgedRows();
                Thread.sleep(1_000);
                assertThat(fleet.acknowledgedRows()).as("the fleet writes on the server that serves").isGreaterThan(before + 10);
                fleet.stopWriting();
            }
            assertThat(fleet.lostOn(pair.source())).isEmpty();
        }
    }

    /**
     * prepare cannot make the target read-only (a lock held past the wait): it fails saying so, and the next
     * prepare makes it read-only. The move was recorded prepared already, so the rerun found nothing to do, and
     * the replica stayed writable for the whole move: both servers took writes.
     */
    @ServerTest
    void aTargetALockKeepsFromReadOnlyIsMadeReadOnlyByTheNextPrepare(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "unsealed"); Connection locker = pair.target().adminConnection()) {
            fleet.startInstance(true);
            AtomicBoolean lockOnce = new AtomicBoolean(true);
            MoveListener lockingTheTarget = new MoveListener() {
                @Override
                public void step(String name, String detail) {
                    if (name.equals("read-only") && lockOnce.getAndSet(false)) {
                        try (Statement s = locker.createStatement()) {
                            s.execute("LOCK TABLES unsealed.ledger WRITE");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            try (TandemMove move = fleet.coordinator(lockingTheTarget, ACK_TIMEOUT)) {
                assertThatThrownBy(move::prepare).hasMessageContaining("could not be made read-only")
                        .hasMessageContaining("run tandem move prepare again");
                try (Statement s = locker.createStatement()) {
                    s.execute("UNLOCK TABLES");
                }
                assertThat(readOnly(pair.target())).isFalse();

                move.prepare();

                assertThat(readOnly(pair.target())).isTrue();
                assertThat(move.status().phase()).isEqualTo("REPLICATING");
            }
        }
    }

    /**
     * A preparation cut short after it recorded the move REPLICATING and before it dropped the copy's checkpoints
     * (its process died), simulated here by a writable target given its checkpoint table again: the next prepare
     * drops them before it makes the target read-only. It did only the read-only, and the table, on the target
     * alone, kept every verification from finding the databases identical, so no cut-over could begin.
     */
    @ServerTest
    void thePrepareAfterOneCutShortBeforeItDroppedTheCopysCheckpointsDropsThem(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "leftover")) {
            fleet.startInstance(true);
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                try (HikariDataSource target = MovePairs.dataSource(pair.target(), "leftover")) {
                    new ReadOnlySwitch(target, Duration.ofSeconds(5)).writable();
                }
                try (Connection t = pair.target().adminConnection(); Statement s = t.createStatement()) {
                    s.execute("USE leftover");
                    CopyCheckpoints.create(t);
                }
                assertThat(move.verify().identical()).as("with the checkpoints left").isFalse();

                move.prepare();

                assertThat(readOnly(pair.target())).isTrue();
                assertThat(move.verify().identical()).isTrue();
            }
        }
    }

    /**
     * A target that lags past {@code maxLagSeconds} is read again until the catch-up timeout, then the cut-over is
     * refused with nothing changed. It used to be refused at the first read above the limit, which a burst of
     * writes or the first moments after a switch give (CI saw a move back refused by a lag of 2 s).
     */
    @ServerTest
    void aTargetThatStaysBehindIsWaitedForThenTheCutOverIsRefusedAndNothingChanges(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "lagging")) {
            fleet.startInstance(true);
            fleet.startWriting();
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();
                replicationDelay(pair, 5);
                try {
                    awaitLagAbove(move, 1);
                    long started = System.nanoTime();
                    assertThatThrownBy(move::cutover).isInstanceOf(MoveRefusedException.class)
                            .hasMessageContaining("lags").hasMessageContaining("more than 1 s, after 10000 ms of waiting");
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for it").isGreaterThan(Duration.ofSeconds(9));
                    assertThat(readOnly(pair.source())).as("the source still takes writes").isFalse();
                    assertThat(move.status().servingSide()).isEqualTo("ORIGINAL");
                } finally {
                    replicationDelay(pair, 0);
                }
                fleet.stopWriting();
            }
        }
    }

    /** Waits until the target says it lags more than {@code seconds} (the delay shows once delayed events queue). */
    private static void awaitLagAbove(TandemMove move, long seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Long lag = move.status().lagSeconds();
            if (lag != null && lag > seconds) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the target never lagged more than " + seconds + " s");
    }

    /** Makes the target apply each event {@code seconds} after the source wrote it. */
    private static void replicationDelay(MovePair pair, int seconds) throws Exception {
        // MariaDB changes the delay only with both threads stopped.
        MovePairs.execute(pair.target(), "STOP REPLICA", pair.target().flavor() == Flavor.MARIADB
                ? "CHANGE MASTER TO MASTER_DELAY = " + seconds : "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds,
                "START REPLICA");
    }

    @ServerTest
    void aTargetThatDivergedFailsVerificationAndTheCutOverIsRefused(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "diverged")) {
            fleet.startInstance(true);
            fleet.startWriting();
            Thread.sleep(300);
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                fleet.stopWriting();
                ReadOnlySwitch target = new ReadOnlySwitch(MovePairs.dataSource(pair.target(), ""), Duration.ofSeconds(5));
                target.writable();
                MovePairs.execute(pair.target(), "SET SESSION sql_log_bin = 0", "DELETE FROM diverged.ledger ORDER BY id LIMIT 1");
                target.readOnly();

                assertThat(move.verify().identical()).isFalse();
                assertThatThrownBy(move::cutover).isInstanceOf(MoveRefusedException.class)
                        .hasMessageContaining("no verification");
                assertThat(readOnly(pair.source())).isFalse();
            }
        }
    }

    @ServerTest
    void anInstanceStartedAfterTheMoveWithTheOldUrlUsesTheNewServerOrRefuses(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "latecomer")) {
            fleet.startInstance(true);
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                move.verify();
                assertThat(move.cutover().outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                move.finish();
            }

            Tandem late = fleet.startInstance(true);

            assertThat(serverIdOf(late)).isEqualTo(serverIdOf(pair.target()));
            assertThatThrownBy(() -> fleet.startInstance(false)).isInstanceOf(TandemException.class)
                    .hasMessageContaining("The database moved");
        }
    }

    /**
     * A target that writes no binary log (MariaDB's default; prepare warns that there is no way back): the
     * cut-over switches the fleet all the same and nothing replicates back, where it used to fail past the
     * source's read-only, after making the target writable, and leave the move switching for good, with every
     * instance held.
     */
    @ServerTest
    void aTargetWithoutABinaryLogTakesOverAndTheWayBackIsRefused(DatabaseServer flavorOf) throws Exception {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        try (MovePair pair = MovePair.withoutTargetBinaryLog(flavorOf.flavor())) {
            MovePairs.replicationUser(pair.source());
            try (MovingFleet fleet = new MovingFleet(pair, "nolog")) {
                Tandem instance = fleet.startInstance(true);
                fleet.startWriting();
                try (TandemMove move = fleet.coordinator(recording(steps), ACK_TIMEOUT)) {
                    move.prepare();
                    assertThat(move.verify().identical()).isTrue();

                    CutoverResult there = move.cutover();

                    assertThat(there.outcome()).as("%s", there).isEqualTo(CutoverResult.Outcome.SWITCHED);
                    Thread.sleep(500);
                    assertThat(serverIdOf(instance)).isEqualTo(serverIdOf(pair.target()));
                    assertThat(readOnly(pair.source())).isTrue();
                    assertThat(move.status().servingSide()).isEqualTo("DESTINATION");
                    assertThat(move.status().replicating()).as("nothing replicates back").isFalse();
                    assertThatThrownBy(move::back).isInstanceOf(MoveRefusedException.class);
                    fleet.stopWriting();
                }
                assertThat(fleet.errors()).as("failed writes").isEmpty();
                assertThat(fleet.acknowledgedRows()).isGreaterThan(50);
                assertThat(fleet.lostOn(pair.target())).as("acknowledged writes missing on the new server").isEmpty();
                assertThat(steps).contains("no-way-back").doesNotContain("reverse-replication");
            }
        }
    }

    static MoveListener recording(List<String> steps) {
        return new MoveListener() {
            @Override
            public void step(String name, String detail) {
                steps.add(name);
            }
        };
    }

    static long serverIdOf(Tandem tandem) throws Exception {
        try (Connection c = tandem.dataSource().getConnection()) {
            return Long.parseLong(Jdbc.rows(c, "SELECT @@server_id").get(0).get(0));
        }
    }

    static long serverIdOf(DatabaseServer server) throws Exception {
        try (Connection c = server.adminConnection()) {
            return Long.parseLong(Jdbc.rows(c, "SELECT @@server_id").get(0).get(0));
        }
    }

    static boolean readOnly(DatabaseServer server) throws Exception {
        try (Connection c = server.adminConnection()) {
            return "1".equals(Jdbc.rows(c, "SELECT @@read_only").get(0).get(0));
        }
    }
}

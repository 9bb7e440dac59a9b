package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.CutoverResult;
import dev.tandem.MoveListener;
import dev.tandem.TandemException;
import dev.tandem.TandemMove;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One coordinator at a time, even when the first one's lock session ends under it: the one that lost its lock
 * stops before its next step that changes a server, and the one that took the lock over finishes the cut-over;
 * and a coordinator whose host froze mid-switch (no FIN: the server keeps its session) is taken over by the next
 * call within the time that call waits for the lock, not after the server's wait_timeout of hours.
 */
class MoveCoordinatorLockIT {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The first coordinator's lock session is ended as it makes the old server read-only, and a second one
     * takes the lock and switches the move. The first used to go on unaware: end sessions, make servers
     * writable, point the old server's replication at a later position (skipping the writes the new server took
     * in between) or, where its catch-up timed out, make the old server writable while the new one served.
     */
    @ServerTest
    void aCoordinatorWhoseLockSessionEndedStopsAndTheOneThatTookOverFinishes(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "fenced"); Connection targetAdmin = pair.target().adminConnection()) {
            fleet.startInstance(true);
            fleet.startWriting();
            AtomicBoolean cuttingOver = new AtomicBoolean();
            AtomicReference<CutoverResult> tookOver = new AtomicReference<>();
            MoveListener replacedAtTheSwitch = new MoveListener() {
                @Override
                public void step(String name, String detail) {
                    if (name.equals("read-only") && cuttingOver.getAndSet(false)) { // not prepare's step of that name
                        endLockSession(targetAdmin, "tandem:fenced:move");
                        try (TandemMove second = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                            tookOver.set(second.cutover());
                        }
                    }
                }
            };
            try (TandemMove first = fleet.coordinator(replacedAtTheSwitch, ACK_TIMEOUT)) {
                first.prepare();
                assertThat(first.verify().identical()).isTrue();
                cuttingOver.set(true);

                assertThatThrownBy(first::cutover).isInstanceOf(TandemException.class)
                        .hasMessageContaining("the session holding the coordinators' lock ended")
                        .hasMessageContaining("stopped before making");
            }
            assertThat(tookOver.get().outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
            assertThat(MoveCutoverIT.readOnly(pair.source())).isTrue();
            assertThat(MoveCutoverIT.readOnly(pair.target())).isFalse();
            Thread.sleep(500);
            fleet.stopWriting();
            try (TandemMove after = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                assertThat(after.status().servingSide()).isEqualTo("DESTINATION");
                assertThat(after.verify().identical()).as("the way back has every write the new server took").isTrue();
            }
            assertThat(fleet.errors()).as("writes failed otherwise than by waiting out the maximum pause")
                    .allMatch(error -> error.contains("SQLTransientConnectionException") && error.contains("maximum pause"));
            assertThat(fleet.lostOn(pair.target())).as("acknowledged writes lost").isEmpty();
        }
    }

    /**
     * The preparing coordinator's lock session is ended as its copy begins: the preparation stops (its copy at the
     * next chunk, else before it records the move prepared), since another coordinator may be preparing the same
     * move into the same target; the next prepare resumes it, and the databases end identical. It used to go on
     * unaware, and two copies could write the target's tables at once.
     */
    @ServerTest
    void aPreparationWhoseLockSessionEndedStopsAndTheNextOneFinishesIt(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "fencedcopy"); Connection targetAdmin = pair.target().adminConnection()) {
            fleet.startInstance(true);
            fleet.startWriting();
            Thread.sleep(500);
            AtomicBoolean endOnce = new AtomicBoolean(true);
            MoveListener endingTheLock = new MoveListener() {
                @Override
                public void copied(String table, long done, long estimated) {
                    if (endOnce.getAndSet(false)) {
                        endLockSession(targetAdmin, "tandem:fencedcopy:move");
                    }
                }
            };
            try (TandemMove first = fleet.coordinator(endingTheLock, ACK_TIMEOUT)) {
                assertThatThrownBy(first::prepare).isInstanceOf(TandemException.class)
                        .hasMessageContaining("the coordinators' lock ended").hasMessageContaining("stopped before");
            }
            assertThat(endOnce.get()).as("the lock's session was ended during the copy").isFalse();
            try (TandemMove next = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                assertThat(next.prepare().phase()).isEqualTo("REPLICATING");
                fleet.stopWriting();
                assertThat(next.verify().identical()).isTrue();
            }
        }
    }

    /**
     * The finishing coordinator's lock session is ended as it is about to record the move finished: it stops, for
     * another coordinator may hold the lock and be moving back; the move stays REPLICATING, and the next finish
     * finishes it.
     */
    @ServerTest
    void aFinishWhoseLockSessionEndedStopsBeforeItRecordsTheMoveFinished(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "fencedend"); Connection targetAdmin = pair.target().adminConnection()) {
            fleet.startInstance(true);
            MoveListener endingTheLock = new MoveListener() {
                @Override
                public void step(String name, String detail) {
                    if (name.equals("finish")) {
                        endLockSession(targetAdmin, "tandem:fencedend:move");
                    }
                }
            };
            try (TandemMove first = fleet.coordinator(endingTheLock, ACK_TIMEOUT)) {
                first.prepare();
                assertThatThrownBy(first::finish).isInstanceOf(TandemException.class)
                        .hasMessageContaining("the coordinators' lock ended").hasMessageContaining("stopped before recording");
            }
            try (TandemMove next = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                assertThat(next.status().phase()).isEqualTo("REPLICATING");
                assertThat(next.finish().phase()).isEqualTo("FINISHED");
            }
        }
    }

    /**
     * A coordinator process is stopped (SIGSTOP) as it waits for the catch-up, the old server read-only and the
     * fleet holding: its sockets stay open, as a host that froze or dropped off the network leaves them, and it
     * pings its lock no more. The next call takes the lock over once the server ended that idle session and
     * finishes the cut-over; it used to give up after waiting 30 s, the lock held for the server's wait_timeout.
     */
    @ServerTest
    void aCoordinatorThatFrozeMidSwitchIsTakenOverByTheNextCall(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "frozen")) {
            fleet.startInstance(true);
            fleet.startWriting();
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
                assertThat(move.verify().identical()).isTrue();
            }
            Process frozen = CoordinatorProcess.start(pair, "frozen", "cutover", "catch-up");
            try {
                assertThat(CoordinatorProcess.reached(frozen, "catch-up")).as("the coordinator reached the catch-up").isTrue();
                assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor()).isZero();

                try (TandemMove next = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                    assertThat(next.cutover().outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                }
            } finally {
                frozen.destroyForcibly();
                frozen.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(MoveCutoverIT.readOnly(pair.source())).isTrue();
            assertThat(MoveCutoverIT.readOnly(pair.target())).isFalse();
            Thread.sleep(500);
            fleet.stopWriting();
            assertThat(fleet.errors()).as("writes failed otherwise than by waiting out the maximum pause")
                    .allMatch(error -> error.contains("SQLTransientConnectionException") && error.contains("maximum pause"));
            assertThat(fleet.lostOn(pair.target())).as("acknowledged writes lost").isEmpty();
        }
    }

    /** Ends the session that holds the lock {@code name} on the server of {@code admin}. */
    private static void endLockSession(Connection admin, String name) {
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK('" + name + "')")) {
            rs.next();
            long holder = rs.getLong(1);
            assertThat(holder).as("a session holds " + name).isPositive();
            s.execute("KILL " + holder);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

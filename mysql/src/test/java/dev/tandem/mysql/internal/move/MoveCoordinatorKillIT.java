package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.CutoverResult;
import dev.tandem.MoveListener;
import dev.tandem.TandemMove;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator as a process of its own, killed with SIGKILL at steps of a cut-over (the hold recorded and
 * acknowledged; the old server read-only; the new one writable and the switch not yet recorded), the
 * database moving there and back under load: the next {@code cutover} or {@code back}, from another
 * coordinator, finishes each; none was lost. A write may have waited out the maximum pause meanwhile (the
 * hold lasts from the dead coordinator's hold to the next one's switch): it failed with the transient error
 * that says so, and nothing else failed.
 */
class MoveCoordinatorKillIT {

    /** Steps to be killed at: after the hold, in the middle of the switch, and just before it is recorded. */
    private static final List<String> STEPS = List.of("switch", "catch-up", "reverse-replication");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);

    @ServerTest
    void aCoordinatorKilledAtAStepIsReplacedByTheNextCall(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "killed")) {
            fleet.startInstance(true);
            fleet.startInstance(true);
            fleet.startWriting();
            try (TandemMove move = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                move.prepare();
            }
            for (String step : STEPS) {
                boolean forth;
                try (TandemMove before = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                    forth = before.status().servingSide().equals("ORIGINAL");
                    assertThat(before.verify().identical()).isTrue();
                }
                killAt(step, pair, forth ? "cutover" : "back");
                try (TandemMove next = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                    CutoverResult result = forth ? next.cutover() : next.back();

                    assertThat(result.outcome()).as("after a SIGKILL at " + step).isEqualTo(CutoverResult.Outcome.SWITCHED);
                }
                assertThat(MoveCutoverIT.readOnly(forth ? pair.source() : pair.target())).isTrue();
                assertThat(MoveCutoverIT.readOnly(forth ? pair.target() : pair.source())).isFalse();
            }
            Thread.sleep(300);
            fleet.stopWriting();
            assertThat(fleet.errors()).as("writes failed otherwise than by waiting out the maximum pause")
                    .allMatch(error -> error.contains("SQLTransientConnectionException") && error.contains("maximum pause"));
            assertThat(fleet.lostOn(pair.target())).as("acknowledged writes lost").isEmpty();
        }
    }

    /** Runs a coordinator process and kills it (SIGKILL) when it says {@code step} begins. */
    private static void killAt(String step, MovePair pair, String direction) throws Exception {
        Process coordinator = CoordinatorProcess.start(pair, "killed", direction, step);
        try {
            assertThat(CoordinatorProcess.reached(coordinator, step)).as("the coordinator reached " + step).isTrue();
        } finally {
            coordinator.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
            coordinator.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

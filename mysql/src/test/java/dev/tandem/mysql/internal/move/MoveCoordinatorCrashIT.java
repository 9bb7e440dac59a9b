package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.CutoverResult;
import dev.tandem.MoveListener;
import dev.tandem.TandemMove;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.time.Duration;
import java.util.List;

/**
 * Whoever coordinates a move may die at any step; the state is in the databases, so the next call finishes
 * the cut-over. Each step of a cut-over is a death here (the coordinator stops dead there, its connections
 * closed, as a killed process's are), under load, the database moving there and back; then no write failed
 * and none was lost. A copy that dies is resumed by the next prepare.
 */
class MoveCoordinatorCrashIT {

    /** The steps a coordinator dies at, in the order a cut-over takes them. */
    private static final List<String> STEPS = List.of("hold", "switch", "read-only", "catch-up", "reverse-replication",
            "switched");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);

    /** A coordinator's death: nothing after it runs. */
    static final class Death extends Error {
        Death(String step) {
            super("the coordinator died at " + step);
        }
    }

    @ServerTest
    void theNextCallFinishesACutOverWhoseCoordinatorDiedAtAnyStep(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        try (MovingFleet fleet = new MovingFleet(pair, "crashing")) {
            fleet.startInstance(true);
            fleet.startInstance(true);
            fleet.startWriting();
            try (TandemMove dying = fleet.coordinator(dieWhenCopying(), ACK_TIMEOUT)) {
                assertThatThrownBy(dying::prepare).as("the copy dies").isNotNull();
            }
            try (TandemMove next = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                assertThat(next.status().phase()).isEqualTo("COPYING");
                assertThat(next.prepare().phase()).as("the next prepare resumes the copy").isEqualTo("REPLICATING");
            }
            for (String step : STEPS) {
                boolean forth;
                try (TandemMove before = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                    forth = before.status().servingSide().equals("ORIGINAL");
                    assertThat(before.verify().identical()).as("verified before dying at " + step).isTrue();
                }
                try (TandemMove dying = fleet.coordinator(dieAt(step), ACK_TIMEOUT)) {
                    assertThatThrownBy(forth ? dying::cutover : dying::back).isInstanceOf(Death.class);
                }
                // The next call comes from a new process, with connections of its own.
                try (TandemMove next = fleet.coordinator(new MoveListener() { }, ACK_TIMEOUT)) {
                    CutoverResult result = forth ? next.cutover() : next.back();

                    assertThat(result.outcome()).as("after a death at " + step).isEqualTo(CutoverResult.Outcome.SWITCHED);
                    assertThat(next.status().servingSide()).isEqualTo(forth ? "DESTINATION" : "ORIGINAL");
                }
                assertThat(MoveCutoverIT.readOnly(forth ? pair.source() : pair.target()))
                        .as("the old server refuses writes after a death at " + step).isTrue();
                assertThat(MoveCutoverIT.readOnly(forth ? pair.target() : pair.source())).isFalse();
            }
            Thread.sleep(300);
            fleet.stopWriting();
            assertThat(fleet.errors()).as("failed writes").isEmpty();
            assertThat(fleet.lostOn(pair.source())).as("acknowledged writes lost").isEmpty();
        }
    }

    private static MoveListener dieAt(String dying) {
        return new MoveListener() {
            @Override
            public void step(String name, String detail) {
                if (name.equals(dying)) {
                    throw new Death(dying);
                }
            }
        };
    }

    private static MoveListener dieWhenCopying() {
        return new MoveListener() {
            @Override
            public void copied(String table, long done, long estimated) {
                throw new Death("copy of " + table);
            }
        };
    }
}

package dev.tandem.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.spi.MoveState.InstanceAction;
import dev.tandem.spi.MoveState.Phase;
import dev.tandem.spi.MoveState.Side;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The move's model: its walk, and what an instance does in each phase. */
class MoveStateTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static MoveState verifiedReplica() {
        return MoveState.copying().replicating().verified(T0);
    }

    @Test
    void aCutOverWalksHoldSwitchAndEndsServingTheOtherSideReplicatingBack() {
        MoveState holding = verifiedReplica().hold(T0.plusSeconds(5));
        MoveState moved = holding.switching().switched();

        assertThat(holding.epoch()).isEqualTo(1);
        assertThat(moved.serving()).isEqualTo(Side.DESTINATION);
        assertThat(moved.phase()).isEqualTo(Phase.REPLICATING);
        assertThat(moved.verifiedAt()).as("moving back needs a verification of its own").isNull();
        assertThat(moved.mayCutOver(T0, Duration.ofHours(1))).isFalse();

        MoveState back = moved.verified(T0).hold(T0.plusSeconds(5)).switching().switched();
        assertThat(back.serving()).isEqualTo(Side.ORIGINAL);
        assertThat(back.epoch()).isEqualTo(2);
    }

    @Test
    void anAbandonedHoldLeavesTheSameSideServingAndTheNextAttemptIsANewEpoch() {
        MoveState holding = verifiedReplica().hold(T0.plusSeconds(5));

        assertThat(holding.holdExpired(T0.plusSeconds(5))).isFalse();
        assertThat(holding.holdExpired(T0.plusSeconds(6))).isTrue();
        MoveState abandoned = holding.abandoned();
        assertThat(abandoned.serving()).isEqualTo(Side.ORIGINAL);
        assertThat(abandoned.phase()).isEqualTo(Phase.REPLICATING);
        assertThat(abandoned.hold(T0.plusSeconds(20)).epoch()).isEqualTo(2);
    }

    @Test
    void aCutOverNeedsARecentVerificationWhileReplicating() {
        Duration maxAge = Duration.ofMinutes(10);

        assertThat(MoveState.copying().replicating().mayCutOver(T0, maxAge)).as("never verified").isFalse();
        assertThat(verifiedReplica().mayCutOver(T0.plus(maxAge), maxAge)).isTrue();
        assertThat(verifiedReplica().mayCutOver(T0.plus(maxAge).plusSeconds(1), maxAge)).as("too old").isFalse();
        assertThat(MoveState.copying().mayCutOver(T0, maxAge)).isFalse();
    }

    @Test
    void everyInstanceHoldsDuringACutOverWhicheverSideItUses() {
        MoveState holding = verifiedReplica().hold(T0.plusSeconds(5));
        for (MoveState state : new MoveState[] {holding, holding.switching()}) {
            for (Side side : Side.values()) {
                assertThat(state.actionFor(side, false)).as("%s on %s", state.phase(), side).isEqualTo(InstanceAction.HOLD);
                assertThat(state.actionFor(side, true)).isEqualTo(InstanceAction.HOLD);
            }
        }
    }

    @Test
    void afterTheOutcomeAnInstanceSwitchesToTheServingSideOrReleasesWhereItIs() {
        MoveState moved = verifiedReplica().hold(T0.plusSeconds(5)).switching().switched();
        MoveState abandoned = verifiedReplica().hold(T0.plusSeconds(5)).abandoned();

        assertThat(moved.actionFor(Side.ORIGINAL, true)).isEqualTo(InstanceAction.SWITCH);
        assertThat(moved.actionFor(Side.ORIGINAL, false)).as("started later with the old URL").isEqualTo(InstanceAction.SWITCH);
        assertThat(moved.actionFor(Side.DESTINATION, false)).isEqualTo(InstanceAction.SERVE);
        assertThat(abandoned.actionFor(Side.ORIGINAL, true)).isEqualTo(InstanceAction.RELEASE);
        assertThat(abandoned.actionFor(Side.ORIGINAL, false)).isEqualTo(InstanceAction.SERVE);
        assertThat(MoveState.copying().actionFor(Side.ORIGINAL, false)).isEqualTo(InstanceAction.SERVE);
    }

    @Test
    void aStepOutOfTurnIsRefusedNamingThePhase() {
        assertThatThrownBy(() -> MoveState.copying().hold(T0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot hold a move that is COPYING (epoch 0): only a REPLICATING one");
        assertThatThrownBy(() -> verifiedReplica().switching()).hasMessageContaining("only a HOLDING one");
        assertThatThrownBy(() -> verifiedReplica().hold(T0).finished()).hasMessageContaining("only a REPLICATING one");
        assertThatThrownBy(() -> new MoveState(Side.ORIGINAL, Phase.REPLICATING, 0, T0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

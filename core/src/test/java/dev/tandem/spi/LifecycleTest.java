package dev.tandem.spi;

import static dev.tandem.MigrationState.BACKFILLING;
import static dev.tandem.MigrationState.COMPLETED;
import static dev.tandem.MigrationState.CONTRACTING;
import static dev.tandem.MigrationState.EXPANDED;
import static dev.tandem.MigrationState.EXPANDING;
import static dev.tandem.MigrationState.FAILED;
import static dev.tandem.MigrationState.PENDING;
import static dev.tandem.MigrationState.READY;
import static dev.tandem.MigrationState.ROLLED_BACK;
import static dev.tandem.MigrationState.ROLLING_BACK;
import static dev.tandem.spi.Phase.BACKFILL;
import static dev.tandem.spi.Phase.CONTRACT;
import static dev.tandem.spi.Phase.EXPAND;
import static dev.tandem.spi.Phase.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.MigrationState;
import dev.tandem.spi.Lifecycle.ContractWork;
import dev.tandem.spi.Lifecycle.RollbackWork;
import dev.tandem.spi.Lifecycle.StartWork;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state a migration can be recorded in (with the phase it is recorded with), and what each verb
 * does then. The table is the specification; the second half checks every state × phase × steps against
 * the predicates the engine used before the lifecycle was one model, so the reshaping changed no decision.
 */
class LifecycleTest {

    static Stream<Arguments> everyRecordedState() {
        return Stream.of(
                // state, phase, steps done: start, contract, rollback, ready for new code, contract begun
                row(PENDING, null, 0, StartWork.EXPAND, ContractWork.NOT_READY, RollbackWork.NOTHING_EXPANDED, false, false),
                row(EXPANDING, EXPAND, 1, StartWork.RESUME_EXPAND, ContractWork.NOT_READY, RollbackWork.ROLLBACK, false, false),
                row(EXPANDED, EXPAND, 3, StartWork.BACKFILL, ContractWork.NOT_READY, RollbackWork.ROLLBACK, false, false),
                row(BACKFILLING, BACKFILL, 0, StartWork.RESUME_BACKFILL, ContractWork.NOT_READY, RollbackWork.ROLLBACK, false, false),
                row(READY, BACKFILL, 1, StartWork.NONE, ContractWork.CONTRACT, RollbackWork.ROLLBACK, true, false),
                row(READY, EXPAND, 3, StartWork.NONE, ContractWork.CONTRACT, RollbackWork.ROLLBACK, true, false),
                row(CONTRACTING, CONTRACT, 1, StartWork.FINISH_CONTRACT, ContractWork.RESUME_CONTRACT, RollbackWork.CONTRACTED, true, true),
                row(COMPLETED, CONTRACT, 2, StartWork.NONE, ContractWork.DONE, RollbackWork.CONTRACTED, true, true),
                row(ROLLING_BACK, ROLLBACK, 1, StartWork.FINISH_ROLLBACK, ContractWork.NOT_READY, RollbackWork.RESUME_ROLLBACK, false, false),
                row(ROLLED_BACK, ROLLBACK, 2, StartWork.EXPAND, ContractWork.NOT_READY, RollbackWork.NOTHING_EXPANDED, false, false),
                row(FAILED, EXPAND, 0, StartWork.EXPAND, ContractWork.NOT_READY, RollbackWork.ROLLBACK, false, false),
                row(FAILED, EXPAND, 2, StartWork.RESUME_EXPAND, ContractWork.NOT_READY, RollbackWork.ROLLBACK, false, false),
                row(FAILED, BACKFILL, 0, StartWork.RESUME_BACKFILL, ContractWork.NOT_READY, RollbackWork.ROLLBACK, false, false),
                row(FAILED, CONTRACT, 1, StartWork.NONE, ContractWork.RESUME_CONTRACT, RollbackWork.CONTRACT_FAILED, true, true),
                row(FAILED, ROLLBACK, 1, StartWork.FINISH_ROLLBACK, ContractWork.NOT_READY, RollbackWork.RESUME_ROLLBACK, false, false));
    }

    private static Arguments row(MigrationState state, Phase phase, int steps, StartWork start, ContractWork contract,
                                 RollbackWork rollback, boolean ready, boolean contractBegun) {
        return Arguments.of(new Lifecycle(state, phase, steps, false), start, contract, rollback, ready, contractBegun);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordedState")
    void eachVerbKnowsWhatToDo(Lifecycle lifecycle, StartWork start, ContractWork contract, RollbackWork rollback,
                               boolean ready, boolean contractBegun) {
        assertThat(lifecycle.startWork()).as("start").isEqualTo(start);
        assertThat(lifecycle.contractWork()).as("contract").isEqualTo(contract);
        assertThat(lifecycle.rollbackWork()).as("rollback").isEqualTo(rollback);
        assertThat(lifecycle.readyForNewCode()).as("ready for new code").isEqualTo(ready);
        assertThat(lifecycle.contractBegun()).as("contract begun").isEqualTo(contractBegun);
    }

    @Test
    void noRecordIsPending() {
        assertThat(Lifecycle.of(null)).isEqualTo(Lifecycle.NOT_RECORDED);
        assertThat(Lifecycle.NOT_RECORDED.startWork()).isEqualTo(StartWork.EXPAND);
        assertThat(Lifecycle.NOT_RECORDED.applied()).isFalse();
        assertThat(Lifecycle.NOT_RECORDED.notBegun()).isTrue();
    }

    @Test
    void aRecordCarriesItsInterruptedStep() {
        MigrationRecord rec = new MigrationRecord("2", "d", "V2__d.yaml", 1, EXPANDING, EXPAND, 3, 3, null, "a@h", "a",
                null, null, null);
        Lifecycle lifecycle = Lifecycle.of(rec);
        assertThat(lifecycle.interruptedInStep()).isTrue();
        assertThat(lifecycle.stepsDone()).isEqualTo(3);
        assertThat(Lifecycle.of(new MigrationRecord("2", "d", "V2__d.yaml", 1, EXPANDING, EXPAND, 3, 2, null, "a@h", "a",
                null, null, null)).interruptedInStep()).isFalse();
    }

    @Test
    void onlyAnExpandThatFailedAtItsFirstStepAppliedNothing() {
        assertThat(new Lifecycle(FAILED, EXPAND, 0, false).nothingApplied()).isTrue();
        assertThat(new Lifecycle(FAILED, EXPAND, 1, false).nothingApplied()).isFalse();
        assertThat(new Lifecycle(FAILED, BACKFILL, 0, false).nothingApplied()).isFalse();
        assertThat(new Lifecycle(EXPANDING, EXPAND, 0, false).nothingApplied()).isFalse();
    }

    @Test
    void eachPhaseRunsInItsStateAndEndsInTheNext() {
        assertThat(Stream.of(Phase.values()).map(Lifecycle::running))
                .containsExactly(EXPANDING, BACKFILLING, CONTRACTING, ROLLING_BACK);
        assertThat(Stream.of(Phase.values()).map(Lifecycle::done)).containsExactly(EXPANDED, READY, COMPLETED, ROLLED_BACK);
    }

    @Test
    void aNewExpandStartsTheRecordAfreshAndOnlyExpandAndContractEndsAreTimed() {
        assertThat(Lifecycle.begin(EXPAND)).isEqualTo(new Transition(EXPANDING, Transition.Stamp.RESET));
        assertThat(Lifecycle.begin(BACKFILL)).isEqualTo(new Transition(BACKFILLING, Transition.Stamp.NONE));
        assertThat(Lifecycle.begin(ROLLBACK).stamp()).isEqualTo(Transition.Stamp.NONE);
        assertThat(Lifecycle.resume(EXPAND)).isEqualTo(new Transition(EXPANDING, Transition.Stamp.NONE));
        assertThat(Lifecycle.finish(EXPAND)).isEqualTo(new Transition(EXPANDED, Transition.Stamp.EXPANDED_AT));
        assertThat(Lifecycle.finish(CONTRACT)).isEqualTo(new Transition(COMPLETED, Transition.Stamp.CONTRACTED_AT));
        assertThat(Lifecycle.finish(BACKFILL)).isEqualTo(new Transition(READY, Transition.Stamp.NONE));
        assertThat(Lifecycle.finish(ROLLBACK)).isEqualTo(new Transition(ROLLED_BACK, Transition.Stamp.NONE));
    }

    @Test
    void afterARollbackEndsStartExpandsAnew() {
        Lifecycle interrupted = new Lifecycle(ROLLING_BACK, ROLLBACK, 1, true);
        assertThat(interrupted.after(ROLLBACK).startWork()).isEqualTo(StartWork.EXPAND);
        assertThat(new Lifecycle(PENDING, null, 0, false).after(EXPAND).startWork()).isEqualTo(StartWork.BACKFILL);
    }

    @Test
    void thePlanMarksTheStepsAResumedExpandOrBackfillSkips() {
        Lifecycle midBackfill = new Lifecycle(FAILED, BACKFILL, 1, false);
        assertThat(midBackfill.stepDone(EXPAND, 5)).isTrue();
        assertThat(midBackfill.stepDone(BACKFILL, 0)).isTrue();
        assertThat(midBackfill.stepDone(BACKFILL, 1)).isFalse();
        assertThat(midBackfill.stepDone(CONTRACT, 0)).isFalse();
        assertThat(new Lifecycle(EXPANDING, EXPAND, 2, false).stepDone(EXPAND, 1)).isTrue();
        assertThat(new Lifecycle(EXPANDING, EXPAND, 2, false).stepDone(EXPAND, 2)).isFalse();
        // A rollback or contract is not resumed by start: nothing is marked done for the plan.
        assertThat(new Lifecycle(FAILED, CONTRACT, 1, false).stepDone(EXPAND, 0)).isFalse();
        assertThat(new Lifecycle(ROLLING_BACK, ROLLBACK, 1, false).stepDone(EXPAND, 0)).isFalse();
        assertThat(Lifecycle.NOT_RECORDED.stepDone(EXPAND, 0)).isFalse();
    }

    /** Every state × phase (also combinations the engine never records) × a first or a later step. */
    static List<Lifecycle> everyCombination() {
        List<Lifecycle> all = new ArrayList<>();
        List<Phase> phases = new ArrayList<>(List.of(Phase.values()));
        phases.add(null);
        for (MigrationState state : MigrationState.values()) {
            for (Phase phase : phases) {
                for (int steps : new int[] {0, 2}) {
                    all.add(new Lifecycle(state, phase, steps, false));
                }
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCombination")
    void decidesAsTheEngineDidBeforeTheModel(Lifecycle l) {
        MigrationState s = l.state();
        boolean failedExpand = s == FAILED && l.phase() == EXPAND;
        boolean failedBackfill = s == FAILED && l.phase() == BACKFILL;
        boolean failedContract = s == FAILED && l.phase() == CONTRACT;
        boolean failedRollback = s == FAILED && l.phase() == ROLLBACK;
        boolean nothingApplied = failedExpand && l.stepsDone() == 0;

        assertThat(l.nothingApplied()).as("nothing applied").isEqualTo(nothingApplied);
        assertThat(l.readyForNewCode()).as("ready").isEqualTo(s == READY || s == CONTRACTING || s == COMPLETED || failedContract);
        assertThat(l.contractBegun()).as("contracted").isEqualTo(s == COMPLETED || s == CONTRACTING || failedContract);
        assertThat(l.notBegun()).as("not begun").isEqualTo(s == PENDING || s == ROLLED_BACK || nothingApplied);
        assertThat(l.applied()).as("applied").isEqualTo(s != PENDING && s != ROLLED_BACK);
        assertThat(l.expandDone()).as("expand done").isEqualTo(switch (s) {
            case EXPANDED, BACKFILLING, READY, CONTRACTING, COMPLETED -> true;
            case FAILED -> l.phase() == BACKFILL || l.phase() == CONTRACT;
            default -> false;
        });
        // needsBackfill, with BACKFILLING always recorded in the backfill phase, as the engine writes it.
        if (s != BACKFILLING || l.phase() == BACKFILL) {
            assertThat(l.needsBackfill()).as("needs backfill").isEqualTo(s == EXPANDED || s == BACKFILLING || failedBackfill);
        }
        // The gate of contract: resumable when running or failed in contract, else only from READY.
        if (s != CONTRACTING || l.phase() == CONTRACT) {
            boolean resumable = s == CONTRACTING || failedContract;
            ContractWork expected = s == COMPLETED ? ContractWork.DONE : resumable ? ContractWork.RESUME_CONTRACT
                    : s == READY ? ContractWork.CONTRACT : ContractWork.NOT_READY;
            assertThat(l.contractWork()).as("contract").isEqualTo(expected);
        }
        if ((s != ROLLING_BACK || l.phase() == ROLLBACK) && (s != EXPANDING || l.phase() == EXPAND)) {
            StartWork expected = (s == ROLLING_BACK || failedRollback) ? StartWork.FINISH_ROLLBACK
                    : (s == PENDING || s == ROLLED_BACK || nothingApplied) ? StartWork.EXPAND
                    : (s == EXPANDING || failedExpand) ? StartWork.RESUME_EXPAND
                    : s == EXPANDED ? StartWork.BACKFILL
                    : (s == BACKFILLING && l.phase() == BACKFILL) || failedBackfill ? StartWork.RESUME_BACKFILL
                    : s == CONTRACTING ? StartWork.FINISH_CONTRACT : StartWork.NONE;
            assertThat(l.startWork()).as("start").isEqualTo(expected);
        }
    }
}

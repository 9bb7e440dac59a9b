package dev.tandem.spi;

import dev.tandem.MigrationState;

/**
 * Where one migration stands, and what each verb may do with it next: the one place that knows what a
 * recorded {@code state} × {@code phase} means. The engine, the gates, {@code status()} and the command
 * line ask it; none of them reads a state or a phase on its own. It also owns the transitions: which
 * state a phase runs in and ends in, and which times each transition records.
 *
 * <pre>
 * PENDING ──start──▶ EXPANDING ──▶ EXPANDED ──▶ BACKFILLING ──▶ READY ──contract──▶ CONTRACTING ──▶ COMPLETED
 *                       │              └──────────────rollback─────────────┴──▶ ROLLING_BACK ──▶ ROLLED_BACK
 *                       └─ a step fails: FAILED, phase and steps kept; the next call of its verb resumes there
 * </pre>
 *
 * @param state             the recorded state ({@code PENDING} when there is no record)
 * @param phase             the phase in progress or last run (null when none ran)
 * @param stepsDone         steps of {@code phase} finished
 * @param interruptedInStep whether the step at {@code stepsDone} began and its end was never recorded
 */
public record Lifecycle(MigrationState state, Phase phase, int stepsDone, boolean interruptedInStep) {

    /** A migration the database has no record of. */
    public static final Lifecycle NOT_RECORDED = new Lifecycle(MigrationState.PENDING, null, 0, false);

    /** The lifecycle of {@code rec}; {@link #NOT_RECORDED} when null. */
    public static Lifecycle of(MigrationRecord rec) {
        return rec == null ? NOT_RECORDED
                : new Lifecycle(rec.state(), rec.phase(), rec.stepsDone(), rec.interruptedInStep());
    }

    /** What {@code start()} (or {@code tandem expand}) does for a migration the app knows. */
    public enum StartWork {
        /** Nothing: it is ready for new code (or its contract failed, which {@code contract()} retries). */
        NONE,
        /** A rollback died half way: it is finished first, then the migration expanded anew. */
        FINISH_ROLLBACK,
        /** The expand runs from its first step (never run, rolled back, or failed before any step applied). */
        EXPAND,
        RESUME_EXPAND,
        /** Expanded: the backfill runs (or, for a script without one, the migration becomes READY). */
        BACKFILL,
        RESUME_BACKFILL,
        /** A contract died half way; its gate had passed, so any node finishes it. */
        FINISH_CONTRACT
    }

    /** What {@code contract()} does. */
    public enum ContractWork {
        /** Already contracted. */
        DONE,
        /** Expand or backfill not finished (or it was rolled back): the contract gate stays closed. */
        NOT_READY,
        CONTRACT,
        RESUME_CONTRACT
    }

    /** What {@code rollback()} does. */
    public enum RollbackWork {
        /** Refused: nothing was expanded. */
        NOTHING_EXPANDED,
        /** Refused: contracted, or its contract is running; a new migration undoes it. */
        CONTRACTED,
        /** Refused: its contract began and failed; finishing the contract is the way on. */
        CONTRACT_FAILED,
        ROLLBACK,
        RESUME_ROLLBACK
    }

    public StartWork startWork() {
        if (interrupted(Phase.ROLLBACK)) {
            return StartWork.FINISH_ROLLBACK;
        }
        if (notBegun()) {
            return StartWork.EXPAND;
        }
        if (interrupted(Phase.EXPAND)) {
            return StartWork.RESUME_EXPAND;
        }
        if (state == MigrationState.EXPANDED) {
            return StartWork.BACKFILL;
        }
        if (interrupted(Phase.BACKFILL)) {
            return StartWork.RESUME_BACKFILL;
        }
        return state == MigrationState.CONTRACTING ? StartWork.FINISH_CONTRACT : StartWork.NONE;
    }

    public ContractWork contractWork() {
        if (state == MigrationState.COMPLETED) {
            return ContractWork.DONE;
        }
        if (interrupted(Phase.CONTRACT)) {
            return ContractWork.RESUME_CONTRACT;
        }
        return state == MigrationState.READY ? ContractWork.CONTRACT : ContractWork.NOT_READY;
    }

    public RollbackWork rollbackWork() {
        if (state == MigrationState.PENDING || state == MigrationState.ROLLED_BACK) {
            return RollbackWork.NOTHING_EXPANDED;
        }
        if (state == MigrationState.CONTRACTING || state == MigrationState.COMPLETED) {
            return RollbackWork.CONTRACTED;
        }
        if (failedIn(Phase.CONTRACT)) {
            return RollbackWork.CONTRACT_FAILED;
        }
        return interrupted(Phase.ROLLBACK) ? RollbackWork.RESUME_ROLLBACK : RollbackWork.ROLLBACK;
    }

    /** Whether an app that knows the migration may serve traffic: its expand and backfill are done. */
    public boolean readyForNewCode() {
        return state.isReadyForNewCode() || failedIn(Phase.CONTRACT);
    }

    /**
     * Whether its contract began (or ended): an app that does not know the migration may use what the
     * contract drops, so the startup gate refuses it.
     */
    public boolean contractBegun() {
        return state == MigrationState.COMPLETED || state == MigrationState.CONTRACTING || failedIn(Phase.CONTRACT);
    }

    /** Whether its expand is complete, whatever came after. */
    public boolean expandDone() {
        return switch (state) {
            case EXPANDED, BACKFILLING, READY, CONTRACTING, COMPLETED -> true;
            case FAILED -> phase == Phase.BACKFILL || phase == Phase.CONTRACT;
            default -> false;
        };
    }

    /**
     * Whether it is expanded and its backfill is not done: waiting, running, or failed part way. What its
     * backfill left in the schema meanwhile (a copy of a table, triggers that name every column of it) may
     * need the columns another migration's contract would drop.
     */
    public boolean backfillUnfinished() {
        return expandDone() && !readyForNewCode();
    }

    /** Whether it is expanded and its backfill has not run to the end. */
    public boolean needsBackfill() {
        return state == MigrationState.EXPANDED || interrupted(Phase.BACKFILL);
    }

    /**
     * An expand that failed at its first step applied nothing: its script may still be corrected (the
     * checksum is taken anew), unlike a script with any applied step.
     */
    public boolean nothingApplied() {
        return failedIn(Phase.EXPAND) && stepsDone == 0;
    }

    /**
     * Whether nothing of it is in the schema: never run, rolled back, or failed before its first step
     * applied. Such a script is linted before it runs, and its checksum is not fixed yet.
     */
    public boolean notBegun() {
        return state == MigrationState.PENDING || state == MigrationState.ROLLED_BACK || nothingApplied();
    }

    /** Whether a phase of it ran and was not undone: the opposite of PENDING and ROLLED_BACK. */
    public boolean applied() {
        return state != MigrationState.PENDING && state != MigrationState.ROLLED_BACK;
    }

    /**
     * Whether any node finishes {@code p} once it is cut short: the contract, whose gate had passed (and
     * whose swap, cut short, may have left the sync triggers dropped), for the next heartbeat of any node.
     * A step of any phase that lost its session, or was stopped by {@code close()} (its thread interrupted),
     * is left as a crash of the node leaves it, running; other phases are resumed by their verb. A step the
     * server refused is recorded FAILED.
     */
    public static boolean finishedByAnyNode(Phase p) {
        return p == Phase.CONTRACT;
    }

    /** Whether {@code p} is running, or was cut short (by a crash or a failed step): the next call resumes it. */
    public boolean interrupted(Phase p) {
        return phase == p && (state == running(p) || state == MigrationState.FAILED);
    }

    public boolean failedIn(Phase p) {
        return state == MigrationState.FAILED && phase == p;
    }

    /**
     * Whether step {@code index} of {@code p} already ran as far as {@code start()} is concerned: it
     * resumes an interrupted expand or backfill after the steps recorded as done.
     */
    public boolean stepDone(Phase p, int index) {
        boolean startResumes = state == MigrationState.EXPANDING || state == MigrationState.EXPANDED
                || state == MigrationState.BACKFILLING || failedIn(Phase.EXPAND) || failedIn(Phase.BACKFILL);
        return startResumes && phase != null && (p.compareTo(phase) < 0 || (p == phase && index < stepsDone));
    }

    /** The state a migration is in while {@code p} runs. */
    public static MigrationState running(Phase p) {
        return switch (p) {
            case EXPAND -> MigrationState.EXPANDING;
            case BACKFILL -> MigrationState.BACKFILLING;
            case CONTRACT -> MigrationState.CONTRACTING;
            case ROLLBACK -> MigrationState.ROLLING_BACK;
        };
    }

    /** The state a migration reaches when {@code p} ends. */
    public static MigrationState done(Phase p) {
        return switch (p) {
            case EXPAND -> MigrationState.EXPANDED;
            case BACKFILL -> MigrationState.READY;
            case CONTRACT -> MigrationState.COMPLETED;
            case ROLLBACK -> MigrationState.ROLLED_BACK;
        };
    }

    /** The transition that begins {@code p} from its first step; a new expand starts the record afresh. */
    public static Transition begin(Phase p) {
        return new Transition(running(p), p == Phase.EXPAND ? Transition.Stamp.RESET : Transition.Stamp.NONE);
    }

    /** The transition that resumes {@code p} where its record says. */
    public static Transition resume(Phase p) {
        return new Transition(running(p), Transition.Stamp.NONE);
    }

    /** The transition that ends {@code p}: the end of the expand and of the contract are timed. */
    public static Transition finish(Phase p) {
        return new Transition(done(p), switch (p) {
            case EXPAND -> Transition.Stamp.EXPANDED_AT;
            case CONTRACT -> Transition.Stamp.CONTRACTED_AT;
            default -> Transition.Stamp.NONE;
        });
    }

    /** This lifecycle once {@code p} ended (what the engine goes on from within one call). */
    public Lifecycle after(Phase p) {
        return new Lifecycle(done(p), p, stepsDone, false);
    }
}

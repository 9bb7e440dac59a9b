package dev.tandem.internal.engine;

import dev.tandem.MigrationState;
import dev.tandem.TandemException;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import dev.tandem.spi.StateStore;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepSession;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one phase of one migration, one step at a time, each recorded before and after, so that any node
 * can resume what another began (see docs/architecture.md, "Steps and crash recovery"). Every verb runs
 * its phases here; the transitions are the {@link Lifecycle}'s.
 */
final class PhaseRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseRunner.class);

    private final EngineSetup setup;

    PhaseRunner(EngineSetup setup) {
        this.setup = setup;
    }

    /** Runs {@code phase} of {@code m} from its first step (an expand after its checks passed). */
    void runFresh(Migration m, Phase phase) {
        Lifecycle decidedFrom = recorded(m);
        if (!freshRunDue(decidedFrom, phase)) {
            // The caller decided from a record read earlier (a start's snapshot, read before it expanded the
            // migrations before this one); a node whose migration lock was lost ran the phase since.
            throw new TandemException(m.describe() + ": another node ran its " + phase.scriptName() + " meanwhile (its record"
                    + " is " + decidedFrom + " now). Nothing was run here; start (or contract) again to go on from there.");
        }
        if (phase == Phase.EXPAND) {
            check(m);
        }
        try (StepSession session = openClaimed(m, decidedFrom)) {
            refuseBeforeBeginning(session, m, phase);
            setup.state().beginPhase(template(m), phase, Lifecycle.begin(phase));
            announce(m, Lifecycle.running(phase));
            runSteps(session, m, phase, 0, false);
        }
    }

    /** Whether {@code now} still asks for {@code phase} to run from its first step. */
    private static boolean freshRunDue(Lifecycle now, Phase phase) {
        return switch (phase) {
            case EXPAND -> now.startWork() == Lifecycle.StartWork.EXPAND;
            case BACKFILL -> now.startWork() == Lifecycle.StartWork.BACKFILL;
            case CONTRACT -> now.contractWork() == Lifecycle.ContractWork.CONTRACT;
            case ROLLBACK -> now.rollbackWork() == Lifecycle.RollbackWork.ROLLBACK;
        };
    }

    /**
     * Asks the guards of the phase's steps before the phase is recorded begun: one that refuses (a trigger
     * reading the column a contract drops) leaves the record as it was, nothing having run. Recorded as the
     * phase's failure it read as a contract begun: no rollback, and apps that do not know the migration refused.
     * Every step's, not the first's alone: a migration's second operation guards its own first step, and asked
     * only there it refused with the first operation's contract done.
     */
    private void refuseBeforeBeginning(StepSession session, Migration m, Phase phase) {
        for (Step step : m.steps(phase)) {
            try {
                session.check(step.guardsOnly());
            } catch (SQLException | RuntimeException e) {
                throw new PhaseRefusedException(m.describe() + " refused to begin its " + phase.scriptName() + ": "
                        + step.description() + ": " + goingOn(e) + ". Nothing of it ran.", e);
            }
        }
    }

    /** Resumes the phase {@code from} records, after its last step recorded as done. */
    void resume(Migration m, Lifecycle from) {
        Phase phase = from.phase();
        try (StepSession session = openClaimed(m, from)) {
            setup.state().moveTo(m.versionText(), Lifecycle.resume(phase));
            announce(m, Lifecycle.running(phase));
            LOG.info("{}: resuming {} at step {} of {}{}", m.describe(), phase.scriptName(), from.stepsDone() + 1,
                    m.steps(phase).size(), from.interruptedInStep() ? " (that step began before; it may be applied already)" : "");
            // A step of one fixed statement that failed was refused by the server: nothing of it is there, and an
            // "already there" or "already gone" answer to it now is the same mistake again (a table name mistyped),
            // not a sign that it ran; taken for one, it let the step pass as done on the next start. Only a crash
            // leaves such a step possibly applied.
            boolean refusedStatement = from.state() == MigrationState.FAILED
                    && m.steps(phase).size() > from.stepsDone() && m.steps(phase).get(from.stepsDone()).sql() != null;
            restoreSettings(session, m, phase, from.stepsDone());
            runSteps(session, m, phase, from.stepsDone(), from.interruptedInStep() && !refusedStatement);
        }
    }

    /**
     * Sets again on the new session what the {@code done} steps before set for theirs (a {@code SET @batch} or
     * {@code SET time_zone} the steps after were written to find). One that fails now stops the resume before
     * any step runs, the phase left as it was.
     */
    private void restoreSettings(StepSession session, Migration m, Phase phase, int done) {
        try {
            session.restoreSettings(m.steps(phase).subList(0, done));
        } catch (SQLException | RuntimeException e) {
            throw new TandemException(m.describe() + " cannot resume " + phase.scriptName() + ": setting again what its"
                    + " steps before set for their session failed: " + e.getMessage() + ". Nothing ran; the next try resumes"
                    + " at the same step.", e);
        }
    }

    /** Records that {@code phase} of {@code m} ended with nothing (left) to run, e.g. a script without backfill. */
    void finish(Migration m, Phase phase) {
        setup.state().moveTo(m.versionText(), Lifecycle.finish(phase));
        announce(m, Lifecycle.done(phase));
    }

    /** Runs the migration's checks against the live schema; a failure changes and records nothing. */
    private void check(Migration m) {
        List<Step> checks = m.checks();
        if (checks.isEmpty()) {
            return;
        }
        try (StepSession session = setup.sessions().open()) {
            for (Step check : checks) {
                session.check(check);
            }
        } catch (SQLException | RuntimeException e) {
            throw new TandemException(m.describe() + " cannot be applied to this schema: " + goingOn(e)
                    + ". Nothing was changed.", e);
        }
    }

    private void runSteps(StepSession session, Migration m, Phase phase, int from, boolean firstWasInterrupted) {
        List<Step> steps = m.steps(phase);
        String version = m.versionText();
        StateStore state = setup.state();
        long started = System.nanoTime();
        for (int k = from; k < steps.size(); k++) {
            int index = k;
            Step step = steps.get(k).andThen(context -> setup.hook().afterStep(version, phase, index));
            LOG.debug("{} {} step {}/{}: {}", version, phase.scriptName(), k + 1, steps.size(), step.description());
            if (HeldSchemaLock.lostByThisThread()) {
                throw new TandemException(m.describe() + " lost the schema's migration lock before step " + (k + 1) + " of "
                        + steps.size() + " of its " + phase.scriptName() + " (the lock's session ended: killed, or a network"
                        + " that dropped), and another node may hold it now and run its own phases. Nothing more ran here."
                        + " Left as a crash leaves it: " + resumedBy(phase));
            }
            try {
                session.stepStarting(version, k);
                setup.hook().beforeStep(version, phase, k);
                // A rollback may follow an expand that failed part way: what a step of it would remove
                // may never have been made, and "already gone" then counts as done.
                session.runStep(version, k, step, phase == Phase.ROLLBACK || (k == from && firstWasInterrupted));
            } catch (SQLException | RuntimeException e) {
                String failure = step.description() + ": " + goingOn(e);
                // A lost session leaves what the step did as unknown as a crash does (DDL the server finished after
                // the link dropped is there): recorded FAILED, the step would run again as new and fail on its own work.
                String cutShort = Thread.currentThread().isInterrupted() || closedThrottle(e) ? "was stopped (Tandem closing)"
                        : session.lost(e) ? "lost its database session" : null;
                if (cutShort != null) {
                    throw new TandemException(m.describe() + " " + cutShort + " in " + phase.scriptName() + " at step "
                            + (k + 1) + " of " + steps.size() + ", " + failure + ". Left as a crash leaves it: "
                            + resumedBy(phase), e);
                }
                state.fail(version, failure);
                announce(m, MigrationState.FAILED);
                throw new TandemException(m.describe() + " failed in " + phase.scriptName() + " at step " + (k + 1)
                        + " of " + steps.size() + ", " + failure + ". Nothing after this step ran. " + waysOut(m, phase), e);
            }
        }
        finish(m, phase);
        if (!steps.isEmpty()) {
            LOG.info("{}: {} done, {} step(s) in {} ms", m.describe(), phase.scriptName(), steps.size() - from,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Whether {@code failure} is, or was caused by, a throttle wait that {@code close()} ended. */
    private static boolean closedThrottle(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ThrottleClosedException) {
                return true;
            }
        }
        return false;
    }

    /** {@code failure}'s message, without the full stop that may end it: a sentence of Tandem's goes on after it. */
    private static String goingOn(Throwable failure) {
        return String.valueOf(failure.getMessage()).replaceFirst("\\.$", "");
    }

    /** Who resumes a phase left as a crash leaves it. */
    private static String resumedBy(Phase phase) {
        if (Lifecycle.finishedByAnyNode(phase)) {
            return "the next heartbeat of any node finishes it, or call contract() again.";
        }
        return phase == Phase.ROLLBACK ? "call rollback() again to finish it." : "the next start() of any node resumes it.";
    }

    /**
     * A session for {@code m}'s steps, tagged as {@link #writerTag} says, that holds the migration's steps
     * ({@link StepSession#claim}), once the record is read again and found as {@code decidedFrom}, what the work
     * about to be done was decided from. Where it moved meanwhile, another node ran the steps: one still at work
     * after its migration lock's session was lost, whose steps this node waited for (the session before it may
     * also have been a node's that died or lost its link mid-step, its statement still running on the server:
     * that one left the record as it was), or that finished them before this one claimed them. Nothing is run then:
     * the phase would be run again from a record that is over.
     */
    private StepSession openClaimed(Migration m, Lifecycle decidedFrom) {
        StepSession session = setup.sessions().open();
        try {
            session.tagAs(writerTag(m));
            boolean waited = session.claim(m.versionText(), setup.lockTimeout());
            Lifecycle now = recorded(m);
            if (!now.equals(decidedFrom)) {
                throw new TandemException(m.describe() + ": another node ran its steps meanwhile, and its record moved"
                        + " from " + decidedFrom + " to " + now + ". Nothing was run here; start (or contract) again to go"
                        + " on from where it is now.");
            }
            if (waited) {
                LOG.info("{}: the session that held its steps is gone and left its record as it was; going on",
                        m.describe());
            }
            return session;
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e instanceof TandemException t ? t
                    : new TandemException(m.describe() + ": could not open a session for its steps: " + e.getMessage(), e);
        }
    }

    /** {@code m}'s lifecycle as the database records it now. */
    private Lifecycle recorded(Migration m) {
        return Lifecycle.of(setup.state().load().stream().filter(r -> r.version().equals(m.versionText()))
                .findFirst().orElse(null));
    }

    /**
     * The tag of the app that knows every migration before {@code m}: the schema {@code m}'s own SQL was
     * written against. Another migration's sync triggers then take what that SQL writes as they should: a
     * later statement writing an earlier migration's new column is a new writer's, and must not be
     * overwritten from the old column as an old writer's write would. For {@code m}'s own triggers it is
     * an old writer's, as the app that ran before {@code m} is.
     */
    private String writerTag(Migration m) {
        MigrationVersion before = null;
        for (Migration k : setup.catalog().all()) {
            if (k.version().compareTo(m.version()) < 0) {
                before = k.version();
            }
        }
        return SessionTag.of(before);
    }

    private void announce(Migration m, MigrationState state) {
        setup.listeners().stateChanged(m.versionText(), state);
    }

    /** What a failed step of {@code phase} leaves open: the way forward, and the way back where there is one. */
    static String waysOut(Migration m, Phase phase) {
        String forward = "Fix the cause and " + (phase == Phase.CONTRACT ? "contract again (contract(\"" + m.versionText()
                + "\"), tandem contract " + m.versionText() + ")" : phase == Phase.ROLLBACK ? "roll back again"
                : "start again") + ": Tandem resumes at this step.";
        if (phase == Phase.EXPAND || phase == Phase.BACKFILL) {
            return forward + " Or undo what ran with rollback(\"" + m.versionText() + "\") (tandem rollback "
                    + m.versionText() + ").";
        }
        return forward;
    }

    /** The record a migration's first phase creates. */
    private MigrationRecord template(Migration m) {
        EngineSetup.Node node = setup.node();
        return new MigrationRecord(m.versionText(), m.description(), m.script(), m.checksum(), MigrationState.PENDING,
                null, 0, -1, null, node.appliedBy(), node.appVersion(), null, null, null);
    }
}

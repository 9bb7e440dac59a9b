package dev.tandem.internal.engine;

import dev.tandem.GateRefusedException;
import dev.tandem.GateVerdict;
import dev.tandem.TandemException;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import java.time.Duration;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verb {@code rollback}: undoes the expand of a migration that was never contracted, once no other
 * live instance knows it, newest first, never while its backfill runs.
 */
final class RollbackRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackRunner.class);
    /** How long a rollback waits for a migration's backfill lock before naming who holds it. */
    private static final Duration WAIT_FOR_BACKFILL_LOCK = Duration.ofSeconds(3);

    private final EngineSetup setup;
    private final Snapshots snapshots;
    private final PhaseRunner runner;

    RollbackRunner(EngineSetup setup, Snapshots snapshots, PhaseRunner runner) {
        this.setup = setup;
        this.snapshots = snapshots;
        this.runner = runner;
    }

    /** Rolls {@code m} back; {@code force} skips the fleet check (the instances that know it may then fail). */
    void rollback(Migration m, boolean force) {
        snapshots.underLock(snapshot -> {
            MigrationRecord rec = snapshot.record(m);
            Lifecycle lifecycle = Lifecycle.of(rec);
            GateVerdict gate = Gates.rollback(m.versionText(), setup.fleet().live(), setup.node().id());
            if (!gate.open() && !force) {
                throw new GateRefusedException("Rollback of " + m.describe() + " (use force to override)", gate.reasons());
            }
            if (!gate.open()) {
                LOG.warn("Rolling back {} by force although {}", m.describe(), String.join("; ", gate.reasons()));
            }
            refuseUnlessUndoable(m, rec, lifecycle, snapshot);
            try (MigrationLock backfillLock = backfillLock(m)) {
                if (lifecycle.rollbackWork() == Lifecycle.RollbackWork.RESUME_ROLLBACK) {
                    runner.resume(m, lifecycle);
                } else {
                    runner.runFresh(m, Phase.ROLLBACK);
                }
            }
            setup.state().forgetFlywayHistory(setup.flyway().table(), m.versionText());
            return null;
        });
    }

    private static void refuseUnlessUndoable(Migration m, MigrationRecord rec, Lifecycle lifecycle, Snapshot snapshot) {
        String cannot = "Cannot roll back " + m.describe();
        switch (lifecycle.rollbackWork()) {
            case NOTHING_EXPANDED -> throw new TandemException(cannot + ": it is " + lifecycle.state()
                    + ", nothing was expanded.");
            case CONTRACTED -> throw new TandemException(cannot + ": it is " + lifecycle.state()
                    + "; a contracted migration is undone by a new migration, not a rollback.");
            case CONTRACT_FAILED -> throw new TandemException(cannot + ": its contract began (and failed: "
                    + rec.failure() + "); finish the contract with contract(\"" + m.versionText() + "\").");
            default -> { }
        }
        for (MigrationRecord later : snapshot.records()) {
            if (MigrationVersion.fromVersion(later.version()).compareTo(m.version()) > 0 && Lifecycle.of(later).applied()) {
                throw new TandemException(cannot + " while the later migration " + later.version() + " ("
                        + later.script() + ") is " + later.state() + "; roll back the later migrations first, newest first.");
            }
        }
        if (m.steps(Phase.ROLLBACK).isEmpty() && !m.steps(Phase.EXPAND).isEmpty()) {
            throw new TandemException(cannot + ": the script has no rollback section ('-- tandem:rollback' in SQL,"
                    + " 'rollback:' in YAML). Add one in a new script version only if nothing was applied; otherwise"
                    + " undo the change by hand.");
        }
    }

    /**
     * The backfill lock of {@code m}, held while it is rolled back so that no backfill runs into its
     * undoing; a backfill running elsewhere is not waited for (it may take hours) but named.
     */
    private MigrationLock backfillLock(Migration m) {
        MigrationLock lock = setup.backfillLocks().apply(m.versionText());
        try {
            lock.acquire(WAIT_FOR_BACKFILL_LOCK);
            return lock;
        } catch (TandemException e) {
            throw new TandemException("Cannot roll back " + m.describe() + " while its backfill runs: " + e.getMessage()
                    + " Pause the backfill's node (pause()) or stop it, then roll back; the backfill's checkpoint"
                    + " is discarded with the rollback.", e);
        }
    }
}

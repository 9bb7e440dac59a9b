package dev.tandem.internal.engine;

import dev.tandem.IncompatibleSchemaException;
import dev.tandem.LintException;
import dev.tandem.LintReport;
import dev.tandem.MigrationState;
import dev.tandem.ScriptException;
import dev.tandem.TandemException;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verb {@code start} (and {@code tandem expand}): brings every migration this app knows to READY.
 * It expands what is pending, backfills what needs it, resumes what a dead node left half done, under
 * the schema's migration lock; a backfill runs under its migration's own backfill lock instead, so a
 * long backfill keeps no other migration's work waiting.
 */
final class Starter {

    private static final Logger LOG = LoggerFactory.getLogger(Starter.class);

    private final EngineSetup setup;
    private final Snapshots snapshots;
    private final PhaseRunner runner;

    Starter(EngineSetup setup, Snapshots snapshots, PhaseRunner runner) {
        this.setup = setup;
        this.snapshots = snapshots;
        this.runner = runner;
    }

    Migrator.StartOutcome start(Runnable afterStartupGate) {
        Snapshot snapshot = snapshots.prepareToStart();
        checkStartupGate(snapshot);
        afterStartupGate.run();
        List<Migration> work = setup.catalog().all().stream().filter(snapshot::needsStartWork).toList();
        if (work.isEmpty()) {
            return new Migrator.StartOutcome(List.of(), snapshot.readyForThisApp());
        }
        // Every script that will run is parsed, and every one not begun yet linted, before anything
        // runs: bad input changes nothing.
        work.forEach(Migration::parse);
        List<Migration> notBegun = work.stream().filter(snapshot::notBegun).toList();
        refuseBelowApplied(notBegun, snapshot);
        lint(notBegun);
        boolean onlyContractsToFinish = work.stream().allMatch(m -> onlyFinishesAContract(m, snapshot));
        List<String> applied = new ArrayList<>();
        Migration lastBackfilled = null;
        while (true) {
            Migration toBackfill = expandUpToBackfill(applied, onlyContractsToFinish);
            if (toBackfill == null) {
                return new Migrator.StartOutcome(List.copyOf(applied), snapshots.read().readyForThisApp());
            }
            if (toBackfill == lastBackfilled) {
                throw new TandemException(toBackfill.describe() + " still needs its backfill after one ran to the end: "
                        + snapshots.read().record(toBackfill) + ". Check status() and the log of the node that ran it.");
            }
            if (backfill(toBackfill) && !applied.contains(toBackfill.versionText())) {
                applied.add(toBackfill.versionText());
            }
            lastBackfilled = toBackfill;
        }
    }

    /**
     * Refuses a migration not begun whose version is below one the database has applied. An app tags its
     * sessions with the highest version it knows ({@link SessionTag}), and a migration's sync triggers
     * take a session tagged at or above its version for code that knows it: the app versions that know
     * the higher migration and not this one would be taken for new code, and what they write to the old
     * shape overwritten from the new one. (Flyway refuses such a script by default as well.)
     */
    private static void refuseBelowApplied(List<Migration> notBegun, Snapshot snapshot) {
        MigrationVersion highest = null;
        String which = null;
        for (MigrationRecord r : snapshot.records()) {
            MigrationVersion v = MigrationVersion.fromVersion(r.version());
            if (!Lifecycle.of(r).notBegun() && (highest == null || v.compareTo(highest) > 0)) {
                highest = v;
                which = r.script();
            }
        }
        for (MigrationVersion v : snapshot.flywayVersions()) {
            if (highest == null || v.compareTo(highest) > 0) {
                highest = v; // applied by Flyway before Tandem managed the schema
                which = "in Flyway's history";
            }
        }
        for (Migration m : notBegun) {
            if (highest != null && m.version().compareTo(highest) < 0) {
                throw new ScriptException(m.script(), 0, "its version " + m.versionText() + " is below " + highest
                        + " (" + which + "), which the database has applied already. App versions that know " + highest
                        + " but not " + m.versionText() + " tag their sessions with " + highest + ", and this migration's sync"
                        + " triggers would take their writes for code that knows it. Give the script a version above "
                        + highest + " (rename the file). Nothing was run");
            }
        }
    }

    /**
     * Refuses scripts whose SQL would break the app versions still running (unless the script accepts
     * the rule with a reason), and logs the warnings. Only migrations not begun are linted: an applied
     * script can no longer be changed, so a finding there could never be fixed.
     */
    private void lint(List<Migration> notBegun) {
        if (notBegun.isEmpty()) {
            return;
        }
        LintReport report = setup.linter().get().lint(notBegun);
        if (report.hasErrors()) {
            throw new LintException(report);
        }
        if (!report.findings().isEmpty()) {
            LOG.warn("Lint findings (they do not stop the expand):\n{}", report.render());
        }
    }

    /** The {@link StartupGate}, and a word on each migration it lets by that this app does not know. */
    private void checkStartupGate(Snapshot snapshot) {
        Optional<IncompatibleSchemaException> refusal = StartupGate.refusal(setup, snapshot);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        for (MigrationRecord rec : StartupGate.unknown(setup, snapshot)) {
            if (Lifecycle.of(rec).applied()) {
                LOG.info("Migration {} ({}) is {} but unknown to app {}: fine, expand is backward compatible",
                        rec.version(), rec.script(), rec.state(), setup.node().appVersion());
            }
        }
    }

    /**
     * Whether all {@code m} needs of a start is a contract finished: one under way on the node that holds the
     * schema's lock (a long rebuild) reads so as well as one cut short.
     */
    private static boolean onlyFinishesAContract(Migration m, Snapshot snapshot) {
        return snapshot.lifecycle(m).startWork() == Lifecycle.StartWork.FINISH_CONTRACT && !snapshot.missingFromFlywayHistory(m);
    }

    /**
     * Under the schema's migration lock, expands in version order every migration this app knows, up
     * to the first that needs a backfill, which it returns (null when all are ready). Later migrations
     * wait for that backfill: their scripts may rely on its rows. Where there are {@code onlyContractsToFinish},
     * the lock is taken only if it is free: its holder may be running that contract, and the node does not wait
     * for it to start (a contract cut short is finished by the next heartbeat that finds the lock free).
     */
    private Migration expandUpToBackfill(List<String> applied, boolean onlyContractsToFinish) {
        try (MigrationLock lock = onlyContractsToFinish ? setup.lockSchemaIfFree() : setup.lockSchema()) {
            if (lock == null) {
                LOG.info("A contract is under way on the node that holds the migration lock; starting beside it");
                return null;
            }
            Snapshot locked = snapshots.readLocked();
            List<Migration> expanded = new ArrayList<>();
            try {
                for (Migration m : setup.catalog().all()) {
                    if (expandOrFinish(m, locked, expanded, applied)) {
                        return m;
                    }
                }
                return null;
            } finally {
                setup.flyway().record(expanded);
            }
        }
    }

    /**
     * Runs what {@code m} needs short of a backfill: its expand (or the rest of it, noted in
     * {@code applied}), a migration without backfill made READY, an interrupted rollback or contract
     * finished. Returns whether {@code m} then needs its backfill.
     */
    private boolean expandOrFinish(Migration m, Snapshot snapshot, List<Migration> expanded, List<String> applied) {
        if (snapshot.adoptedFromFlyway(m)) {
            return false;
        }
        Lifecycle lifecycle = snapshot.lifecycle(m);
        if (lifecycle.startWork() == Lifecycle.StartWork.FINISH_ROLLBACK) {
            // A rollback died half way; this node knows the migration and needs it, so the rollback
            // is finished first and the migration then expanded anew from a clean state.
            LOG.warn("{}: finishing an interrupted rollback before expanding it again", m.describe());
            runner.resume(m, lifecycle);
            setup.state().forgetFlywayHistory(setup.flyway().table(), m.versionText());
            lifecycle = lifecycle.after(Phase.ROLLBACK);
        }
        switch (lifecycle.startWork()) {
            case EXPAND, RESUME_EXPAND -> {
                if (lifecycle.startWork() == Lifecycle.StartWork.EXPAND) {
                    forgetRolledBackHistory(m, snapshot);
                    runner.runFresh(m, Phase.EXPAND);
                } else {
                    runner.resume(m, lifecycle);
                }
                expanded.add(m);
                applied.add(m.versionText());
                lifecycle = lifecycle.after(Phase.EXPAND);
            }
            default -> {
                if (snapshot.missingFromFlywayHistory(m)) {
                    expanded.add(m); // expanded by a node that died before Flyway recorded it
                }
            }
        }
        if (lifecycle.startWork() == Lifecycle.StartWork.BACKFILL && m.steps(Phase.BACKFILL).isEmpty()) {
            runner.finish(m, Phase.BACKFILL);
            return false;
        }
        if (lifecycle.startWork() == Lifecycle.StartWork.FINISH_CONTRACT && !Contractor.backfillsInTheWay(m, snapshot)) {
            finishContract(m, lifecycle);
        }
        return lifecycle.needsBackfill();
    }

    /**
     * Deletes Flyway's history row of {@code m} if it was rolled back: a rollback records ROLLED_BACK before it
     * deletes the row, and one cut short between the two left the row of the text it undid, which Flyway then
     * kept for the text expanded anew (its own validate failed).
     */
    private void forgetRolledBackHistory(Migration m, Snapshot snapshot) {
        MigrationRecord rec = snapshot.record(m);
        if (rec != null && rec.state() == MigrationState.ROLLED_BACK) {
            setup.state().forgetFlywayHistory(setup.flyway().table(), m.versionText());
        }
    }

    /**
     * A contract died half way; its gate had passed, so any node finishes it. It must not keep this node
     * from starting: a failure is recorded and contract() retries it.
     */
    private void finishContract(Migration m, Lifecycle lifecycle) {
        try {
            runner.resume(m, lifecycle);
        } catch (TandemException e) {
            LOG.warn("{}: the interrupted contract failed again; the app starts anyway, retry with contract(): {}",
                    m.describe(), e.getMessage());
        }
    }

    /**
     * Runs or resumes the backfill of {@code m} under its own backfill lock, if it still needs one
     * once the lock is held (a node that waited for another's backfill finds it done). True when it ran.
     */
    private boolean backfill(Migration m) {
        try (MigrationLock lock = setup.backfillLocks().apply(m.versionText())) {
            lock.acquire(setup.lockTimeout());
            Lifecycle lifecycle = snapshots.readLocked().lifecycle(m);
            switch (lifecycle.startWork()) {
                case BACKFILL -> runner.runFresh(m, Phase.BACKFILL);
                case RESUME_BACKFILL -> runner.resume(m, lifecycle);
                default -> {
                    return false;
                }
            }
            return true;
        }
    }
}

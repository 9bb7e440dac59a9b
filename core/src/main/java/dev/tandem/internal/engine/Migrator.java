package dev.tandem.internal.engine;

import dev.tandem.IncompatibleSchemaException;
import dev.tandem.TandemException;
import dev.tandem.TandemStatus;
import dev.tandem.internal.script.Migration;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The engine's one door: each verb is its own class ({@link Starter}, {@link Contractor},
 * {@link RollbackRunner}, {@link StatusReader}), sharing one {@link PhaseRunner} and one way to read the
 * state ({@link Snapshots}); where a migration stands is the {@link dev.tandem.spi.Lifecycle}'s to say.
 */
public final class Migrator {

    private final EngineSetup setup;
    private final Starter starter;
    private final Contractor contractor;
    private final RollbackRunner rollbacks;
    private final StatusReader status;
    private final Snapshots snapshots;

    public Migrator(EngineSetup setup) {
        this.setup = setup;
        this.snapshots = new Snapshots(setup);
        PhaseRunner runner = new PhaseRunner(setup);
        this.starter = new Starter(setup, snapshots, runner);
        this.contractor = new Contractor(setup, snapshots, runner);
        this.rollbacks = new RollbackRunner(setup, snapshots, runner);
        this.status = new StatusReader(setup, snapshots);
    }

    /** What a start did: the versions it applied, and whether the schema is then ready for this app. */
    public record StartOutcome(List<String> applied, boolean ready) {
    }

    /**
     * Brings every migration this app knows to READY: expands what is pending, backfills what needs it,
     * resumes what a dead node left half done. {@code afterStartupGate} runs once the startup gate passed.
     */
    public StartOutcome expandAndBackfill(Runnable afterStartupGate) {
        return starter.start(afterStartupGate);
    }

    /** Contracts one migration this app knows once its gate is open; false when it was already contracted. */
    public boolean contract(String version) {
        return contractor.contract(known(version));
    }

    /** After each heartbeat: contracts what has had its gate open for {@code delay}. */
    public void autoContract(Duration delay) {
        contractor.autoContract(delay);
    }

    /** After each heartbeat: finishes the contracts a node died in (whether or not autoContract is on). */
    public void finishDiedContracts() {
        contractor.finishDied();
    }

    /** Contracts every READY migration this app knows whose gate is open, in version order; returns those contracted. */
    public List<String> contractAll() {
        return contractor.contractAll();
    }

    /**
     * Undoes the expand of a migration that was never contracted, once no other live instance knows
     * it ({@code force} skips that check: the instances that know it may then fail).
     */
    public void rollback(String version, boolean force) {
        rollbacks.rollback(known(version), force);
    }

    /**
     * Why this app can no longer serve on the database as it is now: a migration it does not know was
     * contracted ({@link StartupGate}), or, once {@code started}, one it knows was rolled back
     * ({@link RolledBackGate}); empty when it can. Reads only.
     */
    public Optional<IncompatibleSchemaException> incompatibility(boolean started) {
        Snapshot snapshot = snapshots.read();
        Optional<IncompatibleSchemaException> tooOld = StartupGate.refusal(setup, snapshot);
        return tooOld.isPresent() || !started ? tooOld : RolledBackGate.refusal(setup, snapshot);
    }

    /** Every migration the database records or this app knows; reads only. */
    public TandemStatus status() {
        return status.status();
    }

    private Migration known(String version) {
        return setup.catalog().find(version).orElseThrow(() -> new TandemException("Migration " + version
                + " is not among this app's scripts; contract and rollback need the script that defines it."));
    }
}

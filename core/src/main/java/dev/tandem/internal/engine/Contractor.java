package dev.tandem.internal.engine;

import dev.tandem.GateRefusedException;
import dev.tandem.GateVerdict;
import dev.tandem.TandemException;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verb {@code contract}: contracts a migration once its gate is open (expand and backfill done,
 * every live instance knows it, the policy agrees), by hand, for all at once, or automatically after
 * each heartbeat. A contract left unfinished by a dead node is finished.
 */
final class Contractor {

    private static final Logger LOG = LoggerFactory.getLogger(Contractor.class);

    private final EngineSetup setup;
    private final Snapshots snapshots;
    private final PhaseRunner runner;
    /** When this node first saw each migration's contract gate open (for autoContract's delay). */
    private final Map<String, Instant> gateOpenSince = new ConcurrentHashMap<>();
    /** How often this node tries again a dead node's contract that it failed to finish ({@link #finishDied}). */
    private final BeatBackoff finishing = new BeatBackoff();

    Contractor(EngineSetup setup, Snapshots snapshots, PhaseRunner runner) {
        this.setup = setup;
        this.snapshots = snapshots;
        this.runner = runner;
    }

    /** Contracts {@code m} under the schema's lock; false when it was already contracted. */
    boolean contract(Migration m) {
        return snapshots.underLock(snapshot -> {
            MigrationRecord rec = snapshot.record(m);
            Lifecycle lifecycle = Lifecycle.of(rec);
            if (lifecycle.contractWork() == Lifecycle.ContractWork.DONE) {
                return false;
            }
            GateVerdict gate = gate(m, rec, snapshot);
            if (!gate.open()) {
                throw new GateRefusedException("Contract of " + m.describe(), gate.reasons());
            }
            if (lifecycle.contractWork() == Lifecycle.ContractWork.RESUME_CONTRACT) {
                runner.resume(m, lifecycle);
            } else {
                runner.runFresh(m, Phase.CONTRACT);
            }
            return true;
        });
    }

    /**
     * For autoContract, after each heartbeat: contracts the READY migrations this app knows whose gate
     * has been open for {@code delay} as this node saw it. Under the lock, so one node contracts and
     * the others find it done. One a guard refused before anything of it ran (a later migration's triggers read
     * a column it drops, until that one's contract drops them) is tried again after the next heartbeat, and the
     * migrations after it are contracted meanwhile as they come due.
     */
    void autoContract(Duration delay) {
        Snapshot snapshot = snapshots.read();
        Instant now = setup.fleet().now();
        for (Migration m : setup.catalog().all()) {
            MigrationRecord rec = snapshot.record(m);
            if (Lifecycle.of(rec).contractWork() != Lifecycle.ContractWork.CONTRACT || !gate(m, rec, snapshot).open()) {
                gateOpenSince.remove(m.versionText());
                continue;
            }
            Instant since = gateOpenSince.computeIfAbsent(m.versionText(), v -> now);
            if (!now.isBefore(since.plus(delay))) {
                try {
                    if (contract(m)) {
                        LOG.info("{}: contracted automatically, its gate open since {}", m.describe(), since);
                    }
                } catch (GateRefusedException e) {
                    gateOpenSince.remove(m.versionText()); // the fleet changed under the lock
                } catch (PhaseRefusedException e) {
                    LOG.warn("{} was not contracted automatically: {} The migrations after it are contracted as they"
                            + " come due; it is tried again after the next heartbeat", m.describe(), e.getMessage());
                }
            }
        }
    }

    /**
     * After each heartbeat, autoContract on or off: finishes the contracts a node died in. A contract runs
     * under the schema's lock, whose session ends with its node, so one recorded as running while the lock
     * is free has no one running it. Its gate had passed, so any node that knows it finishes it, as
     * {@code start()} would; a fleet that restarts no node must not wait for one: a contract that died in
     * its locked swap left the sync triggers dropped, and each write meanwhile reaches one shape only.
     * While another node holds the lock it is left for the next heartbeat, without waiting. One this node
     * failed to finish is tried again after twice as many heartbeats each time ({@link BeatBackoff}): a contract
     * whose session something ends every time (a proxy's statement timeout under a long online ALTER, say)
     * is not started over at every beat.
     */
    void finishDied() {
        Snapshot now = snapshots.read();
        List<Migration> due = new ArrayList<>();
        for (Migration m : setup.catalog().all()) {
            if (!died(now, m)) {
                finishing.forget(m.versionText());
            } else if (!backfillsInTheWay(m, now) && finishing.due(m.versionText())) {
                // Not even the lock while a backfill is in the way: its copy holds most of Tandem's pool, and the lock
                // and the read under it would take the rest from the heartbeats and the throttle's signals.
                due.add(m);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        snapshots.underLockIfFree(snapshot -> {
            for (Migration m : due) {
                if (died(snapshot, m) && !backfillsInTheWay(m, snapshot)) {
                    LOG.warn("{}: its contract was cut short (its node died or lost its session); finishing it", m.describe());
                    try {
                        runner.resume(m, snapshot.lifecycle(m));
                        finishing.forget(m.versionText());
                    } catch (TandemException e) {
                        LOG.warn("{}: finishing the contract failed ({}); this node tries again after {} heartbeat(s),"
                                + " or run contract()", m.describe(), e.getMessage(), finishing.failed(m.versionText()));
                    }
                }
            }
        });
    }

    /**
     * Whether a contract of {@code m} cut short must wait to be finished for another migration's backfill begun
     * since ({@link Gates#backfillsInTheWay}): its gate had passed, but that one's copy may need what it drops.
     */
    static boolean backfillsInTheWay(Migration m, Snapshot snapshot) {
        List<String> reasons = Gates.backfillsInTheWay(m.versionText(), Gates.contractWaitsFor(m, snapshot.records()));
        if (!reasons.isEmpty()) { // at every heartbeat while a backfill runs: status() shows the contract unfinished
            LOG.debug("{}: its contract was cut short; it is finished once nothing is in its way: {}", m.describe(),
                    String.join("; ", reasons));
        }
        return !reasons.isEmpty();
    }

    private static boolean died(Snapshot snapshot, Migration m) {
        return snapshot.lifecycle(m).startWork() == Lifecycle.StartWork.FINISH_CONTRACT;
    }

    /**
     * Contracts every migration this app knows that is READY (or whose contract was cut short), in version order,
     * up to the first one its gate refuses. One a guard refused before anything of it ran (a later migration's
     * triggers read a column it drops; or the application's own trigger does, or its checks could not be read) is
     * tried again once the others are done, which may have cleared its way. A refusal after others were contracted
     * names those, which stay contracted; one still refused so is thrown with any other refusal in its message.
     */
    List<String> contractAll() {
        Snapshot snapshot = snapshots.prepare();
        List<String> contracted = new ArrayList<>();
        List<Migration> held = new ArrayList<>();
        Map<Migration, TandemException> refused = new LinkedHashMap<>();
        for (Migration m : setup.catalog().all()) {
            Lifecycle.ContractWork work = snapshot.lifecycle(m).contractWork();
            if (work == Lifecycle.ContractWork.CONTRACT || work == Lifecycle.ContractWork.RESUME_CONTRACT) {
                try {
                    contractInto(contracted, m);
                } catch (PhaseRefusedException e) {
                    LOG.info("{} It is tried again after the migrations that follow it", e.getMessage());
                    held.add(m);
                } catch (GateRefusedException e) {
                    refused.put(m, e);
                    break;
                }
            }
        }
        for (Migration m : held) {
            try {
                contractInto(contracted, m);
            } catch (PhaseRefusedException | GateRefusedException e) {
                refused.put(m, e);
            }
        }
        if (!refused.isEmpty()) {
            throw refusal(contracted, refused);
        }
        return contracted;
    }

    private void contractInto(List<String> contracted, Migration m) {
        if (contract(m)) {
            contracted.add(m.versionText());
        }
    }

    /**
     * The refusal {@link #contractAll} throws: a gate's alone as itself (the CLI tells "not now" by its type), naming
     * the migrations contracted before; else a guard's, first, with the others in its message.
     */
    private static TandemException refusal(List<String> contracted, Map<Migration, TandemException> refused) {
        String soFar = "Contracted " + (contracted.size() == 1 ? "migration " : "migrations ") + String.join(", ", contracted);
        Map.Entry<Migration, TandemException> first = refused.entrySet().iterator().next();
        if (refused.size() == 1 && first.getValue() instanceof GateRefusedException gate) {
            if (contracted.isEmpty()) {
                return gate;
            }
            GateRefusedException named = new GateRefusedException(soFar + "; then the contract of " + first.getKey().describe(),
                    gate.reasons());
            named.initCause(gate);
            return named;
        }
        List<String> messages = refused.values().stream().map(Throwable::getMessage).toList();
        PhaseRefusedException thrown = new PhaseRefusedException((contracted.isEmpty() ? "" : soFar + ". ")
                + String.join(" Also: ", messages), first.getValue());
        refused.values().stream().skip(1).forEach(thrown::addSuppressed);
        return thrown;
    }

    private GateVerdict gate(Migration m, MigrationRecord rec, Snapshot snapshot) {
        return Gates.contract(m.versionText(), rec, Gates.contractWaitsFor(m, snapshot.records()), setup.fleet().live(),
                setup.fleet().now(), setup.policies().apply(m.versionText()));
    }
}

package dev.tandem.internal.engine;

import dev.tandem.ChecksumMismatchException;
import dev.tandem.ContractPolicy;
import dev.tandem.GateRefusedException;
import dev.tandem.GateVerdict;
import dev.tandem.IncompatibleSchemaException;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.StepHook;
import dev.tandem.TandemException;
import dev.tandem.TandemStatus;
import dev.tandem.LintException;
import dev.tandem.LintReport;
import dev.tandem.internal.lint.MigrationLinter;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.spi.FleetStore;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import dev.tandem.spi.StateStore;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import dev.tandem.spi.StepSession;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs migration phases, one step at a time, each recorded before and after, under the schema's
 * migration lock; a backfill runs under its migration's own backfill lock instead, so a long backfill
 * keeps no other migration's work waiting. Any node may resume what another began: all progress is in
 * the database.
 */
public final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** How long a rollback waits for a migration's backfill lock before naming who holds it. */
    private static final Duration ROLLBACK_WAITS_FOR_BACKFILL = Duration.ofSeconds(3);

    private final MigrationCatalog catalog;
    private final StateStore state;
    private final Supplier<MigrationLock> locks;
    private final Function<String, MigrationLock> backfillLocks;
    /** Made on first use: jOOQ's parser costs a start with nothing to expand for nothing. */
    private final Supplier<MigrationLinter> linter;
    private final FlywayHistory flyway;
    private final StepHook hook;
    private final Listeners listeners;
    private final Duration lockTimeout;
    private final String appliedBy;
    private final String appVersion;
    private final FleetStore fleet;
    private final String selfId;
    private final Function<String, ContractPolicy> policies;
    /** When this node first saw each migration's contract gate open (for autoContract's delay). */
    private final Map<String, Instant> gateOpenSince = new ConcurrentHashMap<>();

    public Migrator(MigrationCatalog catalog, StateStore state, FleetStore fleet, Supplier<MigrationLock> locks,
                    Function<String, MigrationLock> backfillLocks, Supplier<MigrationLinter> linter, javax.sql.DataSource dataSource, String flywayTable, ClassLoader classLoader, StepHook hook,
                    Listeners listeners, Duration lockTimeout, String appVersion, String host, String selfId,
                    Function<String, ContractPolicy> policies) {
        this.catalog = catalog;
        this.state = state;
        this.locks = locks;
        this.backfillLocks = backfillLocks;
        this.linter = linter;
        this.flyway = new FlywayHistory(dataSource, flywayTable, classLoader);
        this.hook = hook;
        this.listeners = listeners;
        this.lockTimeout = lockTimeout;
        this.appVersion = appVersion;
        this.appliedBy = appVersion + "@" + host;
        this.fleet = fleet;
        this.selfId = selfId;
        this.policies = policies;
    }

    /** What a start did: the versions it applied, and whether the schema is then ready for this app. */
    public record StartOutcome(List<String> applied, boolean ready) {
    }

    /**
     * Brings every migration this app knows to READY: expands what is pending, backfills what needs it,
     * resumes what a dead node left half done.
     */
    public StartOutcome expandAndBackfill(Runnable afterStartupGate) {
        Snapshot snapshot = prepare();
        checkStartupGate(snapshot);
        afterStartupGate.run();
        List<Migration> work = catalog.all().stream().filter(m -> snapshot.needsStartWork(m)).toList();
        if (work.isEmpty()) {
            return new StartOutcome(List.of(), snapshot.readyForThisApp());
        }
        // Every script that will run is parsed, and every one not begun yet linted, before anything
        // runs: bad input changes nothing.
        work.forEach(Migration::parse);
        lint(work.stream().filter(m -> snapshot.notBegun(m)).toList());
        List<String> applied = new ArrayList<>();
        Migration lastBackfilled = null;
        while (true) {
            Migration toBackfill = expandUpToBackfill(applied);
            if (toBackfill == null) {
                return new StartOutcome(List.copyOf(applied), snapshot().readyForThisApp());
            }
            if (toBackfill == lastBackfilled) {
                throw new TandemException(describe(toBackfill) + " still needs its backfill after one ran to the end: "
                        + snapshot().record(toBackfill) + ". Check status() and the log of the node that ran it.");
            }
            if (backfill(toBackfill) && !applied.contains(toBackfill.versionText())) {
                applied.add(toBackfill.versionText());
            }
            lastBackfilled = toBackfill;
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
        LintReport report = linter.get().lint(notBegun);
        if (report.hasErrors()) {
            throw new LintException(report);
        }
        if (!report.findings().isEmpty()) {
            LOG.warn("Lint findings (they do not stop the expand):\n{}", report.render());
        }
    }

    /**
     * Under the schema's migration lock, expands in version order every migration this app knows, up
     * to the first that needs a backfill, which it returns (null when all are ready). Later migrations
     * wait for that backfill: their scripts may rely on its rows.
     */
    private Migration expandUpToBackfill(List<String> applied) {
        try (MigrationLock lock = locks.get()) {
            lock.acquire(lockTimeout);
            Snapshot locked = snapshot();
            List<Migration> expanded = new ArrayList<>();
            try {
                for (Migration m : catalog.all()) {
                    if (expandOrFinish(m, locked, expanded, applied)) {
                        return m;
                    }
                }
                return null;
            } finally {
                flyway.record(expanded);
            }
        }
    }

    /**
     * Runs or resumes the backfill of {@code m} under its own backfill lock, if it still needs one
     * once the lock is held (a node that waited for another's backfill finds it done). True when it ran.
     */
    private boolean backfill(Migration m) {
        try (MigrationLock lock = backfillLocks.apply(m.versionText())) {
            lock.acquire(lockTimeout);
            MigrationRecord rec = snapshot().record(m);
            if (!needsBackfill(rec)) {
                return false;
            }
            if (rec.state() == MigrationState.EXPANDED) {
                runFresh(m, Phase.BACKFILL, MigrationState.BACKFILLING, MigrationState.READY);
            } else {
                resume(m, rec, MigrationState.BACKFILLING, MigrationState.READY);
            }
            return true;
        }
    }

    /** Whether the record's migration is expanded but not yet backfilled (or its backfill was cut short). */
    private static boolean needsBackfill(MigrationRecord rec) {
        return rec != null && (rec.state() == MigrationState.EXPANDED || rec.state() == MigrationState.BACKFILLING
                || failedIn(rec, Phase.BACKFILL));
    }

    /**
     * Refuses to start an app that does not know a migration the database has contracted: its code
     * may use what the contract dropped. Unknown migrations that are only expanded are fine.
     */
    private void checkStartupGate(Snapshot snapshot) {
        List<String> problems = new ArrayList<>();
        for (MigrationRecord rec : snapshot.records.values()) {
            if (catalog.find(rec.version()).isPresent()) {
                continue;
            }
            boolean contracted = rec.state() == MigrationState.COMPLETED || rec.state() == MigrationState.CONTRACTING
                    || failedIn(rec, Phase.CONTRACT);
            if (contracted) {
                problems.add("migration " + rec.version() + " (" + rec.script() + ") was contracted"
                        + (rec.contractedAt() == null ? " (contract in progress)" : " at " + rec.contractedAt())
                        + "; the oldest app version that knows it is " + (rec.expandedBy() == null ? "unknown" : rec.expandedBy()));
            } else if (rec.state() != MigrationState.ROLLED_BACK && rec.state() != MigrationState.PENDING) {
                LOG.info("Migration {} ({}) is {} but unknown to app {}: fine, expand is backward compatible",
                        rec.version(), rec.script(), rec.state(), appVersion);
            }
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException("App version " + appVersion + " is too old for this database, its code"
                    + " may use what was dropped:\n  - " + String.join("\n  - ", problems)
                    + "\nDeploy an app version that knows these migrations.");
        }
    }

    /**
     * Contracts one migration this app knows, once its gate is open: expand and backfill done, every
     * live instance knows it, the policy agrees. A contract left unfinished by a dead node is finished.
     * Returns false when it was already contracted.
     */
    public boolean contract(String version) {
        Migration m = known(version);
        return underLock(snapshot -> {
            MigrationRecord rec = snapshot.record(m);
            MigrationState current = stateOf(rec);
            if (current == MigrationState.COMPLETED) {
                return false;
            }
            GateVerdict gate = contractGate(m.versionText(), rec);
            if (!gate.open()) {
                throw new GateRefusedException("Contract of " + describe(m), gate.reasons());
            }
            if (current == MigrationState.CONTRACTING || failedIn(rec, Phase.CONTRACT)) {
                resume(m, rec, MigrationState.CONTRACTING, MigrationState.COMPLETED);
            } else {
                runFresh(m, Phase.CONTRACT, MigrationState.CONTRACTING, MigrationState.COMPLETED);
            }
            return true;
        });
    }

    private GateVerdict contractGate(String version, MigrationRecord rec) {
        return Gates.contract(version, rec, fleet.live(), fleet.now(), policies.apply(version));
    }

    /**
     * For autoContract, after each heartbeat: contracts the READY migrations this app knows whose gate
     * has been open for {@code delay} as this node saw it. Under the lock, so one node contracts and
     * the others find it done.
     */
    public void autoContract(Duration delay) {
        Snapshot snapshot = snapshot();
        Instant now = fleet.now();
        for (Migration m : catalog.all()) {
            MigrationRecord rec = snapshot.record(m);
            if (rec == null || rec.state() != MigrationState.READY) {
                gateOpenSince.remove(m.versionText());
                continue;
            }
            if (!contractGate(m.versionText(), rec).open()) {
                gateOpenSince.remove(m.versionText());
                continue;
            }
            Instant since = gateOpenSince.computeIfAbsent(m.versionText(), v -> now);
            if (!now.isBefore(since.plus(delay))) {
                try {
                    if (contract(m.versionText())) {
                        LOG.info("{}: contracted automatically, its gate open since {}", describe(m), since);
                    }
                } catch (GateRefusedException e) {
                    gateOpenSince.remove(m.versionText()); // the fleet changed under the lock
                }
            }
        }
    }

    /** Contracts every READY migration this app knows whose gate is open, in version order; returns those contracted. */
    public List<String> contractAll() {
        Snapshot snapshot = prepare();
        List<String> contracted = new ArrayList<>();
        for (Migration m : catalog.all()) {
            MigrationRecord rec = snapshot.record(m);
            if (rec != null && (rec.state() == MigrationState.READY || rec.state() == MigrationState.CONTRACTING
                    || failedIn(rec, Phase.CONTRACT)) && contract(m.versionText())) {
                contracted.add(m.versionText());
            }
        }
        return contracted;
    }

    /**
     * Undoes the expand of a migration that was never contracted, once no other live instance knows
     * it ({@code force} skips that check: the instances that know it may then fail).
     */
    public void rollback(String version, boolean force) {
        Migration m = known(version);
        underLock(snapshot -> {
            MigrationRecord rec = snapshot.record(m);
            MigrationState current = stateOf(rec);
            GateVerdict gate = Gates.rollback(m.versionText(), fleet.live(), selfId);
            if (!gate.open() && !force) {
                throw new GateRefusedException("Rollback of " + describe(m) + " (use force to override)", gate.reasons());
            }
            if (!gate.open()) {
                LOG.warn("Rolling back {} by force although {}", describe(m), String.join("; ", gate.reasons()));
            }
            switch (current) {
                case PENDING, ROLLED_BACK -> throw new TandemException("Cannot roll back " + describe(m) + ": it is "
                        + current + ", nothing was expanded.");
                case CONTRACTING, COMPLETED -> throw new TandemException("Cannot roll back " + describe(m) + ": it is "
                        + current + "; a contracted migration is undone by a new migration, not a rollback.");
                default -> { }
            }
            if (failedIn(rec, Phase.CONTRACT)) {
                throw new TandemException("Cannot roll back " + describe(m) + ": its contract began (and failed: "
                        + rec.failure() + "); finish the contract with contract(\"" + version + "\").");
            }
            for (MigrationRecord later : snapshot.records.values()) {
                if (MigrationVersion.fromVersion(later.version()).compareTo(m.version()) > 0
                        && later.state() != MigrationState.ROLLED_BACK && later.state() != MigrationState.PENDING) {
                    throw new TandemException("Cannot roll back " + describe(m) + " while the later migration "
                            + later.version() + " (" + later.script() + ") is " + later.state()
                            + "; roll back the later migrations first, newest first.");
                }
            }
            if (m.steps(Phase.ROLLBACK).isEmpty() && !m.steps(Phase.EXPAND).isEmpty()) {
                throw new TandemException("Cannot roll back " + describe(m) + ": the script has no rollback section"
                        + " ('-- tandem:rollback' in SQL, 'rollback:' in YAML). Add one in a new script version only if"
                        + " nothing was applied; otherwise undo the change by hand.");
            }
            try (MigrationLock backfillLock = backfillLockForRollback(m)) {
                if (current == MigrationState.ROLLING_BACK || failedIn(rec, Phase.ROLLBACK)) {
                    resume(m, rec, MigrationState.ROLLING_BACK, MigrationState.ROLLED_BACK);
                } else {
                    runFresh(m, Phase.ROLLBACK, MigrationState.ROLLING_BACK, MigrationState.ROLLED_BACK);
                }
            }
            state.forgetFlywayHistory(flyway.table(), m.versionText());
            return null;
        });
    }

    /**
     * The backfill lock of {@code m}, held while it is rolled back so that no backfill runs into its
     * undoing; a backfill running elsewhere is not waited for (it may take hours) but named.
     */
    private MigrationLock backfillLockForRollback(Migration m) {
        MigrationLock lock = backfillLocks.apply(m.versionText());
        try {
            lock.acquire(ROLLBACK_WAITS_FOR_BACKFILL);
            return lock;
        } catch (TandemException e) {
            throw new TandemException("Cannot roll back " + describe(m) + " while its backfill runs: " + e.getMessage()
                    + " Pause the backfill's node (pause()) or stop it, then roll back; the backfill's checkpoint"
                    + " is discarded with the rollback.", e);
        }
    }

    /** Runs {@code body} on a fresh read of the state, holding the schema's migration lock. */
    private <T> T underLock(java.util.function.Function<Snapshot, T> body) {
        prepare();
        try (MigrationLock lock = locks.get()) {
            lock.acquire(lockTimeout);
            return body.apply(snapshot());
        }
    }

    private static MigrationState stateOf(MigrationRecord rec) {
        return rec == null ? MigrationState.PENDING : rec.state();
    }

    /**
     * Every migration the database records or this app knows. Reads only, so that a user with nothing but
     * SELECT may ask: unlike the calls that migrate, it creates no table (neither Tandem's nor Flyway's
     * history), takes no lock and registers nothing; on a schema Tandem has not run on it names the missing
     * tables.
     */
    public TandemStatus status() {
        ForeignTables.refuse(state.foreignTables());
        Snapshot snapshot = snapshot();
        snapshot.verifyChecksums();
        List<InstanceStatus> live = fleet.live();
        Instant now = fleet.now();
        Map<MigrationVersion, MigrationStatus> all = new TreeMap<>();
        for (MigrationRecord rec : snapshot.records.values()) {
            all.put(MigrationVersion.fromVersion(rec.version()), migrationStatus(rec.version(), rec.description(),
                    rec.script(), rec, live, now));
        }
        for (MigrationVersion applied : snapshot.flywayApplied.keySet()) {
            String version = applied.getVersion();
            all.computeIfAbsent(applied, v -> new MigrationStatus(version,
                    catalog.find(version).map(Migration::description).orElse("(applied by Flyway)"),
                    catalog.find(version).map(Migration::script).orElse(null), MigrationState.COMPLETED,
                    catalog.find(version).isPresent(), null, 0, null, null, null,
                    GateVerdict.closed(List.of("applied by Flyway, nothing to contract")),
                    GateVerdict.closed(List.of("applied by Flyway, not rolled back by Tandem"))));
        }
        for (Migration m : catalog.all()) {
            all.computeIfAbsent(m.version(), v -> migrationStatus(m.versionText(), m.description(), m.script(), null,
                    live, now));
        }
        return new TandemStatus(List.copyOf(all.values()), live, state.backfills(), state.missingTables(flyway.table()));
    }

    private MigrationStatus migrationStatus(String version, String description, String script, MigrationRecord rec,
                                            List<InstanceStatus> live, Instant now) {
        MigrationState current = stateOf(rec);
        GateVerdict rollbackGate = switch (current) {
            case PENDING, ROLLED_BACK -> GateVerdict.closed(List.of("nothing was expanded"));
            case CONTRACTING, COMPLETED -> GateVerdict.closed(List.of("contracted: undo it with a new migration"));
            default -> Gates.rollback(version, live, selfId);
        };
        return new MigrationStatus(version, description, script, current, catalog.find(version).isPresent(),
                rec == null ? null : rec.phase(), rec == null ? 0 : rec.stepsDone(), rec == null ? null : rec.failure(),
                rec == null ? null : rec.expandedAt(), rec == null ? null : rec.contractedAt(),
                Gates.contract(version, rec, live, now, policies.apply(version)), rollbackGate);
    }

    /**
     * Reads the state, first creating what is missing: Flyway's history table (under the lock, see
     * below), then Tandem's own. Before anything, a table under Tandem's names that is not Tandem's stops
     * it. On a schema already set up this is three queries.
     */
    private Snapshot prepare() {
        ForeignTables.refuse(state.foreignTables());
        Snapshot snapshot = snapshot();
        if (snapshot.tablesMissing) {
            createTables();
            snapshot = snapshot();
        }
        snapshot.verifyChecksums();
        return snapshot;
    }

    private void createTables() {
        if (state.flywayApplied(flyway.table()) == null) {
            // Under the lock: nodes starting together on an empty schema would otherwise race, and a
            // loser would see another's fresh tables and ask Flyway to baseline a non-empty schema.
            try (MigrationLock lock = locks.get()) {
                lock.acquire(lockTimeout);
                if (state.flywayApplied(flyway.table()) == null) {
                    flyway.create();
                }
            }
        }
        state.ensureTables();
    }

    private Snapshot snapshot() {
        List<MigrationRecord> records = state.load();
        Map<String, Integer> flywayApplied = state.flywayApplied(flyway.table());
        return new Snapshot(records == null ? List.of() : records, flywayApplied == null ? Map.of() : flywayApplied,
                records == null || flywayApplied == null);
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
        MigrationRecord rec = snapshot.record(m);
        MigrationState current = stateOf(rec);
        if (current == MigrationState.ROLLING_BACK || failedIn(rec, Phase.ROLLBACK)) {
            // A rollback died half way; this node knows the migration and needs it, so the rollback
            // is finished first and the migration then expanded anew from a clean state.
            LOG.warn("{}: finishing an interrupted rollback before expanding it again", describe(m));
            resume(m, rec, MigrationState.ROLLING_BACK, MigrationState.ROLLED_BACK);
            state.forgetFlywayHistory(flyway.table(), m.versionText());
            current = MigrationState.ROLLED_BACK;
        }
        if (current == MigrationState.PENDING || current == MigrationState.ROLLED_BACK || nothingApplied(rec)) {
            runFresh(m, Phase.EXPAND, MigrationState.EXPANDING, MigrationState.EXPANDED);
            expanded.add(m);
            applied.add(m.versionText());
            current = MigrationState.EXPANDED;
        } else if (current == MigrationState.EXPANDING || failedIn(rec, Phase.EXPAND)) {
            resume(m, rec, MigrationState.EXPANDING, MigrationState.EXPANDED);
            expanded.add(m);
            applied.add(m.versionText());
            current = MigrationState.EXPANDED;
        } else if (expandDone(rec) && !snapshot.inFlywayHistory(m)) {
            expanded.add(m); // expanded by a node that died before Flyway recorded it
        }
        if (current == MigrationState.EXPANDED && m.steps(Phase.BACKFILL).isEmpty()) {
            state.moveTo(m.versionText(), MigrationState.READY);
            listeners.stateChanged(m.versionText(), MigrationState.READY);
            return false;
        } else if (current == MigrationState.CONTRACTING) {
            // A contract died half way; its gate had passed, so any node finishes it. It must not
            // keep this node from starting: a failure is recorded and contract() retries it.
            try {
                resume(m, rec, MigrationState.CONTRACTING, MigrationState.COMPLETED);
            } catch (TandemException e) {
                LOG.warn("{}: the interrupted contract failed again; the app starts anyway, retry with contract(): {}",
                        describe(m), e.getMessage());
            }
        }
        return current == MigrationState.EXPANDED || needsBackfill(rec); // expanded just now, or before
    }

    private void runFresh(Migration m, Phase phase, MigrationState running, MigrationState done) {
        if (phase == Phase.EXPAND) {
            check(m);
        }
        state.beginPhase(template(m), phase, running);
        listeners.stateChanged(m.versionText(), running);
        runSteps(m, phase, 0, false, done);
    }

    /** Runs the migration's checks against the live schema; a failure changes and records nothing. */
    private void check(Migration m) {
        List<Step> checks = m.checks();
        if (checks.isEmpty()) {
            return;
        }
        try (StepSession session = state.openSession()) {
            for (Step check : checks) {
                session.check(check);
            }
        } catch (SQLException | RuntimeException e) {
            String problem = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1)
                    : e.getMessage();
            throw new TandemException(describe(m) + " cannot be applied to this schema: " + problem
                    + ". Nothing was changed.", e);
        }
    }

    private void resume(Migration m, MigrationRecord rec, MigrationState running, MigrationState done) {
        state.moveTo(m.versionText(), running);
        listeners.stateChanged(m.versionText(), running);
        Phase phase = rec.phase();
        LOG.info("{}: resuming {} at step {} of {}{}", describe(m), phase.scriptName(), rec.stepsDone() + 1,
                m.steps(phase).size(), rec.interruptedInStep() ? " (that step began before; it may be applied already)" : "");
        runSteps(m, phase, rec.stepsDone(), rec.interruptedInStep(), done);
    }

    private void runSteps(Migration m, Phase phase, int from, boolean firstWasInterrupted, MigrationState done) {
        List<Step> steps = m.steps(phase);
        String version = m.versionText();
        long started = System.nanoTime();
        try (StepSession session = state.openSession()) {
            for (int k = from; k < steps.size(); k++) {
                Step step = hooked(version, phase, k, steps.get(k));
                LOG.debug("{} {} step {}/{}: {}", version, phase.scriptName(), k + 1, steps.size(), step.description());
                try {
                    session.stepStarting(version, k);
                    hook.beforeStep(version, phase, k);
                    // A rollback may follow an expand that failed part way: what a step of it would remove
                    // may never have been made, and "already gone" then counts as done.
                    session.runStep(version, k, step, phase == Phase.ROLLBACK || (k == from && firstWasInterrupted));
                } catch (SQLException | RuntimeException e) {
                    String failure = step.description() + ": " + e.getMessage();
                    state.fail(version, failure);
                    listeners.stateChanged(version, MigrationState.FAILED);
                    throw new TandemException(describe(m) + " failed in " + phase.scriptName() + " at step " + (k + 1)
                            + " of " + steps.size() + ", " + failure + ". Nothing after this step ran. " + waysOut(m, phase), e);
                }
            }
        }
        state.moveTo(version, done);
        listeners.stateChanged(version, done);
        if (!steps.isEmpty()) {
            LOG.info("{}: {} done, {} step(s) in {} ms", describe(m), phase.scriptName(), steps.size() - from,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** What a failed step of {@code phase} leaves open: the way forward, and the way back where there is one. */
    private static String waysOut(Migration m, Phase phase) {
        String forward = "Fix the cause and " + (phase == Phase.CONTRACT ? "contract again (contract(\"" + m.versionText()
                + "\"), tandem contract " + m.versionText() + ")" : phase == Phase.ROLLBACK ? "roll back again"
                : "start again") + ": Tandem resumes at this step.";
        if (phase == Phase.EXPAND || phase == Phase.BACKFILL) {
            return forward + " Or undo what ran with rollback(\"" + m.versionText() + "\") (tandem rollback "
                    + m.versionText() + ").";
        }
        return forward;
    }

    /** The step, with the hook called after it ran and before the engine records it. */
    private Step hooked(String version, Phase phase, int index, Step step) {
        return new Step() {
            @Override
            public String description() {
                return step.description();
            }

            @Override
            public void apply(StepContext context, boolean resumed) throws SQLException {
                step.apply(context, resumed);
                hook.afterStep(version, phase, index);
            }
        };
    }

    private MigrationRecord template(Migration m) {
        return new MigrationRecord(m.versionText(), m.description(), m.script(), m.checksum(), MigrationState.PENDING,
                null, 0, -1, null, appliedBy, appVersion, null, null, null);
    }

    private Migration known(String version) {
        return catalog.find(version).orElseThrow(() -> new TandemException("Migration " + version
                + " is not among this app's scripts; contract and rollback need the script that defines it."));
    }

    /**
     * An expand that failed at its first step applied nothing: its script may still be corrected
     * (the checksum is taken anew), unlike a script with any applied step.
     */
    private static boolean nothingApplied(MigrationRecord rec) {
        return failedIn(rec, Phase.EXPAND) && rec.stepsDone() == 0;
    }

    /** Whether the expand of this record is complete (whatever came after it). */
    private static boolean expandDone(MigrationRecord rec) {
        if (rec == null) {
            return false;
        }
        return switch (rec.state()) {
            case EXPANDED, BACKFILLING, READY, CONTRACTING, COMPLETED -> true;
            case FAILED -> rec.phase() == Phase.BACKFILL || rec.phase() == Phase.CONTRACT;
            default -> false;
        };
    }

    private static boolean failedIn(MigrationRecord rec, Phase phase) {
        return rec != null && rec.state() == MigrationState.FAILED && rec.phase() == phase;
    }

    private static String describe(Migration m) {
        return "Migration " + m.versionText() + " (" + m.script() + ")";
    }

    /** The database's view of all migrations at one moment. */
    private final class Snapshot {

        final Map<MigrationVersion, MigrationRecord> records = new TreeMap<>();
        /** Flyway's applied versions and their checksums (a null checksum for rows without one). */
        final Map<MigrationVersion, Integer> flywayApplied = new TreeMap<>();
        final boolean tablesMissing;

        Snapshot(List<MigrationRecord> records, Map<String, Integer> flywayApplied, boolean tablesMissing) {
            records.forEach(r -> this.records.put(MigrationVersion.fromVersion(r.version()), r));
            flywayApplied.forEach((version, checksum) -> this.flywayApplied.put(MigrationVersion.fromVersion(version), checksum));
            this.tablesMissing = tablesMissing;
        }

        MigrationRecord record(Migration m) {
            return records.get(m.version());
        }

        boolean inFlywayHistory(Migration m) {
            return flywayApplied.containsKey(m.version());
        }

        /** Applied by Flyway before Tandem managed this database: complete, nothing for Tandem to do. */
        boolean adoptedFromFlyway(Migration m) {
            return record(m) == null && inFlywayHistory(m);
        }

        void verifyChecksums() {
            for (Migration m : catalog.all()) {
                MigrationRecord rec = record(m);
                if (rec != null && rec.state() != MigrationState.PENDING && rec.state() != MigrationState.ROLLED_BACK
                        && !nothingApplied(rec) && rec.checksum() != m.checksum()) {
                    throw new ChecksumMismatchException(m.script(), m.versionText(), rec.checksum(), m.checksum());
                }
                Integer flywaySum = rec == null ? flywayApplied.get(m.version()) : null;
                if (flywaySum != null && flywaySum != m.checksum()) {
                    throw new ChecksumMismatchException(m.script(), m.versionText(), flywaySum, m.checksum());
                }
            }
        }

        /** Whether every migration this app knows is ready for it. */
        boolean readyForThisApp() {
            return catalog.all().stream().allMatch(this::readyForNewCode);
        }

        boolean readyForNewCode(Migration m) {
            if (adoptedFromFlyway(m)) {
                return true;
            }
            MigrationRecord rec = record(m);
            return rec != null && (rec.state().isReadyForNewCode() || failedIn(rec, Phase.CONTRACT));
        }

        /** Whether nothing of {@code m} has run yet (or its expand failed at its first step). */
        boolean notBegun(Migration m) {
            MigrationRecord rec = record(m);
            return !adoptedFromFlyway(m) && (rec == null || rec.state() == MigrationState.PENDING
                    || rec.state() == MigrationState.ROLLED_BACK || nothingApplied(rec));
        }

        /** Whether start() has anything to do for {@code m} (or to finish for a dead node). */
        boolean needsStartWork(Migration m) {
            if (adoptedFromFlyway(m)) {
                return false;
            }
            MigrationRecord rec = record(m);
            return rec == null || rec.state() == MigrationState.CONTRACTING || !readyForNewCode(m)
                    || (expandDone(rec) && !inFlywayHistory(m));
        }
    }
}

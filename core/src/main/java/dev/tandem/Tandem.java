package dev.tandem;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.internal.engine.Fleet;
import dev.tandem.internal.engine.Listeners;
import dev.tandem.internal.engine.EngineSetup;
import dev.tandem.internal.engine.FlywayHistory;
import dev.tandem.internal.engine.Migrator;
import dev.tandem.internal.engine.SessionTag;
import dev.tandem.internal.engine.LatencyProbe;
import dev.tandem.internal.engine.Throttler;
import dev.tandem.internal.lint.MigrationLinter;
import dev.tandem.internal.move.MoveServers;
import dev.tandem.internal.move.MoveSettings;
import dev.tandem.internal.move.MoveWatcher;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.spi.Dialect;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-downtime schema evolution, called by the application at startup:
 *
 * <pre>{@code
 * Tandem tandem = Tandem.configure()
 *     .dataSource(ds)
 *     .appVersion("2.0.0")
 *     .load();
 * tandem.start();          // expands what is pending; returns when the schema is ready for this version
 * DataSource app = tandem.dataSource();   // the app's own connections, tagged for the sync triggers
 * ...
 * tandem.contract("2");    // once no running instance needs the old shape
 * tandem.close();
 * }</pre>
 *
 * Thread-safe; one per application instance.
 */
public final class Tandem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tandem.class);
    /** How long {@link #close()} waits for a background start to stop at its next chunk or throttle check. */
    private static final Duration BACKGROUND_STOP_WAIT = Duration.ofSeconds(10);

    private final Settings config;
    /** Fixed at load(), where the prefix was checked. */
    private final TableNames tables;
    private final Listeners listeners;
    private final Object lifecycle = new Object();
    private final CountDownLatch readyLatch = new CountDownLatch(1);
    private volatile boolean ready;
    /**
     * Set once the schema no longer fits this app (a contract it does not know, or a rollback of a migration it
     * knows, ran while it lived): its application connections are refused.
     */
    private volatile boolean unfit;
    private volatile TandemException backgroundFailure;
    private Connections connections;
    private MigrationCatalog catalog;
    private Migrator migrator;
    private Thread background;
    /** Set by {@link #close()}: a background start that fails from then on was stopped, not broken. */
    private volatile boolean closing;
    private Fleet fleet;
    private Throttler throttler;
    private LatencyProbe latencyProbe;
    private MoveWatcher moveWatcher;
    private Thread shutdownHook;
    private final String instanceId = UUID.randomUUID().toString();

    Tandem(Settings config) {
        this.config = config;
        this.tables = config.tableNames();
        this.listeners = new Listeners(config.listeners());
    }

    /** A new configuration, to be finished with {@link TandemConfiguration#load()}. */
    public static TandemConfiguration configure() {
        return new TandemConfiguration();
    }

    /**
     * Brings the schema to what this app version needs: takes the migration lock (waiting, and saying
     * on whom, while another node migrates), refuses edited scripts, expands what is pending, runs
     * backfills and resumes whatever a dead node left half done. First of all, a table under Tandem's
     * names ({@link #tableNames()}) that is not Tandem's stops it, before anything changed. With
     * {@code waitForReady(true)} (default) it returns when the schema is ready; otherwise at once, the work
     * going on in the background (see {@link #isReady()}).
     */
    public StartResult start() {
        long started = System.nanoTime();
        Migrator m = migrator();
        if (!config.waitForReady()) {
            synchronized (lifecycle) {
                if (background == null) {
                    background = new Thread(this::startInBackground, "tandem-start");
                    background.setDaemon(true);
                    background.start();
                }
            }
            return new StartResult(List.of(), ready, Duration.ofNanos(System.nanoTime() - started));
        }
        Migrator.StartOutcome outcome = m.expandAndBackfill(this::joinFleet);
        markReady(outcome.ready());
        return new StartResult(outcome.applied(), ready, Duration.ofNanos(System.nanoTime() - started));
    }

    private void startInBackground() {
        try {
            markReady(migrator().expandAndBackfill(this::joinFleet).ready());
        } catch (RuntimeException e) {
            if (closing) {
                LOG.info("Stopped making the schema ready for app version {}: Tandem was closed ({}); the next start()"
                        + " resumes", config.appVersion(), e.getMessage());
            } else {
                failInBackground(e);
            }
        } catch (Error e) {
            // Out of memory, say: awaitReady() must hear of it, not wait out its timeout; the thread still dies of it.
            failInBackground(e);
            throw e;
        }
    }

    private void failInBackground(Throwable e) {
        TandemException failure;
        if (e instanceof TandemException tandemFailure) {
            failure = tandemFailure;
            LOG.error("Tandem could not make the schema ready for app version {}: {}", config.appVersion(), e.getMessage(), e);
        } else {
            failure = new TandemException("Tandem failed in the background: " + e.getMessage(), e);
            LOG.error("Tandem failed in the background", e);
        }
        try {
            listeners.failed(failure);
        } finally {
            backgroundFailure = failure; // after the listeners: awaitReady() throws it once they have heard of it
        }
    }

    /**
     * {@code ttl} in the whole seconds the registry keeps, rounded up: cut down, 900 ms was 0 s, an instance no gate
     * counted live, and 1.9 s was 1 s, less than twice a heartbeat interval of 0.95 s.
     */
    private static long wholeSecondsUp(Duration ttl) {
        return (ttl.toMillis() + 999) / 1000;
    }

    /**
     * Registers this instance in the fleet (after the startup gate let it in, before it migrates, so
     * that gates see it during a long expand) and starts its heartbeat; a JVM shutdown hook
     * deregisters it if {@link #close()} is never called.
     */
    private void joinFleet() {
        synchronized (lifecycle) {
            if (fleet != null) {
                return;
            }
            Migration latest = catalog.latest();
            InstanceStatus me = new InstanceStatus(instanceId, config.appVersion(), hostName(), ProcessHandle.current().pid(),
                    new LinkedHashSet<>(catalog.all().stream().map(Migration::versionText).toList()),
                    latest == null ? null : latest.versionText(), null, null, wholeSecondsUp(config.instanceTtl()));
            Duration autoContract = config.autoContractDelay();
            Fleet joining = new Fleet(connections.dialect().fleetStore(connections.pool(), tables), me,
                    config.heartbeatInterval(), () -> {
                        migrator.finishDiedContracts();
                        if (autoContract != null) {
                            migrator.autoContract(autoContract);
                        }
                    }, this::refuseConnectionsIfUnfit);
            joining.join();
            fleet = joining; // only once registered: a start called again after a failed registration tries it again
            moveWatcher.start();
            // Not a deregistration: the application may still serve while it shuts down (Fleet.leaving).
            shutdownHook = new Thread(fleet::leaving, "tandem-leaving");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * After each heartbeat: does the schema still fit this app? A contract it does not know, or a rollback of
     * a migration it knows, can run while it lives: when its heartbeats stalled past its instanceTtl (the
     * gates counted it dead), when it registered just as another node's contract gate counted the fleet, or
     * when a rollback was forced. Its code may then use what was dropped, or write rows the other version reads
     * wrong; so the pools lent to the application refuse every borrower from then on and it is no longer
     * ready (a wrong write is worse than a failed request). It stays registered: no contract it does not know
     * runs while it lives. Also run right after this instance rolled a migration back (hence synchronized).
     */
    private synchronized void refuseConnectionsIfUnfit() {
        if (unfit) {
            return;
        }
        migrator.incompatibility(started()).ifPresent(refusal -> {
            unfit = true;
            String reason = "Instance " + instanceId + " can no longer serve: " + refusal.getMessage()
                    + " Until it is restarted, Tandem refuses this instance's application connections.";
            // Refused before it says it is not ready: whoever sees it not ready finds its connections refused.
            connections.refuse(reason);
            ready = false;
            LOG.error(reason);
        });
    }

    /** The names of Tandem's tables in the schema ({@link TandemConfiguration#tablePrefix(String)}). */
    public TableNames tableNames() {
        return tables;
    }

    /** This instance's id in the fleet registry. */
    public String instanceId() {
        return instanceId;
    }

    private void markReady(boolean schemaReady) {
        if (!schemaReady) {
            throw new TandemException("The schema is not ready for app version " + config.appVersion()
                    + " after start; see status() for the migrations that are not READY.");
        }
        ready = !unfit; // a contract it does not know ran during a long start: its connections are refused
        LOG.info("Schema ready for app version {}", config.appVersion());
        listeners.ready();
        readyLatch.countDown();
    }

    /**
     * Whether every migration this app knows is expanded, backfilled and verified: the node may serve traffic.
     * False again once a migration this app does not know was contracted, or one it knows was rolled back,
     * while it ran (docs/fleet.md).
     */
    public boolean isReady() {
        return ready;
    }

    /**
     * Waits until {@link #isReady()} or {@code timeout}; returns whether ready. Throws the failure of a
     * non-blocking start that failed.
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (backgroundFailure != null) {
                throw backgroundFailure;
            }
            if (readyLatch.await(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return ready;
    }

    /**
     * Contracts one migration once its gate is open (expand and backfill done, every live instance knows
     * it, the contract policy agrees); otherwise throws {@link GateRefusedException} naming every
     * blocker. Returns false if it was already contracted.
     */
    public boolean contract(String version) {
        return migrator().contract(version);
    }

    /**
     * Contracts every READY migration this app knows, oldest first; returns the versions contracted. A
     * {@link GateRefusedException} for one of them after others were contracted names those, which stay contracted.
     * One whose contract a guard refuses before anything of it runs (a later migration's triggers read a column it
     * drops, say) is tried again after the others, up to the first one a gate refuses.
     */
    public List<String> contract() {
        return migrator().contractAll();
    }

    /**
     * Undoes the expand of a migration that was never contracted, completely; refused while another
     * live instance knows the migration.
     */
    public void rollback(String version) {
        rollback(version, false);
    }

    /**
     * Like {@link #rollback(String)}; with {@code force}, also while instances that know it are live (their
     * connections are then refused at their next heartbeat). A started instance that rolls back a migration
     * its own code uses refuses its own application connections at once (docs/fleet.md).
     */
    public void rollback(String version, boolean force) {
        migrator().rollback(version, force);
        if (started()) {
            refuseConnectionsIfUnfit();
        }
    }

    /** Whether this instance's start made the schema ready for it (whether or not it is still ready). */
    private boolean started() {
        return readyLatch.getCount() == 0;
    }

    /** Holds backfills run by this instance before their next chunk, until {@link #resume()}. */
    public void pause() {
        migrator();
        throttler.pause();
    }

    /** Lets paused backfills go on. */
    public void resume() {
        migrator();
        throttler.resume();
    }

    /**
     * Every migration the database records or this app knows, and where each stands. Reads only, and needs
     * nothing but SELECT on the schema: it creates no table, takes no lock and does not register this
     * instance. On a schema Tandem has not run on, its migrations show as PENDING and
     * {@link TandemStatus#missingTables()} names the tables {@link #start()} would create. A table under
     * Tandem's names that is not Tandem's is named in a {@link TandemException}, as {@code start()} names it.
     */
    public TandemStatus status() {
        return migrator().status();
    }

    /**
     * A connection pool for the application itself, whose sessions carry this app's tag so the
     * dual-write triggers know which shape it writes. Closed with this Tandem.
     */
    public DataSource dataSource() {
        // The tag read now, not at each pool made: the pool for a move's new server is made by the move watcher
        // under the connections' lock, and sessionInitSql() takes the lifecycle's, which close() holds while it
        // waits for that lock. Read first: it opens the connections too.
        String sessionTag = sessionInitSql();
        moveWatcher.start(); // before start() too: a pool lent before it must follow a move as well
        return connections.appPool(sessionTag);
    }

    /**
     * Lends {@code applicationPool}'s connections through a DataSource that a move of the database to another
     * server (docs/move.md) holds, drains, switches and releases as it does {@link #dataSource()}'s: for an
     * application that keeps a HikariCP pool of its own (the Spring Boot starter wraps the application's pool
     * so). At a switch the pool is replaced by one with its settings on the server the database went to, with
     * that server's URL, user and password as configured ({@link TandemConfiguration#moveTarget}, or the
     * database's own on the way back), and closed. If this instance found at startup that the database had
     * moved, that happens at once.
     *
     * <p>Borrow only from the DataSource returned (one given during a cut-over is held with the others). The
     * application closes it, instead of the pool (after a switch it lends another): it is
     * {@link AutoCloseable}. Tandem does not close it; {@link #close()} stops following it. The same pool given
     * again gives the same DataSource.
     */
    public DataSource followMoves(HikariDataSource applicationPool) {
        Objects.requireNonNull(applicationPool, "applicationPool");
        migrator();
        moveWatcher.start();
        return connections.follow(applicationPool);
    }

    /**
     * The SQL that tags a session as this app's, for applications that configure their own pool
     * (e.g. HikariCP's {@code connectionInitSql}).
     */
    public String sessionInitSql() {
        migrator();
        Migration latest = catalog.latest();
        return connections.dialect().sessionTagSql(SessionTag.of(latest == null ? null : latest.version()));
    }

    /**
     * Stops a start running in the background (a backfill stops at its next chunk; the next {@code start()}
     * of any node resumes it from its checkpoint), leaves the fleet registry and closes Tandem's pools.
     */
    @Override
    public void close() {
        stopBackground();
        synchronized (lifecycle) {
            if (fleet != null) {
                fleet.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs (a second deregister is harmless)
                }
                fleet = null;
            }
            if (moveWatcher != null) {
                moveWatcher.close();
            }
            if (latencyProbe != null) {
                latencyProbe.close();
            }
            if (throttler != null) {
                throttler.close();
            }
            if (connections != null) {
                connections.close();
            }
        }
    }

    /**
     * Interrupts the background start and waits for it, before the pools it uses close under it: left
     * running, it would wait for its throttle signals, unreadable on a closed pool, for as long as the JVM
     * lives.
     */
    private void stopBackground() {
        Thread starting;
        synchronized (lifecycle) {
            closing = true;
            starting = background;
        }
        if (starting == null || !starting.isAlive() || starting == Thread.currentThread()) {
            return; // none, or close() called by a listener on the background start's own thread
        }
        starting.interrupt();
        try {
            starting.join(BACKGROUND_STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (starting.isAlive()) {
            LOG.warn("The background start did not stop within {} s of close(); closing Tandem's pools under it",
                    BACKGROUND_STOP_WAIT.toSeconds());
        }
    }

    /** Tandem's connections, opened on first use. */
    private Connections connections() {
        synchronized (lifecycle) {
            if (connections == null) {
                connections = new Connections(config);
            }
            return connections;
        }
    }

    /**
     * Coordinates a move of the database to the configured move target ({@link TandemConfiguration#moveTarget}),
     * with its own connections to both servers; close it when done. See docs/move.md.
     */
    public TandemMove move(MoveOptions options) {
        Connections connections = connections();
        Dialect dialect = connections.dialect();
        List<ThrottleSignal> signals = new ArrayList<>(config.throttleSignals());
        signals.add(dialect.threadsRunningSignal(connections.pool(), config.maxThreadsRunning()));
        MoveSettings move = config.move();
        return new TandemMove(MoveServers.open(dialect, tables, connections.current(), move.target(),
                move.replicationUser(), move.replicationPassword(), options.workers()), dialect, options,
                new Throttler(signals, Duration.ofMillis(500), config.backfillChunkTarget()), config.classLoader());
    }

    private Migrator migrator() {
        synchronized (lifecycle) {
            if (migrator == null) {
                Connections connections = connections();
                Dialect dialect = connections.dialect();
                MoveWatcher watcher = new MoveWatcher(connections, dialect, tables, instanceId, config.move().holdGrace(),
                        config.heartbeatInterval());
                try {
                    watcher.redirectAtStartup(config.move().maxPause());
                    migrator = newMigrator(connections, dialect);
                } catch (RuntimeException | Error e) {
                    // A start() tried again must not leave this attempt's pool to the move target open behind it.
                    watcher.close();
                    throw e;
                }
                moveWatcher = watcher;
            }
            return migrator;
        }
    }

    /** The engine, on {@code connections}; the scripts scanned and the throttle's signals made. */
    private Migrator newMigrator(Connections connections, Dialect dialect) {
        DataSource pool = connections.pool();
        catalog = MigrationCatalog.scan(config.locations(), config.classLoader(), dialect.statementSplitter(),
                OperationTypes.discover(config.classLoader(), dialect.lintRules()));
        List<ThrottleSignal> signals = new ArrayList<>(config.throttleSignals());
        signals.add(dialect.threadsRunningSignal(pool, config.maxThreadsRunning()));
        if (config.maxCheckpointAge() > 0) {
            signals.add(dialect.checkpointAgeSignal(pool, config.maxCheckpointAge()));
        }
        signals.addAll(connections.replicaSignals());
        latencyProbe = config.latencyProbe() ? LatencyProbe.of(pool, dialect.latencyProbeSql(tables)) : null;
        throttler = new Throttler(signals, Duration.ofMillis(500), config.backfillChunkTarget(), connections.latency(),
                latencyProbe, config.maxForegroundSlowdown());
        return new Migrator(new EngineSetup(catalog,
                dialect.stateStore(pool, tables),
                dialect.stepSessions(pool, tables, config.ddlPolicy(), throttler, listeners),
                dialect.fleetStore(pool, tables), () -> dialect.migrationLock(pool),
                version -> dialect.backfillLock(pool, version), () -> new MigrationLinter(connections.scriptLinter()),
                new FlywayHistory(pool, config.flywayTable(), config.classLoader()), config.stepHook(), listeners,
                config.lockTimeout(), new EngineSetup.Node(config.appVersion(), hostName(), instanceId),
                config::contractPolicy));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public String toString() {
        return "Tandem[" + config + ", ready=" + ready + "]";
    }
}

package dev.tandem;

import dev.tandem.internal.config.ConnectionSettings;
import dev.tandem.internal.move.Endpoint;
import dev.tandem.internal.move.MoveSettings;
import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.spi.DdlPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How a {@link Tandem} connects and behaves. Every option has a default that suits production; the
 * docs (docs/configuration.md) explain each. Obtain one with {@link Tandem#configure()}.
 */
public final class TandemConfiguration {

    /** The environment variable {@link #fromEnvironment()} takes {@link #tablePrefix(String)} from. */
    public static final String TABLE_PREFIX_VARIABLE = "TANDEM_TABLE_PREFIX";
    /** The prefix of the variables that name a move's target: {@code TANDEM_TARGET_URL} and so on. */
    public static final String TARGET_PREFIX = "TANDEM_TARGET_";
    public static final String REPLICATION_USER_VARIABLE = "TANDEM_REPLICATION_USER";
    public static final String REPLICATION_PASSWORD_VARIABLE = "TANDEM_REPLICATION_PASSWORD";
    /** The default {@link #maxForegroundSlowdown}: the application's p99 may grow by half during a backfill. */
    public static final double DEFAULT_MAX_FOREGROUND_SLOWDOWN = 1.5;
    /**
     * The bounds of {@link #maxCheckpointAge}: below a twentieth the server's routine writing out alone
     * holds the work back; above three quarters the limit comes too close to where the server writes out at
     * its hardest (about seven eighths) to spare the application anything.
     */
    static final double MIN_CHECKPOINT_AGE = 0.05;
    static final double MAX_CHECKPOINT_AGE = 0.75;
    /** The most connections {@link #copyThreads} may give a copy: past the cores of any server it would run on. */
    public static final int MAX_COPY_THREADS = 16;
    /** The connections of Tandem's pool a copy holds beside its writers: the lock, its verification, the throttle signals'. */
    private static final int POOL_BESIDE_COPY_WRITERS = 3;

    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private String appVersion = "unknown";
    private List<String> locations = List.of("classpath:db/tandem");
    private boolean waitForReady = true;
    private Duration lockTimeout = Duration.ofMinutes(30);
    private String flywayTable = "flyway_schema_history";
    /** Null until set here or in the environment: then {@link TableNames#DEFAULT_PREFIX}. */
    private String tablePrefix;
    /** Where {@link #tablePrefix} came from, for the message that refuses it. */
    private String tablePrefixGivenBy;
    private int poolSize = 5;
    /** Whether {@link #poolSize} was given: if not, it grows to make room for {@link #copyThreads}. */
    private boolean poolSizeGiven;
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    private Duration ddlLockWaitTimeout = DdlPolicy.DEFAULT.lockWaitTimeout();
    private Duration ddlRetryBudget = DdlPolicy.DEFAULT.retryBudget();
    private long copyExpandThreshold = DdlPolicy.DEFAULT.copyThreshold();
    /** Null until set: then {@link DdlPolicy#DEFAULT_COPY_THREADS}, as far as {@link #poolSize} leaves room. */
    private Integer copyThreads;
    private boolean keepReplacedTables;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Duration instanceTtl = Duration.ofSeconds(60);
    private ContractPolicy contractPolicy = ContractPolicy.none();
    /** By version as given; checked and normalised at {@link #load()}. */
    private final Map<String, ContractPolicy> contractPolicies = new java.util.LinkedHashMap<>();
    private Duration autoContractDelay;
    private final List<ThrottleSignal> throttleSignals = new ArrayList<>();
    private int maxThreadsRunning = 25;
    private final List<DataSource> replicas = new ArrayList<>();
    private boolean discoverReplicas;
    private Duration maxReplicaLag = Duration.ofSeconds(1);
    private Duration backfillChunkTarget = Duration.ofMillis(200);
    private double maxForegroundSlowdown = DEFAULT_MAX_FOREGROUND_SLOWDOWN;
    private double maxCheckpointAge;
    private boolean latencyProbe;
    private final List<TandemListener> listeners = new ArrayList<>();
    private String moveTargetUrl;
    private String moveTargetUser;
    private String moveTargetPassword;
    private String replicationUser;
    private String replicationPassword;
    private Duration maxPause = MoveSettings.DEFAULT_MAX_PAUSE;
    private Duration holdGrace = MoveSettings.DEFAULT_HOLD_GRACE;
    /** Not API: tests of crash recovery set it through {@link EngineAccess#stepHook}. */
    private StepHook stepHook = StepHook.NONE;

    static {
        EngineAccess.allowStepHooks((configuration, hook) -> configuration.stepHook = hook);
    }

    TandemConfiguration() {
    }

    /**
     * The database to migrate. Tandem wraps it in a small pool of its own (see {@link #poolSize}),
     * so the application's pool is never starved by a migration. Give a DataSource of its own, not the
     * application's pool when that tags its sessions ({@link Tandem#sessionInitSql} as its
     * {@code connectionInitSql}): the migrations reset a session's user variables, the tag among them,
     * before the session goes back (a WARN says so).
     */
    public TandemConfiguration dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /** The database to migrate by JDBC URL, e.g. {@code jdbc:<driver>://db:<port>/app}; an alternative to {@link #dataSource}. */
    public TandemConfiguration url(String url) {
        this.url = url;
        return this;
    }

    public TandemConfiguration user(String user) {
        this.user = user;
        return this;
    }

    /** Never logged, never in an exception or {@code toString()}. */
    public TandemConfiguration password(String password) {
        this.password = password;
        return this;
    }

    /**
     * Takes the connection from {@code TANDEM_URL}, {@code TANDEM_USER}, {@code TANDEM_PASSWORD} or
     * {@code TANDEM_PASSWORD_FILE}, and {@code TANDEM_SECRET_FILE} (a JSON secret of the AWS Secrets
     * Manager shape), and the prefix of Tandem's tables from {@code TANDEM_TABLE_PREFIX}; values set on
     * this configuration before or after win over the environment.
     */
    public TandemConfiguration fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Like {@link #fromEnvironment()}, from {@code env} instead of the process's environment: for a launcher
     * that holds variables of its own (the command line lays its flags over them).
     */
    public TandemConfiguration fromEnvironment(Map<String, String> env) {
        ConnectionSettings settings = ConnectionSettings.fromEnvironment(env);
        url = url != null ? url : settings.url();
        user = user != null ? user : settings.user();
        password = password != null ? password : settings.password();
        ConnectionSettings target = ConnectionSettings.fromEnvironment(env, TARGET_PREFIX);
        if (moveTargetUrl == null && target.url() != null) {
            moveTarget(target.url(), target.user(), target.password());
        }
        if (replicationUser == null && env.get(REPLICATION_USER_VARIABLE) != null) {
            replicationUser(env.get(REPLICATION_USER_VARIABLE), env.get(REPLICATION_PASSWORD_VARIABLE));
        }
        String prefixVariable = env.get(TABLE_PREFIX_VARIABLE);
        if (tablePrefix == null && prefixVariable != null && !prefixVariable.isBlank()) {
            tablePrefix = prefixVariable;
            tablePrefixGivenBy = TABLE_PREFIX_VARIABLE;
        }
        return this;
    }

    /** This application's version (free text, usually semver), shown in status and the fleet registry. */
    public TandemConfiguration appVersion(String appVersion) {
        this.appVersion = appVersion;
        return this;
    }

    /**
     * Where the migration scripts are, Flyway style: {@code classpath:db/tandem} (the default) or
     * {@code filesystem:/path}; several are merged.
     */
    public TandemConfiguration locations(String... locations) {
        this.locations = locations == null ? null : java.util.Arrays.asList(locations.clone());
        return this;
    }

    /**
     * true (default): {@link Tandem#start()} returns only when the schema is ready for this app version.
     * false: it returns at once and the work goes on in the background; use {@link Tandem#isReady()}
     * or a {@link TandemListener} for the node's health check, so traffic arrives only when ready.
     */
    public TandemConfiguration waitForReady(boolean waitForReady) {
        this.waitForReady = waitForReady;
        return this;
    }

    /**
     * How long a node waits for another node's migration to finish before giving up (default 30 min).
     * The waiting node logs who holds the lock while it waits.
     */
    public TandemConfiguration lockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
        return this;
    }

    /** Flyway's history table, for databases that renamed it (default {@code flyway_schema_history}). */
    public TandemConfiguration flywayTable(String flywayTable) {
        this.flywayTable = flywayTable;
        return this;
    }

    /**
     * The prefix of Tandem's table names (default {@code tandem_}: {@code tandem_migrations},
     * {@code tandem_instances}, {@code tandem_backfill}), for a schema where the application has a table
     * of its own under one of them. Letters, digits, {@code _} and {@code $}; checked at {@link #load()}.
     * Every node, and the command line, must use the same prefix on one schema: each finds Tandem's state
     * only under its own names.
     */
    public TandemConfiguration tablePrefix(String prefix) {
        this.tablePrefix = prefix;
        this.tablePrefixGivenBy = "tablePrefix";
        return this;
    }

    /**
     * Connections of Tandem's own pool (default 5: the lock, a migration step (a copy's first writer), a
     * copy's second writer ({@link #copyThreads}) and its verification beside them, and room for status calls
     * and throttle signals; a rollback holds two locks at once; not given, {@code copyThreads + 3} where
     * {@link #copyThreads} asks for more than two writers).
     */
    public TandemConfiguration poolSize(int poolSize) {
        this.poolSize = poolSize;
        this.poolSizeGiven = true;
        return this;
    }

    /**
     * How long one migration statement may wait for a lock before it gives up and retries (default
     * 3 s; whole seconds). While a DDL waits for its metadata lock, the application's queries on that
     * table queue behind it: this bounds that stall. See docs/online-ddl.md.
     */
    public TandemConfiguration ddlLockWaitTimeout(Duration timeout) {
        this.ddlLockWaitTimeout = timeout;
        return this;
    }

    /**
     * How long one migration statement keeps retrying lock-wait timeouts and deadlocks before the
     * step fails (default 10 min); the step is retried from there by the next start.
     */
    public TandemConfiguration ddlRetryBudget(Duration budget) {
        this.ddlRetryBudget = budget;
        return this;
    }

    /**
     * From how many rows (the server's estimate of the table's size) a backfill that rewrites every row of
     * a table (add_column with {@code up}, alter_column, rename_column) copies the table into one of the
     * new shape and swaps it in, instead of updating its rows in place (default
     * {@value DdlPolicy#DEFAULT_COPY_THRESHOLD}); 0 copies every table that can be copied. A migration's
     * operation may choose for itself ({@code strategy: copy} or {@code in_place}). See docs/backfill.md.
     */
    public TandemConfiguration copyExpandThreshold(long rows) {
        this.copyExpandThreshold = rows;
        return this;
    }

    /**
     * How many connections write a copy's chunks at once (default {@value DdlPolicy#DEFAULT_COPY_THREADS},
     * or fewer where {@link #poolSize} leaves no room; 1 writes them one after the other). Each takes a
     * connection of Tandem's pool while the copy runs, beside the lock, the copy's verification and the
     * throttle signals': {@code poolSize}, when given, must be at least {@code copyThreads + 3} (not given, it
     * grows to that). More writers copy faster
     * where the server has idle cores, and take more of them from the application (the throttle still
     * holds every writer back when the application's latency asks). See docs/backfill.md.
     */
    public TandemConfiguration copyThreads(int threads) {
        this.copyThreads = threads;
        return this;
    }

    /**
     * Whether the contract leaves the table a copy replaced ({@code _tandem_<version>_<table>_<column>_old})
     * for the operator to drop, instead of dropping it (default false: dropped). Dropping a table of many
     * gigabytes removes its file while the server waits, which can stall the server for seconds; an
     * operator may rather remove it the way its file system allows (a hard link to the file, then {@code
     * DROP TABLE}, then the file shortened bit by bit). The contract's log names each table kept. A rollback
     * drops it regardless. See docs/backfill.md.
     */
    public TandemConfiguration keepReplacedTables(boolean keep) {
        this.keepReplacedTables = keep;
        return this;
    }

    /**
     * How often this instance tells the fleet registry it is alive (default 10 s). Heartbeats run on a
     * daemon thread; a failed one is retried and logged, never fatal.
     */
    public TandemConfiguration heartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    /**
     * How long after its last heartbeat an instance that died without closing still counts as alive
     * (default 60 s): the contract gate waits this long for a killed old instance. Shorter contracts
     * sooner after a crash; it must stay well above {@link #heartbeatInterval} so that a slow heartbeat
     * does not make a live instance look dead. The registry keeps it in whole seconds, rounded up.
     */
    public TandemConfiguration instanceTtl(Duration instanceTtl) {
        this.instanceTtl = instanceTtl;
        return this;
    }

    /** Extra contract conditions for every migration (minimum age, app-version rule); none by default. */
    public TandemConfiguration contractPolicy(ContractPolicy policy) {
        this.contractPolicy = policy;
        return this;
    }

    /** Extra contract conditions for one migration; they replace the global policy for it. */
    public TandemConfiguration contractPolicy(String version, ContractPolicy policy) {
        contractPolicies.put(version, policy);
        return this;
    }

    /**
     * Opt-in: this running instance contracts each READY migration it knows once the contract gate has
     * been open for {@code delay} (checked at every heartbeat). The gate is enforced either way, and
     * only one node contracts. Off by default: contract is then an explicit call.
     */
    public TandemConfiguration autoContract(Duration delay) {
        this.autoContractDelay = delay;
        return this;
    }

    /**
     * A signal the backfill asks before every chunk; while it gives a reason, or cannot be read, the
     * backfill waits. Add several as needed.
     */
    public TandemConfiguration throttle(ThrottleSignal signal) {
        throttleSignals.add(signal);
        return this;
    }

    /**
     * The backfill waits while the server's {@code Threads_running} is above this (default 25, as
     * pt-online-schema-change pauses): a busy server's own work comes first.
     */
    public TandemConfiguration maxThreadsRunning(int maxThreadsRunning) {
        this.maxThreadsRunning = maxThreadsRunning;
        return this;
    }

    /**
     * A replica whose lag the backfill watches: it waits while the replica is more than
     * {@link #maxReplicaLag} behind, while its replication is stopped, or while its state cannot be
     * read. Add one for each replica that serves reads or may be promoted. The user needs the
     * privilege to read the replica's replication state there (for each server: docs/backfill.md).
     */
    public TandemConfiguration replica(DataSource replica) {
        replicas.add(replica);
        return this;
    }

    /**
     * Also watch the replicas found from the primary ({@code SHOW REPLICAS}, else the replication
     * threads in its process list), connecting to each with this configuration's URL (host and port
     * replaced), user and password. Needs {@link #url}; off by default.
     */
    public TandemConfiguration discoverReplicas(boolean discoverReplicas) {
        this.discoverReplicas = discoverReplicas;
        return this;
    }

    /**
     * The most replica lag the backfill accepts before it waits (default 1 s, as servers report lag in
     * whole seconds; gh-ost's default is 1.5 s).
     */
    public TandemConfiguration maxReplicaLag(Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
        return this;
    }

    /**
     * The time one backfill chunk aims at (default 200 ms; 50 ms to 5 s): the chunk size adapts to it.
     * Longer chunks backfill faster (fewer commits); shorter ones hold their row locks for less time,
     * so the application's writes to rows in a chunk wait less (see docs/benchmarks.md for both).
     */
    public TandemConfiguration backfillChunkTarget(Duration target) {
        this.backfillChunkTarget = target;
        return this;
    }

    /**
     * How much slower the application's requests may get while a backfill runs on this instance, as a
     * multiple of their p99 latency before it (default {@value #DEFAULT_MAX_FOREGROUND_SLOWDOWN}; 0 turns
     * this signal off). Tandem times every request on the connections it lends ({@link Tandem#dataSource()},
     * {@link Tandem#followMoves}); while their p99 over the last second is above this multiple, the backfill
     * waits, and its chunks aim at a shorter time until the latency comes back within it.
     */
    public TandemConfiguration maxForegroundSlowdown(double factor) {
        this.maxForegroundSlowdown = factor;
        return this;
    }

    /**
     * Whether a backfill is held to the server's latency where the application's requests are not seen (off
     * by default): an application that borrows its connections from a pool of its own, neither
     * {@link Tandem#dataSource()} nor followed with {@link Tandem#followMoves}, or whose traffic comes
     * through other instances. A backfill that has run for a second with no requests of the application seen
     * before it then waits a few seconds while a probe times a short read every 10 ms without it, and is
     * held to {@link #maxForegroundSlowdown} times that read's p99, as it is to the application's.
     * Off, a backfill that sees no requests runs as fast as the other throttle signals let it.
     */
    public TandemConfiguration latencyProbe(boolean latencyProbe) {
        this.latencyProbe = latencyProbe;
        return this;
    }

    /**
     * The share of the server's redo log that changes not yet written out to the tables may fill (its
     * checkpoint age) before a backfill waits (off, 0, by default). A copy writes faster than the server
     * writes its changes out; as they pile up toward the redo log's capacity, the server writes out harder
     * and at last holds every writer, the application's too, while it does: stalls of hundreds of
     * milliseconds, late in a long copy. Held to a share such as 0.3, the copy goes at the pace the server
     * writes out, slower where its disk is slow (docs/backfill.md, "Throttling"). Needs MySQL 8.0.30 or later,
     * or a MariaDB told to write out as it goes ({@code innodb_max_dirty_pages_pct_lwm} above 0); elsewhere
     * starting a migration fails while this is set.
     */
    public TandemConfiguration maxCheckpointAge(double share) {
        this.maxCheckpointAge = share;
        return this;
    }

    /** The class loader that finds {@code classpath:} scripts and Tandem's plug-ins. */
    public TandemConfiguration classLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
        return this;
    }

    /**
     * The server the database is moving to, or came from (docs/move.md): every instance names it, so that a
     * cut-over can switch its connections there, and an instance that starts with the old server's URL after
     * a move goes where the database went. {@code fromEnvironment()} reads it from {@code TANDEM_TARGET_URL},
     * {@code TANDEM_TARGET_USER}, {@code TANDEM_TARGET_PASSWORD} (or {@code _PASSWORD_FILE}) or
     * {@code TANDEM_TARGET_SECRET_FILE}.
     */
    public TandemConfiguration moveTarget(String url, String user, String password) {
        this.moveTargetUrl = url;
        this.moveTargetUser = user;
        this.moveTargetPassword = password;
        return this;
    }

    /**
     * The user a server connects to the other as when it replicates during a move (it needs REPLICATION SLAVE
     * on both); the connecting users when not set. {@code fromEnvironment()} reads {@code TANDEM_REPLICATION_USER}
     * and {@code TANDEM_REPLICATION_PASSWORD}.
     */
    public TandemConfiguration replicationUser(String user, String password) {
        this.replicationUser = user;
        this.replicationPassword = password;
        return this;
    }

    /**
     * How long a borrower of {@link Tandem#dataSource()} waits at most while a cut-over holds the connections
     * (default 10 s); then it gets a transient SQLException (SQLState 08001) and may retry.
     */
    public TandemConfiguration maxPause(Duration maxPause) {
        this.maxPause = maxPause;
        return this;
    }

    /**
     * How long a cut-over's hold waits for the application's connections already lent to come back (default
     * 2 s); transactions still open then are ended on the old server and fail.
     */
    public TandemConfiguration holdGrace(Duration holdGrace) {
        this.holdGrace = holdGrace;
        return this;
    }

    public TandemConfiguration listener(TandemListener listener) {
        listeners.add(listener);
        return this;
    }

    public Tandem load() {
        return new Tandem(validated());
    }

    /**
     * Checks every option at once and copies them: what the loaded {@link Tandem} uses can no longer
     * change, and all that is wrong is said in one {@link TandemConfigurationException}.
     */
    Settings validated() {
        ConfigurationProblems problems = new ConfigurationProblems();
        problems.requireSet("appVersion", appVersion);
        problems.requireSet("lockTimeout", lockTimeout);
        problems.requireSet("flywayTable", flywayTable);
        problems.requireSet("ddlRetryBudget", ddlRetryBudget);
        problems.requireSet("instanceTtl", instanceTtl);
        problems.requireSet("contractPolicy", contractPolicy);
        problems.requireSet("classLoader", classLoader);
        problems.requireNoNulls("throttle", throttleSignals);
        problems.requireNoNulls("replica", replicas);
        problems.requireNoNulls("listener", listeners);
        problems.check(locations != null && !locations.isEmpty(), "locations: at least one location is needed");
        problems.requireNoNulls("locations", locations);
        int poolSize = poolSizeGiven || copyThreads == null ? this.poolSize
                : Math.max(this.poolSize, copyThreads + POOL_BESIDE_COPY_WRITERS);
        problems.check(poolSize >= POOL_BESIDE_COPY_WRITERS + 1, "poolSize must be at least "
                + (POOL_BESIDE_COPY_WRITERS + 1) + " (a copy's backfill holds its lock, writes its chunks and verifies"
                + " beside them, and its throttle signals need a fourth), not " + poolSize);
        problems.check(copyThreads == null || copyThreads >= 1 && copyThreads <= MAX_COPY_THREADS,
                "copyThreads must be between 1 and " + MAX_COPY_THREADS + ", not " + copyThreads);
        problems.check(copyThreads == null || copyThreads < 1 || poolSize >= copyThreads + POOL_BESIDE_COPY_WRITERS,
                "poolSize (" + poolSize + ") must be at least copyThreads + " + POOL_BESIDE_COPY_WRITERS + " ("
                + (copyThreads == null ? 0 : copyThreads + POOL_BESIDE_COPY_WRITERS) + "): a copy's writers each hold a"
                + " connection beside the lock, the verification and the throttle signals'; raise poolSize or lower"
                + " copyThreads");
        problems.check(ddlLockWaitTimeout != null && ddlLockWaitTimeout.toSeconds() >= 1,
                "ddlLockWaitTimeout must be at least 1 s (the server counts whole seconds), not " + ddlLockWaitTimeout);
        problems.check(copyExpandThreshold >= 0, "copyExpandThreshold must not be negative (0 copies every table"
                + " that can be copied), not " + copyExpandThreshold);
        problems.check(heartbeatInterval != null && heartbeatInterval.compareTo(Duration.ZERO) > 0,
                "heartbeatInterval must be positive, not " + heartbeatInterval);
        problems.check(maxThreadsRunning >= 1, "maxThreadsRunning must be at least 1, not " + maxThreadsRunning);
        problems.check(maxReplicaLag != null && !maxReplicaLag.isNegative(),
                "maxReplicaLag must not be negative, not " + maxReplicaLag);
        problems.check(backfillChunkTarget != null && backfillChunkTarget.compareTo(Duration.ofMillis(50)) >= 0
                && backfillChunkTarget.compareTo(Duration.ofSeconds(5)) <= 0,
                "backfillChunkTarget must be between 50 ms and 5 s, not " + backfillChunkTarget);
        problems.check(maxForegroundSlowdown == 0 || maxForegroundSlowdown >= 1, "maxForegroundSlowdown must be at least 1"
                + " (the application's p99 as it was), or 0 (off), not " + maxForegroundSlowdown);
        problems.check(maxCheckpointAge == 0 || maxCheckpointAge >= MIN_CHECKPOINT_AGE && maxCheckpointAge <= MAX_CHECKPOINT_AGE,
                "maxCheckpointAge must be between " + MIN_CHECKPOINT_AGE + " and " + MAX_CHECKPOINT_AGE + " (a share of the"
                + " redo log's capacity), or 0 (off), not " + maxCheckpointAge);
        problems.check(!latencyProbe || maxForegroundSlowdown > 0, "latencyProbe needs maxForegroundSlowdown above 0:"
                + " the probe's latency is held to it, and 0 turns the latency signal off");
        if (instanceTtl != null && heartbeatInterval != null && heartbeatInterval.compareTo(Duration.ZERO) > 0) {
            problems.check(instanceTtl.compareTo(heartbeatInterval.multipliedBy(2)) >= 0, "instanceTtl (" + instanceTtl
                    + ") must be at least twice heartbeatInterval (" + heartbeatInterval
                    + "), or one late heartbeat makes a live instance look dead");
        }
        problems.check(dataSource != null || (url != null && !url.isBlank()), "No database configured: call"
                + " dataSource(...) or url(...), or set TANDEM_URL (or TANDEM_SECRET_FILE) and call fromEnvironment().");
        if (tablePrefix != null) {
            TableNames.prefixProblem(tablePrefix).ifPresent(problem -> problems.add(tablePrefixGivenBy + " '"
                    + tablePrefix + "' " + problem + " (it starts the names of Tandem's tables, e.g. "
                    + TableNames.DEFAULT_PREFIX + "migrations)"));
        }
        problems.check(!discoverReplicas || (url != null && !url.isBlank()), "discoverReplicas needs url(...): Tandem"
                + " connects to each replica found with the primary's URL, host and port replaced. With a DataSource,"
                + " give the replicas with replica(DataSource).");
        problems.check(maxPause != null && maxPause.compareTo(Duration.ofMillis(100)) >= 0,
                "maxPause must be at least 100 ms, not " + maxPause);
        problems.check(holdGrace != null && !holdGrace.isNegative(), "holdGrace must not be negative, not " + holdGrace);
        problems.check(moveTargetUrl == null || !moveTargetUrl.isBlank(), "moveTarget: the URL is blank");
        Map<org.flywaydb.core.api.MigrationVersion, ContractPolicy> policies = problems.byVersion(contractPolicies);
        problems.throwIfAny();
        int writers = copyThreads != null ? copyThreads
                : Math.min(DdlPolicy.DEFAULT_COPY_THREADS, poolSize - POOL_BESIDE_COPY_WRITERS);
        return new Settings(dataSource, url, user, password, appVersion, List.copyOf(locations), waitForReady,
                lockTimeout, flywayTable, TableNames.withPrefix(tablePrefix == null ? TableNames.DEFAULT_PREFIX : tablePrefix),
                poolSize, classLoader, new DdlPolicy(ddlLockWaitTimeout, ddlRetryBudget, copyExpandThreshold, writers,
                        keepReplacedTables),
                heartbeatInterval, instanceTtl,
                contractPolicy, policies, autoContractDelay, List.copyOf(throttleSignals), maxThreadsRunning,
                List.copyOf(replicas), discoverReplicas, maxReplicaLag, backfillChunkTarget, maxForegroundSlowdown, latencyProbe,
                maxCheckpointAge, List.copyOf(listeners),
                stepHook, new MoveSettings(moveTargetUrl == null ? null
                        : new Endpoint("the move target", moveTargetUrl, moveTargetUser, moveTargetPassword, null),
                        replicationUser, replicationPassword, maxPause, holdGrace));
    }

    @Override
    public String toString() {
        return "TandemConfiguration[" + (dataSource != null ? "dataSource=" + dataSource.getClass().getSimpleName()
                : new ConnectionSettings(url, user, password).toString()) + ", appVersion=" + appVersion
                + ", locations=" + locations + ", waitForReady=" + waitForReady + "]";
    }
}

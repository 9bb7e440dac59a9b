package dev.tandem.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every option of {@link dev.tandem.TandemConfiguration} as a {@code tandem.*} property, with the library's
 * defaults (docs/configuration.md explains each), and what the starter adds. Unset connection properties
 * are taken from the application's own ({@code spring.datasource.*}), an unset app version from the build
 * info.
 */
@ConfigurationProperties("tandem")
public class TandemProperties {

    /** Whether Tandem runs at startup; false leaves the schema alone and creates no Tandem bean. */
    private boolean enabled = true;

    /** The database to migrate; unset: the application's own (spring.datasource.url). */
    private String url;

    /** The user Tandem connects as; unset: spring.datasource.username when url is unset too. */
    private String user;

    /** The password Tandem connects with; unset: spring.datasource.password when url is unset too. Never logged. */
    private String password;

    /**
     * This application's version, recorded with every migration and in the fleet registry; unset: the
     * version of the build info (BuildProperties), else "unknown".
     */
    private String appVersion;

    /** Where the migration scripts are, Flyway style (classpath: or filesystem:); several are merged. */
    private List<String> locations = new ArrayList<>(List.of("classpath:db/tandem"));

    /**
     * true: the startup waits until the schema is ready for this app version. false: the application
     * starts at once (liveness up) and reports ready only when its schema is; its database users must
     * not query the new shape during startup.
     */
    private boolean waitForReady = true;

    /** How long a node waits for another node's migration before its start fails. */
    private Duration lockTimeout = Duration.ofMinutes(30);

    /** Flyway's history table, which Tandem keeps and adopts. */
    private String flywayTable = "flyway_schema_history";

    /** The prefix of Tandem's tables (tandem_migrations, tandem_instances, tandem_backfill). */
    private String tablePrefix = "tandem_";

    /** Connections of Tandem's own pool (at least 3). */
    private int poolSize = 5;

    /** How long one migration statement waits for a lock before it retries (whole seconds). */
    private Duration ddlLockWaitTimeout = Duration.ofSeconds(3);

    /** How long one migration statement keeps retrying lock waits and deadlocks before its step fails. */
    private Duration ddlRetryBudget = Duration.ofMinutes(10);

    /** How often this instance heartbeats in the fleet registry. */
    private Duration heartbeatInterval = Duration.ofSeconds(10);

    /** How long after its last heartbeat an instance still counts as alive; at least twice heartbeat-interval. */
    private Duration instanceTtl = Duration.ofSeconds(60);

    /** This instance contracts each READY migration it knows once the contract gate has been open this long; unset: off. */
    private Duration autoContract;

    /** The backfill waits while the server's Threads_running is above this. */
    private int maxThreadsRunning = 25;

    /** Also watch the lag of the replicas the primary knows of (needs url or spring.datasource.url). */
    private boolean discoverReplicas;

    /** The backfill waits while a watched replica lags more than this. */
    private Duration maxReplicaLag = Duration.ofSeconds(1);

    /** The time one backfill chunk aims at, 50 ms to 5 s. */
    private Duration backfillChunkTarget = Duration.ofMillis(200);

    /** From how many rows a backfill that rewrites every row copies the table instead of updating it in place; 0: always. */
    private long copyExpandThreshold = dev.tandem.spi.DdlPolicy.DEFAULT_COPY_THRESHOLD;

    /** How many connections write a copy's chunks at once; unset: 2, or fewer where the pool leaves no room. */
    private Integer copyThreads;

    /** Whether the contract leaves the table a copy replaced for you to drop, instead of dropping it. */
    private boolean keepReplacedTables;

    /**
     * How many times its p99 before a backfill the p99 of requests on the connections Tandem lends may reach
     * before the backfill waits and shrinks its chunks; 0: off.
     */
    private double maxForegroundSlowdown = dev.tandem.TandemConfiguration.DEFAULT_MAX_FOREGROUND_SLOWDOWN;

    /**
     * The share of the redo log's capacity that changes not yet written out to the tables may fill before a
     * backfill waits (0.05 to 0.75); 0: off.
     */
    private double maxCheckpointAge;

    /**
     * Whether a long backfill that sees none of the application's requests (a pool Tandem neither lends nor
     * follows) is held to the server's latency, probed with a short read every 10 ms.
     */
    private boolean latencyProbe;

    /** Whether the application's HikariCP DataSource gets Tandem's session tag as its connection-init SQL. */
    private boolean tagDataSource = true;

    /**
     * The server the database is moving to, or came from (docs/move.md): a cut-over switches this instance's
     * connections there, and an instance started with the old server's URL after a move goes there.
     */
    private final MoveTarget moveTarget = new MoveTarget();

    /**
     * The user a server replicates from the other as during a move (REPLICATION SLAVE on both servers); unset:
     * the users Tandem connects with.
     */
    private String replicationUser;

    /** The replication user's password. Never logged. */
    private String replicationPassword;

    /**
     * How long a borrower of the application's connections waits at most while a cut-over holds them; then it
     * gets a transient SQLException (SQL state 08001) it may retry.
     */
    private Duration maxPause = Duration.ofSeconds(10);

    /**
     * How long a cut-over waits for the application's connections already lent to come back; transactions
     * still open then are ended on the old server.
     */
    private Duration holdGrace = Duration.ofSeconds(2);

    /**
     * Whether the application's HikariCP DataSource follows moves of the database: a cut-over holds, drains
     * and switches its connections to the server the database went to. Unset: when tandem.move-target.url is set.
     */
    private Boolean followMoves;

    /** Extra conditions of the contract gate, for every migration. */
    private final Contract contract = new Contract();

    /** Tandem's Micrometer meters. */
    private final Metrics metrics = new Metrics();

    /** Extra conditions of the contract gate ({@link dev.tandem.ContractPolicy}). */
    public static class Contract {

        /** Contract no sooner than this after the expand finished (database clock); unset: no minimum. */
        private Duration minimumAge;

        /** Contract only while every live instance runs this app version or newer; unset: any. */
        private String appVersionAtLeast;

        public Duration getMinimumAge() {
            return minimumAge;
        }

        public void setMinimumAge(Duration minimumAge) {
            this.minimumAge = minimumAge;
        }

        public String getAppVersionAtLeast() {
            return appVersionAtLeast;
        }

        public void setAppVersionAtLeast(String appVersionAtLeast) {
            this.appVersionAtLeast = appVersionAtLeast;
        }
    }

    /** Where a move of the database goes (docs/move.md). */
    public static class MoveTarget {

        /** The move target's JDBC URL, with the database in it; unset: no move target. */
        private String url;

        /**
         * The user Tandem's and the application's connections log in to the move target as; unset: the user Tandem
         * connects to the database with (tandem.user, else spring.datasource.username), and its password.
         */
        private String user;

        /** The move target user's password. Never logged. */
        private String password;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** Tandem's meters (docs/metrics.md). */
    public static class Metrics {

        /** How often the meters re-read Tandem's status from the database. */
        private Duration refreshInterval = Duration.ofSeconds(15);

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getAppVersion() {
        return appVersion;
    }

    public void setAppVersion(String appVersion) {
        this.appVersion = appVersion;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public boolean isWaitForReady() {
        return waitForReady;
    }

    public void setWaitForReady(boolean waitForReady) {
        this.waitForReady = waitForReady;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public String getFlywayTable() {
        return flywayTable;
    }

    public void setFlywayTable(String flywayTable) {
        this.flywayTable = flywayTable;
    }

    public String getTablePrefix() {
        return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Duration getDdlLockWaitTimeout() {
        return ddlLockWaitTimeout;
    }

    public void setDdlLockWaitTimeout(Duration ddlLockWaitTimeout) {
        this.ddlLockWaitTimeout = ddlLockWaitTimeout;
    }

    public Duration getDdlRetryBudget() {
        return ddlRetryBudget;
    }

    public void setDdlRetryBudget(Duration ddlRetryBudget) {
        this.ddlRetryBudget = ddlRetryBudget;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getInstanceTtl() {
        return instanceTtl;
    }

    public void setInstanceTtl(Duration instanceTtl) {
        this.instanceTtl = instanceTtl;
    }

    public Duration getAutoContract() {
        return autoContract;
    }

    public void setAutoContract(Duration autoContract) {
        this.autoContract = autoContract;
    }

    public int getMaxThreadsRunning() {
        return maxThreadsRunning;
    }

    public void setMaxThreadsRunning(int maxThreadsRunning) {
        this.maxThreadsRunning = maxThreadsRunning;
    }

    public boolean isDiscoverReplicas() {
        return discoverReplicas;
    }

    public void setDiscoverReplicas(boolean discoverReplicas) {
        this.discoverReplicas = discoverReplicas;
    }

    public Duration getMaxReplicaLag() {
        return maxReplicaLag;
    }

    public void setMaxReplicaLag(Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
    }

    public Duration getBackfillChunkTarget() {
        return backfillChunkTarget;
    }

    public void setBackfillChunkTarget(Duration backfillChunkTarget) {
        this.backfillChunkTarget = backfillChunkTarget;
    }

    public long getCopyExpandThreshold() {
        return copyExpandThreshold;
    }

    public void setCopyExpandThreshold(long copyExpandThreshold) {
        this.copyExpandThreshold = copyExpandThreshold;
    }

    public Integer getCopyThreads() {
        return copyThreads;
    }

    public void setCopyThreads(Integer copyThreads) {
        this.copyThreads = copyThreads;
    }

    public boolean isKeepReplacedTables() {
        return keepReplacedTables;
    }

    public void setKeepReplacedTables(boolean keepReplacedTables) {
        this.keepReplacedTables = keepReplacedTables;
    }

    public double getMaxForegroundSlowdown() {
        return maxForegroundSlowdown;
    }

    public void setMaxForegroundSlowdown(double maxForegroundSlowdown) {
        this.maxForegroundSlowdown = maxForegroundSlowdown;
    }

    public double getMaxCheckpointAge() {
        return maxCheckpointAge;
    }

    public void setMaxCheckpointAge(double maxCheckpointAge) {
        this.maxCheckpointAge = maxCheckpointAge;
    }

    public boolean isLatencyProbe() {
        return latencyProbe;
    }

    public void setLatencyProbe(boolean latencyProbe) {
        this.latencyProbe = latencyProbe;
    }

    public boolean isTagDataSource() {
        return tagDataSource;
    }

    public void setTagDataSource(boolean tagDataSource) {
        this.tagDataSource = tagDataSource;
    }

    public MoveTarget getMoveTarget() {
        return moveTarget;
    }

    public String getReplicationUser() {
        return replicationUser;
    }

    public void setReplicationUser(String replicationUser) {
        this.replicationUser = replicationUser;
    }

    public String getReplicationPassword() {
        return replicationPassword;
    }

    public void setReplicationPassword(String replicationPassword) {
        this.replicationPassword = replicationPassword;
    }

    public Duration getMaxPause() {
        return maxPause;
    }

    public void setMaxPause(Duration maxPause) {
        this.maxPause = maxPause;
    }

    public Duration getHoldGrace() {
        return holdGrace;
    }

    public void setHoldGrace(Duration holdGrace) {
        this.holdGrace = holdGrace;
    }

    public Boolean getFollowMoves() {
        return followMoves;
    }

    public void setFollowMoves(Boolean followMoves) {
        this.followMoves = followMoves;
    }

    public Contract getContract() {
        return contract;
    }

    public Metrics getMetrics() {
        return metrics;
    }
}

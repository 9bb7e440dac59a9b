package dev.tandem;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.internal.move.SwitchableDataSource;
import dev.tandem.internal.config.ConnectionSettings;
import dev.tandem.internal.move.Endpoint;
import dev.tandem.internal.engine.ForegroundLatency;
import dev.tandem.internal.move.FollowedPool;
import dev.tandem.internal.move.MovingConnections;
import dev.tandem.internal.engine.Dialects;
import dev.tandem.internal.engine.SoundConnectionsStay;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.ScriptLinter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's connections, all closed with it: its own small pool (so a migration never starves the
 * application's), the dialect found behind it, the pools of replicas it discovered, and the
 * application's tagged pool when asked for. Also the application's own pools that follow moves of the
 * database, which the application closes: Tandem only stops following them.
 */
final class Connections implements MovingConnections, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final int APP_POOL_SIZE = 10;

    private final Settings config;
    private final SwitchableDataSource pool;
    private final Dialect dialect;
    private final List<HikariDataSource> replicaPools = new ArrayList<>();
    private Endpoint current;
    private SwitchableDataSource appPool;
    private String appSessionInitSql;
    private final List<FollowedPool> followed = new ArrayList<>();
    private final ForegroundLatency latency = new ForegroundLatency();
    /** Why the pools lent to the application refuse every borrower ({@link #refuse}); null while they lend. */
    private String refusal;
    /** Whether a cut-over holds the pools lent to the application: one lent meanwhile is held from the start. */
    private boolean held;

    /** Opens Tandem's pool, which connects once: a wrong URL or password fails here, at once. */
    Connections(Settings config) {
        this.config = config;
        this.current = config.database();
        try {
            this.pool = new SwitchableDataSource(tandemPool(current), config.move().maxPause());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cannotConnect(current, cause.getMessage(), e);
        }
        try {
            this.dialect = findDialect();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Tandem's own pool on {@code endpoint}; it connects at once, so a wrong URL or password fails here. */
    private HikariDataSource tandemPool(Endpoint endpoint) {
        warnIfSessionsSetUp(endpoint);
        HikariConfig hikari = endpoint.poolConfig("tandem", config.poolSize());
        hikari.setInitializationFailTimeout(1);
        // Keeps the connection the fail-fast check opens, instead of closing it and opening another.
        hikari.setMinimumIdle(1);
        hikari.setExceptionOverride(SoundConnectionsStay.forDialectsOn(config.classLoader()));
        return new HikariDataSource(hikari);
    }

    /**
     * A DataSource given to Tandem that is a pool whose sessions are set up with user variables (the session
     * tag of {@link Tandem#sessionInitSql}, above all): Tandem's pool draws on it and gives its sessions back,
     * and Flyway, which Tandem runs, resets every user variable of a session it used. The application's writes
     * on such a session would then count as an old app version's.
     */
    private static void warnIfSessionsSetUp(Endpoint endpoint) {
        if (endpoint.dataSource() instanceof HikariDataSource application && application.getConnectionInitSql() != null
                && application.getConnectionInitSql().contains("@")) {
            LOG.warn("The DataSource given to Tandem ({}) sets user variables on its sessions (connectionInitSql), and"
                    + " Tandem's migrations reset them on the sessions they use before giving them back: give Tandem"
                    + " a DataSource or URL of its own, not the application's pool", application.getPoolName());
        }
    }

    /** Tandem's own connections, on the server the database is on ({@link #switchTo}). */
    @Override
    public DataSource pool() {
        return pool;
    }

    /** The servers this instance may use: the database as configured, and a move's target if one is. */
    @Override
    public List<Endpoint> endpoints() {
        Endpoint target = config.move().target();
        return target == null ? List.of(config.database()) : List.of(config.database(), target);
    }

    /** The server Tandem's and the application's connections go to now. */
    @Override
    public synchronized Endpoint current() {
        return current;
    }

    /**
     * Points Tandem's pool and every pool lent to the application at {@code endpoint}: the database moved
     * there. Every new pool is opened before any is switched, so a server that cannot be reached leaves
     * them all where they were. The application's borrowers stay held if they were
     * ({@link SwitchableDataSource#release}).
     */
    @Override
    public synchronized void switchTo(Endpoint endpoint) {
        Map<SwitchableDataSource, HikariDataSource> next = poolsOn(endpoint, false);
        next.forEach(SwitchableDataSource::switchTo);
        current = endpoint;
        LOG.info("Tandem's connections and {} pool(s) lent to the application now go to {}", next.size() - 1, endpoint);
    }

    /**
     * Opens on {@code endpoint} the pools {@link #switchTo} would, each with its own settings (the application's
     * driver, properties and init SQL: a probe of Tandem's settings alone said an instance could follow whose own
     * pools the target then refused), and closes them again: a server that refuses one says so here, before the
     * instance says it can follow.
     */
    @Override
    public synchronized void tryPoolsOn(Endpoint endpoint) {
        poolsOn(endpoint, true).values().forEach(HikariDataSource::close);
    }

    /**
     * A new pool on {@code endpoint} for Tandem's and each lent one, all opened, or none (thrown why); for a
     * {@code trial}, the application's own pools named as such, not as the next of their replacements.
     */
    private Map<SwitchableDataSource, HikariDataSource> poolsOn(Endpoint endpoint, boolean trial) {
        followed.removeIf(pool -> pool.dataSource().isClosed());
        Map<SwitchableDataSource, HikariDataSource> next = new LinkedHashMap<>();
        try {
            next.put(pool, tandemPool(endpoint));
            if (appPool != null) {
                next.put(appPool, appHikari(endpoint));
            }
            for (FollowedPool own : followed) {
                next.put(own.dataSource(), trial ? own.trialPoolOn(endpoint) : own.poolOn(endpoint));
            }
            return next;
        } catch (RuntimeException e) {
            next.values().forEach(HikariDataSource::close);
            throw cannotConnect(endpoint, e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    Dialect dialect() {
        return dialect;
    }

    /** How long the application keeps the connections lent to it (its requests' time in the database). */
    ForegroundLatency latency() {
        return latency;
    }

    /** A lag signal for each replica given, and for each one found when discovery is on. */
    List<ThrottleSignal> replicaSignals() {
        List<ThrottleSignal> signals = new ArrayList<>();
        List<javax.sql.DataSource> given = config.replicas();
        for (int i = 0; i < given.size(); i++) {
            signals.add(dialect.replicaLagSignal("replica " + (i + 1), given.get(i), config.maxReplicaLag()));
        }
        if (config.discoverReplicas()) {
            List<String> found;
            try {
                found = dialect.replicaAddresses(pool);
            } catch (SQLException e) {
                throw new TandemException("Cannot discover the replicas (discoverReplicas is on): " + e.getMessage()
                        + ". Grant the user the privileges discovery needs (docs/backfill.md), or give the replicas"
                        + " with replica(DataSource).", e);
            }
            LOG.info("Discovered {} replica(s) to watch during backfills: {}", found.size(), found);
            for (String address : found) {
                HikariConfig hikari = current.poolConfig("tandem-replica-" + address, 1);
                hikari.setJdbcUrl(ConnectionSettings.withHostAndPort(config.url(), address));
                HikariDataSource replicaPool = new HikariDataSource(hikari);
                replicaPools.add(replicaPool);
                signals.add(dialect.replicaLagSignal("replica " + address, replicaPool, config.maxReplicaLag()));
            }
        }
        return signals;
    }

    /** The dialect's linter, for the SQL of the server. */
    ScriptLinter scriptLinter() {
        try (Connection c = pool.getConnection()) {
            return dialect.linter(c.getMetaData());
        } catch (SQLException e) {
            throw new TandemException("Cannot read the server's version: " + e.getMessage(), e);
        }
    }

    /**
     * The application's pool, opened on first use with {@code sessionInitSql} on each connection, lent
     * through a {@link SwitchableDataSource} so that a move of the database can hold and switch it.
     */
    synchronized SwitchableDataSource appPool(String sessionInitSql) {
        if (appPool == null) {
            appSessionInitSql = sessionInitSql;
            appPool = new SwitchableDataSource(appHikari(current), config.move().maxPause(), latency::record);
            lentFromNow(appPool);
        }
        return appPool;
    }

    /**
     * The application's own {@code pool}, lent through a {@link SwitchableDataSource} that follows moves
     * (the same one when asked again). If this instance found at startup that the database had moved, the
     * pool is replaced at once by its copy on the server the database went to.
     */
    synchronized SwitchableDataSource follow(HikariDataSource pool) {
        for (FollowedPool own : followed) {
            if (own.adopted() == pool) {
                return own.dataSource();
            }
        }
        FollowedPool own = new FollowedPool(pool, config.move().maxPause(), latency::record);
        if (!current.equals(config.database())) {
            own.dataSource().switchTo(own.poolOn(current));
        }
        lentFromNow(own.dataSource());
        followed.add(own);
        LOG.info("An application pool of its own follows moves of the database (now on {})", current);
        return own.dataSource();
    }

    /**
     * Makes every pool lent to the application, and any lent later, refuse its borrowers with {@code reason}:
     * this instance's code is too old for the database. Tandem's own pool goes on (heartbeats, status).
     */
    synchronized void refuse(String reason) {
        refusal = reason;
        lentPools().forEach(lent -> lent.refuse(reason));
    }

    /** A pool lent from now on: refused if this instance is, held while a cut-over holds the others. */
    private void lentFromNow(SwitchableDataSource lent) {
        if (refusal != null) {
            lent.refuse(refusal);
        }
        if (held) {
            lent.hold();
        }
    }

    @Override
    public synchronized List<SwitchableDataSource> holdLentPools() {
        held = true;
        List<SwitchableDataSource> lent = lentPools();
        lent.forEach(SwitchableDataSource::hold);
        return lent;
    }

    @Override
    public synchronized void releaseLentPools() {
        held = false;
        lentPools().forEach(SwitchableDataSource::release);
    }

    /** The pools lent to the application: a cut-over holds, drains, switches and releases them. */
    private List<SwitchableDataSource> lentPools() {
        List<SwitchableDataSource> lent = new ArrayList<>();
        if (appPool != null) {
            lent.add(appPool);
        }
        followed.forEach(own -> lent.add(own.dataSource()));
        return lent;
    }

    private HikariDataSource appHikari(Endpoint endpoint) {
        HikariConfig app = endpoint.poolConfig("tandem-app", APP_POOL_SIZE);
        app.setConnectionInitSql(appSessionInitSql);
        return new HikariDataSource(app);
    }

    @Override
    public synchronized void close() {
        if (appPool != null) {
            appPool.close();
        }
        // The application closes its own pools, maybe after this (beans are closed in any order); held, they
        // would refuse every borrower once no watcher releases them.
        followed.forEach(own -> own.dataSource().release());
        followed.clear();
        replicaPools.forEach(HikariDataSource::close);
        replicaPools.clear();
        pool.close();
    }

    private Dialect findDialect() {
        try (Connection c = pool.getConnection()) {
            return Dialects.forServer(c.getMetaData(), config.classLoader());
        } catch (SQLException e) {
            throw cannotConnect(current, e.getMessage(), e);
        }
    }

    private static TandemException cannotConnect(Endpoint endpoint, String why, Exception e) {
        return new TandemException("Cannot connect to " + endpoint.where() + ": " + why, e);
    }
}

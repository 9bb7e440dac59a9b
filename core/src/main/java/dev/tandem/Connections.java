package dev.tandem;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.internal.move.SwitchableDataSource;
import dev.tandem.internal.config.ConnectionSettings;
import dev.tandem.internal.move.Endpoint;
import dev.tandem.internal.move.MovingConnections;
import dev.tandem.internal.engine.Dialects;
import dev.tandem.internal.engine.SoundConnectionsStay;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.ScriptLinter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's connections, all closed with it: its own small pool (so a migration never starves the
 * application's), the dialect found behind it, the pools of replicas it discovered, and the
 * application's tagged pool when asked for.
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
    private Supplier<String> appSessionInitSql;

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
        HikariConfig hikari = endpoint.poolConfig("tandem", config.poolSize());
        hikari.setInitializationFailTimeout(1);
        // Keeps the connection the fail-fast check opens, instead of closing it and opening another.
        hikari.setMinimumIdle(1);
        hikari.setExceptionOverride(SoundConnectionsStay.forDialectsOn(config.classLoader()));
        return new HikariDataSource(hikari);
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
     * Points Tandem's pool, and the application's if it is open, at {@code endpoint}: the database moved
     * there. The application's borrowers stay held if they were ({@link SwitchableDataSource#release}).
     */
    @Override
    public synchronized void switchTo(Endpoint endpoint) {
        HikariDataSource tandem;
        try {
            tandem = tandemPool(endpoint);
        } catch (RuntimeException e) {
            throw cannotConnect(endpoint, e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
        pool.switchTo(tandem);
        if (appPool != null) {
            appPool.switchTo(appHikari(endpoint));
        }
        current = endpoint;
        LOG.info("Tandem's connections now go to {}", endpoint);
    }

    Dialect dialect() {
        return dialect;
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
    synchronized SwitchableDataSource appPool(Supplier<String> sessionInitSql) {
        if (appPool == null) {
            appSessionInitSql = sessionInitSql;
            appPool = new SwitchableDataSource(appHikari(current), config.move().maxPause());
        }
        return appPool;
    }

    /** The application's connections, if it asked for them: a cut-over holds and drains them. */
    @Override
    public synchronized Optional<SwitchableDataSource> appPoolIfOpen() {
        return Optional.ofNullable(appPool);
    }

    private HikariDataSource appHikari(Endpoint endpoint) {
        HikariConfig app = endpoint.poolConfig("tandem-app", APP_POOL_SIZE);
        app.setConnectionInitSql(appSessionInitSql.get());
        return new HikariDataSource(app);
    }

    @Override
    public synchronized void close() {
        if (appPool != null) {
            appPool.close();
        }
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

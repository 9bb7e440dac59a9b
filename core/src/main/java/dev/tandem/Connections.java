package dev.tandem;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.internal.move.SwitchableDataSource;
import dev.tandem.internal.config.ConnectionSettings;
import dev.tandem.internal.config.Redaction;
import dev.tandem.internal.engine.Dialects;
import dev.tandem.internal.engine.SoundConnectionsStay;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.ScriptLinter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's connections, all closed with it: its own small pool (so a migration never starves the
 * application's), the dialect found behind it, the pools of replicas it discovered, and the
 * application's tagged pool when asked for.
 */
final class Connections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private final Settings config;
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final List<HikariDataSource> replicaPools = new ArrayList<>();
    private SwitchableDataSource appPool;

    /** Opens Tandem's pool, which connects once: a wrong URL or password fails here, at once. */
    Connections(Settings config) {
        this.config = config;
        HikariConfig hikari = poolConfig("tandem", config.poolSize());
        hikari.setInitializationFailTimeout(1);
        // Keeps the connection the fail-fast check opens, instead of closing it and opening another.
        hikari.setMinimumIdle(1);
        hikari.setExceptionOverride(SoundConnectionsStay.forDialectsOn(config.classLoader()));
        try {
            this.pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cannotConnect(cause.getMessage(), e);
        }
        try {
            this.dialect = findDialect();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    HikariDataSource pool() {
        return pool;
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
                HikariConfig hikari = poolConfig("tandem-replica-" + address, 1);
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
            HikariConfig app = poolConfig("tandem-app", 10);
            app.setConnectionInitSql(sessionInitSql.get());
            appPool = new SwitchableDataSource(new HikariDataSource(app), SwitchableDataSource.DEFAULT_MAX_PAUSE);
        }
        return appPool;
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
            throw cannotConnect(e.getMessage(), e);
        }
    }

    private TandemException cannotConnect(String why, Exception e) {
        return new TandemException("Cannot connect to " + (config.url() != null ? Redaction.url(config.url())
                : "the configured DataSource") + ": " + why, e);
    }

    private HikariConfig poolConfig(String name, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(0);
        if (config.dataSource() != null) {
            hikari.setDataSource(config.dataSource());
        } else {
            hikari.setJdbcUrl(config.url());
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
        }
        return hikari;
    }
}

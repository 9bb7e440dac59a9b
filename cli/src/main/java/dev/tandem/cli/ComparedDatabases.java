package dev.tandem.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TandemException;
import dev.tandem.internal.config.ConnectionSettings;
import dev.tandem.internal.config.Redaction;
import javax.sql.DataSource;

/** The two databases compare reads, each through a small pool of its own; closing closes both. */
final class ComparedDatabases implements AutoCloseable {

    /** Connections per side: the comparison reads each side on one at a time, with one to spare for its schema reads. */
    static final int CONNECTIONS_PER_SIDE = 2;

    private final HikariDataSource source;
    private final HikariDataSource target;

    /** Connects to both at once, so a wrong URL or password fails here, naming the side. */
    ComparedDatabases(ConnectionSettings source, ConnectionSettings target) {
        this.source = open("source", source);
        try {
            this.target = open("target", target);
        } catch (RuntimeException e) {
            this.source.close();
            throw e;
        }
    }

    DataSource source() {
        return source;
    }

    DataSource target() {
        return target;
    }

    @Override
    public void close() {
        try {
            target.close();
        } finally {
            source.close();
        }
    }

    private static HikariDataSource open(String side, ConnectionSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tandem-compare-" + side);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(CONNECTIONS_PER_SIDE);
        config.setInitializationFailTimeout(1);
        // The comparison only reads: a read-only session makes the server refuse a write made by mistake.
        config.setReadOnly(true);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new TandemException("Cannot connect to the " + side + " database " + Redaction.url(settings.url())
                    + ": " + cause.getMessage(), e);
        }
    }
}

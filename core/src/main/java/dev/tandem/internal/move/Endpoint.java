package dev.tandem.internal.move;

import com.zaxxer.hikari.HikariConfig;
import dev.tandem.internal.config.Redaction;
import javax.sql.DataSource;

/**
 * A server Tandem is configured to reach: the database's own ({@code url(...)} or {@code dataSource(...)}),
 * or a move's target ({@code moveTarget(...)}). Pools to it are made here, so every pool of a server is
 * made alike. {@link #toString()} never shows the password.
 *
 * @param name       what the configuration calls it, for messages ({@code "the database"}, {@code "the move target"})
 * @param url        its JDBC URL; null when only a DataSource is given
 * @param dataSource the application's DataSource for it; null when a URL is given
 */
public record Endpoint(String name, String url, String user, String password, DataSource dataSource) {

    /** A pool's settings for this server: {@code size} connections at most, none kept idle. */
    public HikariConfig poolConfig(String poolName, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(0);
        return pointAt(hikari);
    }

    /**
     * Points {@code hikari}, which may have pointed at another server, at this one: this server's URL, user
     * and password, or its DataSource alone. Whatever else chose the server or the account (a DataSource
     * class or JNDI name, a credentials provider) is cleared; every other setting stays.
     */
    public HikariConfig pointAt(HikariConfig hikari) {
        hikari.setDataSourceClassName(null);
        hikari.setDataSourceJNDI(null);
        hikari.setCredentialsProvider(null);
        hikari.setDataSource(dataSource);
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        return hikari;
    }

    /** Where it is, for messages: the URL without credentials, or the DataSource's class. */
    public String where() {
        return url != null ? Redaction.url(url) : "a " + dataSource.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name + " (" + where() + ")";
    }
}

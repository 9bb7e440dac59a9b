package dev.tandem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A running MariaDB or MySQL server that tests may create databases on.
 *
 * <p>Implementations start their server in {@link #start()} and stop it in {@link #stop()}; the
 * {@link TestServers} registry calls both, once per JVM.
 */
public abstract class DatabaseServer {

    /**
     * How this server came to be: it decides nothing but the label a test report shows. INSTALLED: started by
     * the test bed from the server installed on the machine (e.g. Debian's mariadb-server).
     */
    public enum Kind { EMBEDDED, CONTAINER, EXTERNAL, INSTALLED }

    private String version;

    /** Starts the server (or connects to it) and blocks until it accepts connections. */
    protected abstract void start() throws Exception;

    /** Stops the server this object started; a no-op for a server it did not start. */
    protected abstract void stop();

    /** A JDBC URL for {@code database} on this server ({@code ""} for no default database). */
    public abstract String jdbcUrl(String database);

    public abstract String user();

    public abstract String password();

    public abstract Flavor flavor();

    public abstract Kind kind();

    /** The id used in {@code TANDEM_TEST_SERVERS}, e.g. {@code mariadb-embedded}. */
    public final String id() {
        return flavor().name().toLowerCase(java.util.Locale.ROOT) + "-" + kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What {@code SELECT VERSION()} answered, e.g. {@code 11.4.5-MariaDB}. */
    public final String version() {
        return version;
    }

    /** Shown in test names and reports, e.g. {@code MariaDB 11.4.5 (embedded)}. */
    public final String label() {
        String number = version.split("-", 2)[0];
        return flavor().displayName() + " " + number + " (" + kind().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /** A new connection with no default database, for administration (create/drop databases, KILL). */
    public final Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), user(), password());
    }

    /**
     * Reads the server's version and checks that the flavor is the one this server claims to be:
     * a wrong external URL fails here, not in the middle of a test.
     */
    final void verifyIdentity() throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            version = rs.getString(1);
        }
        Flavor actual = Flavor.ofVersionString(version);
        if (actual != flavor()) {
            throw new IllegalStateException("Server " + id() + " at " + jdbcUrl("") + " answered VERSION() = '"
                    + version + "', which is " + actual.displayName() + ", not " + flavor().displayName());
        }
    }

    @Override
    public String toString() {
        return version == null ? id() : label();
    }
}

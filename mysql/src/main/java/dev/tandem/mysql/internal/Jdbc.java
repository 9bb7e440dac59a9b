package dev.tandem.mysql.internal;

import dev.tandem.TandemException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The few JDBC chores Tandem's tables share. */
public final class Jdbc {

    /** Error 1146, ER_NO_SUCH_TABLE, the same on MySQL and MariaDB. */
    static final int NO_SUCH_TABLE = 1146;
    /** Error 1142, ER_TABLEACCESS_DENIED_ERROR: the user lacks the privilege a statement needs on a table. */
    static final int TABLE_ACCESS_DENIED = 1142;
    /** Error 1927, ER_CONNECTION_KILLED (MariaDB): the session was killed, its connection closes. */
    static final int CONNECTION_KILLED = 1927;
    /** The SQL state class of connection exceptions. */
    static final String CONNECTION_STATE_CLASS = "08";
    /** The port MySQL and MariaDB listen on unless configured otherwise. */
    static final String DEFAULT_PORT = "3306";

    private Jdbc() {
    }

    /**
     * The Connector/J URL of {@code database} on {@code host}, at {@code port} or, when null, the default
     * port; Connector/J reaches MariaDB too.
     */
    static String url(String host, String port, String database) {
        return "jdbc:mysql://" + host + ":" + (port == null ? DEFAULT_PORT : port) + "/" + database;
    }

    /**
     * Whether {@code failure} (its causes and what it suppressed among them) says the connection is gone: a
     * connection-class SQL state (08...), an I/O error under the driver, or the session killed (MariaDB's error
     * 1927 says so before it closes the connection). A server's answer to the statement says none of these.
     */
    public static boolean connectionLost(Throwable failure) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof IOException || t instanceof SQLException e && (e.getErrorCode() == CONNECTION_KILLED
                    || e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_STATE_CLASS))) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            Arrays.stream(t.getSuppressed()).forEach(pending::push);
        }
        return false;
    }

    /** The server's message with its SQL state and error code, for an exception's message. */
    public static String describe(SQLException e) {
        return e.getMessage() + " (SQL state " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
    }

    /**
     * {@link #describe} for a read of Tandem's tables that failed; when it was denied, also what to grant:
     * reading Tandem's state (status, plan, instances) needs nothing but SELECT.
     */
    static String describeFailedRead(SQLException e) {
        return describe(e) + (e.getErrorCode() == TABLE_ACCESS_DENIED
                ? "; reading Tandem's state needs SELECT on the schema (GRANT SELECT ON <schema>.* TO <user>)" : "");
    }

    /** Runs one parameterized update on a connection of its own; returns the rows changed. */
    static int update(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, parameters);
        }
    }

    /** As above, on {@code c}. */
    static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }

    /** Runs {@code statements} on {@code c}, in order, with one statement object. */
    public static void execute(Connection c, String... statements) throws SQLException {
        execute(c, java.util.List.of(statements));
    }

    /** As above. */
    public static void execute(Connection c, java.util.List<String> statements) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Every row of a query with text parameters, each column read as text: for schema look-ups. */
    public static java.util.List<java.util.List<String>> rows(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    java.util.List<String> row = new java.util.ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** The number a {@code SELECT COUNT(*) ...} with text parameters answers. */
    public static long count(Connection c, String sql, String... parameters) throws SQLException {
        return Long.parseLong(rows(c, sql, parameters).get(0).get(0));
    }

    /** Whether the server behind {@code c} is MariaDB (else MySQL). */
    public static boolean isMariaDb(Connection c) throws SQLException {
        return isMariaDb(c.getMetaData());
    }

    /** Whether the server {@code metadata} describes is MariaDB: its version says so, whatever the driver. */
    static boolean isMariaDb(java.sql.DatabaseMetaData metadata) throws SQLException {
        return metadata.getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
    }

    /** A {@code DATETIME} written with {@code UTC_TIMESTAMP()}, as an instant; null stays null. */
    /** The server's clock, UTC: the one clock every instance's deadlines and heartbeats are measured by. */
    static Instant utcNow(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return utcNow(c);
        } catch (SQLException e) {
            throw new TandemException("Could not read the database clock: " + e.getMessage(), e);
        }
    }

    /** As above, on {@code c}. */
    static Instant utcNow(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT UTC_TIMESTAMP(3) AS now"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return instant(rs, "now");
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}

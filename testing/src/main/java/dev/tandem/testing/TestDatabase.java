package dev.tandem.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A database of its own for one test, on a real server; {@link #close()} drops it. The name carries
 * the pid so that runs sharing an external server never collide.
 */
public final class TestDatabase implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /**
     * This JVM's part of the names of its databases and users, which are server-wide: random, since runs that
     * share an external server from containers often have the same pid (a pid alone let one run take another's
     * name). Short enough for MySQL's 32-character user names.
     */
    private static final String RUN = randomRun();

    private final DatabaseServer server;
    private final String name;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<DatabaseUser> users = new ArrayList<>();

    private TestDatabase(DatabaseServer server, String name) {
        this.server = server;
        this.name = name;
    }

    private static String randomRun() {
        SecureRandom random = new SecureRandom();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            run.append(Character.forDigit(random.nextInt(Character.MAX_RADIX), Character.MAX_RADIX));
        }
        return run.toString();
    }

    /** Creates a fresh, empty database on {@code server} (which must be started). */
    public static TestDatabase create(DatabaseServer server) throws SQLException {
        String name = "tandem_test_" + RUN + "_" + SEQUENCE.incrementAndGet();
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            // No DROP first: a database of that name is another run's, and the CREATE fails rather than take it.
            s.execute("CREATE DATABASE `" + name + "`");
        }
        return new TestDatabase(server, name);
    }

    public DatabaseServer server() {
        return server;
    }

    public Flavor flavor() {
        return server.flavor();
    }

    /** The database (schema) name. */
    public String name() {
        return name;
    }

    public String url() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    /** A new small connection pool on this database, closed with this database. */
    public synchronized DataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(user());
        config.setPassword(password());
        config.setMaximumPoolSize(10);
        config.setPoolName("test-" + name + "-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /**
     * The schema as text, in a fixed order, for comparing two databases: tables, columns (type,
     * nullability, default, visibility), indexes and triggers; Tandem's and Flyway's own tables left out.
     */
    public List<String> describeSchema() throws SQLException {
        String notOurs = "table_name NOT LIKE 'tandem\\_%' AND table_name <> 'flyway_schema_history'";
        List<String> lines = new java.util.ArrayList<>();
        for (List<Object> row : query("SELECT table_name, column_name, column_type, is_nullable,"
                + " COALESCE(column_default, 'NULL'), extra FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND " + notOurs + " ORDER BY table_name, ordinal_position")) {
            lines.add("column " + row);
        }
        for (List<Object> row : query("SELECT table_name, index_name, seq_in_index, column_name, non_unique"
                + " FROM information_schema.statistics WHERE table_schema = DATABASE() AND " + notOurs
                + " ORDER BY table_name, index_name, seq_in_index")) {
            lines.add("index " + row);
        }
        for (List<Object> row : query("SELECT trigger_name, event_manipulation, action_timing, event_object_table"
                + " FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY trigger_name")) {
            lines.add("trigger " + row);
        }
        return lines;
    }

    /**
     * A new user, with a password of its own, that holds only {@code privileges} (e.g. {@code "SELECT"}) on
     * this database; dropped with it. For a narrower grant, create it with {@code "USAGE"} (nothing) and
     * grant to its {@link DatabaseUser#account()}.
     */
    public synchronized DatabaseUser createUser(String privileges) throws SQLException {
        // Users are server-wide: the run's part keeps runs that share an external server apart, as for databases.
        DatabaseUser user = new DatabaseUser("tandem_user_" + RUN + "_" + SEQUENCE.incrementAndGet(),
                "pw-" + UUID.randomUUID());
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER " + user.account() + " IDENTIFIED BY '" + user.password() + "'");
            users.add(user);
            s.execute("GRANT " + privileges + " ON `" + name + "`.* TO " + user.account());
        }
        return user;
    }

    /** Runs statements, in order, on one connection. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Every row of a query, each as a list of column values. */
    public List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    /** The rest of a result's rows, each as a list of column values. */
    public static List<List<Object>> rows(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The single value of a query that returns one row with one column. */
    public Object queryValue(String sql) throws SQLException {
        List<List<Object>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("Expected one value from '" + sql + "', got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** Closes the pools handed out, drops the users created and the database. */
    @Override
    public synchronized void close() throws SQLException {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            for (DatabaseUser user : users) {
                s.execute("DROP USER IF EXISTS " + user.account());
            }
            users.clear();
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }

    @Override
    public String toString() {
        return name + " on " + server.label();
    }
}

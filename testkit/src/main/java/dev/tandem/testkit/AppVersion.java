package dev.tandem.testkit;

import dev.tandem.Tandem;
import java.sql.Connection;
import dev.tandem.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One version of your application, as its code meets the database: its connections carry its version's
 * session tag, as {@link Tandem#dataSource()} gives them to the running app, so Tandem's sync triggers
 * treat its writes as that version's. Get one with {@link MigrationTestDatabase#asVersion(String)}.
 *
 * <p>When a statement fails, the test fails with an {@link AssertionError} that names the version, the
 * statement, the server's error and how far the schema was migrated.
 */
public final class AppVersion {

    private final String version;
    private final Tandem tandem;
    private final MigrationTestDatabase database;

    AppVersion(String version, Tandem tandem, MigrationTestDatabase database) {
        this.version = version;
        this.tandem = tandem;
        this.database = database;
    }

    /** The version, as given to {@link MigrationTestDatabase#asVersion(String)}. */
    public String version() {
        return version;
    }

    /** Runs statements, in order, on one connection of this version, as its code would. */
    public AppVersion execute(String... statements) {
        return run(connection -> {
            try (Statement s = connection.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        });
    }

    /** Every row of a query run by this version, each as its column values in order. */
    public List<List<Object>> query(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        run(connection -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rows.addAll(TestDatabase.rows(rs));
            }
        });
        return rows;
    }

    /**
     * Runs this version's own code (a repository, a DAO, plain JDBC) on one of its connections. A failed
     * statement fails the test naming the statement; an exception without an {@link SQLException} in its
     * causes, such as an assertion of the work's own, is thrown as it is.
     */
    public AppVersion run(ConnectionWork work) {
        StatementRecorder recorder = new StatementRecorder();
        try (Connection connection = dataSource().getConnection()) {
            work.run(recorder.watch(connection));
        } catch (RuntimeException | Error e) {
            SQLException cause = sqlCause(e);
            if (cause == null) {
                throw e;
            }
            throw broke(recorder.last(), cause, e);
        } catch (Exception e) {
            SQLException cause = sqlCause(e);
            throw broke(recorder.last(), cause, e);
        }
        return this;
    }

    /**
     * This version's connection pool, for code that takes a {@link DataSource}. Its failures are not
     * rewritten: prefer {@link #run(ConnectionWork)}, whose failures name the version and statement.
     */
    public DataSource dataSource() {
        return tandem.dataSource();
    }

    /** Closes this version's pools; the kit calls it when the test ends. */
    void close() {
        tandem.close();
    }

    private AssertionError broke(String statement, SQLException error, Throwable thrown) {
        String why = error == null ? thrown.toString()
                : error.getMessage() + " (SQLState " + error.getSQLState() + ", error " + error.getErrorCode() + ")";
        return new AssertionError("App version " + version + " failed on " + database.stage() + ":\n"
                + "  statement: " + (statement == null ? "(none run yet)" : statement.strip()) + "\n"
                + "  error:     " + why + database.adviceFor(version), thrown);
    }

    private static SQLException sqlCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "app version " + version + " on " + database;
    }
}

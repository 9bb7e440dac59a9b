package dev.tandem.mysql.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.BackfillObserver;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepSession;
import dev.tandem.spi.StepSessions;
import dev.tandem.spi.Throttle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection that runs the steps of a phase: each step through the online DDL executor of its
 * {@link MySqlStepContext}, and its record ({@code step_started}, {@code steps_done}) written beside it,
 * in the step's own transaction where the server allows. The rest of the state is {@link MySqlStateStore}'s.
 * The migration's steps lock ({@code tandem:<schema>:steps:<version>}) is taken on this same connection, so
 * the server holds it for as long as a statement this session began still runs, its client gone or not.
 */
final class MySqlStepSession implements StepSession {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlStepSession.class);

    /** Opens sessions on {@code dataSource}'s connections, one per phase run. */
    static StepSessions opener(DataSource dataSource, TableNames tables, DdlPolicy policy, Throttle throttle,
                               BackfillObserver observer) {
        return () -> {
            try {
                return new MySqlStepSession(dataSource, tables, policy, throttle, observer);
            } catch (SQLException e) {
                throw new TandemException("Could not open a session for migration steps: " + Jdbc.describe(e), e);
            }
        };
    }


    /** How long a session's ping may take before it counts as lost. */
    private static final int LOST_AFTER_SECONDS = 5;

    private final DataSource dataSource;
    private final Connection connection;
    private final String migrations;
    private final MySqlStepContext context;
    /** The steps lock of the migration {@link #claim claimed}; null before. */
    private MySqlMigrationLock stepsLock;
    /** Whether a step set something for the rest of the session ({@link SessionSettings}), which must not outlive it. */
    private boolean settingsChanged;

    MySqlStepSession(DataSource dataSource, TableNames tables, DdlPolicy policy, Throttle throttle, BackfillObserver observer)
            throws SQLException {
        this.dataSource = dataSource;
        this.connection = dataSource.getConnection();
        this.migrations = tables.migrations();
        try {
            this.context = new MySqlStepContext(connection, dataSource, tables, policy, throttle, observer);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public boolean claim(String version, Duration timeout) {
        stepsLock = MySqlMigrationLock.onSession(connection, "steps:" + version);
        stepsLock.acquire(timeout);
        return stepsLock.waited();
    }

    @Override
    public void stepStarting(String version, int index) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE " + migrations
                + " SET step_started = ?, updated_at = UTC_TIMESTAMP(3) WHERE version = ?")) {
            s.setInt(1, index);
            s.setString(2, version);
            s.executeUpdate();
        }
    }

    @Override
    public void runStep(String version, int index, Step step, boolean resumed) throws SQLException {
        // DML of the step and its record commit together; DDL commits by itself, the record follows.
        connection.setAutoCommit(false);
        settingsChanged |= step.sql() != null && SessionSettings.holdsForTheSession(step.sql());
        try {
            step.apply(context, resumed);
            try (PreparedStatement s = connection.prepareStatement("UPDATE " + migrations
                    + " SET steps_done = ?, updated_at = UTC_TIMESTAMP(3) WHERE version = ?")) {
                s.setInt(1, index + 1);
                s.setString(2, version);
                s.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException lost) {
                e.addSuppressed(lost); // the step's own failure says what went wrong, not the dead connection's
            }
            throw e;
        }
        connection.setAutoCommit(true);
    }

    @Override
    public void restoreSettings(List<Step> done) throws SQLException {
        for (Step step : done) {
            if (step.sql() != null && SessionSettings.keepsAValueOfItsOwnTime(step.sql())) {
                // Run again, it would give the steps after another value than the ones before the interruption used
                // (a cutoff they archived by, then delete by): rows archived with one and deleted with the other are lost.
                throw new SQLException(step.description() + " kept for its session a value of the time it ran (the clock,"
                        + " a random value, what it read of the tables), which a new session does not have and which run"
                        + " again would be another; the steps after it may act on it. Tandem does not resume past it by"
                        + " itself: finish the phase's remaining steps by hand with the value it had (roll the migration back"
                        + " where its phase allows), and compute such a value in the statement that uses it, or keep it in a"
                        + " table, in scripts to come");
            }
            if (step.sql() != null && SessionSettings.holdsForTheSession(step.sql())) {
                settingsChanged = true;
                LOG.info("Setting again what an earlier step set for its session: {}", step.description());
                context.execute(step.sql(), false);
            }
        }
    }

    @Override
    public boolean lost(Throwable failure) {
        try {
            if (connection.isClosed()) {
                // The pool closes a connection on the first connection-class error: one a read inside the step met
                // and let go (a fallback), the step's next statement then failing only with "Connection is closed".
                return true;
            }
            if (!Jdbc.connectionLost(failure)) {
                return false; // the server answered: its error is the step's, not a lost session's
            }
            return !connection.isValid(LOST_AFTER_SECONDS);
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void tagAs(String sessionTag) throws SQLException {
        context.execute(MySqlDialect.sessionTag(sessionTag), false);
    }

    @Override
    public void check(Step check) throws SQLException {
        check.apply(context, false);
    }

    /**
     * Takes the connection out of Tandem's pool for good: what a script set for its session (a time zone, an
     * sql_mode, foreign_key_checks, sql_log_bin) would otherwise hold for the pool's next user, a backfill
     * or copy of a later migration, and no statement undoes a session's settings.
     */
    private void evict() {
        try {
            dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
        } catch (SQLException e) {
            LOG.warn("A step set session variables, and its connection could not be taken out of Tandem's pool ({}):"
                    + " the pool's next user may inherit them", Jdbc.describe(e));
        }
    }

    @Override
    public void close() {
        if (stepsLock != null) {
            stepsLock.close();
        }
        try {
            // The connection goes back to Tandem's pool, whose other users (a backfill, the state) are no app.
            context.execute(MySqlDialect.sessionTag(null), false);
        } catch (SQLException e) {
            // A broken connection: the pool discards it, tag and all.
        }
        if (settingsChanged) {
            evict();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // The pool discards a broken connection; nothing else to do.
        }
    }
}

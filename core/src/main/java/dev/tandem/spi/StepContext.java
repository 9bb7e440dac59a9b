package dev.tandem.spi;

import dev.tandem.TableNames;
import java.sql.Connection;
import java.sql.SQLException;

/** What a {@link Step} runs with: a connection of the migrator, and the dialect's way to run statements. */
public interface StepContext {

    /** Waits while the backfill must not go on (paused, throttled); call it between units of work. */
    void awaitThrottle(String who) throws SQLException;

    /** The time a backfill chunk aims at (see {@link Throttle#unitTarget()}). */
    java.time.Duration chunkTarget();

    /** Reports a backfill's progress to this instance's listeners. */
    void reportProgress(dev.tandem.BackfillProgress progress);

    /** How this instance changes tables: lock waits, retries, and when a backfill copies the table. */
    default DdlPolicy ddlPolicy() {
        return DdlPolicy.DEFAULT;
    }

    /** The names of Tandem's own tables, for a step that keeps state there (a backfill's checkpoint). */
    TableNames tables();

    /** The connection the step runs on; the engine owns it (do not close it). */
    Connection connection();

    /**
     * Another connection to the same database, for work a step runs beside its own (a backfill's
     * verification behind its copy); the caller closes it. A context that cannot give one says so.
     */
    default Connection openConnection() throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("this step context gives no other connection");
    }

    /**
     * Executes one statement. When {@code resumed}, an error that says the statement's effect is
     * already there (a duplicate column, a table that exists, ...) counts as success.
     */
    void execute(String sql, boolean resumed) throws SQLException;
}

package dev.tandem.spi;

import dev.tandem.TableNames;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Everything Tandem's core needs from a database family. Found with {@link java.util.ServiceLoader};
 * each dialect module provides one (the README lists them).
 */
public interface Dialect {

    /** The database family it serves, for messages, e.g. the product names of its servers. */
    String name();

    /** Whether this dialect handles the database behind {@code metadata}. */
    boolean supports(DatabaseMetaData metadata) throws SQLException;

    StatementSplitter statementSplitter();

    /**
     * The JDBC URL of {@code database} on {@code host} (e.g. from a secret that gives them apart), at
     * {@code port} or, when it is null, the server's default port.
     */
    String jdbcUrl(String host, String port, String database);

    /** The rules of this dialect's linter, in order: the ids scripts may accept ({@code -- tandem:accept}). */
    List<LintRuleId> lintRules();

    /** The linter for the SQL of the server behind {@code metadata}. */
    ScriptLinter linter(DatabaseMetaData metadata) throws SQLException;

    /**
     * The flavors {@link #linter(String)} knows (e.g. the server products whose SQL differs), first the
     * one to assume when nobody says: for linting without a server.
     */
    List<String> lintFlavors();

    /**
     * The linter for the SQL of {@code flavor}, one of {@link #lintFlavors()} (case does not matter), for
     * linting without a server; another flavor throws {@link IllegalArgumentException}.
     */
    ScriptLinter linter(String flavor);

    /**
     * How a step's {@code sql} will differ from its text when it runs (e.g. the online-DDL clauses an
     * executor adds and tries), said for the reader of a dry run; null when it runs as written.
     */
    default String runtimeNote(String sql) {
        return null;
    }

    /** Where migration progress is recorded: in the tables {@code tables} names. */
    StateStore stateStore(DataSource dataSource, TableNames tables);

    /**
     * Opens the sessions that run a phase's steps (each recorded beside it in {@code tables}); they run
     * statements under {@code ddlPolicy}, ask {@code throttle} between units of a backfill and report
     * its progress to {@code observer}.
     */
    StepSessions stepSessions(DataSource dataSource, TableNames tables, DdlPolicy ddlPolicy, Throttle throttle,
                              BackfillObserver observer);

    /** A signal to wait while the server runs more than {@code limit} threads (a sign of load). */
    dev.tandem.ThrottleSignal threadsRunningSignal(DataSource dataSource, int limit);

    /**
     * A signal to wait while the server's redo log holds more than {@code share} of its capacity in changes
     * not yet written out to the tables (its checkpoint age: a sign that writes run ahead of the server's
     * writing out, which ends in stalls for every writer).
     *
     * @throws IllegalStateException where the server does not report it (by default: a dialect that cannot tell)
     */
    default dev.tandem.ThrottleSignal checkpointAgeSignal(DataSource dataSource, double share) {
        throw new IllegalStateException("maxCheckpointAge: this database does not report its redo log's checkpoint age;"
                + " set maxCheckpointAge to 0");
    }

    /**
     * The read the latency probe times, over and over while a backfill runs where the application's own
     * requests are not seen: one short query, answered as an application's are (Tandem's tables are there
     * by then). The default is a bare {@code SELECT 1}.
     */
    default String latencyProbeSql(TableNames tables) {
        return "SELECT 1";
    }

    /**
     * A signal to wait while the replica behind {@code replica} lags more than {@code maxLag}, or its
     * replication is stopped; it throws (so the backfill waits) when the server is not a replica.
     */
    dev.tandem.ThrottleSignal replicaLagSignal(String name, DataSource replica, java.time.Duration maxLag);

    /** The {@code host:port} of each replica the primary behind {@code primary} knows of. */
    java.util.List<String> replicaAddresses(DataSource primary) throws SQLException;

    /** The fleet registry, in the table {@link TableNames#instances()} names. */
    FleetStore fleetStore(DataSource dataSource, TableNames tables);

    /** The lock for one migrator at a time on the schema {@code dataSource} points to. */
    MigrationLock migrationLock(DataSource dataSource);

    /**
     * The lock for one backfiller at a time of migration {@code version}, taken instead of the schema's
     * lock while that backfill runs, so a long backfill keeps no other migration waiting.
     */
    MigrationLock backfillLock(DataSource dataSource, String version);

    /**
     * Whether a connection whose statement failed with {@code e} is still sound, though a pool would
     * take it for broken (e.g. the server's answer when it refuses an online-DDL clause that Tandem tries
     * on purpose): Tandem's pool then keeps it, with the step's session settings on it.
     */
    default boolean connectionSurvives(SQLException e) {
        return false;
    }

    /**
     * SQL that tags a session as belonging to an app that knows migrations up to {@code sessionTag}
     * (see docs/architecture.md, "Who wrote this row?"), for a pool's connection-init SQL.
     */
    String sessionTagSql(String sessionTag);

    /** The comparison of two databases of this family (docs/compare.md). */
    default DatabaseComparer databaseComparer() {
        throw new UnsupportedOperationException(name() + " cannot compare databases");
    }

    /** The record of a move of the database on the server behind {@code dataSource} (docs/move.md). */
    default MoveStore moveStore(DataSource dataSource, TableNames tables) {
        throw new UnsupportedOperationException(name() + " cannot move databases");
    }

    /**
     * The lock for one coordinator at a time of a move's steps, taken on the server the application does not
     * use (a cut-over ends the application user's sessions on the other, which would free it).
     */
    default MigrationLock moveLock(DataSource dataSource) {
        throw new UnsupportedOperationException(name() + " cannot move databases");
    }

    /**
     * One server of a move: the one behind {@code dataSource}, which the other server reaches at the host and
     * port of {@code url} as {@code replicationUser} when it replicates from it.
     */
    default MoveServer moveServer(DataSource dataSource, String url, String replicationUser, String replicationPassword) {
        throw new UnsupportedOperationException(name() + " cannot move databases");
    }
}

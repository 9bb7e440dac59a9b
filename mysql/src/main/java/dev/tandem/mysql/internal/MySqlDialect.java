package dev.tandem.mysql.internal;

import dev.tandem.TableNames;
import dev.tandem.ThrottleSignal;
import dev.tandem.spi.DatabaseComparer;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.spi.BackfillObserver;
import dev.tandem.mysql.internal.lint.LintRule;
import dev.tandem.mysql.internal.lint.Linter;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.ScriptLinter;
import dev.tandem.spi.Throttle;
import dev.tandem.spi.FleetStore;
import dev.tandem.spi.MoveServer;
import dev.tandem.spi.MoveStore;
import dev.tandem.mysql.internal.move.MySqlMoveServer;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.StateStore;
import dev.tandem.spi.StepSessions;
import dev.tandem.spi.StatementSplitter;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import javax.sql.DataSource;

/** MySQL 8.0+ and MariaDB 10.11+. */
public final class MySqlDialect implements Dialect {

    /** The user variable that carries a session's tag; the sync triggers read it. */
    static final String SESSION_TAG_VARIABLE = "@tandem_version";

    private final StatementSplitter splitter = new MySqlStatementSplitter();

    @Override
    public String name() {
        return "MySQL/MariaDB";
    }

    @Override
    public boolean supports(DatabaseMetaData metadata) throws SQLException {
        String product = metadata.getDatabaseProductName().toLowerCase(Locale.ROOT);
        String version = metadata.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb") || version.contains("mariadb");
    }

    @Override
    public StatementSplitter statementSplitter() {
        return splitter;
    }

    @Override
    public List<LintRuleId> lintRules() {
        return LintRule.catalogue();
    }

    @Override
    public ScriptLinter linter(DatabaseMetaData metadata) throws SQLException {
        return new Linter(Jdbc.isMariaDb(metadata) ? org.jooq.SQLDialect.MARIADB : org.jooq.SQLDialect.MYSQL);
    }

    @Override
    public List<String> lintFlavors() {
        return Linter.flavors();
    }

    @Override
    public ScriptLinter linter(String flavor) {
        return Linter.forFlavor(flavor);
    }

    @Override
    public String jdbcUrl(String host, String port, String database) {
        return Jdbc.url(host, port, database);
    }

    @Override
    public boolean connectionSurvives(SQLException e) {
        return RefusalKeepsConnection.survives(e);
    }

    @Override
    public String runtimeNote(String sql) {
        return OnlineDdl.runtimeNote(sql);
    }

    @Override
    public StateStore stateStore(DataSource dataSource, TableNames tables) {
        return new MySqlStateStore(dataSource, tables);
    }

    @Override
    public StepSessions stepSessions(DataSource dataSource, TableNames tables, DdlPolicy ddlPolicy, Throttle throttle,
                                     BackfillObserver observer) {
        return MySqlStepSession.opener(dataSource, tables, ddlPolicy, throttle, observer);
    }

    @Override
    public ThrottleSignal threadsRunningSignal(DataSource dataSource, int limit) {
        return new ThreadsRunningSignal(dataSource, limit);
    }

    @Override
    public ThrottleSignal checkpointAgeSignal(DataSource dataSource, double share) {
        return CheckpointAgeSignal.of(dataSource, share);
    }

    @Override
    public ThrottleSignal replicaLagSignal(String name, DataSource replica, java.time.Duration maxLag) {
        return new ReplicaLagSignal(name, replica, maxLag);
    }

    @Override
    public java.util.List<String> replicaAddresses(DataSource primary) throws SQLException {
        return ReplicaLagSignal.discover(primary);
    }

    @Override
    public FleetStore fleetStore(DataSource dataSource, TableNames tables) {
        return new MySqlFleetStore(dataSource, tables);
    }

    @Override
    public MoveStore moveStore(DataSource dataSource, TableNames tables) {
        return new MySqlMoveStore(dataSource, tables);
    }

    @Override
    public MoveServer moveServer(DataSource dataSource, String url, String replicationUser, String replicationPassword) {
        return new MySqlMoveServer(dataSource, url, replicationUser, replicationPassword);
    }

    @Override
    public MigrationLock migrationLock(DataSource dataSource) {
        return new MySqlMigrationLock(dataSource, null);
    }

    @Override
    public MigrationLock backfillLock(DataSource dataSource, String version) {
        return new MySqlMigrationLock(dataSource, "backfill:" + version);
    }

    /**
     * How long the server keeps the move lock's session once its coordinator stops pinging it: a coordinator
     * whose host froze or dropped off the network sends no FIN, and at the server's default wait_timeout (8
     * hours) its lock, and with it a cut-over it left SWITCHING, would stay taken that long. Shorter than the
     * 30 s the next coordinator waits for the lock, so a rerun takes the cut-over over.
     */
    static final Duration MOVE_LOCK_IDLE_LIMIT = Duration.ofSeconds(20);

    @Override
    public MigrationLock moveLock(DataSource dataSource) {
        return new MySqlMigrationLock(dataSource, "move", MOVE_LOCK_IDLE_LIMIT);
    }

    @Override
    public DatabaseComparer databaseComparer() {
        return new MySqlDatabaseComparer();
    }

    /**
     * A one-row read of Tandem's migrations table by its primary key's order: through the table cache and
     * an InnoDB read view and page, as an application's point read goes, where {@code SELECT 1} would
     * meet only the parser.
     */
    @Override
    public String latencyProbeSql(TableNames tables) {
        return "SELECT 1 FROM " + Identifiers.quote(tables.migrations()) + " LIMIT 1";
    }

    @Override
    public String sessionTagSql(String sessionTag) {
        return sessionTag(sessionTag);
    }

    /** The statement that tags a session ({@link #sessionTagSql}); with null, one that untags it. */
    static String sessionTag(String sessionTag) {
        return "SET " + SESSION_TAG_VARIABLE + " = " + (sessionTag == null ? "NULL" : Identifiers.literal(sessionTag));
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.MigrationState;
import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.BackfillObserver;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.spi.ForeignTable;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import dev.tandem.spi.StateStore;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepSession;
import dev.tandem.spi.Throttle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The migrations table ({@link TableNames#migrations()}) in the target schema, and the creation and check of
 * all of Tandem's tables. Times are the database's ({@code UTC_TIMESTAMP}), never the JVM's, so nodes with
 * skewed clocks agree.
 */
final class MySqlStateStore implements StateStore {

    /** The statement that creates the migrations table under the name {@code table}. */
    static String create(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + " version VARCHAR(50) NOT NULL PRIMARY KEY,"
                + " description VARCHAR(200) NOT NULL,"
                + " script VARCHAR(255) NOT NULL,"
                + " checksum INT NOT NULL,"
                + " state VARCHAR(20) NOT NULL,"
                + " phase VARCHAR(20) NULL,"
                + " steps_done INT NOT NULL DEFAULT 0,"
                + " step_started INT NOT NULL DEFAULT -1,"
                + " failure TEXT NULL,"
                + " applied_by VARCHAR(255) NULL,"
                + " expanded_by VARCHAR(100) NULL,"
                + " expanded_at DATETIME(3) NULL,"
                + " contracted_at DATETIME(3) NULL,"
                + " updated_at DATETIME(3) NOT NULL"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    private final DataSource dataSource;
    private final TableNames tables;
    private final OwnTables own;
    private final DdlPolicy ddlPolicy;
    private final Throttle throttle;
    private final BackfillObserver observer;

    MySqlStateStore(DataSource dataSource, TableNames tables, DdlPolicy ddlPolicy, Throttle throttle,
                    BackfillObserver observer) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.own = new OwnTables(tables);
        this.ddlPolicy = ddlPolicy;
        this.throttle = throttle;
        this.observer = observer;
    }

    @Override
    public List<dev.tandem.BackfillProgress> backfills() {
        List<dev.tandem.BackfillProgress> all = readOrNull("SELECT migration, target, rows_done, rows_estimate,"
                + " rows_per_second, verified_at IS NOT NULL, updated_at FROM " + tables.backfill()
                + " ORDER BY migration, target", "read " + tables.backfill(), rs -> {
                    List<dev.tandem.BackfillProgress> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(BackfillProgressReporter.progress(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getDouble(5), rs.getBoolean(6), Jdbc.instant(rs, "updated_at")));
                    }
                    return list;
                });
        return all == null ? List.of() : all;
    }

    @Override
    public List<ForeignTable> foreignTables() {
        try (Connection c = dataSource.getConnection()) {
            return own.foreign(c);
        } catch (SQLException e) {
            throw new TandemException("Could not look up Tandem's tables (" + tables + ") in information_schema: "
                    + Jdbc.describeFailedRead(e), e);
        }
    }

    @Override
    public void ensureTables() {
        try (Connection c = dataSource.getConnection()) {
            own.create(c);
        } catch (SQLException e) {
            throw failure("create Tandem's tables " + tables, e);
        }
    }

    @Override
    public List<MigrationRecord> load() {
        return readOrNull("SELECT version, description, script, checksum, state, phase, steps_done, step_started,"
                + " failure, applied_by, expanded_by, expanded_at, contracted_at, updated_at FROM " + tables.migrations(),
                "read " + tables.migrations(), rs -> {
                    List<MigrationRecord> records = new ArrayList<>();
                    while (rs.next()) {
                        String phase = rs.getString("phase");
                        records.add(new MigrationRecord(rs.getString("version"), rs.getString("description"),
                                rs.getString("script"), rs.getInt("checksum"), MigrationState.valueOf(rs.getString("state")),
                                phase == null ? null : Phase.valueOf(phase), rs.getInt("steps_done"),
                                rs.getInt("step_started"), rs.getString("failure"), rs.getString("applied_by"),
                                rs.getString("expanded_by"), Jdbc.instant(rs, "expanded_at"), Jdbc.instant(rs, "contracted_at"), Jdbc.instant(rs, "updated_at")));
                    }
                    return records;
                });
    }

    @Override
    public List<String> missingTables(String historyTable) {
        List<String> expected = Stream.concat(tables.all().stream(), Stream.of(historyTable)).toList();
        try (Connection c = dataSource.getConnection()) {
            List<String> present = Jdbc.rows(c, "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_name IN (?, ?, ?, ?)", expected.toArray(String[]::new))
                    .stream().map(row -> row.get(0)).toList();
            // MariaDB compares names in information_schema without case, and may answer in the table's own case.
            return expected.stream().filter(table -> present.stream().noneMatch(table::equalsIgnoreCase)).toList();
        } catch (SQLException e) {
            throw failure("look up Tandem's tables in information_schema", e);
        }
    }

    @Override
    public Map<String, Integer> flywayApplied(String historyTable) {
        // Baseline and schema-creation rows are Flyway bookkeeping, not migrations.
        return readOrNull("SELECT version, checksum FROM " + Identifiers.quote(historyTable) + " WHERE success = 1"
                + " AND version IS NOT NULL AND type NOT IN ('BASELINE', 'SCHEMA', 'DELETE')",
                "read Flyway's history table " + historyTable, rs -> {
                    Map<String, Integer> applied = new LinkedHashMap<>();
                    while (rs.next()) {
                        int checksum = rs.getInt(2);
                        applied.put(rs.getString(1), rs.wasNull() ? null : checksum);
                    }
                    return applied;
                });
    }

    private interface RowsReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The result of a query on one of the state tables, or null when that table does not exist yet:
     * trying costs one round trip, where probing information_schema first would cost two.
     */
    private <T> T readOrNull(String sql, String what, RowsReader<T> reader) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            if (e.getErrorCode() == Jdbc.NO_SUCH_TABLE) {
                return null;
            }
            throw new TandemException("Could not " + what + ": " + Jdbc.describeFailedRead(e), e);
        }
    }

    @Override
    public void forgetFlywayHistory(String historyTable, String version) {
        update("DELETE FROM " + Identifiers.quote(historyTable) + " WHERE version = ?", version);
    }

    @Override
    public void beginPhase(MigrationRecord m, Phase phase, MigrationState state) {
        // A new expand (first time, or after a rollback) starts the record afresh.
        update("INSERT INTO " + tables.migrations() + " (version, description, script, checksum, state, phase, steps_done, step_started,"
                        + " failure, applied_by, expanded_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, -1, NULL, ?, ?, UTC_TIMESTAMP(3))"
                        + " ON DUPLICATE KEY UPDATE description = VALUES(description), script = VALUES(script),"
                        + " checksum = VALUES(checksum), state = VALUES(state), phase = VALUES(phase), steps_done = 0,"
                        + " step_started = -1, failure = NULL, applied_by = VALUES(applied_by),"
                        + " expanded_by = IF(VALUES(phase) = 'EXPAND', VALUES(expanded_by), expanded_by),"
                        + " expanded_at = IF(VALUES(phase) = 'EXPAND', NULL, expanded_at),"
                        + " contracted_at = IF(VALUES(phase) = 'EXPAND', NULL, contracted_at), updated_at = UTC_TIMESTAMP(3)",
                m.version(), m.description(), m.script(), m.checksum(), state.name(), phase.name(), m.appliedBy(),
                m.expandedBy());
    }

    @Override
    public void moveTo(String version, MigrationState state) {
        update("UPDATE " + tables.migrations() + " SET state = ?, failure = NULL,"
                + " expanded_at = IF(? = 'EXPANDED', UTC_TIMESTAMP(3), expanded_at),"
                + " contracted_at = IF(? = 'COMPLETED', UTC_TIMESTAMP(3), contracted_at),"
                + " updated_at = UTC_TIMESTAMP(3) WHERE version = ?", state.name(), state.name(), state.name(), version);
    }

    @Override
    public void fail(String version, String failure) {
        update("UPDATE " + tables.migrations() + " SET state = 'FAILED', failure = ?, updated_at = UTC_TIMESTAMP(3) WHERE version = ?",
                failure, version);
    }

    @Override
    public StepSession openSession() {
        try {
            return new Session(dataSource.getConnection(), tables, ddlPolicy, throttle, observer);
        } catch (SQLException e) {
            throw failure("open a session for migration steps", e);
        }
    }

    private void update(String sql, Object... parameters) {
        try {
            Jdbc.update(dataSource, sql, parameters);
        } catch (SQLException e) {
            throw failure("update " + tables.migrations(), e);
        }
    }


    private static TandemException failure(String what, SQLException e) {
        return new TandemException("Could not " + what + ": " + Jdbc.describe(e), e);
    }

    /** Runs a phase's steps on one connection, each with its record. */
    private static final class Session implements StepSession {

        private final Connection connection;
        private final String migrations;
        private final MySqlStepContext context;

        Session(Connection connection, TableNames tables, DdlPolicy policy, Throttle throttle, BackfillObserver observer)
                throws SQLException {
            this.connection = connection;
            this.migrations = tables.migrations();
            try {
                this.context = new MySqlStepContext(connection, tables, policy, throttle, observer);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
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
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }

        @Override
        public void check(Step check) throws SQLException {
            check.apply(context, false);
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // The pool discards a broken connection; nothing else to do.
            }
        }
    }
}

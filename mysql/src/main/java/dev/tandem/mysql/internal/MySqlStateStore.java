package dev.tandem.mysql.internal;

import dev.tandem.MigrationState;
import dev.tandem.ReplacedTable;
import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.ForeignTable;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Transition;
import dev.tandem.spi.StateStore;
import java.sql.Connection;
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

    MySqlStateStore(DataSource dataSource, TableNames tables) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.own = new OwnTables(tables);
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
    public List<ReplacedTable> replacedTables() {
        try (Connection c = dataSource.getConnection()) {
            return TableStatistics.read(c, SchemaQueries.TABLE_BYTES_LIKE, CopyNames.OLD_LIKE).stream()
                    .map(row -> new ReplacedTable(row.get(0), Long.parseLong(row.get(1)), CopyNames.dropTable(row.get(0))))
                    .toList();
        } catch (SQLException e) {
            throw failure("look up the tables copies replaced in information_schema", e);
        }
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

    @Override
    public List<String> flywayBaselines(String historyTable) {
        List<String> baselines = readOrNull("SELECT version FROM " + Identifiers.quote(historyTable) + " WHERE success = 1"
                + " AND type = 'BASELINE' AND version IS NOT NULL", "read Flyway's history table " + historyTable, rs -> {
                    List<String> versions = new ArrayList<>();
                    while (rs.next()) {
                        versions.add(rs.getString(1));
                    }
                    return versions;
                });
        return baselines == null ? List.of() : baselines;
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
    public void beginPhase(MigrationRecord m, Phase phase, Transition transition) {
        boolean reset = transition.stamp() == Transition.Stamp.RESET;
        if (reset) {
            // A new expand (after a rollback): the checkpoints of the migration's earlier backfills walked a column
            // that is gone. Kept, a backfill of the new one cut short before it discarded them resumed from theirs,
            // verified to the last key, and left every row of its column unfilled.
            update("DELETE FROM " + tables.backfill() + " WHERE migration = ?", m.version());
        }
        update("INSERT INTO " + tables.migrations() + " (version, description, script, checksum, state, phase, steps_done, step_started,"
                        + " failure, applied_by, expanded_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, -1, NULL, ?, ?, UTC_TIMESTAMP(3))"
                        + " ON DUPLICATE KEY UPDATE description = VALUES(description), script = VALUES(script),"
                        + " checksum = VALUES(checksum), state = VALUES(state), phase = VALUES(phase), steps_done = 0,"
                        + " step_started = -1, failure = NULL, applied_by = VALUES(applied_by)"
                        + (reset ? ", expanded_by = VALUES(expanded_by), expanded_at = NULL, contracted_at = NULL" : "")
                        + ", updated_at = UTC_TIMESTAMP(3)",
                m.version(), m.description(), m.script(), m.checksum(), transition.state().name(), phase.name(),
                m.appliedBy(), m.expandedBy());
    }

    @Override
    public void moveTo(String version, Transition transition) {
        String stamp = switch (transition.stamp()) {
            case EXPANDED_AT -> " expanded_at = UTC_TIMESTAMP(3),";
            case CONTRACTED_AT -> " contracted_at = UTC_TIMESTAMP(3),";
            case RESET -> " expanded_at = NULL, contracted_at = NULL,";
            case NONE -> "";
        };
        update("UPDATE " + tables.migrations() + " SET state = ?, failure = NULL," + stamp
                + " updated_at = UTC_TIMESTAMP(3) WHERE version = ?", transition.state().name(), version);
    }

    @Override
    public void fail(String version, String failure) {
        update("UPDATE " + tables.migrations() + " SET state = 'FAILED', failure = ?, updated_at = UTC_TIMESTAMP(3) WHERE version = ?",
                failure, version);
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
}

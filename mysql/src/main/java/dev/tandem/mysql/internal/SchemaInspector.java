package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every read Tandem makes of the application's schema (information_schema and SHOW), answered as
 * records. It reads the live schema at each call and keeps nothing: a step that runs after others
 * changed the table sees their changes. The statements and the mapping of their rows are in
 * {@link SchemaQueries}.
 */
final class SchemaInspector implements SchemaModel.Source {

    /** A name InnoDB stores as it is written (others it encodes, {@code @002d} for a hyphen). */
    private static final Pattern STORED_AS_WRITTEN = Pattern.compile("[A-Za-z0-9_]+");
    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: "you need (at least one of) the PROCESS privilege(s)". */
    private static final int ACCESS_DENIED_NEEDS_PRIVILEGE = 1227;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInspector.class);

    private final Connection connection;

    SchemaInspector(Connection connection) {
        this.connection = connection;
    }

    static SchemaInspector of(StepContext context) {
        return new SchemaInspector(context.connection());
    }

    /** The table (or view) of that name in this schema, if there is one. */
    @Override
    public Optional<TableInfo> table(String table) throws SQLException {
        return rows(SchemaQueries.TABLE, table).stream().findFirst().map(SchemaQueries::table);
    }

    /** Whether {@code name} is a view's (a {@code rename_table}'s new name is, until its contract). */
    boolean isView(String name) throws SQLException {
        return !rows(SchemaQueries.VIEW, name).isEmpty();
    }

    /** The table's columns in their order; none when there is no such table. */
    @Override
    public List<ColumnInfo> columns(String table) throws SQLException {
        return rows(SchemaQueries.COLUMNS, table).stream().map(SchemaQueries::column).toList();
    }

    /** The column of the table, named in any case (as the server finds columns). */
    Optional<ColumnInfo> column(String table, String column) throws SQLException {
        return columns(table).stream().filter(c -> c.isNamed(column)).findFirst();
    }

    /** The table's indexes, the primary key among them, in name order. */
    @Override
    public List<IndexInfo> indexes(String table) throws SQLException {
        return SchemaQueries.indexes(rows(SchemaQueries.INDEXES, table));
    }

    /** The foreign keys the table is child or parent in. */
    @Override
    public List<ForeignKeyInfo> foreignKeys(String table) throws SQLException {
        return SchemaQueries.foreignKeys(rows(SchemaQueries.FOREIGN_KEYS, table, table));
    }

    /** The table of the schema that has a foreign key named {@code name}, if one has. */
    Optional<String> tableWithForeignKey(String name) throws SQLException {
        return rows(SchemaQueries.TABLE_WITH_FOREIGN_KEY, name).stream().findFirst().map(r -> r.get(0));
    }

    /** The table of the schema that has a CHECK constraint named {@code name}, if one has. */
    Optional<String> tableWithCheck(String name) throws SQLException {
        return rows(SchemaQueries.TABLE_WITH_CHECK, name).stream().findFirst().map(r -> r.get(0));
    }

    /** The server's estimate of the table's rows (0 when it has none); may be far off. */
    long estimatedRows(String table) throws SQLException {
        return TableStatistics.number(connection, SchemaQueries.ESTIMATED_ROWS, table);
    }

    /** The server's estimates of a table's rows and of the bytes of its data and indexes. */
    record TableSize(long rows, long bytes) {
    }

    /** The most rows and the most bytes among the tables of these names (none: 0 and 0). */
    TableSize largestOf(List<String> tables) throws SQLException {
        if (tables.isEmpty()) {
            return new TableSize(0, 0);
        }
        List<String> row = statistics(SchemaQueries.largestOf(tables.size()), tables.toArray(String[]::new)).get(0);
        return new TableSize(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)));
    }

    /** How the table is stored (engine, partitions), if there is such a table. */
    Optional<TableStorage> storage(String table) throws SQLException {
        return statistics(SchemaQueries.STORAGE, table).stream().findFirst().map(SchemaQueries::storage);
    }

    /** The expressions the table is partitioned and subpartitioned by, as the server keeps them; none where it is not. */
    List<String> partitionExpressions(String table) throws SQLException {
        return rows(SchemaQueries.PARTITION_EXPRESSIONS, table).stream().flatMap(List::stream)
                .filter(Objects::nonNull).toList();
    }

    /** The table's {@code SHOW CREATE TABLE} statement. */
    String createStatement(String table) throws SQLException {
        return Jdbc.rows(connection, SchemaQueries.showCreateTable(table)).get(0).get(1);
    }

    /** The table's CHECK constraints with their clauses. */
    List<CheckReads.Check> checks(String table) throws SQLException {
        String sql = Jdbc.isMariaDb(connection) ? SchemaQueries.CHECKS_MARIADB : SchemaQueries.CHECKS_MYSQL;
        return rows(sql, table).stream().map(r -> new CheckReads.Check(r.get(0), r.get(1))).toList();
    }

    /** The names of the table's CHECK constraints. */
    List<String> checkConstraints(String table) throws SQLException {
        return checks(table).stream().map(CheckReads.Check::name).toList();
    }

    /** The table's triggers, in firing order per event and timing. */
    List<TriggerInfo> triggers(String table) throws SQLException {
        return rows(SchemaQueries.TRIGGERS, table).stream().map(SchemaQueries::trigger).toList();
    }

    /** Each of the table's indexes' type and comment, by its name in lower case. */
    Map<String, IndexShrink.Kind> indexKinds(String table) throws SQLException {
        Map<String, IndexShrink.Kind> kinds = new HashMap<>();
        for (List<String> row : rows(SchemaQueries.INDEX_KINDS, table)) {
            kinds.put(row.get(0).toLowerCase(Locale.ROOT), new IndexShrink.Kind(row.get(1), row.get(2) == null ? "" : row.get(2)));
        }
        return kinds;
    }

    /** The table's triggers with their bodies, in the order they fire per event and timing. */
    List<TriggerDefinition> triggerDefinitions(String table) throws SQLException {
        return rows(SchemaQueries.TRIGGER_DEFINITIONS, table).stream().map(SchemaQueries::triggerDefinition).toList();
    }

    /** The names of the table's JSON columns on MariaDB, which shows them as {@code longtext} (MySQL: none, its type says json). */
    List<String> mariaDbJsonColumns(String table) throws SQLException {
        return rows(SchemaQueries.MARIADB_JSON_COLUMNS, table).stream().map(r -> r.get(0)).toList();
    }

    /**
     * MySQL's count of instant column changes of {@code table} (bare or qualified) since its last
     * rebuild; empty when the server keeps or shows none: MariaDB, MySQL before 8.0.29, an account
     * without the PROCESS privilege (which {@code information_schema.innodb_tables} needs).
     */
    OptionalInt rowVersions(String table) {
        try {
            List<List<String>> rows = Jdbc.rows(connection, SchemaQueries.rowVersions(table));
            return rows.isEmpty() || rows.get(0).get(0) == null ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(rows.get(0).get(0)));
        } catch (SQLException e) {
            LOG.debug("No instant row-version count for {}: {}", table, e.getMessage());
            return OptionalInt.empty();
        }
    }

    /**
     * InnoDB's id of {@code table}, which InnoDB gives from a counter that only grows: to each table created,
     * and anew to each one that {@code TRUNCATE TABLE} or a rebuild makes again. Empty where it cannot be read:
     * without the PROCESS privilege, or where InnoDB stores the schema's or the table's name encoded (any
     * character but a letter, a digit or an underscore) or in other letters (lower_case_table_names).
     */
    OptionalLong innoDbTableId(String table) throws SQLException {
        String schema = connection.getCatalog();
        if (schema == null || !STORED_AS_WRITTEN.matcher(schema).matches() || !STORED_AS_WRITTEN.matcher(table).matches()) {
            return OptionalLong.empty();
        }
        try {
            List<List<String>> rows = rows(SchemaQueries.innoDbTableId(Jdbc.isMariaDb(connection)), table);
            return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rows.get(0).get(0)));
        } catch (SQLException e) {
            if (e.getErrorCode() != ACCESS_DENIED_NEEDS_PRIVILEGE) {
                throw e;
            }
            LOG.debug("InnoDB's id of {} is not readable without the PROCESS privilege", table);
            return OptionalLong.empty();
        }
    }

    /**
     * The first column of a table information_schema does not list, such as this session's temporary
     * table, with the character set of its collation.
     */
    ColumnInfo temporaryColumn(String temporaryTable) throws SQLException {
        return shownColumn(Jdbc.rows(connection, SchemaQueries.showFullColumns(temporaryTable)).get(0));
    }

    /** Every column of a table information_schema does not list ({@link #temporaryColumn}), in their order. */
    List<ColumnInfo> temporaryColumns(String temporaryTable) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        for (List<String> shown : Jdbc.rows(connection, SchemaQueries.showFullColumns(temporaryTable))) {
            columns.add(shownColumn(shown));
        }
        return columns;
    }

    /** A {@code SHOW FULL COLUMNS} row, with the character set of its collation looked up. */
    private ColumnInfo shownColumn(List<String> shown) throws SQLException {
        String collation = shown.get(2);
        String characterSet = collation == null ? null
                : rows(SchemaQueries.CHARACTER_SET_OF, collation).get(0).get(0);
        return SchemaQueries.shownColumn(shown, characterSet);
    }

    private List<List<String>> rows(String sql, String... parameters) throws SQLException {
        return Jdbc.rows(connection, sql, parameters);
    }

    private List<List<String>> statistics(String sql, String... parameters) throws SQLException {
        return TableStatistics.read(connection, sql, parameters);
    }
}

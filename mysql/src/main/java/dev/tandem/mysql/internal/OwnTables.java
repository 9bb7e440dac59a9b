package dev.tandem.mysql.internal;

import dev.tandem.TableNames;
import dev.tandem.spi.ForeignTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Tandem's own tables in the target schema, under the configured names: each with the statement that
 * creates it, and the columns that statement defines, by which a table found under its name is told to be
 * Tandem's or the application's.
 */
final class OwnTables {

    /** One of Tandem's tables: its name, its {@code CREATE TABLE IF NOT EXISTS}, and that statement's columns. */
    private record Table(String name, String create, List<String> columns) {

        Table(String name, String create) {
            this(name, create, TableShape.columns(create));
        }
    }

    /** In the order of {@link TableNames#all()}. */
    private final List<Table> tables;

    OwnTables(TableNames names) {
        tables = List.of(new Table(names.migrations(), MySqlStateStore.create(names.migrations())),
                new Table(names.instances(), MySqlFleetStore.create(names.instances())),
                new Table(names.backfill(), BackfillCheckpoints.create(names.backfill())));
    }

    /** Creates the tables that are missing; one that exists is left as it is. */
    void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table table : tables) {
                s.execute(table.create());
            }
        }
    }

    /** The tables under these names that lack a column of Tandem's; one information_schema query. */
    List<ForeignTable> foreign(Connection c) throws SQLException {
        List<List<String>> found = Jdbc.rows(c, "SELECT table_schema, table_name, column_name FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name IN (?, ?, ?) ORDER BY table_name, ordinal_position",
                tables.stream().map(Table::name).toArray(String[]::new));
        List<ForeignTable> foreign = new ArrayList<>();
        for (Table table : tables) {
            // MariaDB compares names in information_schema without case, and may answer in the table's own case.
            List<List<String>> rows = found.stream().filter(row -> row.get(1).equalsIgnoreCase(table.name())).toList();
            List<String> columns = rows.stream().map(row -> row.get(2)).toList();
            if (!rows.isEmpty() && !TableShape.missing(table.columns(), columns).isEmpty()) {
                foreign.add(new ForeignTable(rows.get(0).get(0), rows.get(0).get(1), columns, table.columns()));
            }
        }
        return foreign;
    }
}

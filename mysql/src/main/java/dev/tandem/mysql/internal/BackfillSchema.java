package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the backfill reads from {@code information_schema}, in one place, so that these reads can be
 * routed through a schema inspector later without touching the backfill's other classes. Each reads
 * the table {@code table} (its name unquoted) of the connection's current schema.
 */
final class BackfillSchema {

    private BackfillSchema() {
    }

    /**
     * The columns of every unique key, as rows of (index name, column, is_nullable, data_type), the
     * primary key first, each key's columns in their order in the key.
     */
    static List<List<String>> uniqueKeyColumns(Connection c, String table) throws SQLException {
        return Jdbc.rows(c, "SELECT s.index_name, s.column_name, c.is_nullable,"
                + " c.data_type FROM information_schema.statistics s JOIN information_schema.columns c ON c.table_schema"
                + " = s.table_schema AND c.table_name = s.table_name AND c.column_name = s.column_name"
                + " WHERE s.table_schema = DATABASE() AND s.table_name = ? AND s.non_unique = 0"
                + " ORDER BY s.index_name <> 'PRIMARY', s.index_name, s.seq_in_index", table);
    }

    /** The columns that set themselves on every update ({@code ON UPDATE CURRENT_TIMESTAMP}). */
    static List<String> selfUpdatingColumns(Connection c, String table) throws SQLException {
        return Jdbc.rows(c, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND LOWER(extra) LIKE '%on update%'", table)
                .stream().map(row -> row.get(0)).toList();
    }

    /** The server's estimate of the table's rows, from its statistics (0 when it has none); may be far off. */
    static long estimatedRows(Connection c, String table) throws SQLException {
        return Jdbc.count(c, "SELECT COALESCE(MAX(table_rows), 0) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name = ?", table);
    }
}

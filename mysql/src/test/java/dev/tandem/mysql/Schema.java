package dev.tandem.mysql;

import dev.tandem.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What a test compares: a database's tables, columns, indexes and triggers, and its rows. */
final class Schema {

    /** Tandem's and Flyway's own tables are not part of the schema a test compares. */
    private static final String NOT_OURS = "table_name NOT LIKE 'tandem\\_%' AND table_name <> 'flyway_schema_history'";

    private Schema() {
    }

    /** Tables, columns (type, nullability, default, visibility), indexes and triggers, as text, in a fixed order. */
    static List<String> describe(TestDatabase db) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (List<Object> row : db.query("SELECT table_name, column_name, column_type, is_nullable,"
                + " COALESCE(column_default, 'NULL'), extra FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND " + NOT_OURS + " ORDER BY table_name, ordinal_position")) {
            lines.add("column " + row);
        }
        for (List<Object> row : db.query("SELECT table_name, index_name, seq_in_index, column_name, non_unique"
                + " FROM information_schema.statistics WHERE table_schema = DATABASE() AND " + NOT_OURS
                + " ORDER BY table_name, index_name, seq_in_index")) {
            lines.add("index " + row);
        }
        for (List<Object> row : db.query("SELECT trigger_name, event_manipulation, action_timing, event_object_table"
                + " FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY trigger_name")) {
            lines.add("trigger " + row);
        }
        return lines;
    }

    /** Every row of {@code table}, ordered by its first column. */
    static List<List<Object>> rows(TestDatabase db, String table) throws SQLException {
        return db.query("SELECT * FROM `" + table + "` ORDER BY 1");
    }

    /** version -> state of every row in tandem_migrations. */
    static List<List<Object>> states(TestDatabase db) throws SQLException {
        return db.query("SELECT version, state FROM tandem_migrations ORDER BY CAST(version AS DECIMAL(20,6))");
    }
}

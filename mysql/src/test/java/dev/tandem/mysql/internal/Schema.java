package dev.tandem.mysql.internal;

import dev.tandem.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;

/** What a test compares besides the schema ({@link TestDatabase#describeSchema()}): rows and migration states. */
final class Schema {

    private Schema() {
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

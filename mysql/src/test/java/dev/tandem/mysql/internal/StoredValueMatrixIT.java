package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The backfill's condition ({@link StoredValue}, as {@link BackfillSql} builds it for a {@code rename_column} or an
 * {@code alter_column} whose {@code up} reads another column) against what the server's own assignment stores, for
 * values of every type into columns of every type: where the server takes the value, the backfill's UPDATE writes
 * it, its verification then finds nothing wrong (before the condition read the value's type, text {@code '3.7'} into
 * an INT, a DATE into a BIGINT on MySQL, a number into a YEAR failed a backfill after its whole table; on MariaDB a
 * zero TIMESTAMP was taken for the NULL of a column not written yet, and never copied), also over a column that
 * holds another value first (as a rename's holds its default), and an exact condition sees the other values taken
 * (a wrong value never passes). In the backfill's sql_mode ({@link SyncSession#syncMode}), which takes zero dates.
 */
class StoredValueMatrixIT {

    /** A column type and values of it (SQL literals). */
    private record Source(String type, String... values) {
    }

    private static final List<Source> SOURCES = List.of(
            new Source("TINYINT", "-5", "7", "1"),
            new Source("INT", "123", "5", "2021"),
            new Source("BIGINT UNSIGNED", "18446744073709551615", "0"),
            new Source("DECIMAL(10,3)", "1.5", "-2.5", "7.125", "2021"),
            new Source("FLOAT", "0.1", "2.5", "1e-10", "-3.4e38"),
            new Source("DOUBLE", "1e20", "3.5", "1e-10", "2021"),
            new Source("BIT(8)", "b'101'", "b'11111111'", "b'0'"),
            new Source("ENUM('a','b','1')", "'b'", "'a'", "'1'"),
            new Source("SET('x','y')", "'x,y'", "'y'", "''"),
            new Source("CHAR(5)", "'12'", "'a'", "''"),
            new Source("VARCHAR(30)", "'3.7'", "' 42 '", "'2020-01-02 03:04:05'", "'1'", "'b'", "'-0.5'", "'1e3'", "'2.5'",
                    "'x,y'", "'12:34:56'"),
            new Source("DATE", "'2020-01-01'", "'1999-12-31'", "'0000-00-00'"),
            new Source("DATETIME(3)", "'2020-01-01 12:34:56.789'", "'1999-12-31 23:59:59.999'", "'0000-00-00 00:00:00'"),
            new Source("TIMESTAMP(3) NULL", "'2020-01-01 12:34:56.789'", "'2001-02-03 04:05:06'", "'0000-00-00 00:00:00'"),
            new Source("TIME(2)", "'12:34:56.78'", "'-01:02:03'"),
            new Source("YEAR", "2021", "1999"),
            new Source("JSON", "'{\"a\": 1}'", "'12'", "'\"s\"'", "'2.5'"),
            new Source("BINARY(3)", "x'414243'", "x'313200'"),
            new Source("BLOB", "x'3132'", "x'00ff'"));

    private static final List<String> TARGETS = List.of("TINYINT", "INT", "INT UNSIGNED", "BIGINT", "BIGINT UNSIGNED",
            "DECIMAL(12,2)", "FLOAT", "DOUBLE", "BIT(16)", "VARCHAR(40) CHARACTER SET utf8mb4", "CHAR(30) CHARACTER SET latin1",
            "TEXT CHARACTER SET utf8mb4", "VARBINARY(40)", "BINARY(8)", "BLOB", "DATE", "DATETIME", "DATETIME(3)",
            "TIMESTAMP NULL", "TIMESTAMP(2) NULL", "TIME", "TIME(3)", "YEAR", "JSON", "ENUM('a','b','1')", "SET('x','y','b')");

    @ServerTest
    void theBackfillsConditionAgreesWithWhatTheServerStores(TestDatabase db) throws Exception {
        boolean mariaDb = db.flavor() == Flavor.MARIADB;
        List<String> wrong = new ArrayList<>();
        int pairs = 0;
        int exact = 0;
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            String backfillMode;
            try (ResultSet r = s.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                r.next();
                backfillMode = SyncSession.syncMode(r.getString(1));
            }
            for (Source source : SOURCES) {
                StringBuilder columns = new StringBuilder();
                for (int t = 0; t < TARGETS.size(); t++) {
                    columns.append(", d").append(t).append(' ').append(TARGETS.get(t));
                }
                // The values as a table written outside a strict sql_mode holds them (zero dates); copied in the backfill's.
                s.execute("SET SESSION sql_mode = ''");
                for (String table : List.of("p", "q")) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                    s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, s " + source.type() + columns
                            + ") DEFAULT CHARSET=utf8mb4");
                    for (int v = 0; v < source.values().length; v++) {
                        s.execute("INSERT INTO " + table + " (id, s) VALUES (" + (v + 1) + ", " + source.values()[v] + ")");
                    }
                }
                s.execute("SET SESSION sql_mode = " + Identifiers.literal(backfillMode));
                StoredValue.ValueType valueType = BackfillSql.valueType(c, "p", "s");
                for (int t = 0; t < TARGETS.size(); t++) {
                    String d = "d" + t;
                    String pair = source.type() + " into " + TARGETS.get(t);
                    // What the server stores: q, row by row; a value it refuses is left out of the pair.
                    List<Integer> taken = new ArrayList<>();
                    for (int id = 1; id <= source.values().length; id++) {
                        try {
                            s.executeUpdate("UPDATE q SET " + d + " = s WHERE id = " + id);
                            taken.add(id);
                        } catch (SQLException refused) {
                            // the assignment itself fails: the backfill would stop on it, loudly, with the server's message
                        }
                    }
                    if (taken.isEmpty()) {
                        continue;
                    }
                    pairs++;
                    String[] column = columnType(s, d);
                    BackfillSql sql = BackfillSql.build(d, column[0], column[1], List.of(), "s", valueType,
                            BackfillSql.Kind.SYNCED, mariaDb);
                    exact += sql.exact() ? 1 : 0;
                    String in = " AND id IN (" + String.join(", ", taken.stream().map(String::valueOf).toList()) + ")";
                    // Each row first given the next row's stored value (as a rename's column holds its default): a value
                    // the backfill must see is not the expression's.
                    rotate(s, d, taken);
                    for (int id : taken) {
                        try {
                            s.executeUpdate("UPDATE p SET " + sql.assignment() + " WHERE id = " + id + " AND (" + sql.pending() + ")");
                        } catch (SQLException e) {
                            wrong.add(pair + ", value " + source.values()[id - 1] + ": the backfill's UPDATE fails: " + e.getMessage());
                        }
                    }
                    long notAsStored = count(s, "SELECT COUNT(*) FROM p WHERE TRUE" + in + " AND NOT EXISTS (SELECT 1 FROM q WHERE"
                            + " q.id = p.id AND CAST(q." + d + " AS BINARY) <=> CAST(p." + d + " AS BINARY))");
                    if (notAsStored > 0) {
                        wrong.add(pair + ": the backfill wrote " + notAsStored + " value(s) other than the assignment's");
                    }
                    long rejected = count(s, "SELECT COUNT(*) FROM p WHERE (" + sql.mismatch() + ")" + in);
                    if (rejected > 0) {
                        wrong.add(pair + ": the verification rejects " + rejected + " value(s) the server stored");
                    }
                    if (sql.exact()) {
                        // Given the next row's stored value again: every row whose value is now another is rejected.
                        rotate(s, d, taken);
                        long passed = count(s, "SELECT COUNT(*) FROM p WHERE NOT (" + sql.mismatch() + ")" + in
                                + " AND NOT EXISTS (SELECT 1 FROM q WHERE q.id = p.id AND CAST(q." + d + " AS BINARY) <=> CAST(p."
                                + d + " AS BINARY))");
                        if (passed > 0) {
                            wrong.add(pair + ": the verification passes " + passed + " wrong value(s)");
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("pairs whose condition disagrees with the server").isEmpty();
        assertThat(pairs).as("pairs the server takes").isGreaterThan(300);
        assertThat(exact).as("pairs compared by value").isGreaterThan(pairs * 3 / 4);
    }

    /** Gives each row of p in {@code ids} the value q stores in the next one's column {@code d}. */
    private static void rotate(Statement s, String d, List<Integer> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            s.executeUpdate("UPDATE p JOIN q ON q.id = " + ids.get((i + 1) % ids.size()) + " SET p." + d + " = q." + d
                    + " WHERE p.id = " + ids.get(i));
        }
    }

    /** The column's type and character set, as a backfill reads them. */
    private static String[] columnType(Statement s, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT column_type, character_set_name FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = 'p' AND column_name = '" + column + "'")) {
            r.next();
            return new String[] {r.getString(1), r.getString(2)};
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}

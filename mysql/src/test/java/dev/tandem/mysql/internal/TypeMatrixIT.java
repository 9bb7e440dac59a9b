package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every column type a table can hold, through every operation that copies values, in a database
 * whose default character set (latin1) is not the tables', written by old code from a session whose
 * time zone is not the server's: each cell ends with exactly the values a blocking ALTER TABLE of a
 * reference copy gives, or is refused before anything changes. The writes go to both tables.
 */
class TypeMatrixIT {

    /** A column type and two values of it (SQL literals), plus NULL in a third row. */
    private record Cell(String type, String a, String b) {
    }

    private static final List<Cell> TYPES = List.of(
            new Cell("TINYINT", "-128", "127"),
            new Cell("TINYINT UNSIGNED", "0", "255"),
            new Cell("SMALLINT", "-32768", "32767"),
            new Cell("MEDIUMINT UNSIGNED", "0", "16777215"),
            new Cell("INT", "-2147483648", "2147483647"),
            new Cell("BIGINT", "-9223372036854775808", "9223372036854775807"),
            new Cell("BIGINT UNSIGNED", "0", "18446744073709551615"),
            new Cell("DECIMAL(10,2)", "-99999999.99", "0.01"),
            new Cell("DECIMAL(30,10) UNSIGNED", "12345678901234567890.0123456789", "0"),
            new Cell("FLOAT", "-3.40282e38", "0.1"),
            new Cell("DOUBLE", "1.7976931348623157e308", "-0.1"),
            new Cell("BIT(1)", "b'1'", "b'0'"),
            new Cell("BIT(64)", "b'1111111111111111111111111111111111111111111111111111111111111111'", "b'1'"),
            new Cell("ENUM('a','b','ö') CHARACTER SET utf8mb4", "'ö'", "'a'"),
            new Cell("SET('x','y','z')", "'x,z'", "''"),
            new Cell("CHAR(10) CHARACTER SET latin1", "'Zoë'", "''"),
            new Cell("CHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "'😀 a'", "'a'"),
            new Cell("VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin", "'Ab '", "'ab'"),
            new Cell("VARCHAR(20) CHARACTER SET utf8mb3", "'Дмитрий'", "''"),
            new Cell("VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", "'山田 😀 '", "'a  '"),
            new Cell("TINYTEXT CHARACTER SET latin1", "'Åsa'", "' '"),
            new Cell("TEXT CHARACTER SET utf8mb4", "'Łódź 😀'", "''"),
            new Cell("BINARY(4)", "x'00ff'", "x'01'"),
            new Cell("VARBINARY(10)", "x'0000'", "x''"),
            new Cell("BLOB", "x'deadbeef00'", "x''"),
            new Cell("DATE", "'1000-01-01'", "'9999-12-31'"),
            new Cell("DATETIME(6)", "'1000-01-01 00:00:00.000001'", "'9999-12-31 23:59:59.999999'"),
            new Cell("DATETIME", "'2024-02-29 12:34:56'", "'1970-01-01 00:00:00'"),
            new Cell("TIMESTAMP(3) NULL", "'1970-01-02 00:00:00.001'", "'2038-01-18 03:14:07.499'"),
            new Cell("TIME(3)", "'-838:59:59.000'", "'12:00:00.5'"),
            new Cell("YEAR", "1901", "2155"),
            new Cell("JSON", "'{\"a\": [1, 2.5, \"x\"]}'", "'[]'"),
            new Cell("POINT", "ST_GeomFromText('POINT(1 2)')", "ST_GeomFromText('POINT(-1.5 3)')"));

    /** Type changes that keep every value, with a value at each end of the old type. */
    private static final List<String[]> WIDENINGS = List.of(
            new String[] {"INT", "BIGINT", "-2147483648", "2147483647"},
            new String[] {"TINYINT UNSIGNED", "SMALLINT", "0", "255"},
            new String[] {"INT UNSIGNED", "BIGINT", "0", "4294967295"},
            new String[] {"DECIMAL(10,2)", "DECIMAL(14,4)", "-99999999.99", "0.01"},
            new String[] {"FLOAT", "DOUBLE", "-3.40282e38", "0.1"},
            new String[] {"VARCHAR(20) CHARACTER SET latin1", "VARCHAR(40) CHARACTER SET utf8mb4", "'Zoë '", "'Ab'"},
            new String[] {"VARCHAR(20) CHARACTER SET utf8mb3", "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                    "'Дмитрий'", "'a'"},
            new String[] {"CHAR(10) CHARACTER SET utf8mb4", "VARCHAR(10) CHARACTER SET utf8mb4", "'a  '", "'山田'"},
            new String[] {"TEXT CHARACTER SET utf8mb4", "MEDIUMTEXT CHARACTER SET utf8mb4", "'😀'", "''"},
            new String[] {"VARBINARY(10)", "BLOB", "x'00ff'", "x''"},
            new String[] {"DATETIME", "DATETIME(3)", "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'"},
            new String[] {"DATE", "DATETIME", "'1000-01-01'", "'2024-02-29'"},
            new String[] {"TIMESTAMP NULL", "DATETIME", "'1970-01-02 00:00:00'", "'2038-01-18 03:14:07'"},
            new String[] {"TIME", "TIME(3)", "'-838:59:59'", "'12:00:00'"},
            new String[] {"ENUM('a','b') CHARACTER SET utf8mb4", "ENUM('a','b','c') CHARACTER SET utf8mb4", "'b'", "'a'"},
            new String[] {"YEAR", "SMALLINT", "1901", "2155"});

    /** Type changes that lose values old code may write: refused unless up says what they become. */
    private static final List<String[]> NARROWINGS = List.of(
            new String[] {"BIGINT", "INT"},
            new String[] {"INT", "INT UNSIGNED"},
            new String[] {"VARCHAR(100)", "VARCHAR(10)"},
            new String[] {"VARCHAR(20) CHARACTER SET utf8mb4", "VARCHAR(20) CHARACTER SET latin1"},
            new String[] {"DECIMAL(10,2)", "DECIMAL(10,1)"},
            new String[] {"DATETIME(6)", "DATETIME"},
            new String[] {"DATETIME", "TIMESTAMP NULL"},
            new String[] {"DOUBLE", "FLOAT"},
            new String[] {"TEXT", "VARCHAR(100)"});

    @ServerTest
    void everyTypeRoundTripsThroughRenameColumn(TestDatabase db) throws Exception {
        roundTrip(db, "rn", i -> "  - rename_column: {table: rn, from: c" + i + ", to: r" + i + "}\n",
                (ref, i) -> "ALTER TABLE " + ref + " RENAME COLUMN c" + i + " TO r" + i, i -> "r" + i, null);
    }

    @ServerTest
    void everyTypeRoundTripsThroughAddColumnAsAPlainCopyAndAsAnExpression(TestDatabase db) throws Exception {
        roundTrip(db, "ad", i -> "  - add_column: {table: ad, column: a" + i + ", type: \"" + TYPES.get(i).type()
                        .replace(" NULL", "") + "\", up: \"c" + i + "\"}\n"
                        + "  - add_column: {table: ad, column: e" + i + ", type: \"" + TYPES.get(i).type().replace(" NULL", "")
                        + "\", up: \"(c" + i + ")\"}\n",
                (ref, i) -> "ALTER TABLE " + ref + " ADD COLUMN a" + i + " " + TYPES.get(i).type() + ", ADD COLUMN e" + i + " "
                        + TYPES.get(i).type() + "; UPDATE " + ref + " SET a" + i + " = c" + i + ", e" + i + " = c" + i,
                i -> "a" + i + ", e" + i, new String[] {", g VARCHAR(60) AS (CONCAT(c19, '!')) STORED",
                        "  - add_column: {table: ad, column: ag, type: VARCHAR(60), up: g}\n",
                        "ALTER TABLE ref_ad ADD COLUMN ag VARCHAR(60)", "UPDATE ref_ad SET ag = g", "g, ag"});
    }

    @ServerTest
    void everyWideningRoundTripsThroughAlterColumn(TestDatabase db) throws Exception {
        db.execute("ALTER DATABASE `" + db.name() + "` CHARACTER SET latin1 COLLATE latin1_swedish_ci");
        StringBuilder create = new StringBuilder("CREATE TABLE al (id BIGINT PRIMARY KEY");
        StringBuilder yaml = new StringBuilder("operations:\n");
        for (int i = 0; i < WIDENINGS.size(); i++) {
            create.append(", c").append(i).append(' ').append(WIDENINGS.get(i)[0]);
            yaml.append("  - alter_column: {table: al, column: c").append(i).append(", type: \"").append(WIDENINGS.get(i)[1])
                    .append("\", nullable: true}\n");
        }
        create.append(") DEFAULT CHARSET=utf8mb4");
        List<String> modify = new ArrayList<>();
        for (int i = 0; i < WIDENINGS.size(); i++) {
            modify.add("MODIFY c" + i + " " + WIDENINGS.get(i)[1]);
        }
        Function<Integer, String> value = row -> {
            StringBuilder v = new StringBuilder();
            for (String[] w : WIDENINGS) {
                v.append(", ").append(row == 3 ? "NULL" : w[row + 1]);
            }
            return v.toString();
        };
        Function<String, String> columns = t -> {
            StringBuilder c = new StringBuilder();
            for (int i = 0; i < WIDENINGS.size(); i++) {
                c.append(i == 0 ? "" : ", ").append("c").append(i);
            }
            return c.toString();
        };
        compareWithReference(db, "al", create.toString(), yaml.toString(), List.of("ALTER TABLE ref_al " + String.join(", ",
                modify)), value, columns.apply(""), columns.apply(""));
    }

    @ServerTest
    void everyNarrowingIsRefusedBeforeAnythingChanges(TestDatabase db) throws Exception {
        StringBuilder create = new StringBuilder("CREATE TABLE nr (id BIGINT PRIMARY KEY");
        for (int i = 0; i < NARROWINGS.size(); i++) {
            create.append(", c").append(i).append(' ').append(NARROWINGS.get(i)[0]).append(" NULL");
        }
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-narrow-")).write("V1__nr.sql",
                create + ") DEFAULT CHARSET=utf8mb4;\n");
        Nodes.applied(db, scripts);
        List<String> before = db.describeSchema();
        for (int i = 0; i < NARROWINGS.size(); i++) {
            scripts.write("V2__narrow.yaml", "operations:\n  - alter_column: {table: nr, column: c" + i + ", type: \""
                    + NARROWINGS.get(i)[1] + "\", nullable: true}\n");
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                assertThatThrownBy(v2::start).as(NARROWINGS.get(i)[0] + " -> " + NARROWINGS.get(i)[1])
                        .hasMessageContaining("Say in 'up' what such values become");
            }
        }
        assertThat(db.describeSchema()).isEqualTo(before);
    }

    interface ReferenceDdl {
        String sql(String referenceTable, int column);
    }

    /**
     * @param generated extra column definitions, operations and reference DDL for a STORED generated
     *                  column {@code g} over c19 (null for none)
     */
    private static void roundTrip(TestDatabase db, String table, Function<Integer, String> operation, ReferenceDdl reference,
                                  Function<Integer, String> newColumns, String[] generated) throws Exception {
        db.execute("ALTER DATABASE `" + db.name() + "` CHARACTER SET latin1 COLLATE latin1_swedish_ci");
        StringBuilder create = new StringBuilder("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY");
        StringBuilder yaml = new StringBuilder("operations:\n");
        List<String> ddl = new ArrayList<>();
        StringBuilder oldColumns = new StringBuilder();
        StringBuilder finalColumns = new StringBuilder();
        for (int i = 0; i < TYPES.size(); i++) {
            create.append(", c").append(i).append(' ').append(TYPES.get(i).type());
            yaml.append(operation.apply(i));
            ddl.addAll(List.of(reference.sql("ref_" + table, i).split("; ")));
            oldColumns.append(i == 0 ? "" : ", ").append("c").append(i);
            finalColumns.append(i == 0 ? "" : ", ").append(newColumns.apply(i));
        }
        if (generated != null) {
            create.append(generated[0]);
            yaml.append(generated[1]);
            ddl.add(generated[2]);
            ddl.add(generated[3]);
            finalColumns.append(", ").append(generated[4]);
        }
        create.append(") DEFAULT CHARSET=utf8mb4");
        Function<Integer, String> values = row -> {
            StringBuilder v = new StringBuilder();
            for (Cell cell : TYPES) {
                v.append(", ").append(row == 1 ? cell.a() : row == 2 ? cell.b() : "NULL");
            }
            return v.toString();
        };
        compareWithReference(db, table, create.toString(), yaml.toString(), ddl, values, oldColumns.toString(),
                finalColumns.toString());
    }

    /**
     * Creates {@code table} and its reference copy with rows 1-3, migrates the table with Tandem while
     * an old writer (time zone +05:00) inserts rows 11-13 and rewrites row 1 from row 2's values, does
     * the same writes and {@code referenceDdl} on the copy, and compares every value after the contract.
     */
    private static void compareWithReference(TestDatabase db, String table, String create, String yaml,
                                             List<String> referenceDdl, Function<Integer, String> values,
                                             String oldColumns, String finalColumns) throws Exception {
        String ref = "ref_" + table;
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-matrix-")).write("V1__" + table + ".sql",
                create + ";\n" + create.replaceFirst("CREATE TABLE " + table, "CREATE TABLE " + ref) + ";\n");
        try (Connection writer = db.connection()) {
            Nodes.applied(db, scripts);
            writeRows(writer, List.of(table, ref), oldColumns, values, 1);
            scripts.write("V2__matrix.yaml", yaml);
            try (Tandem v2 = Nodes.tandem(db, scripts); Statement s = writer.createStatement()) {
                v2.start();
                s.execute("SET time_zone = '+05:00'");
                writeRows(writer, List.of(table, ref), oldColumns, values, 11);
                for (String t : List.of(table, ref)) {
                    s.execute("UPDATE " + t + " a JOIN " + t + " b ON b.id = 2 SET " + assignments(oldColumns) + " WHERE a.id = 1");
                }
                v2.contract("2");
                // The blocking ALTER converts times in the server's zone, as the server's own sessions would.
                s.execute("SET time_zone = @@global.time_zone");
                for (String sql : referenceDdl) {
                    s.execute(sql);
                }
            }
        }
        Map<String, List<String>> mismatches = new LinkedHashMap<>();
        for (String column : finalColumns.split(", ")) {
            List<List<Object>> ours = db.query("SELECT id, HEX(CAST(" + column + " AS BINARY)) FROM " + table + " ORDER BY id");
            List<List<Object>> theirs = db.query("SELECT id, HEX(CAST(" + column + " AS BINARY)) FROM " + ref + " ORDER BY id");
            if (!ours.equals(theirs)) {
                mismatches.put(column + " " + db.queryValue("SELECT column_type FROM information_schema.columns WHERE"
                        + " table_schema = DATABASE() AND table_name = '" + table + "' AND column_name = '" + column + "'"),
                        List.of("tandem " + ours, "reference " + theirs));
            }
        }
        assertThat(mismatches).as("cells whose values differ from a blocking ALTER's").isEmpty();
        assertThat(db.query("SELECT column_name, column_type, collation_name FROM information_schema.columns WHERE"
                + " table_schema = DATABASE() AND table_name = '" + table + "' AND column_name <> 'g' ORDER BY column_name"))
                .as("the same columns as the reference's").isEqualTo(db.query("SELECT column_name, column_type, collation_name"
                        + " FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '" + ref
                        + "' AND column_name <> 'g' ORDER BY column_name"));
    }

    private static String assignments(String columns) {
        List<String> set = new ArrayList<>();
        for (String c : columns.split(", ")) {
            set.add("a." + c + " = b." + c);
        }
        return String.join(", ", set);
    }

    /** Rows {@code first}, +1, +2 with value sets a, b and NULLs. */
    private static void writeRows(Connection writer, List<String> tables, String columns, Function<Integer, String> values,
                                  int first) throws SQLException {
        try (Statement s = writer.createStatement()) {
            for (String t : tables) {
                for (int row = 1; row <= 3; row++) {
                    s.execute("INSERT INTO " + t + " (id, " + columns + ") VALUES (" + (first + row - 1)
                            + values.apply(row) + ")");
                }
            }
        }
    }
}

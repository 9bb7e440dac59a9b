package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/** rename_column and drop_column with old (untagged) and new (tagged) writers in every phase. */
class RenameAndDropColumnIT {

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, nickname VARCHAR(50) NOT NULL);
                CREATE INDEX customers_name ON customers (name);
                INSERT INTO customers VALUES (1, 'Ada', 'ada'), (2, 'Zoë 😀', 'zo');
                """);
    }


    private static final String V2 = """
            operations:
              - rename_column:
                  table: customers
                  from: name
                  to: full_name
              - drop_column:
                  table: customers
                  column: nickname
                  down: LOWER(LEFT(full_name, 2))
            """;

    @ServerTest
    void oldCodeUsesTheOldNamesNewCodeTheNewOnesAndTheContractKeepsIndexes(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__rename.yaml", V2);
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection(); Connection fresh = v2.dataSource().getConnection()) {
            assertThat(v2.start().applied()).containsExactly("2");
            Statement o = old.createStatement();
            Statement n = fresh.createStatement();
            assertThat(db.query("SELECT * FROM customers WHERE id = 1")).as("old code's SELECT * keeps its shape")
                    .containsExactly(List.of(1L, "Ada", "ada"));

            o.execute("INSERT INTO customers VALUES (10, 'Old Writer', 'ow')");
            // New code no longer knows name or nickname: it inserts without them, though both are NOT NULL.
            n.execute("INSERT INTO customers (id, full_name) VALUES (20, 'New Writer')");
            n.execute("UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1");
            o.execute("UPDATE customers SET name = 'New Writer, renamed by v1' WHERE id = 20");

            assertThat(db.query("SELECT id, name, full_name, nickname FROM customers ORDER BY id")).containsExactly(
                    List.of(1L, "Ada Lovelace", "Ada Lovelace", "ad"),
                    List.of(2L, "Zoë 😀", "Zoë 😀", "zo"),
                    List.of(10L, "Old Writer", "Old Writer", "ow"),
                    List.of(20L, "New Writer, renamed by v1", "New Writer, renamed by v1", "ne"));

            v2.contract("2");
        }
        assertThat(db.query("SELECT * FROM customers ORDER BY id")).containsExactly(
                List.of(1L, "Ada Lovelace"), List.of(2L, "Zoë 😀"), List.of(10L, "Old Writer"),
                List.of(20L, "New Writer, renamed by v1"));
        assertThat(db.describeSchema()).contains(
                "column [customers, full_name, varchar(100), NO, NULL, ]",
                "index [customers, customers_name, 1, full_name, 1]")
                .noneMatch(line -> line.contains("nickname") || line.startsWith("trigger"));
    }

    /** A column whose ON UPDATE has a precision keeps it (without it the servers refuse the definition: error 1294). */
    @ServerTest
    void aTimestampWithFractionalOnUpdateIsRenamedWithIt(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__events.sql", """
                CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(20) NOT NULL,
                  changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3));
                INSERT INTO events (id, kind) VALUES (1, 'created');
                """).write("V2__rename.yaml", """
                operations:
                  - rename_column: {table: events, from: changed_at, to: modified_at}
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            tandem.contract("2");
        }
        assertThat(db.query("SELECT LOWER(extra) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'events' AND column_name = 'modified_at'")).singleElement()
                .satisfies(row -> assertThat((String) row.get(0)).contains("on update current_timestamp(3)"));
    }

    @ServerTest
    void rollbackLeavesTheSchemaExactlyAsBefore(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        List<List<Object>> rows = Schema.rows(db, "customers");
        scripts.write("V2__rename.yaml", V2);
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            v2.rollback("2");
        }
        assertThat(db.describeSchema()).isEqualTo(before);
        assertThat(Schema.rows(db, "customers")).isEqualTo(rows);
    }

    @ServerTest
    void droppingANotNullColumnWithoutDownIsRefusedBeforeItChangesAnything(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V2__drop.yaml", """
                operations:
                  - drop_column:
                      table: customers
                      column: nickname
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("nickname is NOT NULL without a default")
                    .hasMessageContaining("Give drop_column a 'down' expression");
        }
        assertThat(Arrays.asList(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()")))
                .containsExactly(0L);
    }
}

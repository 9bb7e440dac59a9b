package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.BackfillProgress;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import dev.tandem.TandemStatus;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Tandem's own tables: a table of the application's that carries one of their names is never taken for
 * Tandem's, and with a prefix of their own they live beside it.
 */
class OwnTablesIT {

    private static final String CUSTOMERS = "CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            + " name VARCHAR(100) NOT NULL)";
    private static final String TWO_CUSTOMERS = "INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper')";
    /** A migration with a backfill: it would use every one of Tandem's tables. */
    private static final String V1_DISPLAY = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)"}
            """;

    /** The application's own table {@code name}, with its own columns and a row. */
    private static void createAppTable(TestDatabase db, String name) throws Exception {
        db.execute("CREATE TABLE " + name + " (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, note TEXT NULL)",
                "INSERT INTO " + name + " VALUES (1, 'the app''s', 'own row')");
    }

    /**
     * Everything a refused call must leave as it was: the schema, every table's name (Tandem's and Flyway's
     * too, which describeSchema() leaves out), and the app's table {@code appTable}, its definition and rows.
     */
    private static List<Object> everything(TestDatabase db, String appTable) throws Exception {
        return List.of(db.describeSchema(), db.query("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() ORDER BY table_name"),
                db.query("SHOW CREATE TABLE " + appTable), Schema.rows(db, appTable));
    }

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-own-tables-")).write("V1__display.yaml", V1_DISPLAY);
    }

    @ServerTest
    void anAppTableUnderOneOfTandemsNamesIsRefusedByStartAndStatusBeforeAnythingChanges(TestDatabase db) throws Exception {
        db.execute(CUSTOMERS, TWO_CUSTOMERS);
        ScriptDir scripts = scripts();
        for (String name : List.of("tandem_migrations", "tandem_instances", "tandem_backfill")) {
            createAppTable(db, name);
            List<Object> before = everything(db, name);
            try (Tandem tandem = Nodes.tandem(db, scripts)) {
                for (ThrowingCallable call : List.<ThrowingCallable>of(tandem::status, tandem::start)) {
                    assertThatThrownBy(call).as(name).isInstanceOf(TandemException.class)
                            .hasMessageContaining("Table " + name + " in schema " + db.name() + " is not Tandem's:"
                                    + " it has the columns (id, name, note), where Tandem expects (")
                            .hasMessageContaining("Nothing was changed.")
                            .hasMessageContaining("Rename that table, or give Tandem's tables other names:"
                                    + " tablePrefix(...) in the configuration, TANDEM_TABLE_PREFIX in the environment"
                                    + " or --table-prefix on the command line");
                }
            }
            assertThat(everything(db, name)).as("nothing changed beside the app's " + name).isEqualTo(before);
            db.execute("DROP TABLE " + name);
        }
    }

    @ServerTest
    void withATablePrefixTandemWorksBesideTheAppsOwnTableOfTheDefaultName(TestDatabase db) throws Exception {
        db.execute(CUSTOMERS, TWO_CUSTOMERS);
        createAppTable(db, "tandem_backfill");
        List<List<Object>> appTable = db.query("SHOW CREATE TABLE tandem_backfill");
        ScriptDir scripts = scripts();

        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).tablePrefix("tdm_").load()) {
            assertThat(tandem.tableNames().all()).containsExactly("tdm_migrations", "tdm_instances", "tdm_backfill");
            assertThat(tandem.start().applied()).containsExactly("1");
            assertThat(db.query("SELECT display FROM customers ORDER BY id"))
                    .containsExactly(List.of("#Ada Lovelace"), List.of("#Grace Hopper"));
            TandemStatus status = tandem.status();
            assertThat(status.missingTables()).isEmpty();
            assertThat(status.instances()).hasSize(1);
            assertThat(status.backfills()).extracting(BackfillProgress::target, BackfillProgress::verified)
                    .containsExactly(tuple("customers.display", true));

            assertThat(tandem.contract("1")).isTrue();
            assertThat(tandem.status().migrations()).extracting(MigrationStatus::version, MigrationStatus::state)
                    .containsExactly(tuple("1", MigrationState.COMPLETED));
        }
        assertThat(db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " ORDER BY table_name")).flatExtracting(row -> row).containsExactly("customers",
                "flyway_schema_history", "tandem_backfill", "tdm_backfill", "tdm_instances", "tdm_migrations");
        assertThat(db.query("SELECT version, state FROM tdm_migrations")).containsExactly(List.of("1", "COMPLETED"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM tdm_backfill WHERE migration = '1' AND verified_at IS NOT NULL"))
                .isEqualTo(1L);
        assertThat(db.query("SHOW CREATE TABLE tandem_backfill")).as("the app's table untouched").isEqualTo(appTable);
        assertThat(Schema.rows(db, "tandem_backfill")).containsExactly(List.of(1L, "the app's", "own row"));
    }
}

package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.Tandem;
import dev.tandem.cli.Cli.Result;
import dev.tandem.testing.DatabaseUser;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.WriteStatements;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status}, {@code plan} and {@code instances} only read: on a schema Tandem never ran on they create
 * nothing and say so, and a user with nothing but SELECT on the schema gets the same answers as its owner.
 */
class ReadOnlyCommandsIT {

    private static final String V1 = """
            CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
            INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper');
            """;
    private static final String V2_DISPLAY = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)"}
            """;
    private static final String V3_EMAIL = """
            -- tandem:expand
            ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
            -- tandem:rollback
            ALTER TABLE customers DROP COLUMN email;
            """;

    private static final String NOT_RUN_YET = "Tandem has not run on this schema yet: no tandem_migrations table.";
    private static final String NO_REGISTRY = "Tandem has not run on this schema yet: no tandem_instances table,"
            + " so no instance has registered.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code tandem <args>} as {@code user}. */
    private static Result as(TestDatabase db, DatabaseUser user, String... args) throws Exception {
        return Cli.connected(db.url(), user.name(), user.password(), args);
    }

    /** Runs {@code tandem <args>} as the test database's own user, who may create and write anything. */
    private static Result asOwner(TestDatabase db, String... args) throws Exception {
        return Cli.connected(db.url(), db.user(), db.password(), args);
    }

    /** Every table of the schema, by name. */
    private static List<Object> tables(TestDatabase db) throws Exception {
        List<Object> names = new ArrayList<>();
        for (List<Object> row : db.query("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() ORDER BY table_name")) {
            names.add(row.get(0));
        }
        return names;
    }

    private static List<String> states(JsonNode status) {
        List<String> states = new ArrayList<>();
        status.get("migrations").forEach(m -> states.add(m.get("version").asText() + " " + m.get("state").asText()));
        return states;
    }

    /** Exit code 0, and no refusal or stack trace on stderr. */
    private static void assertOk(Result result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result.err()).as(result.toString()).doesNotContain("denied").doesNotContain("\tat ");
    }

    @ServerTest
    void onASchemaTandemNeverRanOnTheyCreateNothingAndSaySo(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1).write("V2__display.yaml", V2_DISPLAY);
        List<Object> before = tables(db);

        Result status = asOwner(db, "status", "--locations", scripts.location());
        assertOk(status);
        assertThat(status.out()).startsWith(NOT_RUN_YET + " Nothing is applied; `tandem plan` shows what would run.")
                .contains("  1  PENDING  V1__customers.sql", "  2  PENDING  V2__display.yaml", "No live instances.");
        Result statusJson = asOwner(db, "status", "--json", "--locations", scripts.location());
        assertOk(statusJson);
        JsonNode json = JSON.readTree(statusJson.out());
        assertThat(states(json)).containsExactly("1 PENDING", "2 PENDING");
        assertThat(json.get("missingTables")).extracting(JsonNode::asText)
                .containsExactly("tandem_migrations", "tandem_instances", "tandem_backfill", "flyway_schema_history");
        assertThat(statusJson.err()).as("the sentence goes to stderr, stdout stays JSON").contains("tandem status: " + NOT_RUN_YET);

        Result plan = asOwner(db, "plan", scripts.path());
        assertOk(plan);
        assertThat(plan.out()).startsWith(NOT_RUN_YET + " Nothing is applied.")
                .contains("2 migration(s) not yet ready. Nothing was run.", "Migration 1 (V1__customers.sql): PENDING",
                        "Migration 2 (V2__display.yaml): PENDING");
        Result planJson = asOwner(db, "plan", scripts.path(), "--json");
        assertOk(planJson);
        assertThat(JSON.readTree(planJson.out()).get("migrations")).hasSize(2);
        assertThat(JSON.readTree(planJson.out()).get("missingTables")).extracting(JsonNode::asText).contains("tandem_migrations");
        assertThat(planJson.err()).contains("tandem plan: " + NOT_RUN_YET);

        Result instances = asOwner(db, "instances");
        assertOk(instances);
        assertThat(instances.out()).isEqualTo(NO_REGISTRY + System.lineSeparator() + "No live instances." + System.lineSeparator());
        Result instancesJson = asOwner(db, "instances", "--json");
        assertOk(instancesJson);
        assertThat(JSON.readTree(instancesJson.out()).isArray() && JSON.readTree(instancesJson.out()).isEmpty()).isTrue();
        assertThat(instancesJson.err()).contains("tandem instances: " + NO_REGISTRY);

        assertThat(tables(db)).as("the read commands created nothing").isEqualTo(before);
    }

    @ServerTest
    void aSelectOnlyUserIsToldTheSameOnASchemaTandemNeverRanOn(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1);
        DatabaseUser reader = db.createUser("SELECT");
        long writesBefore = WriteStatements.count(db.server());

        Result status = as(db, reader, "status", "--locations", scripts.location());
        assertOk(status);
        assertThat(status.out()).startsWith(NOT_RUN_YET).contains("  1  PENDING  V1__customers.sql");
        Result plan = as(db, reader, "plan", scripts.path());
        assertOk(plan);
        assertThat(plan.out()).startsWith(NOT_RUN_YET).contains("Migration 1 (V1__customers.sql): PENDING");
        Result instances = as(db, reader, "instances");
        assertOk(instances);
        assertThat(instances.out()).startsWith(NO_REGISTRY);

        assertThat(WriteStatements.count(db.server())).as("no write was attempted").isEqualTo(writesBefore);
    }

    @ServerTest
    void aSelectOnlyUserReadsAManagedSchemaAndAttemptsNoWrite(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1).write("V2__display.yaml", V2_DISPLAY);
        assertOk(asOwner(db, "expand", "--locations", scripts.location(), "--app-version", "2.0.0"));
        // A live app node of that version; its heartbeat is far off, so that while the reader's commands run
        // nothing else writes on the server.
        try (Tandem node = Tandem.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).heartbeatInterval(Duration.ofMinutes(5)).instanceTtl(Duration.ofMinutes(10))
                .load()) {
            node.start();
            scripts.write("V3__email.sql", V3_EMAIL);
            DatabaseUser reader = db.createUser("SELECT");
            long writesBefore = WriteStatements.count(db.server());

            Result status = as(db, reader, "status", "--json", "--locations", scripts.location());
            assertOk(status);
            JsonNode json = JSON.readTree(status.out());
            assertThat(states(json)).containsExactly("1 READY", "2 READY", "3 PENDING");
            assertThat(json.get("missingTables")).isEmpty();
            assertThat(json.get("instances")).extracting(i -> i.get("id").asText()).containsExactly(node.instanceId());
            assertThat(json.get("backfills").get(0).get("verified").asBoolean()).isTrue();
            assertThat(as(db, reader, "status", "--locations", scripts.location()).out())
                    .startsWith("Migrations:").contains("  3  PENDING  V3__email.sql").contains("Live instances: 1");

            Result plan = as(db, reader, "plan", scripts.path());
            assertOk(plan);
            assertThat(plan.out()).contains("1 migration(s) not yet ready. Nothing was run.", "Migration 3 (V3__email.sql): PENDING");

            Result instances = as(db, reader, "instances");
            assertOk(instances);
            assertThat(instances.out()).startsWith("Live instances: 1").contains(node.instanceId());

            assertThat(WriteStatements.count(db.server())).as("no write was attempted").isEqualTo(writesBefore);
            assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_instances")).as("the commands did not register").isEqualTo(1L);
            try (Connection c = DriverManager.getConnection(db.url(), reader.name(), reader.password());
                 Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM tandem_instances")).isInstanceOf(SQLException.class);
            }
            assertThat(WriteStatements.count(db.server())).as("the count sees a denied write").isGreaterThan(writesBefore);
        }
    }

    @ServerTest
    void anAppTableUnderTandemsNameIsNamedInsteadOfMisread(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1);
        db.execute("CREATE TABLE tandem_migrations (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        List<Object> before = tables(db);

        for (String command : List.of("status", "plan", "instances")) {
            Result refused = command.equals("plan") ? asOwner(db, "plan", scripts.path()) : asOwner(db, command);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err()).as(refused.toString())
                    .startsWith("tandem " + command + ": Table tandem_migrations in schema " + db.name() + " is not"
                            + " Tandem's: it has the columns (id, name), where Tandem expects (version, description,")
                    .contains("--table-prefix on the command line")
                    .doesNotContain("\tat ");
        }
        Result elsewhere = asOwner(db, "status", "--locations", scripts.location(), "--table-prefix", "tdm_");
        assertOk(elsewhere);
        assertThat(elsewhere.out()).startsWith("Tandem has not run on this schema yet: no tdm_migrations table.");

        assertThat(tables(db)).as("the read commands created nothing").isEqualTo(before);
    }

    @ServerTest
    void withoutSelectOnTandemsTablesTheyFailWithAClearMessage(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1);
        assertOk(asOwner(db, "expand", "--locations", scripts.location(), "--app-version", "1.0.0"));
        DatabaseUser outsider = db.createUser("USAGE");
        db.execute("GRANT SELECT ON `" + db.name() + "`.customers TO " + outsider.account());

        for (String command : List.of("status", "plan", "instances")) {
            Result denied = command.equals("plan") ? as(db, outsider, "plan", scripts.path()) : as(db, outsider, command);
            assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(denied.err()).as(denied.toString())
                    .startsWith("tandem " + command + ": Could not read tandem_migrations: SELECT command denied")
                    .contains("needs SELECT on the schema")
                    .doesNotContain("\tat ");
        }
    }
}

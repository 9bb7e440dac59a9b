package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.Tandem;
import dev.tandem.cli.Cli.Result;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The command line against real servers: each command's exit code, output and what it did to the database. */
class CliIT {

    private static final String V1 = """
            CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
            INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper');
            """;
    private static final String V2_EMAIL = """
            -- tandem:expand
            ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
            -- tandem:backfill
            UPDATE customers SET email = CONCAT(LOWER(REPLACE(name, ' ', '.')), '@example.com') WHERE email IS NULL;
            -- tandem:contract
            ALTER TABLE customers DROP COLUMN name;
            -- tandem:rollback
            ALTER TABLE customers DROP COLUMN email;
            """;
    private static final String V2_DISPLAY = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)"}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code tandem <args>} as the test database's own user. */
    private static Result tandem(TestDatabase db, String... args) throws Exception {
        return Cli.connected(db.url(), db.user(), db.password(), args);
    }

    private static Tandem node(TestDatabase db, ScriptFolder scripts, String appVersion) {
        return Tandem.configure().url(db.url()).user(db.user()).password(db.password()).appVersion(appVersion)
                .locations(scripts.location()).load();
    }

    private static JsonNode migration(JsonNode status, String version) {
        for (JsonNode m : status.get("migrations")) {
            if (m.get("version").asText().equals(version)) {
                return m;
            }
        }
        throw new AssertionError("no migration " + version + " in " + status);
    }

    private static long columns(TestDatabase db, String table, String column) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = '" + table + "' AND column_name = '" + column + "'");
    }

    @ServerTest
    void expandAppliesAndBackfillsThenStatusShowsIt(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1).write("V2__display.yaml", V2_DISPLAY);

        Result expand = tandem(db, "expand", "--locations", scripts.location(), "--app-version", "2.0.0");
        assertThat(expand.exitCode()).as(expand.toString()).isEqualTo(ExitCodes.OK);
        assertThat(expand.out()).startsWith("Applied 1, 2; the schema is ready for app 2.0.0");
        assertThat(expand.err()).containsPattern("backfill 2 customers\\.display: 2 of ~\\d+ rows, verified");
        assertThat(db.query("SELECT display FROM customers ORDER BY id"))
                .containsExactly(List.of("#Ada Lovelace"), List.of("#Grace Hopper"));

        Result json = tandem(db, "status", "--json", "--locations", scripts.location());
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(json.out());
        JsonNode v2 = migration(status, "2");
        assertThat(v2.get("state").asText()).isEqualTo("READY");
        assertThat(v2.get("known").asBoolean()).isTrue();
        assertThat(v2.get("script").asText()).isEqualTo("V2__display.yaml");
        assertThat(v2.get("expandedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(v2.get("contractGate").get("open").asBoolean()).isTrue();
        assertThat(status.get("instances")).as("the command left the fleet when it ended").isEmpty();
        assertThat(status.get("backfills").get(0).get("target").asText()).isEqualTo("customers.display");
        assertThat(status.get("backfills").get(0).get("verified").asBoolean()).isTrue();

        Result text = tandem(db, "status", "--locations", scripts.location());
        assertThat(text.out()).contains("  2  READY  V2__display.yaml", "contract gate: open", "No live instances.");

        Result again = tandem(db, "expand", "--locations", scripts.location(), "--app-version", "2.0.0");
        assertThat(again.out()).startsWith("Nothing to apply; the schema is ready for app 2.0.0");
        Result plan = tandem(db, "plan", scripts.path());
        assertThat(plan.out()).contains("Nothing pending");
    }

    @ServerTest
    void planShowsTheExactSqlOfEachPhaseAndRunsNothing(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1);
        assertThat(tandem(db, "expand", "--locations", scripts.location(), "--app-version", "1.0.0").exitCode()).isZero();
        scripts.write("V2__email.sql", V2_EMAIL).write("V3__display.yaml", V2_DISPLAY);

        Result plan = tandem(db, "plan", scripts.path());
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCodes.OK);
        assertThat(plan.out())
                .contains("2 migration(s) not yet ready. Nothing was run.")
                .contains("Migration 2 (V2__email.sql): PENDING")
                .contains("  expand, run by tandem expand (or the app's start):\n"
                        + "     1. V2__email.sql line 2\n"
                        + "         ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL\n"
                        + "         -- runs as ALGORITHM=INSTANT if the server can, else ALGORITHM=INPLACE, LOCK=NONE")
                .contains("  contract, run by tandem contract 2:")
                .contains("Migration 3 (V3__display.yaml): PENDING")
                .contains("add_column customers.display: add the column, invisible")
                .contains("ALTER TABLE `customers` ADD COLUMN `display` VARCHAR(120) NULL INVISIBLE")
                .contains("sync trigger for inserts\n         -- " + Planner.BUILT_WHEN_IT_RUNS)
                .contains("checks before the expand (read only):")
                .containsPattern("add_column customers.display: backfill in chunks\n.*\n         -- as the schema is now: in place:"
                        + " ~\\d+ rows, under copyExpandThreshold 500000");
        assertThat(tandem(db, "plan", scripts.path(), "--copy-expand-threshold", "0").out())
                .containsPattern("-- as the schema is now: a copy: ~\\d+ rows, copyExpandThreshold 0; it takes about \\d+ [KM]iB"
                        + " of the server's disk until the contract drops the old table \\(")
                .doesNotContain("kept for you to drop");
        // Who writes the copy: MariaDB's default innodb_autoinc_lock_mode (1) holds the copy's AUTO_INCREMENT lock
        // for each chunk, which leaves one writer; MySQL 8's (2) does not.
        String copying = tandem(db, "plan", scripts.path(), "--copy-expand-threshold", "0", "--copy-threads", "3",
                "--keep-replaced-tables").out();
        assertThat(copying).contains(db.flavor() == Flavor.MYSQL ? "; written by 3 connections at once"
                : "; written by one connection, not 3: each chunk holds the copy's AUTO_INCREMENT table lock");
        assertThat(copying).as("the backfill's choice says where the disk stays taken")
                .contains("; with keepReplacedTables the contract leaves the old table, and its disk stays taken until you drop it");
        assertThat(copying).as("the contract's step for the table the copy replaces")
                .containsPattern("-- as the schema is now: kept for you to drop \\(keepReplacedTables\\): _tandem_\\w+_old\\n");
        Result tooMany = tandem(db, "plan", scripts.path(), "--copy-threads", "17");
        assertThat(tooMany.exitCode()).as("refused as the expand refuses it").isEqualTo(ExitCodes.USAGE);
        assertThat(tooMany.err()).contains("--copy-threads must be between 1 and 16, not 17");

        JsonNode json = JSON.readTree(tandem(db, "plan", scripts.path(), "--json").out());
        assertThat(json.get("database").asText()).isEqualTo(db.url());
        assertThat(json.get("migrations")).hasSize(2);
        JsonNode expand = json.get("migrations").get(0).get("phases").get(0);
        assertThat(expand.get("phase").asText()).isEqualTo("EXPAND");
        assertThat(expand.get("steps").get(0).get("sql").asText()).isEqualTo("ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL");
        assertThat(expand.get("steps").get(0).get("runtimeNote").asText()).contains("ALGORITHM=INSTANT");
        JsonNode backfill = json.get("migrations").get(0).get("phases").get(1).get("steps").get(0);
        assertThat(backfill.get("sql").asText()).startsWith("UPDATE customers SET email");
        assertThat(backfill.get("runtimeNote").isNull()).as("an UPDATE runs as written").isTrue();

        assertThat(columns(db, "customers", "email")).as("a plan runs nothing").isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_migrations WHERE version IN ('2', '3')")).isEqualTo(0L);
    }

    @ServerTest
    void contractLeavesTheTableACopyReplacedWhenAskedToKeepIt(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1).write("V2__display.yaml", V2_DISPLAY);
        Result expand = tandem(db, "expand", "--locations", scripts.location(), "--app-version", "2.0.0",
                "--copy-expand-threshold", "0");
        assertThat(expand.exitCode()).as(expand.toString()).isEqualTo(ExitCodes.OK);

        Result contract = tandem(db, "contract", "2", "--locations", scripts.location(), "--keep-replaced-tables");
        assertThat(contract.exitCode()).as(contract.toString()).isEqualTo(ExitCodes.OK);
        assertThat(db.query("SELECT name, display FROM _tandem_2_customers_display_old ORDER BY id"))
                .as("kept as it was at the swap: the copy, not the table, got the new values")
                .containsExactly(Arrays.asList("Ada Lovelace", null), Arrays.asList("Grace Hopper", null));
        assertThat(db.query("SELECT display FROM customers ORDER BY id"))
                .containsExactly(List.of("#Ada Lovelace"), List.of("#Grace Hopper"));

        Result status = tandem(db, "status", "--locations", scripts.location());
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.OK);
        assertThat(status.out()).contains("Tables copies replaced").containsPattern(
                "  _tandem_2_customers_display_old \\([0-9.]+ [KM]iB, the server's estimate\\): DROP TABLE IF EXISTS `_tandem_2_customers_display_old`");
        JsonNode replaced = JSON.readTree(tandem(db, "status", "--json", "--locations", scripts.location()).out())
                .get("replacedTables");
        assertThat(replaced).hasSize(1);
        assertThat(replaced.get(0).get("name").asText()).isEqualTo("_tandem_2_customers_display_old");
        assertThat(replaced.get(0).get("bytes").asLong()).isPositive();
    }

    @ServerTest
    void contractIsRefusedWhileAnOldInstanceRuns(TestDatabase db) throws Exception {
        ScriptFolder v1 = new ScriptFolder().write("V1__customers.sql", V1);
        ScriptFolder v2 = new ScriptFolder().write("V1__customers.sql", V1).write("V2__email.sql", V2_EMAIL);
        try (Tandem old = node(db, v1, "1.0.0")) {
            old.start();
            assertThat(tandem(db, "expand", "--locations", v2.location(), "--app-version", "2.0.0").exitCode()).isZero();

            Result instances = tandem(db, "instances");
            assertThat(instances.exitCode()).as(instances.toString()).isEqualTo(ExitCodes.OK);
            assertThat(instances.out()).contains("Live instances: 1").containsPattern(old.instanceId() + " +1\\.0\\.0 ");
            JsonNode listed = JSON.readTree(tandem(db, "instances", "--json").out());
            assertThat(listed.get(0).get("appVersion").asText()).isEqualTo("1.0.0");
            assertThat(listed.get(0).get("highestKnown").asText()).isEqualTo("1");

            Result refused = tandem(db, "contract", "2", "--locations", v2.location());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.GATE_REFUSED);
            assertThat(refused.err()).contains("tandem contract: Contract of Migration 2 (V2__email.sql) refused")
                    .contains("instance " + old.instanceId()).contains("does not know migration 2");
            JsonNode gate = migration(JSON.readTree(tandem(db, "status", "--json", "--locations", v2.location()).out()), "2")
                    .get("contractGate");
            assertThat(gate.get("open").asBoolean()).isFalse();
            assertThat(gate.get("reasons").get(0).asText()).contains(old.instanceId());
            assertThat(columns(db, "customers", "name")).isEqualTo(1L);
        }
        Result contract = tandem(db, "contract", "--locations", v2.location());
        assertThat(contract.exitCode()).as(contract.toString()).isEqualTo(ExitCodes.OK);
        assertThat(contract.out()).as("every READY one, V1 too").isEqualTo("Contracted 1, 2." + System.lineSeparator());
        assertThat(columns(db, "customers", "name")).as("the contract dropped it").isZero();
        assertThat(tandem(db, "contract", "2", "--locations", v2.location()).out()).contains("Migration 2 was already contracted.");
    }

    @ServerTest
    void rollbackIsRefusedWhileANewInstanceRunsUnlessForced(TestDatabase db) throws Exception {
        ScriptFolder v2 = new ScriptFolder().write("V1__customers.sql", V1).write("V2__email.sql", V2_EMAIL);
        assertThat(tandem(db, "expand", "--locations", v2.location(), "--app-version", "2.0.0").exitCode()).isZero();
        try (Tandem running = node(db, v2, "2.0.0")) {
            running.start();
            Result refused = tandem(db, "rollback", "2", "--locations", v2.location());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.GATE_REFUSED);
            assertThat(refused.err()).contains("Rollback of Migration 2").contains("instance " + running.instanceId());
            assertThat(columns(db, "customers", "email")).isEqualTo(1L);

            Result forced = tandem(db, "rollback", "2", "--force", "--locations", v2.location());
            assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(ExitCodes.OK);
            assertThat(forced.out()).contains("Rolled back migration 2 (forced).");
        }
        assertThat(columns(db, "customers", "email")).as("the rollback dropped it").isZero();
        JsonNode status = JSON.readTree(tandem(db, "status", "--json", "--locations", v2.location()).out());
        assertThat(migration(status, "2").get("state").asText()).isEqualTo("ROLLED_BACK");

        Result again = tandem(db, "rollback", "2", "--locations", v2.location());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err()).contains("Cannot roll back Migration 2 (V2__email.sql): it is ROLLED_BACK, nothing was expanded.");
    }

    @ServerTest
    void connectsFromTheEnvironmentAndFailsClearlyWithoutLeakingAPassword(TestDatabase db) throws Exception {
        Map<String, String> environment = Map.of("TANDEM_URL", db.url(), "TANDEM_USER", db.user(),
                "TANDEM_PASSWORD_FILE", Cli.passwordFile(db.password()).toString());
        Result status = Cli.withEnvironment(environment).execute("status");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.OK);
        assertThat(status.out()).contains("No migrations");

        Result wrongPassword = Cli.run("instances", "--url", db.url(), "--user", db.user(),
                "--password-file", Cli.passwordFile("not-the-password-4711").toString());
        assertThat(wrongPassword.exitCode()).as(wrongPassword.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(wrongPassword.err()).contains("tandem instances: Cannot connect to " + db.url())
                .contains("Access denied").doesNotContain("not-the-password-4711");

        Result noServer = Cli.run("status", "--url", "jdbc:mysql://127.0.0.1:1/shop?password=hunter2", "--user", "app");
        assertThat(noServer.exitCode()).as(noServer.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noServer.err()).contains("Cannot connect to jdbc:mysql://127.0.0.1:1/shop?password=****")
                .doesNotContain("hunter2");
    }

    @ServerTest
    void everyCommandUsesTheTablePrefixFromItsFlagOrTheEnvironment(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE tandem_backfill (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)"); // the app's own
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1).write("V2__display.yaml", V2_DISPLAY);

        Result expand = tandem(db, "expand", "--table-prefix", "tdm_", "--locations", scripts.location(),
                "--app-version", "2.0.0");
        assertThat(expand.exitCode()).as(expand.toString()).isEqualTo(ExitCodes.OK);
        assertThat(expand.out()).startsWith("Applied 1, 2; the schema is ready for app 2.0.0");
        assertThat(db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " ORDER BY table_name")).flatExtracting(row -> row).containsExactly("customers",
                "flyway_schema_history", "tandem_backfill", "tdm_backfill", "tdm_instances", "tdm_migrations");

        Map<String, String> environment = Map.of("TANDEM_URL", db.url(), "TANDEM_USER", db.user(),
                "TANDEM_PASSWORD_FILE", Cli.passwordFile(db.password()).toString(), "TANDEM_TABLE_PREFIX", "tdm_");
        Result json = Cli.withEnvironment(environment).execute("status", "--json", "--locations", scripts.location());
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(json.out());
        assertThat(migration(status, "2").get("state").asText()).isEqualTo("READY");
        assertThat(status.get("missingTables")).isEmpty();
        assertThat(status.get("backfills").get(0).get("verified").asBoolean()).isTrue();

        Result contract = tandem(db, "contract", "2", "--table-prefix", "tdm_", "--locations", scripts.location());
        assertThat(contract.exitCode()).as(contract.toString()).isEqualTo(ExitCodes.OK);
        assertThat(contract.out()).startsWith("Contracted migration 2.");
        Result plan = tandem(db, "plan", scripts.path(), "--table-prefix", "tdm_");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCodes.OK);
        assertThat(plan.out()).contains("Nothing pending");
        Result instances = tandem(db, "instances", "--table-prefix", "tdm_");
        assertThat(instances.exitCode()).as(instances.toString()).isEqualTo(ExitCodes.OK);
        assertThat(instances.out()).isEqualTo("No live instances." + System.lineSeparator());
        assertThat(instances.err()).as("the registry exists under its prefix").isEmpty();
        Result unprefixed = tandem(db, "status");
        assertThat(unprefixed.exitCode()).as(unprefixed.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unprefixed.err()).as("without the prefix, the app's table is named, not misread").startsWith(
                "tandem status: Table tandem_backfill in schema " + db.name() + " is not Tandem's");
        assertThat(db.query("SELECT * FROM tandem_backfill")).as("the app's table was left alone").isEmpty();
    }

    @ServerTest
    void expandGivesUpAtItsTimeoutWhileAnotherNodeMigrates(TestDatabase db) throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__customers.sql", V1);
        try (Connection otherNode = db.connection(); Statement s = otherNode.createStatement();
             ResultSet locked = s.executeQuery("SELECT GET_LOCK('tandem:" + db.name() + "', 0)")) {
            assertThat(locked.next() && locked.getInt(1) == 1).as("holds the schema's migration lock").isTrue();
            Result expand = tandem(db, "expand", "--locations", scripts.location(), "--app-version", "1.0.0",
                    "--timeout", "2s");
            assertThat(expand.exitCode()).as(expand.toString()).isEqualTo(ExitCodes.NOT_READY);
            assertThat(expand.err()).contains("the schema was not ready for app 1.0.0 within PT2S");
        }
        List<String> tables = new ArrayList<>();
        for (List<Object> row : db.query("SHOW TABLES LIKE 'customers'")) {
            tables.add((String) row.get(0));
        }
        assertThat(tables).as("nothing ran while the other node held the lock").isEmpty();
    }
}

package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.MigrationStatus;
import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;


/** A database already managed by Flyway is adopted; Flyway's own view stays consistent afterwards. */
class FlywayInteropIT {

    @ServerTest
    void adoptsAFlywayHistoryAndKeepsFlywayInfoConsistent(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-flyway-"))
                .write("V1__customers.sql", StartIT.V1)
                .write("V2__orders.sql", "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL);\n");
        Flyway flyway = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations(scripts.location()).load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);

        scripts.write("V3__email.sql", StartIT.V2).write("V4__index.sql", "CREATE INDEX orders_customer ON orders (customer_id);\n");
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            assertThat(tandem.start().applied()).as("V1 and V2 count as applied").containsExactly("3", "4");
            assertThat(Schema.rows(db, "customers")).as("V1 did not run again").hasSize(2);
            assertThat(tandem.status().migrations()).extracting(MigrationStatus::version, s -> s.state().name())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "COMPLETED"),
                            org.assertj.core.groups.Tuple.tuple("2", "COMPLETED"),
                            org.assertj.core.groups.Tuple.tuple("3", "READY"),
                            org.assertj.core.groups.Tuple.tuple("4", "READY"));
        }

        // Flyway, configured as the team always had it, sees every migration applied and valid.
        MigrationInfo[] all = flyway.info().all();
        assertThat(Arrays.stream(all).map(i -> i.getVersion().getVersion() + " " + i.getState()).toList())
                .containsExactly("1 SUCCESS", "2 SUCCESS", "3 SUCCESS", "4 SUCCESS");
        assertThat(all).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway.migrate().migrationsExecuted).as("Flyway finds nothing left to do").isZero();
        assertThat(db.query("SELECT installed_rank, version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly(List.of(1, "1"), List.of(2, "2"), List.of(3, "3"), List.of(4, "4"));
    }

    /**
     * A history Flyway baselined at version 2 (the schema was made before Flyway, then V3 applied): V1 and V2, which
     * the folder still ships, are applied as Flyway counts them. Baseline rows were read as no migration, and V1 and V2
     * ran again (or, below an applied V3, the start was refused).
     */
    @ServerTest
    void scriptsAtOrBelowAFlywayBaselineCountAsApplied(TestDatabase db) throws Exception {
        db.execute(StartIT.V1.split(";\\s*\n"));
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL)");
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-flyway-"))
                .write("V3__index.sql", "CREATE INDEX orders_customer ON orders (customer_id);\n");
        Flyway flyway = Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(scripts.location())
                .baselineVersion("2").baselineOnMigrate(true).load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(1);

        scripts.write("V1__customers.sql", StartIT.V1)
                .write("V2__orders.sql", "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL);\n")
                .write("V4__email.sql", StartIT.V2);
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            assertThat(tandem.start().applied()).as("V1 and V2 count as applied").containsExactly("4");
            assertThat(tandem.status().migrations()).extracting(MigrationStatus::version, s -> s.state().name())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "COMPLETED"),
                            org.assertj.core.groups.Tuple.tuple("2", "COMPLETED"),
                            org.assertj.core.groups.Tuple.tuple("3", "COMPLETED"),
                            org.assertj.core.groups.Tuple.tuple("4", "READY"));
        }
        assertThat(Schema.rows(db, "customers")).as("V1 did not run again").hasSize(2);
    }

    /**
     * Migrations adopted from Flyway's history have no record of Tandem's: the check after every heartbeat took
     * them for rolled back, and the instance refused its application's connections at its first beat.
     */
    @ServerTest
    void anInstanceOnAnAdoptedHistoryServesPastItsHeartbeats(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-flyway-"))
                .write("V1__customers.sql", StartIT.V1);
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(scripts.location()).load().migrate();
        scripts.write("V2__email.sql", StartIT.V2);
        try (Tandem tandem = Nodes.node(db, scripts, "2.0.0").heartbeatInterval(Duration.ofMillis(200)).load()) {
            tandem.start();
            Thread.sleep(1_000);

            assertThat(tandem.isReady()).isTrue();
            try (Connection c = tandem.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @ServerTest
    void anEditedScriptThatFlywayAppliedIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-flyway-")).write("V1__customers.sql", StartIT.V1);
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(scripts.location()).load().migrate();
        scripts.write("V1__customers.sql", StartIT.V1 + "-- edited\nSELECT 1;\n");
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(tandem::start)
                    .hasMessageContaining("Migration 1 (V1__customers.sql) was changed after it was applied");
        }
    }

    /** A new script below a version Flyway applied before Tandem is refused as one below Tandem's own. */
    @ServerTest
    void aScriptBelowAVersionFlywayAppliedIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-flyway-")).write("V1__customers.sql", StartIT.V1)
                .write("V3__orders.sql", "CREATE TABLE orders (id BIGINT PRIMARY KEY);\n");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(scripts.location()).load().migrate();
        scripts.write("V2__email.sql", StartIT.V2);
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(tandem::start)
                    .hasMessageStartingWith("V2__email.sql: its version 2 is below 3 (in Flyway's history)");
        }
    }

    @ServerTest
    void flywayShowsAYamlMigrationAsAppliedButNotResolvable(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-flyway-"))
                .write("V1__customers.sql", StartIT.V1).write("V2__audit.yaml", StartIT.V3);
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            tandem.start();
        }
        Flyway flyway = Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(scripts.location()).load();
        assertThat(Arrays.stream(flyway.info().all()).map(i -> i.getVersion().getVersion() + " " + i.getState()).toList())
                .containsExactly("1 SUCCESS", "2 FUTURE_SUCCESS");
        assertThat(flyway.validateWithResult().validationSuccessful).as("Flyway ignores future migrations by default").isTrue();
    }
}

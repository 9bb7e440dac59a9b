package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.BackfillProgress;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.Tandem;
import dev.tandem.TandemStatus;
import dev.tandem.testing.DatabaseUser;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.WriteStatements;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * {@code status()} only reads: on a schema Tandem never ran on it creates nothing, and a user with nothing
 * but SELECT on the schema gets the same status as its owner. The server's write counters show that no
 * write was even attempted (a denied one would count).
 */
class ReadOnlyStatusIT {

    private static final String V2_DISPLAY = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)"}
            """;

    private static Tandem connectedAs(TestDatabase db, DatabaseUser user, ScriptDir scripts) {
        return Tandem.configure().url(db.url()).user(user.name()).password(user.password())
                .locations(scripts.location()).load();
    }

    private static long tables(TestDatabase db) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()");
    }

    @ServerTest
    void onASchemaTandemNeverRanOnStatusCreatesNothing(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-readonly-")).write("V1__customers.sql", StartIT.V1);
        DatabaseUser reader = db.createUser("SELECT");
        long writesBefore = WriteStatements.count(db.server());

        try (Tandem owner = Nodes.tandem(db, scripts); Tandem selectOnly = connectedAs(db, reader, scripts)) {
            for (Tandem tandem : List.of(owner, selectOnly)) {
                TandemStatus status = tandem.status();
                assertThat(status.migrations()).extracting(MigrationStatus::version, MigrationStatus::state)
                        .containsExactly(tuple("1", MigrationState.PENDING));
                assertThat(status.instances()).isEmpty();
                assertThat(status.backfills()).isEmpty();
                assertThat(status.missingTables())
                        .containsExactly("tandem_migrations", "tandem_instances", "tandem_backfill", "flyway_schema_history");
                assertThat(status.toString()).startsWith("not in the schema yet: tandem_migrations, tandem_instances");
            }
        }
        assertThat(tables(db)).as("status() created no table").isZero();
        assertThat(WriteStatements.count(db.server())).as("no write was attempted").isEqualTo(writesBefore);
    }

    @ServerTest
    void aSelectOnlyUserReadsTheStatusOfAManagedSchema(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-readonly-"))
                .write("V1__customers.sql", StartIT.V1).write("V2__display.yaml", V2_DISPLAY);
        // Its heartbeat is far off, so that while the reader reads nothing else writes on the server.
        try (Tandem node = Tandem.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).heartbeatInterval(Duration.ofMinutes(5)).instanceTtl(Duration.ofMinutes(10))
                .load()) {
            node.start();
            DatabaseUser reader = db.createUser("SELECT");
            long writesBefore = WriteStatements.count(db.server());

            try (Tandem selectOnly = connectedAs(db, reader, scripts)) {
                TandemStatus status = selectOnly.status();
                assertThat(status.migrations()).extracting(MigrationStatus::version, MigrationStatus::state)
                        .containsExactly(tuple("1", MigrationState.READY), tuple("2", MigrationState.READY));
                assertThat(status.instances()).extracting(InstanceStatus::id).containsExactly(node.instanceId());
                assertThat(status.backfills()).extracting(BackfillProgress::target, BackfillProgress::verified)
                        .containsExactly(tuple("customers.display", true));
                assertThat(status.missingTables()).isEmpty();
            }
            assertThat(WriteStatements.count(db.server())).as("no write was attempted").isEqualTo(writesBefore);
            assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_instances")).as("status() registered nothing").isEqualTo(1L);
        }
    }
}

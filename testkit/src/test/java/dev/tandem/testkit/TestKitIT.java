package dev.tandem.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.LintException;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;

/** What the kit promises beyond the example (CustomerMigrationsIT): the held backfill, messages, the linter. */
class TestKitIT {

    @TandemMigrationTest(locations = "db/customers")
    void expandHoldsTheBackfillUntilBackfillIsCalled(MigrationTestDatabase db) throws Exception {
        db.migrateTo("1");
        db.asVersion("1").execute("INSERT INTO customers (name) VALUES ('Ada Lovelace')");

        db.expandTo("2");
        assertThat(state(db, "2")).isEqualTo(MigrationState.BACKFILLING);
        assertThat(db.database().query("SELECT name, full_name FROM customers"))
                .as("the row written before the expand waits for its backfill")
                .containsExactly(Arrays.asList("Ada Lovelace", null));

        db.backfill();
        assertThat(state(db, "2")).isEqualTo(MigrationState.READY);
        assertThat(db.database().query("SELECT name, full_name FROM customers"))
                .containsExactly(List.of("Ada Lovelace", "Ada Lovelace"));
    }

    @TandemMigrationTest(locations = "db/customers")
    void aFailureInTheAppsOwnCodeNamesItsPreparedStatement(MigrationTestDatabase db) {
        db.migrateTo("2").contract().expandTo("3");
        String query = "SELECT nickname FROM customers WHERE id = ?";

        assertThatThrownBy(() -> db.asVersion("2").run(connection -> {
            try (PreparedStatement stale = connection.prepareStatement(query);
                 PreparedStatement fine = connection.prepareStatement("SELECT 1")) {
                fine.execute();
                stale.setLong(1, 1);
                try (ResultSet rs = stale.executeQuery()) {
                    rs.next();
                }
            }
        }))
                .isInstanceOf(AssertionError.class)
                .hasCauseInstanceOf(java.sql.SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("App version 2 failed on the schema expanded to 3"
                        + " (no backfill to run) on " + db.database().server().label() + ":\n"
                        + "  statement: " + query + "\n"
                        + "  error:     " + e.getCause().getMessage() + " (SQLState 42S22, error 1054)\n"
                        + "Version 2 still runs while 3 is expanded and backfilled: what its code uses must stay until the"
                        + " contract (move the change to the script's contract section)."));

        AssertionError own = new AssertionError("the app's own check");
        assertThatThrownBy(() -> db.asVersion("3").run(connection -> {
            throw own;
        })).as("an exception of the work's own, with no SQL error in it, is thrown as it is").isSameAs(own);
    }

    @TandemMigrationTest(locations = "db/unaccepted")
    void aLintErrorFailsTheAssertionAndStopsTheExpand(MigrationTestDatabase db) {
        assertThat(db.lint().findings()).singleElement()
                .satisfies(f -> assertThat(f.ruleId() + " " + f.script() + ":" + f.line()).isEqualTo("TL101 V2__drop_coupon.sql:2"));
        assertThatThrownBy(db::assertLintPasses)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Tandem's linter refuses the migration scripts on " + db.database().server().label())
                .hasMessageContaining("V2__drop_coupon.sql:2: error TL101 drop-column");

        db.migrateTo("1");
        assertThatThrownBy(() -> db.expandTo("2")).isInstanceOf(LintException.class);
        assertThat(db.asVersion("1").query("SELECT coupon FROM orders")).isEmpty();
    }

    @TandemMigrationTest(locations = "db/customers")
    void anUnknownVersionNamesTheKnownOnes(MigrationTestDatabase db) {
        assertThatThrownBy(() -> db.asVersion("4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No migration 4 on [db/customers]; its scripts are versions [1, 2, 3]");
        assertThatThrownBy(db::contract)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("contract() needs a migrated schema");
    }

    private static MigrationState state(MigrationTestDatabase db, String version) {
        return db.status().migrations().stream().filter(m -> m.version().equals(version)).map(MigrationStatus::state)
                .findFirst().orElseThrow();
    }
}

package dev.tandem.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.testkit.MigrationTestDatabase;
import dev.tandem.testkit.TandemMigrationTest;
import java.util.List;

/**
 * The example docs/testing-your-migrations.md quotes: an app's own test of its migrations in
 * src/test/resources/db/customers. Version 1 reads and writes {@code customers.name}; version 2 calls it
 * {@code full_name} (V2 renames it, both versions running during the deploy); V3 drops
 * {@code nickname}, which version 2 still reads.
 */
class CustomerMigrationsIT {

    @TandemMigrationTest(locations = "db/customers")
    void version1KeepsWorkingWhileVersion2RenamesName(MigrationTestDatabase db) {
        db.assertLintPasses();
        db.migrateTo("1");
        db.asVersion("1").execute("INSERT INTO customers (name, nickname) VALUES ('Ada Lovelace', 'ada')");

        db.expandTo("2");      // full_name is added, with triggers; its backfill waits
        db.asVersion("1").execute("INSERT INTO customers (name, nickname) VALUES ('Charles Babbage', NULL)",
                "UPDATE customers SET nickname = 'the analyst' WHERE name = 'Ada Lovelace'");
        assertThat(db.asVersion("1").query("SELECT * FROM customers ORDER BY id")).containsExactly(
                List.of(1L, "Ada Lovelace", "the analyst"),
                java.util.Arrays.asList(2L, "Charles Babbage", null));

        db.backfill();         // existing rows get full_name; version 2 may now start
        db.asVersion("2").execute("INSERT INTO customers (full_name) VALUES ('Grace Hopper')");
        db.asVersion("1").execute("UPDATE customers SET name = 'Charles Babbage, FRS' WHERE id = 2");
        List<List<Object>> everyone = List.of(List.of("Ada Lovelace"), List.of("Charles Babbage, FRS"), List.of("Grace Hopper"));
        assertThat(db.asVersion("1").query("SELECT name FROM customers ORDER BY id")).isEqualTo(everyone);
        assertThat(db.asVersion("2").query("SELECT full_name FROM customers ORDER BY id")).isEqualTo(everyone);

        db.contract();         // version 1 is gone: name is renamed to full_name for good
        db.asVersion("2").execute("UPDATE customers SET full_name = 'Grace Brewster Hopper' WHERE id = 3");
        assertThat(db.asVersion("2").query("SELECT full_name FROM customers WHERE id = 3"))
                .containsExactly(List.of("Grace Brewster Hopper"));
    }

    @TandemMigrationTest(locations = "db/customers")
    void droppingAColumnThatVersion2StillReadsIsCaught(MigrationTestDatabase db) {
        db.migrateTo("2").contract();
        db.asVersion("2").execute("INSERT INTO customers (full_name, nickname) VALUES ('Grace Hopper', 'amazing grace')");

        db.expandTo("3");      // V3 accepted the linter's drop-column error: "not read by any released version"

        assertThatThrownBy(() -> db.asVersion("2").query("SELECT full_name, nickname FROM customers"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("App version 2 failed on the schema expanded to 3 (no backfill to run)")
                .hasMessageContaining("statement: SELECT full_name, nickname FROM customers")
                .hasMessageContaining("Unknown column 'nickname'")
                .hasMessageContaining("Version 2 still runs while 3 is expanded and backfilled");
    }
}

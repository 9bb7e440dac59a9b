package dev.tandem.examples.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's rolling deploy as a test, with a smaller load: v1 → v2 → v3 under traffic in every SQL
 * form each version's code has, on a schema whose default character set (latin1) is not the tables',
 * with zero errors, zero wrong reads, zero lost writes, the contract refused while a v1 node lived,
 * and the contracted schema at the end.
 */
class RollingDeployIT {

    @ServerTest
    void aRollingDeployUnderLoadFailsNoRequestAndLosesNoWrite(TestDatabase db) throws Exception {
        RollingDeploy.Report report = RollingDeploy.run(RollingDeploy.Database.ofTestBed(db),
                new RollingDeploy.Settings(20_000, Duration.ofSeconds(2), 2, 25, System.out));
        System.out.println(report.render());

        assertThat(report.errors()).as("failed requests").isZero();
        assertThat(report.wrongReads()).as("wrong reads").isZero();
        assertThat(report.lost()).as("lost writes").isZero();
        assertThat(report.mismatched()).as("mismatched writes").isZero();
        assertThat(report.unacknowledged()).as("rows no acknowledged write made").isZero();
        assertThat(report.contractRefusedWhileV1Lived()).isTrue();
        assertThat(report.phases()).hasSize(7).allSatisfy(phase -> assertThat(phase.requests.get()).isPositive());
        assertThat(report.checked()).isGreaterThan(20_000L);
        assertThat(report.deletes()).isPositive();
        // Old code as it really is: v1 while v2's expand, backfill and triggers are live, v2 beside v1
        // and across the contract, v3 after it, each in every form its code has.
        assertThat(report.requestsByForm()).containsKeys(
                formsOf("1.0.0", "INSERT VALUES (positional)", "SELECT *", "SELECT * of a deleted account"))
                .containsKeys(formsOf("2.0.0")).containsKeys(formsOf("3.0.0", "SELECT *"));
        assertThat(report.clean()).isTrue();

        // The contract ran in v3's deploy: only the new shape is left, with the balance widened.
        assertThat(db.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' ORDER BY ordinal_position")).containsExactly(
                List.of("id", "bigint"), List.of("email_address", "varchar"), List.of("balance_cents", "bigint"),
                List.of("first_name", "varchar"), List.of("last_name", "varchar"), List.of("status", "varchar"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .isEqualTo(0L);
        assertThat(db.queryValue("SELECT default_character_set_name FROM information_schema.schemata WHERE schema_name"
                + " = DATABASE()")).isEqualTo("latin1");
    }

    /** The report's keys for what every version does, and {@code more} that this one does, of {@code version}. */
    private static String[] formsOf(String version, String... more) {
        return Stream.concat(Stream.of("INSERT (columns)", "INSERT (columns), 2 rows", "INSERT (defaults omitted)", "UPDATE",
                        "INSERT ... ON DUPLICATE KEY UPDATE", "REPLACE", "DELETE", "SELECT columns",
                        "SELECT columns of a deleted account", "search"), Stream.of(more))
                .map(form -> version + " " + form).toArray(String[]::new);
    }
}

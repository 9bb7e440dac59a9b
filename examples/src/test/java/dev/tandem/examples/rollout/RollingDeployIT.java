package dev.tandem.examples.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.time.Duration;
import java.util.List;

/**
 * The demo's rolling deploy as a test, with a smaller load: v1 → v2 → v3 under traffic, with zero
 * errors, zero wrong reads, zero lost writes, the contract refused while a v1 node lived, and the
 * contracted schema at the end.
 */
class RollingDeployIT {

    @ServerTest
    void aRollingDeployUnderLoadFailsNoRequestAndLosesNoWrite(TestDatabase db) throws Exception {
        RollingDeploy.Report report = RollingDeploy.run(
                new RollingDeploy.Database(db.toString(), () -> Tandem.configure().url(db.url()).user(db.user())
                        .password(db.password())),
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
        assertThat(report.clean()).isTrue();

        // The contract ran in v3's deploy: only the new shape is left, with the balance widened.
        assertThat(db.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' ORDER BY ordinal_position")).containsExactly(
                List.of("id", "bigint"), List.of("email_address", "varchar"), List.of("balance_cents", "bigint"),
                List.of("first_name", "varchar"), List.of("last_name", "varchar"), List.of("status", "varchar"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .isEqualTo(0L);
    }
}

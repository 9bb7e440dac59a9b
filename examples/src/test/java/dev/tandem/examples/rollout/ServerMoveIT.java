package dev.tandem.examples.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.CutoverResult;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.time.Duration;

/**
 * The move demo as a test, with a smaller load: the accounts service on three nodes while its database moves,
 * MariaDB 10.11 → 11.4 and back, or from one MySQL 8.0 server to another; zero errors, zero wrong reads, every
 * acknowledged write on the server the data ended on, every cut-over switched and every verification identical.
 */
class ServerMoveIT {

    @ServerTest
    void theServiceMovesUnderLoadWithoutAFailedRequestOrALostWrite(DatabaseServer flavorOf) throws Exception {
        boolean mariaDb = flavorOf.flavor() == Flavor.MARIADB;
        try (MovePair pair = mariaDb ? MovePair.mariaDbUpgrade() : MovePair.start(Flavor.MYSQL)) {
            ServerMove.Report report = ServerMove.run(pair, mariaDb,
                    new RollingDeploy.Settings(5_000, Duration.ofMillis(1_500), 2, 20, System.out));
            System.out.println(report.render());

            assertThat(report.errors()).as("failed requests").isZero();
            assertThat(report.wrongReads()).as("wrong reads").isZero();
            assertThat(report.writes().lost()).as("lost writes").isZero();
            assertThat(report.writes().mismatched()).as("mismatched writes").isZero();
            assertThat(report.writes().unacknowledged()).as("rows no acknowledged write made").isZero();
            assertThat(report.writes().checked()).isGreaterThan(5_000L);
            assertThat(report.switches()).hasSize(mariaDb ? 2 : 1).allSatisfy(s -> {
                assertThat(s.result().outcome()).isEqualTo(CutoverResult.Outcome.SWITCHED);
                assertThat(s.result().acknowledged()).hasSize(3);
                assertThat(s.window().requests.get()).as("requests during " + s.name()).isPositive();
            });
            assertThat(report.verifications()).hasSize(mariaDb ? 2 : 1).allSatisfy(v -> assertThat(v.identical()).isTrue());
            assertThat(report.endedOn()).startsWith(mariaDb ? "MariaDB 10.11" : "MySQL 8.0").endsWith(mariaDb ? "#1" : "#2");
            assertThat(report.clean()).isTrue();
        }
    }
}

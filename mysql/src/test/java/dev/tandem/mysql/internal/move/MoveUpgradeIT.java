package dev.tandem.mysql.internal.move;

import dev.tandem.MoveProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.time.Duration;

/**
 * An engine upgrade, as in the in-situ upgrade: a database on MariaDB 10.11 copied under writes to MariaDB 11.4
 * and replicated until identical; the move the other way is refused before it starts. MariaDB only: the
 * test bed has one MySQL release (a MySQL move between two 8.0 servers is {@link MoveCopyIT}'s).
 */
class MoveUpgradeIT {

    @ServerTest
    void aMariaDb1011DatabaseMovesTo114AndNotBack(DatabaseServer flavorOf) throws Exception {
        assumeTrue(flavorOf.flavor() == Flavor.MARIADB, "MariaDB 10.11 to 11.4 is a MariaDB upgrade");
        try (MovePair pair = MovePair.mariaDbUpgrade()) {
            assertThat(pair.source().version()).startsWith("10.11.");
            assertThat(pair.target().version()).startsWith("11.4.");
            MovePairs.replicationUser(pair.source());
            MovePairs.freshDatabase(pair, "upgraded");
            try (HikariDataSource source = MovePairs.dataSource(pair.source(), "upgraded");
                 HikariDataSource target = MovePairs.dataSource(pair.target(), "upgraded")) {
                ShopDatabase.create(source);
                assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                        .noneMatch(p -> p.severity() == MoveProblem.Severity.ERROR)
                        .anySatisfy(p -> {
                            assertThat(p.severity()).isEqualTo(MoveProblem.Severity.WARNING);
                            assertThat(p.what()).contains("replication back runs from MariaDB 11.4.5 to the older MariaDB"
                                    + " 10.11.5");
                            assertThat(p.fix()).contains("no schema changes");
                        });
                assertThat(MoveServerCheck.check(target, source, MoveServerCheck.Mode.COPY)).anySatisfy(p -> {
                    assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR);
                    assertThat(p.what()).contains("older release series", "MariaDB 10.11.5", "MariaDB 11.4.5");
                });
                try (ShopDatabase.Writer ignored = new ShopDatabase.Writer(source)) {
                    CopyResult copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults().withWorkers(2)).run();
                    new Replication(target).start(MovePairs.address(pair.source()), copy.snapshots(), "upgraded",
                            Duration.ofSeconds(60));
                    Thread.sleep(500);
                }
                MoveCopyIT.caughtUpAndIdentical(pair, source, target);
            }
        }
    }
}

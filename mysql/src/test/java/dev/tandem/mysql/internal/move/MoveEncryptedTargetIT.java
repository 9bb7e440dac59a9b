package dev.tandem.mysql.internal.move;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.MoveProblem;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The encrypted-volume move: a database copied from a MariaDB into a MariaDB whose tables, redo log and binary
 * logs are encrypted at rest ({@code file_key_management}), then replicated under writes until identical. Every
 * copied table is an encrypted tablespace there, its binary logs begin encrypted, and none of the moved text is
 * in its files in plain text, while the unencrypted source's files show it. MariaDB only; the target is the
 * MariaDB installed on the machine (Debian's mariadb-server), as the embedded binaries have no key management.
 */
class MoveEncryptedTargetIT {

    private static final String DATABASE = "vault";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    /** In the names of the shop's first customers, copied from the snapshot ({@link ShopDatabase}). */
    private static final byte[] COPIED_TEXT = "Zoë 山田 😀".getBytes(UTF_8);
    /** In the names of the customers the shop's writer adds, replicated after the copy. */
    private static final byte[] REPLICATED_TEXT = "new 😀".getBytes(UTF_8);

    @ServerTest
    void aDatabaseMovesIntoAMariaDbWithEncryptedStorage(DatabaseServer flavorOf) throws Exception {
        assumeTrue(flavorOf.flavor() == Flavor.MARIADB, "the encrypted target is a MariaDB; MySQL does not move to MariaDB");
        Optional<String> unavailable = MovePair.whyNoEncryptedTarget();
        assumeTrue(unavailable.isEmpty(), unavailable::orElseThrow);
        try (MovePair pair = MovePair.intoEncryptedMariaDb()) {
            MovePairs.replicationUser(pair.source());
            MovePairs.freshDatabase(pair, DATABASE);
            try (HikariDataSource source = MovePairs.dataSource(pair.source(), DATABASE);
                 HikariDataSource target = MovePairs.dataSource(pair.target(), DATABASE)) {
                ShopDatabase.create(source);
                assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                        .noneMatch(p -> p.severity() == MoveProblem.Severity.ERROR);
                try (ShopDatabase.Writer writer = new ShopDatabase.Writer(source)) {
                    CopyResult copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults().withWorkers(2)).run();
                    new Replication(target).start(MovePairs.address(pair.source()), copy.snapshots(), DATABASE, CATCH_UP);
                    awaitWrites(writer, writer.writes() + 100);
                }
                MoveCopyIT.caughtUpAndIdentical(pair, source, target);

                List<String> tables = tables(source);
                assertThat(encryptionSchemes(target)).as("every copied table is encrypted on the target")
                        .containsOnlyKeys(tables.stream().map(t -> DATABASE + "/" + t).toList())
                        .allSatisfy((tablespace, scheme) -> assertThat(scheme).as(tablespace).isEqualTo(1));
                assertThat(secondEventOfEachBinaryLog(target)).as("the target's binary logs are encrypted")
                        .isNotEmpty().containsOnly("Start_encryption");

                FilesAtRest onTarget = FilesAtRest.of(target, tables);
                assertThat(onTarget.binaryLogs()).isNotEmpty();
                assertThat(onTarget.relayLogs()).isNotEmpty();
                assertThat(onTarget.holding(COPIED_TEXT)).as("copied rows in plain text on the target").isEmpty();
                assertThat(onTarget.holding(REPLICATED_TEXT)).as("replicated rows in plain text on the target").isEmpty();
                // The control: the same search finds the rows in the unencrypted source's files.
                FilesAtRest onSource = FilesAtRest.of(source, tables);
                assertThat(onSource.holding(COPIED_TEXT)).contains(onSource.tables().get(tables.indexOf("customers")),
                        onSource.redoLog(), onSource.binaryLogs().get(0));
                assertThat(onSource.holding(REPLICATED_TEXT)).contains(onSource.redoLog(), onSource.binaryLogs().get(0));
            }
        }
    }

    private static void awaitWrites(ShopDatabase.Writer writer, long writes) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (writer.writes() < writes && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(writer.writes()).as("the source's writes while the target replicates").isGreaterThanOrEqualTo(writes);
    }

    private static List<String> tables(DataSource server) throws SQLException {
        try (Connection c = server.getConnection()) {
            return SchemaCopy.applicationTables(c);
        }
    }

    /** Tablespace ({@code database/table}) to its encryption scheme (1: encrypted), for the moved database. */
    private static Map<String, Integer> encryptionSchemes(DataSource server) throws SQLException {
        Map<String, Integer> schemes = new HashMap<>();
        try (Connection c = server.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT NAME, ENCRYPTION_SCHEME FROM information_schema.INNODB_TABLESPACES_ENCRYPTION"
                     + " WHERE NAME LIKE '" + DATABASE + "/%'")) {
            while (rs.next()) {
                schemes.put(rs.getString(1), rs.getInt(2));
            }
        }
        return schemes;
    }

    /** An encrypted binary log begins with its format description, then {@code Start_encryption}. */
    private static List<String> secondEventOfEachBinaryLog(DataSource server) throws SQLException {
        List<String> events = new ArrayList<>();
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            List<String> logs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    logs.add(rs.getString(1));
                }
            }
            for (String log : logs) {
                try (ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + log + "' LIMIT 1, 1")) {
                    events.add(rs.next() ? rs.getString("Event_type") : "(none)");
                }
            }
        }
        return events;
    }
}

package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.ComparisonReport;
import dev.tandem.DatabaseComparison;
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
import java.util.List;

/**
 * A database copied from one snapshot while the source takes writes, then replicated from the copy's
 * position, ends identical to the source once the writes stop and the target caught up; so does a copy
 * interrupted half-way and resumed from a new snapshot; a copy into a database that has tables is refused.
 */
class MoveCopyIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @ServerTest
    void aCopyUnderWritesThenReplicationEndsIdenticalToTheSource(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "shop");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "shop");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "shop")) {
            ShopDatabase.create(source);
            List<String> progress = new ArrayList<>();
            CopyResult copy;
            try (ShopDatabase.Writer writer = new ShopDatabase.Writer(source)) {
                Thread.sleep(300);
                long before = writer.writes();
                copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults().withWorkers(3).withChunkRows(300)
                        .withListener((table, done, estimate) -> {
                            synchronized (progress) {
                                progress.add(table + ":" + done);
                            }
                        })).run();
                new Replication(target).start(MovePairs.address(pair.source()), copy.snapshots(), "shop", CATCH_UP);
                Thread.sleep(500);
                assertThat(writer.writes()).as("the source took writes during the copy").isGreaterThan(before);
            }
            assertThat(copy.snapshots()).as("one snapshot").hasSize(1);
            assertThat(copy.scannedWithoutKey()).containsExactly("events");
            assertThat(progress).contains("customers:300", "order_lines:300", "tags:300");

            caughtUpAndIdentical(pair, source, target);
        } finally {
            new Replication(MovePairs.dataSource(pair.target(), "")).stopAndReset();
        }
    }

    @ServerTest
    void anInterruptedCopyIsCopiedAgainFromANewSnapshotToTheSameEndState(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "resumed");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "resumed");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "resumed")) {
            ShopDatabase.create(source);
            CopyResult copy;
            try (ShopDatabase.Writer ignored = new ShopDatabase.Writer(source)) {
                Thread copier = Thread.currentThread();
                List<String> seen = new ArrayList<>();
                // One worker copies the tables one after the other: interrupted in the fifth, four are done (the
                // foreign key group customers, orders, order_lines among them, as the largest go first).
                SnapshotCopy.Options interrupting = SnapshotCopy.Options.defaults().withWorkers(1).withChunkRows(100)
                        .withListener((table, done, estimate) -> {
                            if (!seen.contains(table)) {
                                seen.add(table);
                            }
                            if (seen.size() == 5) {
                                copier.interrupt();
                            }
                        });
                // The listener interrupts again after every chunk of the fifth table, also while the copy waits
                // for its workers to stop: it returns only once none is left to write into the target.
                assertThatThrownBy(() -> new SnapshotCopy(source, target, interrupting).run())
                        .isInstanceOf(InterruptedException.class);
                Thread.interrupted();
                assertThat(Thread.getAllStackTraces().keySet()).as("no copy worker outlives its copy")
                        .noneMatch(t -> t.getName().equals("tandem-move-copy") && t.isAlive());
                assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                        .anySatisfy(p -> assertThat(p.what()).contains("interrupted copy"));

                copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults().withWorkers(2).withChunkRows(500)).run();
                assertThat(copy.snapshots()).as("an interrupted copy is copied again whole, from one new snapshot")
                        .singleElement().satisfies(snapshot -> assertThat(snapshot.tables()).containsAll(seen));
                new Replication(target).start(MovePairs.address(pair.source()), copy.snapshots(), "resumed", CATCH_UP);
                Thread.sleep(500);
            }
            caughtUpAndIdentical(pair, source, target);
        } finally {
            new Replication(MovePairs.dataSource(pair.target(), "")).stopAndReset();
        }
    }

    /**
     * A table keyed by an ENUM, walked in chunks: the key orders it by position, so its cursor compares by
     * position too (by name, the rows of a name that sorts before the cursor's would be left out, and those
     * after it copied twice). The comparison walks it alike, and finds both databases identical.
     */
    @ServerTest
    void aTableKeyedByAnEnumIsCopiedWhole(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "enums");
        MovePairs.execute(pair.source(), "CREATE TABLE enums.follows (user_id INT NOT NULL, kind ENUM('like', 'follow',"
                + " 'block') NOT NULL, note VARCHAR(40) NOT NULL, PRIMARY KEY (user_id, kind))");
        MovePairs.execute(pair.source(), "INSERT INTO enums.follows SELECT seq, k.kind, CONCAT('note ', seq, k.kind) FROM"
                + " (SELECT a.n + 10 * b.n + 100 * c.n AS seq FROM (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2"
                + " UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7"
                + " UNION ALL SELECT 8 UNION ALL SELECT 9) a, (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2"
                + " UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7"
                + " UNION ALL SELECT 8 UNION ALL SELECT 9) b, (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2"
                + " UNION ALL SELECT 3) c) numbers, (SELECT 'like' AS kind UNION ALL SELECT 'follow' UNION ALL SELECT"
                + " 'block') k");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "enums");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "enums")) {
            CopyResult copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults().withChunkRows(100)).run();
            assertThat(copy.scannedWithoutKey()).isEmpty();
            SnapshotCopy.forget(target);
            try (var c = target.getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT user_id, kind) FROM follows")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every row, once").isEqualTo(1_200L);
                assertThat(rs.getLong(2)).isEqualTo(1_200L);
            }
            ComparisonReport report = DatabaseComparison.between(source, target).run();
            assertThat(report.identical()).as("%s", report).isTrue();
        }
    }

    /**
     * A replication account without a password (TANDEM_REPLICATION_USER set, its password not): the preparation used
     * to copy the whole database, reset the target's replication and fail then with a NullPointerException.
     * Refused by the checks, before anything changes.
     */
    @ServerTest
    void aReplicationAccountWithoutAPasswordIsRefusedByTheChecks(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "nopassword");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "nopassword");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "nopassword")) {
            MySqlMoveServer from = new MySqlMoveServer(source, pair.source().jdbcUrl("nopassword"), "repl", null);
            MySqlMoveServer to = new MySqlMoveServer(target, pair.target().jdbcUrl("nopassword"), "repl", null);

            assertThat(to.checkAsTarget(from, false)).filteredOn(p -> p.what().contains("no password is configured for repl"))
                    .extracting(MoveProblem::server, MoveProblem::severity).containsExactly(
                            tuple("source", MoveProblem.Severity.ERROR), tuple("target", MoveProblem.Severity.ERROR));
        }
    }

    @ServerTest
    void aCopyIntoADatabaseWithTablesIsRefused(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "occupied");
        MovePairs.execute(pair.source(), "CREATE TABLE occupied.items (id INT PRIMARY KEY)");
        MovePairs.execute(pair.target(), "CREATE TABLE occupied.leftover (id INT PRIMARY KEY)");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "occupied");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "occupied")) {

            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY)).singleElement().satisfies(p -> {
                assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR);
                assertThat(p.server()).isEqualTo("target");
                assertThat(p.what()).contains("not empty", "leftover");
            });
            assertThatThrownBy(() -> new SnapshotCopy(source, target, SnapshotCopy.Options.defaults()).run())
                    .hasMessageContaining("not empty");
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.ADOPT))
                    .anySatisfy(p -> assertThat(p.what()).contains("missing [items]", "extra [leftover]"));
        }
    }

    /**
     * A migration between its expand and its contract: its sync triggers (and a renamed table's view) are not
     * copied, so the target would stop keeping the two shapes equal once it serves. Refused until the target
     * has them (adopted) or the migration is finished.
     */
    @ServerTest
    void aMoveWhileAMigrationKeepsTwoShapesEqualIsRefused(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "midway");
        MovePairs.execute(pair.source(), "CREATE TABLE midway.people (id INT PRIMARY KEY, name VARCHAR(40), full_name VARCHAR(40))");
        MovePairs.execute(pair.source(), "CREATE TRIGGER midway._tandem_2_people_full_name_bi BEFORE INSERT ON midway.people"
                + " FOR EACH ROW SET NEW.full_name = NEW.name");
        MovePairs.execute(pair.source(), "CREATE VIEW midway._tandem_3_persons_view AS SELECT id, name FROM midway.people");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "midway");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "midway")) {

            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                    .filteredOn(p -> p.severity() == MoveProblem.Severity.ERROR).singleElement().satisfies(p -> {
                        assertThat(p.server()).isEqualTo("source");
                        assertThat(p.what()).contains("between its expand and its contract",
                                "trigger _tandem_2_people_full_name_bi, view _tandem_3_persons_view");
                        assertThat(p.fix()).contains("contract()");
                    });

            MovePairs.execute(pair.source(), "DROP TRIGGER midway._tandem_2_people_full_name_bi");
            MovePairs.execute(pair.source(), "DROP VIEW midway._tandem_3_persons_view");
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                    .noneMatch(p -> p.severity() == MoveProblem.Severity.ERROR);
        }
    }

    /**
     * A coordinator that spells the source's host another way than the one that set replication up (an
     * address where the other had a name) still sees that the target replicates from it, by the source's
     * server_id: a cut-over rerun by it must wait for the target to catch up, not skip that.
     */
    @ServerTest
    void aReplicaReplicatesFromItsSourceHoweverTheSourcesHostIsSpelled(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "spelled");
        MovePairs.execute(pair.source(), "CREATE TABLE spelled.items (id INT PRIMARY KEY)");
        MovePairs.execute(pair.target(), "CREATE TABLE spelled.items (id INT PRIMARY KEY)");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "spelled");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "spelled")) {
            new Replication(target).start(MovePairs.address(pair.source()), Replication.currentPosition(source), "spelled");
            MovePairs.execute(pair.source(), "INSERT INTO spelled.items VALUES (1)");
            assertThat(new Replication(target).awaitApplied(Replication.currentPosition(source), CATCH_UP)).isTrue();
            String sourceUrl = pair.source().jdbcUrl("spelled");
            assertThat(sourceUrl).contains("127.0.0.1");
            MySqlMoveServer byName = new MySqlMoveServer(source, sourceUrl.replace("127.0.0.1", "localhost"), null, null);
            MySqlMoveServer byAddress = new MySqlMoveServer(source, sourceUrl, null, null);
            MySqlMoveServer replica = new MySqlMoveServer(target, pair.target().jdbcUrl("spelled"), null, null);

            assertThat(replica.replicaState(byAddress).fromSource()).as("the spelling replication was set up with").isTrue();
            assertThat(replica.replicaState(byName).fromSource()).as("another spelling of the same server").isTrue();
            assertThat(replica.replicaState(replica).fromSource()).as("not the server itself").isFalse();
        } finally {
            new Replication(MovePairs.dataSource(pair.target(), "")).stopAndReset();
        }
    }

    /**
     * MariaDB's sequences (where Hibernate takes its ids from there) are created on the target and follow the
     * source: the copy left them out, and the source's first NEXTVAL after it stopped replication (the target
     * had no such table). Caught up, the target's sequence stands where the source's does, past every id given out.
     */
    @ServerTest
    void aSequenceIsCreatedOnTheTargetAndFollowsTheSource(DatabaseServer flavorOf) throws Exception {
        assumeTrue(flavorOf.flavor() == Flavor.MARIADB, "MySQL has no sequences");
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "seqs");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "seqs");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "seqs")) {
            execute(source, "CREATE SEQUENCE order_ids START WITH 100 INCREMENT BY 5 CACHE 10",
                    "CREATE TABLE orders (id BIGINT PRIMARY KEY DEFAULT NEXTVAL(order_ids), note VARCHAR(20) NOT NULL)",
                    "INSERT INTO orders (note) VALUES ('before'), ('before')");
            CopyResult copy = new SnapshotCopy(source, target, SnapshotCopy.Options.defaults()).run();
            Replication replication = new Replication(target);
            replication.start(MovePairs.address(pair.source()), copy.snapshots(), "seqs", CATCH_UP);
            for (int i = 0; i < 30; i++) {
                execute(source, "INSERT INTO orders (note) VALUES ('after')"); // three blocks of the cache
            }
            BinlogPosition end = Replication.currentPosition(source);
            assertThat(replication.awaitApplied(end, CATCH_UP)).as("caught up to %s: %s", end, replication.status()).isTrue();
            assertThat(replication.status().healthy()).as("%s", replication.status()).isTrue();

            String next = "SELECT next_not_cached_value FROM order_ids";
            assertThat(value(target, next)).as("where the source's sequence stands").isEqualTo(value(source, next));
            assertThat(Long.parseLong(value(target, next))).as("past every id the source gave out")
                    .isGreaterThan(Long.parseLong(value(source, "SELECT MAX(id) FROM orders")));
            SnapshotCopy.forget(target);
            ComparisonReport report = DatabaseComparison.between(source, target).run();
            assertThat(report.identical()).as("%s", report).isTrue();
            assertThat(report.tables()).singleElement().satisfies(t -> assertThat(t.sourceRows()).isEqualTo(32));
        } finally {
            new Replication(MovePairs.dataSource(pair.target(), "")).stopAndReset();
        }
    }

    /**
     * A target whose new sessions would take other settings than the source's (another time zone, ids spaced
     * otherwise) is warned of before the move: after the cut-over the application's sessions take the target's,
     * and NOW() written into a DATETIME, or the ids it is given, change without an error.
     */
    @ServerTest
    void aTargetWhoseSessionsWouldTakeOtherSettingsIsWarnedOf(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "settings");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "settings");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "settings")) {
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY)).as("alike")
                    .noneMatch(p -> p.what().contains("on the source: after the cut-over"));
            String zone = value(target, "SELECT @@GLOBAL.time_zone");
            MovePairs.execute(pair.target(), "SET GLOBAL time_zone = '+05:00'", "SET GLOBAL auto_increment_increment = 2");
            try {
                assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                        .filteredOn(p -> p.what().contains("on the source: after the cut-over"))
                        .extracting(MoveProblem::what).hasSize(2)
                        .anySatisfy(w -> assertThat(w).startsWith("time_zone is +05:00 on the target and "))
                        .anySatisfy(w -> assertThat(w).startsWith("auto_increment_increment is 2 on the target and 1 on the source"));
            } finally {
                MovePairs.execute(pair.target(), "SET GLOBAL time_zone = '" + zone + "'", "SET GLOBAL auto_increment_increment = 1");
            }
        }
    }

    /**
     * A table of an engine without transactions (MyISAM; MariaDB's Aria alike): the copy's consistent snapshot does
     * not hold it, so its rows are read as they are when a worker gets to it, and replication from the snapshot's
     * position applies again what was written between (a duplicate key stops the replica; a table without a key
     * holds the row twice). Refused before anything is copied, naming it; adopting a target is not.
     */
    @ServerTest
    void aTableWithoutTransactionsIsRefusedBeforeTheCopy(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "engines");
        MovePairs.execute(pair.source(), "CREATE TABLE engines.hits (id INT PRIMARY KEY, n INT) ENGINE=MyISAM",
                "CREATE TABLE engines.orders (id INT PRIMARY KEY) ENGINE=InnoDB");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "engines");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "engines")) {
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                    .filteredOn(p -> p.severity() == MoveProblem.Severity.ERROR).extracting(MoveProblem::what)
                    .anySatisfy(w -> assertThat(w).contains("hits (MyISAM)").contains("snapshot").doesNotContain("orders"));
            MovePairs.execute(pair.source(), "ALTER TABLE engines.hits ENGINE=InnoDB");
            assertThat(MoveServerCheck.check(source, target, MoveServerCheck.Mode.COPY))
                    .filteredOn(p -> p.severity() == MoveProblem.Severity.ERROR).isEmpty();
        }
    }

    /**
     * The source's sessions in another time zone and with ANSI_QUOTES (a server's global settings, here its pool's):
     * the table's definition is read as the target creates it. Read in the session's zone, a TIMESTAMP's constant
     * default came five hours off on the target; under ANSI_QUOTES its names came in double quotes, which the
     * target's CREATE refused.
     */
    @ServerTest
    void definitionsAreReadInTheSettingsTheTargetCreatesThemInWhateverTheSourcesSessionsUse(DatabaseServer flavorOf)
            throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.freshDatabase(pair, "zoned");
        MovePairs.execute(pair.source(), "CREATE TABLE zoned.stamps (id INT PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT"
                + " '2020-06-01 12:00:00')", "INSERT INTO zoned.stamps (id) VALUES (1)");
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "zoned");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "zoned")) {
            source.setConnectionInitSql("SET SESSION time_zone = '-05:00', sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES')");
            new SnapshotCopy(source, target, SnapshotCopy.Options.defaults().withWorkers(1)).run();
            SnapshotCopy.forget(target);

            MovePairs.execute(pair.source(), "INSERT INTO zoned.stamps (id) VALUES (2)");
            MovePairs.execute(pair.target(), "INSERT INTO zoned.stamps (id) VALUES (2)");
            String defaulted = "SELECT UNIX_TIMESTAMP(at) FROM stamps WHERE id = 2";
            assertThat(value(target, defaulted)).as("the default, on the target").isEqualTo(value(source, defaulted));
            assertThat(DatabaseComparison.between(source, target).run().identical()).isTrue();
        }
    }

    private static void execute(HikariDataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String value(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    /** Waits until the target applied all the source wrote, drops the copy's checkpoints, and compares. */
    static void caughtUpAndIdentical(MovePair pair, HikariDataSource source, HikariDataSource target) throws Exception {
        Replication replication = new Replication(target);
        BinlogPosition end = Replication.currentPosition(source);
        assertThat(replication.awaitApplied(end, CATCH_UP)).as("caught up to %s: %s", end, replication.status()).isTrue();
        assertThat(replication.status().healthy()).as("%s", replication.status()).isTrue();
        SnapshotCopy.forget(target);
        ComparisonReport report = DatabaseComparison.between(source, target).run();
        assertThat(report.identical()).as("%s", report).isTrue();
        assertThat(report.tables()).hasSize(6);
    }
}

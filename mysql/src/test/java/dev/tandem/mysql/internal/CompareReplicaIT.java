package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.DatabaseComparison;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ReplicaPair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;

/**
 * DatabaseComparison of a primary with its own replica, on each flavor: while the primary takes writes
 * and the replica applies them seconds late, the comparison still finds them identical, because each
 * differing row is re-checked once the replica has caught up; a row changed on the replica alone persists.
 */
class CompareReplicaIT {

    /** One pair per flavor for the whole class: a pair takes long to start. */
    private static final Map<Flavor, ReplicaPair> PAIRS = new EnumMap<>(Flavor.class);
    /** Rows of the table under load: enough for several chunks. */
    private static final int ROWS = 20_000;
    /**
     * The replica applies each event this late, so the first pass surely sees rows it has not applied yet:
     * MariaDB times events to the whole second, so a delay of n seconds holds an event back n - 1 at least,
     * and a noisy machine may stall the writer for a second.
     */
    private static final int REPLICA_DELAY_SECONDS = 3;
    /**
     * A delay the replica catches up from while the source holds a row (within
     * {@link CompareHeldRecheck#CATCH_UP_TIMEOUT}), so that no re-check round finds the replica as current as a
     * row written all the while: MariaDB times events to the whole second, so a delay of one second can be
     * none, and MySQL took 2.5-3.1 s to catch up from one second (two would come near the timeout).
     */
    private static int heldReplicaDelaySeconds(Flavor flavor) {
        return flavor == Flavor.MARIADB ? 2 : 1;
    }
    /**
     * A delay longer than the source holds a row for the replica to catch up, by a margin: the replica applies
     * each event this long after its commit, and a writer that stalled a second before the hold (CI on two busy
     * cores) left the last event a second older, which one second more than the hold let settle in time.
     */
    private static final int UNHELD_REPLICA_DELAY_SECONDS = (int) CompareHeldRecheck.CATCH_UP_TIMEOUT.toSeconds() + 4;
    /** The counter's writer rests this long between updates: often enough to change it in every round, rarely enough not to make the replica lag. */
    private static final long WRITE_PAUSE_MILLIS = 10;
    /** Writes the source takes before the comparison starts, so that the replica surely lacks some. */
    private static final long WRITES_BEFORE = 100;
    /** Lag beyond the delay that the busy comparison accepts: the applier may fall a moment behind under the writes. */
    private static final int LAG_ALLOWANCE_SECONDS = 30;
    /** How long the replica's applier stays stopped while a comparison waits for it. */
    private static final long STOPPED_MILLIS = 2_000;

    private static synchronized ReplicaPair pair(Flavor flavor) throws Exception {
        ReplicaPair pair = PAIRS.get(flavor);
        if (pair == null) {
            pair = ReplicaPair.start(flavor);
            PAIRS.put(flavor, pair);
        }
        return pair;
    }

    @AfterAll
    static synchronized void stopPairs() {
        PAIRS.values().forEach(ReplicaPair::close);
        PAIRS.clear();
    }

    @ServerTest
    void aReplicaUnderWritesIsIdenticalToItsSourceWithoutAFalsePositive(DatabaseServer flavorOf) throws Exception {
        ReplicaPair pair = pair(flavorOf.flavor());
        primary(pair, "CREATE DATABASE busy", "CREATE TABLE busy.digits (d INT PRIMARY KEY)",
                "INSERT INTO busy.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                "CREATE TABLE busy.orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(40) NOT NULL)",
                "INSERT INTO busy.orders SELECT 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d, 1, 'first'"
                        + " FROM busy.digits d1, busy.digits d2, busy.digits d3, busy.digits d4, busy.digits d5 WHERE d5.d < 2");
        awaitRows(pair, "SELECT COUNT(*) FROM busy.orders", ROWS);
        pair.delay(REPLICA_DELAY_SECONDS);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        AtomicReference<Exception> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> write(pair, writing, writes, writerFailure), "orders-writer");
        try (HikariDataSource primary = ReplicaLagIT.dataSource(pair.primary(), "busy");
             HikariDataSource replica = ReplicaLagIT.dataSource(pair.replica(), "busy")) {
            writer.start();
            awaitWrites(writes, WRITES_BEFORE);
            long writesBefore = writes.get();

            // The replica lags on purpose, about as much as the throttle's default allows: a higher limit keeps
            // the comparison reading while the writes go on, which is what this test is about.
            ComparisonReport report = DatabaseComparison.between(primary, replica).tables("orders")
                    .maxReplicaLag(Duration.ofSeconds(REPLICA_DELAY_SECONDS + LAG_ALLOWANCE_SECONDS)).run();

            long writesDuring = writes.get() - writesBefore;
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).as("the writer's failure").isNull();
            assertThat(writesDuring).as("the source took writes during the comparison").isPositive();
            assertThat(report.identical()).as("%s", report).isTrue();
            assertThat(report.consistency()).as("the first pass saw rows the replica had not applied, and re-checked them")
                    .matches("replica of the source: differences re-checked after the replica caught up to the source's"
                            + " binary log position [^:]+:\\d+, [1-3] round\\(s\\)");
        } finally {
            writing.set(false);
            writer.join();
            pair.delay(0);
        }
    }

    @ServerTest
    void aRowChangedOnTheReplicaAloneIsReportedAfterEveryRound(DatabaseServer flavorOf) throws Exception {
        ReplicaPair pair = pair(flavorOf.flavor());
        primary(pair, "CREATE DATABASE drift", "CREATE TABLE drift.items (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                "INSERT INTO drift.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        awaitRows(pair, "SELECT COUNT(*) FROM drift.items", 3);
        try (Connection c = pair.replica().adminConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE drift.items SET v = 'drifted' WHERE id = 2");
        }
        try (HikariDataSource primary = ReplicaLagIT.dataSource(pair.primary(), "drift");
             HikariDataSource replica = ReplicaLagIT.dataSource(pair.replica(), "drift")) {

            ComparisonReport report = DatabaseComparison.between(primary, replica).run();

            assertThat(report.tables()).singleElement().satisfies(t -> {
                assertThat(t.changed()).isEqualTo(1);
                assertThat(t.missingInTarget()).isZero();
                assertThat(t.differences()).containsExactly(
                        new Row(RowKind.CHANGED, "id=2", List.of(new Column("v", "two", "drifted"))));
            });
            assertThat(report.consistency()).startsWith("replica of the source: differences re-checked after the replica"
                    + " caught up").endsWith(", 3 round(s)");
        }
    }

    @ServerTest
    void aReplicaWhoseApplierIsStoppedHoldsTheComparisonUntilItAppliesAgain(DatabaseServer flavorOf) throws Exception {
        ReplicaPair pair = pair(flavorOf.flavor());
        primary(pair, "CREATE DATABASE held", "CREATE TABLE held.items (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                "INSERT INTO held.items VALUES (1, 'one'), (2, 'two')");
        awaitRows(pair, "SELECT COUNT(*) FROM held.items", 2);
        AtomicInteger userSignalCalls = new AtomicInteger();
        AtomicLong restartedAt = new AtomicLong();
        AtomicLong firstProgressAt = new AtomicLong();
        AtomicReference<Exception> restartFailure = new AtomicReference<>();
        pair.applying(false);
        Thread restarter = new Thread(() -> {
            try {
                Thread.sleep(STOPPED_MILLIS);
                restartedAt.set(System.nanoTime());
                pair.applying(true);
            } catch (Exception e) {
                restartFailure.set(e);
            }
        }, "applier-restarter");
        try (HikariDataSource primary = ReplicaLagIT.dataSource(pair.primary(), "held");
             HikariDataSource replica = ReplicaLagIT.dataSource(pair.replica(), "held")) {
            restarter.start();

            ComparisonReport report = DatabaseComparison.between(primary, replica)
                    .throttle(() -> {
                        userSignalCalls.incrementAndGet();
                        return Optional.empty();
                    })
                    .listener((table, done, estimate) -> firstProgressAt.compareAndSet(0, System.nanoTime())).run();

            restarter.join();
            assertThat(restartFailure.get()).as("restarting the applier").isNull();
            assertThat(report.identical()).as("%s", report).isTrue();
            assertThat(firstProgressAt.get()).as("the chunk was compared only once the applier ran again")
                    .isGreaterThan(restartedAt.get());
            assertThat(userSignalCalls.get()).as("the signals were asked again while the replica held the comparison")
                    .isGreaterThan(1);
        } finally {
            restarter.join();
            pair.applying(true);
        }
    }

    /**
     * A counter row the primary updates all the while may differ in every re-check round (the replica applies
     * each event a second or two late); held on the source with a shared lock while the replica catches up, it
     * is shown equal, and the writer's updates only wait.
     */
    @ServerTest
    void aRowWrittenThroughoutTheComparisonIsSettledWhileTheSourceHoldsIt(DatabaseServer flavorOf) throws Exception {
        ComparisonReport report = compareWhileACounterIsUpdated(pair(flavorOf.flavor()), "hot",
                heldReplicaDelaySeconds(flavorOf.flavor()));

        // A round may still find the replica as it was when the source was read (MariaDB applies a second's
        // events at once); on MySQL the counter differed in every round of every run, and was held.
        assertThat(report.identical()).as("%s", report).isTrue();
        assertThat(report.tables()).singleElement().satisfies(t -> assertThat(t.unsettled()).isZero());
    }

    /**
     * The same counter, with a replica that applies each event seconds late: held on the source, it still
     * cannot be read on the replica in time, so it is neither equal nor different, and the databases are not
     * called identical (they were: a row never settled was not counted). The counter's note differs on the
     * replica alone (the writer's minimal row images leave it there), so that no round can find the replica
     * equal to the source by chance: a round that read it just as it reached the source's position did, on
     * either flavor, settling the row before the last look.
     */
    @ServerTest
    void aRowWrittenThroughoutWhileTheReplicaLagsLeavesTheComparisonNotIdentical(DatabaseServer flavorOf) throws Exception {
        ComparisonReport report = compareWhileACounterIsUpdated(pair(flavorOf.flavor()), "lagging", UNHELD_REPLICA_DELAY_SECONDS,
                "UPDATE lagging.counters SET note = 'drifted' WHERE id = 2");

        assertThat(report.identical()).as("%s", report).isFalse();
        assertThat(report.tables()).singleElement().satisfies(t -> {
            assertThat(t.unsettled()).isEqualTo(1);
            assertThat(t.changed() + t.missingInSource() + t.missingInTarget()).isZero();
            assertThat(t.notes()).anySatisfy(note -> assertThat(note).startsWith(
                    "1 row(s) differed but were written during every re-check and whenever a shared lock on the source"));
        });
        // The replica applies every write still: the note changed on it alone did not stop its applier.
        long hits;
        try (Connection c = pair(flavorOf.flavor()).primary().adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hits FROM lagging.counters WHERE id = 2")) {
            rs.next();
            hits = rs.getLong(1);
        }
        awaitRows(pair(flavorOf.flavor()), "SELECT hits FROM lagging.counters WHERE id = 2 AND note = 'drifted'", hits);
    }

    /**
     * Compares {@code database}.counters while a writer adds to the hits of one of its rows on the primary, the
     * replica applying each event {@code delaySeconds} late; {@code onReplicaAlone} is run on the replica first.
     * The writer's row images name only the key and the hits, so a column changed on the replica alone stays so.
     */
    private static ComparisonReport compareWhileACounterIsUpdated(ReplicaPair pair, String database, int delaySeconds,
                                                                  String... onReplicaAlone) throws Exception {
        primary(pair, "CREATE DATABASE " + database, "CREATE TABLE " + database + ".counters (id INT PRIMARY KEY,"
                + " hits BIGINT NOT NULL, note VARCHAR(20) NOT NULL DEFAULT '')",
                "INSERT INTO " + database + ".counters (id, hits) VALUES (1, 0), (2, 0), (3, 0)");
        awaitRows(pair, "SELECT COUNT(*) FROM " + database + ".counters", 3);
        try (Connection c = pair.replica().adminConnection(); Statement s = c.createStatement()) {
            for (String statement : onReplicaAlone) {
                s.execute(statement);
            }
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        AtomicReference<Exception> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection c = pair.primary().adminConnection(); Statement s = c.createStatement()) {
                s.execute("SET SESSION binlog_row_image = 'MINIMAL'");
                while (writing.get()) {
                    s.execute("UPDATE " + database + ".counters SET hits = hits + 1 WHERE id = 2");
                    writes.incrementAndGet();
                    Thread.sleep(WRITE_PAUSE_MILLIS);
                }
            } catch (Exception e) {
                writerFailure.set(e);
            }
        }, "counter-writer");
        try (HikariDataSource primary = ReplicaLagIT.dataSource(pair.primary(), database);
             HikariDataSource replica = ReplicaLagIT.dataSource(pair.replica(), database)) {
            pair.delay(delaySeconds);
            writer.start();
            awaitWrites(writes, WRITES_BEFORE);
            ComparisonReport report = DatabaseComparison.between(primary, replica)
                    .maxReplicaLag(Duration.ofSeconds(REPLICA_DELAY_SECONDS + LAG_ALLOWANCE_SECONDS)).run();
            long writesAfter = writes.get();
            awaitWrites(writes, writesAfter + 10);
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).as("the writer's failure").isNull();
            return report;
        } finally {
            writing.set(false);
            writer.join();
            pair.delay(0);
        }
    }

    /** Runs statements on the primary, which replicates them. */
    private static void primary(ReplicaPair pair, String... sql) throws Exception {
        try (Connection c = pair.primary().adminConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Waits until {@code countQuery} (any query of one number) answers {@code expected} on the replica. */
    private static void awaitRows(ReplicaPair pair, String countQuery, long expected) throws Exception {
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
            try (Connection c = pair.replica().adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(countQuery)) {
                rs.next();
                if (rs.getLong(1) == expected) {
                    return;
                }
            } catch (SQLException notYetReplicated) {
                // the table is not there yet
            }
        }
        throw new IllegalStateException("The replica did not get " + expected + " rows (" + countQuery + ") within 60 s");
    }

    /** Waits until the writer has made {@code expected} writes. */
    private static void awaitWrites(AtomicLong writes, long expected) throws InterruptedException {
        for (long deadline = System.nanoTime() + 60_000_000_000L; writes.get() < expected; Thread.sleep(10)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The writer made " + writes.get() + " of " + expected + " writes within 60 s");
            }
        }
    }

    /** Inserts, updates and deletes rows of busy.orders on the primary until told to stop, counting its writes. */
    private static void write(ReplicaPair pair, AtomicBoolean writing, AtomicLong writes, AtomicReference<Exception> failure) {
        try (Connection c = pair.primary().adminConnection(); Statement s = c.createStatement()) {
            for (long i = 1; writing.get(); i++) {
                long inserted = ROWS + i;
                s.execute("INSERT INTO busy.orders VALUES (" + inserted + ", 1, 'new')");
                s.execute("UPDATE busy.orders SET qty = qty + 1, note = 'updated' WHERE id = "
                        + ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                if (i % 5 == 0) {
                    s.execute("DELETE FROM busy.orders WHERE id = " + (inserted - 3));
                }
                writes.addAndGet(i % 5 == 0 ? 3 : 2);
                Thread.sleep(2);
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }
}

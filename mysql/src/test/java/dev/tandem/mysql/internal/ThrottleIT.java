package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.TandemException;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The backfill waits while a throttle signal says so, while paused, and when a signal cannot be read;
 * a waiting backfill holds only its own lock.
 */
class ThrottleIT {

    private static ScriptDir scripts(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-throttle-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger');
                """);
        try (Tandem v1 = Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()).load()) {
            v1.start();
        }
        return scripts.write("V2__display.yaml",
                "operations:\n  - add_column: {table: customers, column: display, type: VARCHAR(120), up: \"UPPER(name)\"}\n");
    }

    private static TandemConfiguration node(TestDatabase db, ScriptDir scripts) {
        return Nodes.configure().url(db.url()).user(db.user()).password(db.password()).locations(scripts.location())
                .waitForReady(false);
    }

    /** True when, for a while, the backfill has begun but filled nothing. */
    private static boolean heldBack(TestDatabase db, Tandem tandem) throws Exception {
        Thread.sleep(1_500);
        return !tandem.isReady() && (Long) db.queryValue("SELECT COUNT(*) FROM customers WHERE display IS NOT NULL") == 0L;
    }

    @ServerTest
    void aSignalThatSaysWaitHoldsTheBackfillUntilItSaysGo(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        AtomicReference<String> lag = new AtomicReference<>("replica lag is 42 s");
        try (Tandem tandem = node(db, scripts).throttle(() -> Optional.ofNullable(lag.get())).load()) {
            tandem.start();
            assertThat(heldBack(db, tandem)).isTrue();
            lag.set(null);
            assertThat(tandem.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(db.query("SELECT display FROM customers ORDER BY id")).containsExactly(List.of("ADA"), List.of("GRACE"),
                List.of("EDSGER"));
    }

    @ServerTest
    void aSignalThatCannotBeReadHoldsTheBackfillToo(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        AtomicReference<Boolean> broken = new AtomicReference<>(true);
        CapturedLog log = CapturedLog.start();
        try (log; Tandem tandem = node(db, scripts).throttle(() -> {
            if (broken.get()) {
                throw new IllegalStateException("monitoring endpoint down");
            }
            return Optional.empty();
        }).load()) {
            tandem.start();
            assertThat(heldBack(db, tandem)).isTrue();
            broken.set(false);
            assertThat(tandem.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("cannot read throttle signal") && m.contains("monitoring endpoint down"));
    }

    /**
     * No request of the application goes through Tandem's connections here: with the probe on, a backfill
     * held for longer than {@code PROBE_AFTER} (by a signal) turns to the server's latency, taken by the
     * dialect's read on this server, which works and does not hold the backfill back on an idle server.
     */
    @ServerTest
    void aLongBackfillWhoseApplicationIsNotSeenIsHeldToTheServersProbedLatency(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        AtomicReference<String> hold = new AtomicReference<>("a maintenance window");
        CapturedLog log = CapturedLog.start();
        long selectsBefore = selects(db);
        try (log; Tandem tandem = node(db, scripts).latencyProbe(true).throttle(() -> Optional.ofNullable(hold.get())).load()) {
            tandem.start();
            Thread.sleep(3_000);
            assertThat(tandem.isReady()).isFalse();
            hold.set(null);
            assertThat(tandem.awaitReady(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("the backfill is held to the server's latency instead, probed with a read every"))
                .noneMatch(m -> m.contains("latency probe cannot read"));
        assertThat(selects(db) - selectsBefore).as("the probe's reads, 100 a second for the seconds of its baseline")
                .isGreaterThan(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (probeRunning() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(probeRunning()).as("the probe stops with Tandem").isFalse();
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display = UPPER(name)")).isEqualTo(3L);
    }

    private static boolean probeRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("tandem-latency-probe"));
    }

    private static long selects(TestDatabase db) throws Exception {
        return Long.parseLong(String.valueOf(db.query("SHOW GLOBAL STATUS LIKE 'Com_select'").get(0).get(1)));
    }

    @ServerTest
    void pauseHoldsTheBackfillAndResumeLetsItGoOn(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        try (Tandem tandem = node(db, scripts).load()) {
            tandem.pause();
            tandem.start();
            assertThat(heldBack(db, tandem)).isTrue();
            tandem.resume();
            assertThat(tandem.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
    }

    /**
     * Closing a node whose backfill runs in the background stops it: left running on closed pools, it would
     * wait for its unreadable throttle signals as long as the JVM lives. The next node resumes it.
     */
    @ServerTest
    void closingANodeStopsItsBackgroundBackfillAndTheNextNodeFinishesIt(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        Set<Thread> before = startThreads();
        try (Tandem closed = node(db, scripts).load()) {
            closed.pause();
            closed.start();
            assertThat(heldBack(db, closed)).isTrue();
            Set<Thread> started = startThreads();
            started.removeAll(before);
            assertThat(started).as("its background start").hasSize(1);
            long closing = System.nanoTime();
            closed.close();
            assertThat(started.iterator().next().isAlive()).as("still running after close()").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).as("left as a crash leaves it,"
                + " not FAILED").isEqualTo("BACKFILLING");
        try (Tandem next = Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()).load()) {
            assertThat(next.start().ready()).isTrue();
        }
        assertThat(db.query("SELECT display FROM customers ORDER BY id")).containsExactly(List.of("ADA"), List.of("GRACE"),
                List.of("EDSGER"));
    }

    private static Set<Thread> startThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("tandem-start"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @ServerTest
    void aHeldBackfillKeepsNoOtherMigrationWaitingButBlocksItsOwnRollback(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        try (Tandem backfiller = node(db, scripts).load();
             Tandem other = node(db, scripts).lockTimeout(Duration.ofSeconds(5)).load()) {
            backfiller.pause();
            backfiller.start();
            assertThat(heldBack(db, backfiller)).isTrue();
            other.start();

            // The schema's migration lock is free while migration 2 backfills: another migration's
            // contract goes through at once instead of waiting for the backfill.
            long started = System.nanoTime();
            assertThat(other.contract("1")).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '1'")).isEqualTo("COMPLETED");

            // Rolling back the migration whose backfill runs is refused, naming it, and changes nothing.
            assertThatThrownBy(() -> other.rollback("2", true)).isInstanceOf(TandemException.class)
                    .hasMessageContaining("while its backfill runs").hasMessageContaining("backfill:2");
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("BACKFILLING");

            backfiller.resume();
            assertThat(backfiller.awaitReady(Duration.ofSeconds(30))).isTrue();
            assertThat(other.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display = UPPER(name)")).isEqualTo(3L);
    }

    @ServerTest
    void aReplicaSignalOnAServerThatIsNoReplicaFailsClosedAndDiscoveryFindsNone(TestDatabase db) throws Exception {
        javax.sql.DataSource notAReplica = db.newDataSource();
        assertThatThrownBy(() -> new ReplicaLagSignal("replica 1", notAReplica, Duration.ofSeconds(1)).reasonToWait())
                .hasMessage("replica 1 is not a replica: SHOW REPLICA STATUS returned no channel");
        assertThat(ReplicaLagSignal.discover(db.newDataSource())).isEmpty();

        // Given as a replica, it holds the backfill (fail closed) and says why.
        ScriptDir scripts = scripts(db);
        try (Tandem tandem = node(db, scripts).replica(notAReplica).load()) {
            tandem.start();
            assertThat(heldBack(db, tandem)).isTrue();
        }
    }

    @ServerTest
    void theThreadsRunningSignalComparesWithItsLimit(TestDatabase db) throws Exception {
        javax.sql.DataSource ds = db.newDataSource();
        assertThat(new ThreadsRunningSignal(ds, 0).reasonToWait()).hasValueSatisfying(
                reason -> assertThat(reason).matches("Threads_running is \\d+, above the limit 0"));
        assertThat(new ThreadsRunningSignal(ds, 10_000).reasonToWait()).isEmpty();
    }

    @ServerTest
    void theCheckpointAgeSignalReadsTheRedoLogOfEitherServer(TestDatabase db) throws Exception {
        javax.sql.DataSource ds = db.newDataSource();
        try (EagerWritingOut eager = EagerWritingOut.on(db)) {
            CheckpointAgeSignal signal = CheckpointAgeSignal.of(ds, 0.75);
            assertThat(signal.toString()).matches("redo checkpoint age <= 75% of \\d+ MB");
            assertThat(Long.parseLong(signal.toString().replaceAll(".* of (\\d+) MB", "$1"))).isPositive();
            // An idle test server has written out what it changed long before three quarters of its redo log.
            assertThat(signal.reasonToWait()).isEmpty();
        }
    }

    @ServerTest
    void aMigrationWithMaxCheckpointAgeRunsItsBackfillUnderTheSignal(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(db);
        try (EagerWritingOut eager = EagerWritingOut.on(db);
             Tandem tandem = node(db, scripts).maxCheckpointAge(0.5).waitForReady(true).load()) {
            tandem.start();
            assertThat(tandem.isReady()).isTrue();
        }
        assertThat(db.query("SELECT display FROM customers ORDER BY id")).containsExactly(List.of("ADA"), List.of("GRACE"),
                List.of("EDSGER"));
    }

    @ServerTest
    void aServerThatWritesOutOnlyNearItsRedoLogsCapacityIsRefusedTheCheckpointAgeSignalBeforeAnythingRuns(TestDatabase db)
            throws Exception {
        javax.sql.DataSource ds = db.newDataSource();
        if (db.flavor() == Flavor.MYSQL) {
            // MySQL writes out from innodb_adaptive_flushing_lwm (10% of its redo log) on, whatever the dirty pages.
            assertThat(((Number) db.queryValue("SELECT @@innodb_adaptive_flushing_lwm")).doubleValue()).isPositive();
            assertThat(CheckpointAgeSignal.of(ds, 0.3)).isNotNull();
            return;
        }
        assertThat(((Number) db.queryValue("SELECT @@innodb_max_dirty_pages_pct_lwm")).doubleValue()).isZero();
        ScriptDir scripts = scripts(db);
        try (Tandem tandem = node(db, scripts).maxCheckpointAge(0.3).load()) {
            assertThatThrownBy(tandem::start).hasStackTraceContaining("innodb_max_dirty_pages_pct_lwm at 0 (its default)"
                    + " MariaDB writes its changes out only once its redo log is nearly full");
        }
        assertThat(db.query("SHOW COLUMNS FROM customers LIKE 'display'")).isEmpty();
    }
}

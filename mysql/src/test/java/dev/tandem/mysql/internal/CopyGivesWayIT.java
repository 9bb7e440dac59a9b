package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chunk of a copy meets a lock an application's transaction holds in the copy, and the application's
 * transaction goes on. Under MariaDB's {@code innodb_autoinc_lock_mode=1} a chunk's {@code INSERT ... SELECT}
 * holds the copy's AUTO_INCREMENT lock to its end, and every insert of a carry trigger needs that lock: a
 * chunk that waited for a transaction's lock while that transaction's trigger waited for the AUTO_INCREMENT
 * lock was a deadlock, and the server failed the application's transaction, the smaller one (found in the
 * rolling-deploy demo with the copy forced: a {@code REPLACE}, whose carried delete locked the gap past the
 * copy's last row, failed).
 */
class CopyGivesWayIT {

    private static final int ROWS = 30_000;
    /** A row of the first chunk (ids 1 to 1,000) the copy holds before the chunk: carried in by an update. */
    private static final int CARRIED_IN_FIRST_CHUNK = 900;
    /** A row past the first chunk the copy holds before the chunk, carried in too. */
    private static final int CARRIED_PAST_IT = 5_000;
    /** A row between them the application deletes: absent from the copy, so the delete locks the gap between. */
    private static final int DELETED = 3_000;

    @ServerTest
    void anApplicationTransactionThatHoldsAGapOfTheCopyIsNotFailedByAChunkThatMeetsIt(TestDatabase db) throws Exception {
        ScriptDir scripts = CopyExpandIT.scripts(ROWS);
        Nodes.applied(db, scripts);
        scripts.write("V2__display.yaml", CopyExpandIT.ADD_DISPLAY);
        AtomicBoolean held = new AtomicBoolean(true);
        CapturedLog log = CapturedLog.start();
        ExecutorService node = Executors.newSingleThreadExecutor();
        try (log; Connection app = db.connection(); Statement s = app.createStatement()) {
            Future<Boolean> ready = node.submit(() -> {
                try (Tandem v2 = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                        .locations(scripts.location()).copyExpandThreshold(0)
                        .throttle(() -> held.get() ? Optional.of("the test holds the copy") : Optional.empty()).load()) {
                    return v2.start().ready();
                }
            });
            awaitCarryTriggers(db);
            s.execute("UPDATE customers SET balance = 1 WHERE id IN (" + CARRIED_IN_FIRST_CHUNK + ", " + CARRIED_PAST_IT + ")");
            app.setAutoCommit(false);
            s.execute("DELETE FROM customers WHERE id = " + DELETED);
            held.set(false);
            awaitTheChunkMeetingTheGap(db, log);

            s.execute("INSERT INTO customers (name) VALUES ('inserted while the chunk met the gap')");
            app.commit();

            assertThat(ready.get(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            node.shutdownNow();
        }
        assertThat(db.query("SELECT COUNT(*), SUM(id = " + DELETED + "), SUM(name = 'inserted while the chunk met the gap')"
                + " FROM customers")).containsExactly(List.of((long) ROWS, java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE));
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))")).isEqualTo(0L);
    }

    /**
     * A DDL statement (here {@code LOCK TABLES ... WRITE}, as a dump or an operator's tool takes) queued for the
     * table's metadata lock behind an application's transaction holds every later statement on the table, the
     * copy's bound reads, chunks and verification too, longer than their lock wait: each gives way and is tried
     * again, and the copy goes on once the statement has run. The table has no AUTO_INCREMENT, so that two
     * connections write the copy on both servers. (That one cutting its next chunk, queued, does not keep the
     * other from committing a chunk the statement waits for is {@code ChunkLedgerTest}'s: here the writers are
     * held before the statement queues.)
     */
    @ServerTest
    void theCopyOutlastsADdlStatementQueuedForTheTableLongerThanItsLockWait(TestDatabase db) throws Exception {
        ScriptDir scripts = CopyExpandIT.scriptsWithoutAutoIncrement(QUEUED_ROWS);
        Nodes.applied(db, scripts);
        scripts.write("V2__display.yaml", CopyExpandIT.ADD_DISPLAY);
        AtomicBoolean held = new AtomicBoolean();
        CapturedLog log = CapturedLog.start();
        ExecutorService node = Executors.newSingleThreadExecutor();
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try (log; Connection app = db.connection(); Statement s = app.createStatement()) {
            Future<Boolean> ready = node.submit(() -> {
                try (Tandem v2 = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                        .locations(scripts.location()).copyExpandThreshold(0).ddlLockWaitTimeout(Duration.ofSeconds(1))
                        .backfillChunkTarget(Duration.ofMillis(50))
                        .throttle(() -> held.get() ? Optional.of("the test holds the copy") : Optional.empty()).load()) {
                    return v2.start().ready();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (CopyExpandIT.rowsCopied(db) < QUEUED_ROWS / 10) {
                assertThat(System.nanoTime()).as("the copy under way").isLessThan(deadline);
                Thread.sleep(5);
            }
            held.set(true);
            app.setAutoCommit(false);
            s.executeQuery("SELECT name FROM customers WHERE id = 1").close();
            Future<?> locked = operator.submit(() -> {
                try (Connection c = db.connection(); Statement lock = c.createStatement()) {
                    lock.execute("LOCK TABLES customers WRITE");
                    lock.execute("UNLOCK TABLES");
                }
                return null;
            });
            awaitQueued(db, "LOCK TABLES customers WRITE");
            held.set(false);
            Thread.sleep(3_000); // three of the copy's lock waits
            assertThat(locked).as("queued behind the application's transaction").isNotDone();
            app.commit();
            locked.get(1, TimeUnit.MINUTES);
            assertThat(ready.get(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            node.shutdownNow();
            operator.shutdownNow();
        }
        assertThat(List.copyOf(log.events()).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("gave way") && m.contains("Lock wait timeout"))).as("waited past its lock wait")
                .isNotEmpty();
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display <=> CONCAT('#', name)"))
                .isEqualTo((long) QUEUED_ROWS);
    }

    /** Rows enough that the copy, in chunks of 50 ms, is still under way after a tenth of them. */
    private static final int QUEUED_ROWS = 100_000;

    private static void awaitQueued(TestDatabase db, String statement) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while ((Long) db.queryValue("SELECT COUNT(*) FROM information_schema.processlist WHERE info = '" + statement
                + "' AND state LIKE '%metadata lock%'") == 0) {
            assertThat(System.nanoTime()).as(statement + " waits for the table's metadata lock").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitCarryTriggers(TestDatabase db) throws Exception {
        List<String> carry = CopyNames.of("2", "customers", "display").carryTriggers();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (((Number) db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
                + " AND trigger_name IN ('" + String.join("', '", carry) + "')")).intValue() < carry.size()) {
            assertThat(System.nanoTime()).as("the copy's carry triggers are created").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Until the first chunk waits for the application's gap lock in the copy (the server's lock views do not
     * show a wait of MariaDB's alike), or gave way to it.
     */
    private static void awaitTheChunkMeetingTheGap(TestDatabase db, CapturedLog log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            while (true) {
                boolean gaveWay = List.copyOf(log.events()).stream().map(ILoggingEvent::getFormattedMessage)
                        .anyMatch(m -> m.contains("gave way to the application's writes"));
                // A chunk of 1,000 rows takes milliseconds: one still running after a second waits for a lock.
                try (ResultSet waiting = s.executeQuery("SELECT COUNT(*) FROM information_schema.processlist"
                        + " WHERE info LIKE '%INSERT INTO `\\_tandem%' AND time >= 1")) {
                    waiting.next();
                    if (gaveWay || waiting.getLong(1) > 0) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("the first chunk meets the gap the delete locked").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }
}

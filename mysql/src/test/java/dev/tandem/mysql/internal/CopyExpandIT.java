package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.spi.Phase;
import dev.tandem.TandemConfiguration;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The copy-based backfill: a copy of the table built under concurrent writes of both app versions and
 * swapped in, nothing acknowledged lost; resumed after its connection or its process is killed; the
 * tables it refuses to copy; rollback and contract around it.
 */
class CopyExpandIT {

    private static final int ROWS = 30_000;
    /** The row the kill tests lock, so that the copy's chunk holding it waits for them to kill it. */
    static final long KILLED_AT = 50_000;
    static final String COPY = "_tandem_2_customers_display_new";
    static final String OLD = "_tandem_2_customers_display_old";
    static final String ADD_DISPLAY = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)"}
            """;

    static ScriptDir scripts(int rows) throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-copy-")).write("V1__customers.sql", CUSTOMERS.formatted(rows));
    }

    /** The customers table of {@link #scripts} with {@code rows} rows, without AUTO_INCREMENT. */
    static ScriptDir scriptsWithoutAutoIncrement(int rows) throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-copy-")).write("V1__customers.sql",
                CUSTOMERS.formatted(rows).replace(" AUTO_INCREMENT", ""));
    }

    private static final String CUSTOMERS = """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,
                  balance BIGINT NOT NULL DEFAULT 0, KEY by_name (name));
                INSERT INTO customers (id, name)
                  SELECT n, CONCAT('customer ', n) FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n
                  FROM digits a, digits b, digits c, digits e, digits f) numbers WHERE n <= %d;
                """;

    private static TandemConfiguration node(TestDatabase db, ScriptDir scripts) {
        return Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location());
    }

    static Connection connection(TestDatabase db, String tag) {
        try {
            Connection c = db.connection();
            if (tag != null) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET @tandem_version = '" + tag + "'");
                }
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ServerTest
    void copiesUnderWritesOfBothVersionsAndSwapsWithoutLosingAnAcknowledgedWrite(TestDatabase db) throws Exception {
        ScriptDir scripts = appliedThenDisplay(db);
        List<String> differences;
        WriteLedger ledger = new WriteLedger(ROWS, 3, () -> connection(db, null), 1, () -> connection(db, "0000000002"));
        try (ledger; Tandem v2 = node(db, scripts).copyExpandThreshold(0).load()) {
            assertThat(v2.start().ready()).isTrue();
            Thread.sleep(500); // writes after the swap, through the copy under the table's name
        }
        try (Connection c = db.connection()) {
            differences = ledger.differences(c);
        }
        assertThat(ledger.failureMessages()).as("no write failed").isEmpty();
        assertThat(ledger.writes()).as("writers ran during the copy and after the swap").isGreaterThan(100);
        assertThat(ledger.wrongReads()).as("no read saw another value than the one just written").isZero();
        assertThat(differences).as("the table holds every acknowledged write, and no deleted row").isEmpty();

        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = '" + COPY + "'")).as("the copy took the table's name").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD)).as("the old table stays until the contract")
                .isNotEqualTo(0L);
        assertThat(db.query("SELECT trigger_name FROM information_schema.triggers WHERE event_object_schema = DATABASE()"
                + " ORDER BY trigger_name")).as("the copy's sync triggers, and nothing of the old table's")
                .containsExactly(List.of("_tandem_2_customers_display_ni"), List.of("_tandem_2_customers_display_nu"));
        anOldWritersInsertAfterTheSwapGetsANewIdAndUp(db, ledger);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id <= 10 AND display IS NULL")).isEqualTo(0L);

        try (Tandem v2 = node(db, scripts).load()) {
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name LIKE '\\_tandem\\_2\\_%'")).as("the contract dropped the old table").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE event_object_schema = DATABASE()"))
                .isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))"
                + " AND display NOT LIKE 'v2 %'")).isEqualTo(0L);
        assertThat(db.query("SHOW INDEX FROM customers WHERE Key_name = 'by_name'")).as("indexes came along").isNotEmpty();
    }

    /**
     * Rows deleted at the table's end before the copy: the table's AUTO_INCREMENT is past the copy's (which
     * only its rows raised), so the swap sets the copy's, and their ids are not given out again.
     */
    @ServerTest
    void idsOfRowsDeletedAtTheTablesEndAreNotGivenOutAgainAfterTheSwap(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(1_000);
        Nodes.applied(db, scripts);
        db.execute("DELETE FROM customers WHERE id > 990");
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        try (Tandem v2 = node(db, scripts).copyExpandThreshold(0).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD)).as("the table was copied").isEqualTo(990L);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO customers (name) VALUES ('after the swap')", Statement.RETURN_GENERATED_KEYS);
            try (var keys = s.getGeneratedKeys()) {
                keys.next();
                assertThat(keys.getLong(1)).as("past every id the table gave out, the deleted ones too").isGreaterThan(1_000);
            }
        }
    }

    /**
     * New code may update a row without writing the new column (it keeps what the row holds, as it would
     * after an update in place): the copy must keep the value it computed for that row, not take the NULL
     * the table holds (a copy never fills the table itself). The rows are updated after their chunk was
     * copied and verified, so no repair can mend a lost value.
     */
    @ServerTest
    void newCodeThatUpdatesARowWithoutTheNewColumnKeepsTheValueTheCopyComputed(TestDatabase db) throws Exception {
        int asked = copiedWithNewCodesWriteMidway(db, appliedThenDisplay(db),
                "UPDATE customers SET name = CONCAT(name, ' renamed') WHERE id <= 100");
        assertThat(asked).as("the throttle was asked past the update").isGreaterThan(COPIED_AND_VERIFIED);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = '" + OLD + "'")).as("the table was copied and swapped").isEqualTo(1L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id <= 100 AND name LIKE '% renamed'")).isEqualTo(100L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id <= 100 AND display = CONCAT('#', REPLACE(name,"
                + " ' renamed', ''))")).as("the value computed before new code's update, kept").isEqualTo(100L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display IS NULL")).isEqualTo(0L);
    }

    /**
     * New code may clear a value it wrote: the row then holds NULL, as after an update in place. The copy's
     * carry trigger took a NULL for "keep the value the copy computed" and brought the cleared value back
     * after the swap; the verification lets a NULL in the table pass, and the rows are written after their
     * chunk was verified.
     */
    @ServerTest
    void aValueNewCodeClearsAfterItsChunkWasCopiedStaysCleared(TestDatabase db) throws Exception {
        int asked = copiedWithNewCodesWriteMidway(db, appliedThenDisplay(db),
                "UPDATE customers SET display = CONCAT('mine ', id) WHERE id <= 100",
                "UPDATE customers SET display = NULL WHERE id <= 50");
        assertThat(asked).as("the throttle was asked past the updates").isGreaterThan(COPIED_AND_VERIFIED);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = '" + OLD + "'")).as("the table was copied and swapped").isEqualTo(1L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id <= 50 AND display IS NULL"))
                .as("the values new code cleared").isEqualTo(50L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id BETWEEN 51 AND 100 AND display = CONCAT('mine ', id)"))
                .as("the values new code wrote").isEqualTo(50L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id > 100 AND display = CONCAT('#', name)"))
                .as("up's everywhere else").isEqualTo((long) ROWS - 100);
    }

    /**
     * New code's inserts during the copy that leave the new column NULL lie past the rows the copy began
     * with, and no trigger fills them: a value there is new code's, and so is a NULL. The verification after
     * the last chunk leaves them so, as an update in place leaves the NULLs new code writes behind its chunks,
     * and tells it at INFO with the rows it found (not as rows a writer left wrong).
     */
    @ServerTest
    void rowsNewCodeInsertsWithoutTheNewColumnDuringTheCopyAreLeftAsWrittenAndToldAsRoutine(TestDatabase db) throws Exception {
        int asked;
        CapturedLog log = CapturedLog.start();
        try (log) {
            // The copy read its range as it began: these rows lie past it.
            asked = copiedWithNewCodesWriteMidway(db, appliedThenDisplay(db),
                    "INSERT INTO customers (name) VALUES ('new 1'), ('new 2'), ('new 3')");
        }
        assertThat(asked).as("the throttle was asked past the inserts").isGreaterThan(COPIED_AND_VERIFIED);
        assertThat(db.query("SELECT name, display FROM customers WHERE id > " + ROWS + " ORDER BY id")).containsExactly(
                Arrays.asList("new 1", null), Arrays.asList("new 2", null), Arrays.asList("new 3", null));
        assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("as new code wrote them"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.INFO);
                    assertThat(e.getFormattedMessage()).contains("every row has a value but 3 that hold NULL in the column");
                });
        assertThat(log.events()).as("no row of the copied range was wrong")
                .noneMatch(e -> e.getFormattedMessage().contains("left wrong"));
    }

    /**
     * Two writers' {@code REPLACE}s of rows the copy does not hold yet, in one open transaction each: the carry
     * trigger of a {@code REPLACE}'s delete locked the gap of the copy where the row would be (no row found,
     * under REPEATABLE READ), its insert then waited for the other's such lock, and the second {@code REPLACE}
     * of the first writer closed the circle: a deadlock, one of the application's writes failed. The copy is
     * held before its first chunk, so every row lies in the copy's one gap.
     */
    @ServerTest
    void writersReplacingRowsTheCopyDoesNotHoldYetDoNotDeadlock(TestDatabase db) throws Exception {
        ScriptDir scripts = appliedThenDisplay(db);
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (CapturedLog log = CapturedLog.start(); Tandem v2 = node(db, scripts).copyExpandThreshold(0).load();
             Connection first = connection(db, null); Connection second = connection(db, null);
             Statement one = first.createStatement(); Statement two = second.createStatement()) {
            Future<?> start = startedPausedBeforeTheFirstChunk(v2, background, log);
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            one.executeUpdate("REPLACE INTO customers (id, name) VALUES (20000, 'first')");
            Future<Integer> secondsReplace = background.submit(
                    () -> two.executeUpdate("REPLACE INTO customers (id, name) VALUES (20010, 'second')"));
            Thread.sleep(300); // the second writer's insert into the copy waited here for the first's gap lock
            one.executeUpdate("REPLACE INTO customers (id, name) VALUES (20020, 'third')");
            first.commit();
            secondsReplace.get(1, TimeUnit.MINUTES);
            second.commit();
            v2.resume();
            start.get(2, TimeUnit.MINUTES);
            assertThat(v2.isReady()).isTrue();
        } finally {
            background.shutdownNow();
        }
        assertThat(db.query("SELECT id, name, display FROM customers WHERE id IN (20000, 20010, 20020) ORDER BY id"))
                .containsExactly(List.of(20_000L, "first", "#first"), List.of(20_010L, "second", "#second"),
                        List.of(20_020L, "third", "#third"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers")).isEqualTo((long) ROWS);
    }

    /** The throttle's asks by which the first chunks (ids 1 to 1,000 first) are copied, and verified beside. */
    private static final int COPIED_AND_VERIFIED = 8;

    /**
     * Version 2's start with the copy forced, new code running {@code writes} when the throttle is asked
     * the {@link #COPIED_AND_VERIFIED}th time; returns how often it was asked in all.
     */
    private static int copiedWithNewCodesWriteMidway(TestDatabase db, ScriptDir scripts, String... writes) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (Tandem v2 = node(db, scripts).copyExpandThreshold(0).throttle(() -> {
            if (asked.incrementAndGet() == COPIED_AND_VERIFIED) {
                try (Connection c = connection(db, "0000000002"); Statement s = c.createStatement()) {
                    for (String write : writes) {
                        s.executeUpdate(write);
                    }
                }
            }
            return Optional.empty();
        }).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        return asked.get();
    }

    /**
     * A row whose AUTO_INCREMENT id is 0 (stored by an application under {@code NO_AUTO_VALUE_ON_ZERO}) keeps
     * that id in the copy, and a write to it after its chunk was copied reaches it there: a copy that
     * inserted 0 as "the next value" would give the row a new id, and carry the update to a new row.
     */
    @ServerTest
    void aRowWhoseAutoIncrementIdIsZeroKeepsItsIdAndItsLaterWrites(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(ROWS);
        Nodes.applied(db, scripts);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
            s.execute("INSERT INTO customers (id, name) VALUES (0, 'customer zero')");
        }
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        AtomicInteger asked = new AtomicInteger();
        try (Tandem v2 = node(db, scripts).copyExpandThreshold(0).throttle(() -> {
            if (asked.incrementAndGet() == 8) { // the first chunk (id 0 first) is copied
                try (Connection c = connection(db, null); Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE customers SET name = 'customer zero renamed' WHERE id = 0");
                }
            }
            return Optional.empty();
        }).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(asked.get()).as("the throttle was asked past the update").isGreaterThan(8);
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD)).as("the table was copied").isEqualTo(ROWS + 1L);
        assertThat(db.query("SELECT id, name, display FROM customers WHERE name LIKE '%zero%' ORDER BY id"))
                .containsExactly(List.of(0L, "customer zero renamed", "#customer zero renamed"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers")).isEqualTo(ROWS + 1L);
    }

    /**
     * An {@code up} that compares text with a function's number on its way to text (converting the text), and a
     * row past the first 10,000 (which alone are tried before the expand where the column's type holds every value
     * of {@code up}'s and {@code up} makes no number that the checks see: arithmetic over the table's text, a
     * comparison with a number written out or with a number column, or a number or date made of it, is tried on
     * every row) whose text is no number: the update in place fails there, and so must the copy. MariaDB's copy
     * statement stored 0 without a word and the migration became READY with that value; its verification now evaluates {@code up} and fails.
     * Nothing is swapped in; rolled back and the row fixed, the change goes through. An add_column, whose copy
     * fills only the rows the table holds no value in.
     */
    @ServerTest
    void aCopyFailsWhereUpCannotMakeARowsValueAsAnUpdateInPlaceDoes(TestDatabase db) throws Exception {
        failsWhereUpCannotMakeARowsValue(db, "add_column: {table: customers, column: score, type: VARCHAR(120),"
                + " up: \"IF(name = LENGTH(''), 'zero', name)\"", "score");
    }

    /** The same for an alter_column (every row's value computed), with an {@code up} that is never NULL. */
    @ServerTest
    void aCopyOfEveryRowFailsWhereUpCannotMakeARowsValueAsAnUpdateInPlaceDoes(TestDatabase db) throws Exception {
        failsWhereUpCannotMakeARowsValue(db, "alter_column: {table: customers, column: name, type: VARCHAR(120), nullable: false,"
                + " up: \"IF(name = LENGTH(''), 'zero', name)\"", "name");
    }

    private static void failsWhereUpCannotMakeARowsValue(TestDatabase db, String operation, String column) throws Exception {
        ScriptDir scripts = scripts(12_000);
        Nodes.applied(db, scripts);
        db.execute("UPDATE customers SET name = id", "UPDATE customers SET name = 'dorothea' WHERE id = 11999");
        scripts.write("V2__number.yaml", "operations:\n  - " + operation + ", strategy: copy}\n");
        try (Tandem v2 = node(db, scripts).load()) {
            assertThatThrownBy(v2::start).hasMessageContaining("backfill").hasMessageContaining("'dorothea'");
            assertThat(db.queryValue("SELECT name FROM customers WHERE id = 11999")).as("nothing swapped in")
                    .isEqualTo("dorothea");
            v2.rollback("2");
        }
        db.execute("UPDATE customers SET name = '11999' WHERE id = 11999");
        try (Tandem v2 = node(db, scripts).load()) {
            assertThat(v2.start().ready()).isTrue();
            v2.contract("2");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE " + column + " = id")).isEqualTo(12_000L);
    }

    /**
     * Values new code wrote into the new column between the expand and the copy, before the carry triggers
     * existed, are new code's: each chunk copies them as they are (the copy finds them, and counts them
     * chunk by chunk) and computes the others, with nothing left for the verification to repair. Where no
     * row holds one as the copy begins, the chunks fill NULLs only, and what new code writes later comes
     * with the triggers (the first test).
     */
    @ServerTest
    void valuesNewCodeWroteBeforeTheCopyBeganAreKept(TestDatabase db) throws Exception {
        ScriptDir scripts = appliedThenDisplay(db);
        AtomicInteger backfills = new AtomicInteger();
        CapturedLog log = CapturedLog.start();
        try (log; Tandem v2 = EngineAccess.stepHook(node(db, scripts).copyExpandThreshold(0), new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (phase == Phase.BACKFILL && backfills.getAndIncrement() == 0) {
                    try (Connection c = connection(db, "0000000002"); Statement s = c.createStatement()) {
                        s.executeUpdate("UPDATE customers SET display = CONCAT('v2 own ', id) WHERE id IN (5, 17000, "
                                + ROWS + ")");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD)).as("the table was copied").isEqualTo((long) ROWS);
        assertThat(db.query("SELECT id, display FROM customers WHERE display LIKE 'v2 own %' ORDER BY id")).containsExactly(
                List.of(5L, "v2 own 5"), List.of(17_000L, "v2 own 17000"), List.of((long) ROWS, "v2 own " + ROWS));
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display = CONCAT('#', name)")).isEqualTo(ROWS - 3L);
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).as("the chunks copied them: no repair")
                .noneMatch(m -> m.contains("wrote them again"));
    }

    /** The table of {@link #ROWS} rows as version 1 made it, and version 2's add_column script beside it. */
    private static ScriptDir appliedThenDisplay(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(ROWS);
        Nodes.applied(db, scripts);
        return scripts.write("V2__display.yaml", ADD_DISPLAY);
    }

    /** An old writer's insert after the swap: an id past every one the old table gave out, and up(row). */
    static void anOldWritersInsertAfterTheSwapGetsANewIdAndUp(TestDatabase db, WriteLedger ledger) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO customers (name) VALUES ('after the swap')", Statement.RETURN_GENERATED_KEYS);
            try (var keys = s.getGeneratedKeys()) {
                keys.next();
                assertThat(keys.getLong(1)).as("AUTO_INCREMENT goes on past every id the old table gave out")
                        .isGreaterThan(ledger.highestId());
            }
        }
        assertThat(db.queryValue("SELECT display FROM customers WHERE name = 'after the swap'"))
                .as("an old writer's insert after the swap gets up(row)").isEqualTo("#after the swap");
    }

    /**
     * Two writers: while a row ahead of the copy is locked by the application, the writer whose chunk holds
     * it waits, the other copies the chunks after it, and the checkpoint stays below the waiting chunk (a
     * crash then would resume there and lose nothing); once the lock goes, the copy ends identical.
     */
    @ServerTest
    void aSecondWriterCopiesPastAChunkTheFirstWaitsForAndTheCheckpointStaysBelowIt(TestDatabase db) throws Exception {
        int rows = 100_000;
        long locked = 50_000;
        // Without AUTO_INCREMENT: under MariaDB's default innodb_autoinc_lock_mode (1) a copy has one writer.
        ScriptDir scripts = scriptsWithoutAutoIncrement(rows);
        Nodes.applied(db, scripts);
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        ExecutorService migrating = Executors.newSingleThreadExecutor();
        try (Tandem v2 = node(db, scripts).copyExpandThreshold(0).copyThreads(2).load();
             Connection application = db.connection(); Statement s = application.createStatement()) {
            application.setAutoCommit(false);
            Future<Boolean> ready = migrating.submit(() -> v2.start().ready());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (rowsCopied(db) == 0 && !ready.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            s.executeQuery("SELECT name FROM customers WHERE id = " + locked + " FOR UPDATE").close();
            long beyond = 0;
            while (beyond == 0 && !ready.isDone() && System.nanoTime() < deadline) {
                beyond = (Long) db.queryValue("SELECT COUNT(*) FROM " + COPY + " WHERE id > " + locked);
                Thread.sleep(10);
            }
            String cursor = (String) db.queryValue("SELECT cursor_key FROM tandem_backfill");
            assertThat(beyond).as("rows past the locked one copied while it was locked").isPositive();
            assertThat(db.queryValue("SELECT COUNT(*) FROM " + COPY + " WHERE id = " + locked))
                    .as("the locked row's chunk waits").isEqualTo(0L);
            assertThat(cursor == null ? 0 : Long.parseLong(BackfillKey.decode(cursor).get(0)))
                    .as("the checkpoint stays below the chunk that waits").isLessThan(locked);
            application.rollback();
            assertThat(ready.get(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            migrating.shutdownNow();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD + " o LEFT JOIN customers c USING (id)"
                + " WHERE NOT (o.name <=> c.name AND o.balance <=> c.balance)")).as("identical rows").isEqualTo(0L);
        assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).as("each row counted once")
                .isEqualTo((long) rows);
    }

    @ServerTest
    void aCopyWhoseConnectionIsKilledResumesFromItsCheckpointToIdenticalRows(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(100_000);
        Nodes.applied(db, scripts);
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        CapturedLog log = CapturedLog.start();
        try (log) {
            try (Tandem first = node(db, scripts).copyExpandThreshold(0).load()) {
                assertThat(killTheCopyAt(db, first, "customers", COPY)).isLessThan(KILLED_AT);
            }
            assertThat(db.queryValue("SELECT COUNT(*) FROM " + COPY)).as("the copy waits, half done").isNotEqualTo(0L);
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("UPDATE customers SET name = 'changed while nobody copied' WHERE id = 99999");
                s.execute("DELETE FROM customers WHERE id = 5");
            }
            try (Tandem second = node(db, scripts).copyExpandThreshold(0).load()) {
                assertThat(second.start().ready()).isTrue();
            }
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("going on with the copy"))
                .anyMatch(m -> m.contains("resuming the backfill after key"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers")).isEqualTo(99_999L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT display FROM customers WHERE id = 99999")).isEqualTo("#changed while nobody copied");
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD + " o JOIN customers c USING (id)"
                + " WHERE NOT (o.name <=> c.name AND o.balance <=> c.balance)")).as("identical rows").isEqualTo(0L);
        assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).as("each row copied once, resumed")
                .isEqualTo(100_000L);
    }

    @ServerTest
    void aCopyWhoseProcessIsKilledIsResumedByAnotherNodeToIdenticalRows(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(100_000);
        Nodes.applied(db, scripts);
        scripts.write("V2__display.yaml", ADD_DISPLAY.replace("}", ", strategy: copy}"));
        Process node = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackfillIT.BackfillNode.class.getName(),
                db.url(), db.user(), db.password(), scripts.location())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long killedAfter = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && killedAfter == 0) {
                List<List<Object>> done = db.query("SELECT rows_done FROM information_schema.tables t JOIN tandem_backfill"
                        + " ON t.table_schema = DATABASE() AND t.table_name = '" + COPY + "'");
                if (!done.isEmpty() && (Long) done.get(0).get(0) >= 20_000) {
                    node.toHandle().destroyForcibly(); // SIGKILL mid-copy
                    killedAfter = (Long) done.get(0).get(0);
                }
                Thread.sleep(5);
            }
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            node.destroyForcibly();
        }
        assertThat(killedAfter).as("the node was killed during its copy").isPositive();
        assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).isBetween(killedAfter, 99_999L);
        db.execute("INSERT INTO customers (name) VALUES ('while no node ran')", "DELETE FROM customers WHERE id = 7");

        try (Tandem other = Nodes.tandem(db, scripts)) {
            assertThat(other.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers")).isEqualTo(100_000L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM " + OLD + " o LEFT JOIN customers c USING (id)"
                + " WHERE NOT (o.name <=> c.name AND o.balance <=> c.balance)")).as("identical rows").isEqualTo(0L);
        assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).as("resumed, not restarted")
                .isEqualTo(100_000L);
    }

    /**
     * rename_column adds the new name with the old column's default, and a copy never fills the table's own: an
     * old writer's update of another column of a row whose renamed column is NULL (which the old writers' trigger
     * leaves so) carried that default into the copy after its chunk was verified, and the swap kept it: the new
     * name read '' where the row held NULL.
     */
    @ServerTest
    void anOldWritersUpdateOfARowWhoseRenamedColumnIsNullKeepsItNullInTheCopy(TestDatabase db) throws Exception {
        int rows = 100_000;
        ScriptDir scripts = scripts(rows).write("V1_1__nick.sql", """
                ALTER TABLE customers ADD COLUMN nick VARCHAR(20) NULL DEFAULT '';
                UPDATE customers SET nick = IF(id % 1000 = 5, NULL, CONCAT('n', id));
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__full_nick.yaml", "operations:\n  - rename_column: {table: customers, from: nick, to: full_nick}\n");
        AtomicBoolean released = new AtomicBoolean();
        ExecutorService node = Executors.newSingleThreadExecutor();
        try (Connection old = connection(db, null); Statement s = old.createStatement()) {
            Future<Boolean> ready = node.submit(() -> {
                try (Tandem v2 = node(db, scripts).copyExpandThreshold(0).backfillChunkTarget(java.time.Duration.ofMillis(50))
                        .throttle(() -> !released.get() && rowsCopied(db) >= rows / 2 ? Optional.of("the test holds the copy")
                                : Optional.empty()).load()) {
                    return v2.start().ready();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (rowsCopied(db) < rows / 2) {
                assertThat(System.nanoTime()).as("half the table copied").isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(ready).as("the copy under way").isNotDone();
            // Rows of the first fifth: copied, and verified, long before.
            assertThat(s.executeUpdate("UPDATE customers SET balance = balance + 1 WHERE nick IS NULL AND id < 20000"))
                    .isEqualTo(20);
            released.set(true);
            assertThat(ready.get(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            node.shutdownNow();
        }
        assertThat(db.query("SELECT SUM(full_nick IS NULL), SUM(NOT (full_nick <=> nick)) FROM customers"))
                .containsExactly(List.of(java.math.BigDecimal.valueOf(rows / 1000), java.math.BigDecimal.ZERO));
    }

    /** The rows the backfill's checkpoint says it has done; 0 before it began. */
    static long rowsCopied(TestDatabase db) throws Exception {
        try {
            List<List<Object>> done = db.query("SELECT rows_done FROM tandem_backfill");
            return done.isEmpty() ? 0 : (Long) done.get(0).get(0);
        } catch (SQLException notThereYet) {
            return 0; // the backfill has not begun
        }
    }

    /**
     * {@code node} started on {@code executor}, paused: it waits for {@code resume()} before its backfill's first
     * chunk, its bounds read and, for a copy, the copy and its carry triggers made (as {@code log} says).
     */
    static Future<?> startedPausedBeforeTheFirstChunk(Tandem node, ExecutorService executor, CapturedLog log)
            throws InterruptedException {
        node.pause();
        Future<?> start = executor.submit(node::start);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!log.said("waiting, paused by pause()") && !start.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(start).as("the copy waits for resume() before its first chunk").isNotDone();
        return start;
    }

    /**
     * Starts {@code node}, whose migration copies {@code table} into {@code copy}, and kills the copy's
     * connection half way: its backfills are paused before the first chunk, row {@link #KILLED_AT} is locked,
     * and once the chunk holding it waits for the lock (its locking read of the table), every connection
     * writing the copy is killed. No race:
     * the copy cannot end before it is killed. Asserts that the start failed for it; returns the rows the
     * checkpoint says were copied then.
     */
    static long killTheCopyAt(TestDatabase db, Tandem node, String table, String copy) throws Exception {
        ExecutorService starting = Executors.newSingleThreadExecutor();
        try (CapturedLog log = CapturedLog.start(); Connection application = db.connection();
             Statement s = application.createStatement()) {
            Future<?> start = startedPausedBeforeTheFirstChunk(node, starting, log);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            application.setAutoCommit(false);
            s.executeQuery("SELECT 1 FROM " + table + " WHERE id = " + KILLED_AT + " FOR UPDATE").close();
            node.resume();
            String waiting = "SELECT trx_mysql_thread_id FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'";
            while (db.query(waiting).isEmpty() && !start.isDone() && System.nanoTime() < deadline) {
                // Not more often: InnoDB refreshes the table that shows transactions only when it was not read for 0.1 s.
                Thread.sleep(200);
            }
            assertThat(start).as("the copy waits for the locked row").isNotDone();
            List<List<Object>> writers = new java.util.ArrayList<>(db.query(waiting));
            writers.addAll(db.query("SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()"
                    + " AND (info LIKE '%tandem_backfill%' OR info LIKE '%INSERT INTO `" + copy + "`%')"));
            for (Object id : writers.stream().map(w -> w.get(0)).distinct().toList()) {
                s.execute("KILL CONNECTION " + id);
            }
            application.rollback();
            assertThatThrownBy(() -> start.get(1, TimeUnit.MINUTES)).hasMessageContaining("backfill in chunks");
            return rowsCopied(db);
        } finally {
            starting.shutdownNow();
        }
    }
}

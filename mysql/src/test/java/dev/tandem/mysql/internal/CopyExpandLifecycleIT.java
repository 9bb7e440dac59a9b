package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.GateRefusedException;
import dev.tandem.ReplacedTable;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.spi.StepContext;
import dev.tandem.testing.DatabaseUser;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * rename_column and alter_column as copies, through their contract (whose locked swap finds the copy's
 * triggers), and rollbacks of a copy swapped in and of one stopped half way.
 */
class CopyExpandLifecycleIT {

    private static final int ROWS = 20_000;
    /**
     * The log line of a backfill copied at a threshold of a fifth of {@link #ROWS}, its estimate about {@link #ROWS}
     * (four or five digits: InnoDB's sampled estimate of 20,000 rows was once 7,714, even after ANALYZE TABLE),
     * not the few rows of an empty copy's statistics.
     */
    private static final String COPIED_AT_ABOUT_ROWS = "(?s).*: backfill as a copy: ~(\\d{4,5}) rows, copyExpandThreshold 4000.*";
    /** The shortest chunk target allowed ({@link #pausable}). */
    private static final Duration SHORT_CHUNKS = Duration.ofMillis(50);

    private static ScriptDir scripts() throws Exception {
        return scripts(ROWS);
    }

    private static ScriptDir scripts(int rows) throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-copy-lifecycle-")).write("V1__accounts.sql", """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE accounts (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,
                  amount INT NOT NULL DEFAULT 0, KEY by_amount (amount));
                INSERT INTO accounts (id, name, amount)
                  SELECT n, CONCAT('account ', n), n FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n
                  FROM digits a, digits b, digits c, digits e, digits f) numbers WHERE n <= %d;
                """.formatted(rows));
    }

    /** The accounts table of {@code rows} rows applied, and a migration that adds a column {@code shout} pending. */
    private static ScriptDir shoutPending(TestDatabase db, int rows) throws Exception {
        ScriptDir scripts = scripts(rows);
        Nodes.applied(db, scripts);
        return scripts.write("V2__shout.yaml", "operations:\n  - add_column: {table: accounts, column: shout,"
                + " type: VARCHAR(120), up: 'UPPER(name)'}\n");
    }

    private static Tandem copying(TestDatabase db, ScriptDir scripts) {
        return copying(db, scripts, false);
    }

    /**
     * A copying node whose chunks aim at the shortest time allowed: a test that pauses the copy at 20,000 of
     * its 100,000 rows ({@link #whilePaused}) must find it far from its end, where at the default target a
     * fast server's two writers, their chunks grown to thousands of rows, could copy the rest before the
     * pause takes hold.
     */
    private static Tandem pausable(TestDatabase db, ScriptDir scripts) {
        return node(db, scripts, "2.0.0").copyExpandThreshold(0).backfillChunkTarget(SHORT_CHUNKS).load();
    }

    private static Tandem copying(TestDatabase db, ScriptDir scripts, boolean keepReplacedTables) {
        return node(db, scripts, "2.0.0").copyExpandThreshold(0).keepReplacedTables(keepReplacedTables).load();
    }

    private static TandemConfiguration node(TestDatabase db, ScriptDir scripts, String appVersion) {
        return Tandem.configure().url(db.url()).user(db.user()).password(db.password()).appVersion(appVersion)
                .locations(scripts.location());
    }

    private static long tables(TestDatabase db, String like) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name LIKE '" + like + "'");
    }

    private static long triggers(TestDatabase db) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE event_object_schema = DATABASE()");
    }

    @ServerTest
    void aRenameCopiedAndSwappedInContractsUnderItsTableLock(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__rename.yaml", "operations:\n  - rename_column: {table: accounts, from: name, to: full_name}\n");
        try (Tandem v2 = copying(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
            db.execute("UPDATE accounts SET name = 'old code wrote' WHERE id = 1");
            db.execute("SET @tandem_version = '0000000002'", "UPDATE accounts SET full_name = 'new code wrote' WHERE id = 2");
            assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_full\\_name\\_old")).as("swapped in").isEqualTo(1L);
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, full_name FROM accounts WHERE id IN (1, 2, 3) ORDER BY id")).containsExactly(
                List.of(1L, "old code wrote"), List.of(2L, "new code wrote"), List.of(3L, "account 3"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo((long) ROWS);
        assertThat(tables(db, "\\_tandem\\_%")).isZero();
        assertThat(triggers(db)).isZero();
    }

    /**
     * A contract that would drop a column of a table another migration is copying waits for that copy: the
     * copy's chunks and its carry triggers name every column the table had when it began, and a column
     * dropped under them would fail every write to the table. Once the copy is swapped in, the contract
     * drops the column from it.
     */
    @ServerTest
    void aContractWaitsWhileAnotherMigrationCopiesTheTable(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__rename.yaml", "operations:\n  - rename_column: {table: accounts, from: name, to: full_name,"
                + " strategy: in_place}\n");
        try (Tandem v2 = node(db, scripts, "2.0.0").load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        scripts.write("V3__shout.yaml", "operations:\n  - add_column: {table: accounts, column: shout, type: VARCHAR(120),"
                + " up: 'UPPER(full_name)'}\n");
        AtomicReference<Throwable> contractDuringTheCopy = new AtomicReference<>();
        AtomicInteger asked = new AtomicInteger();
        try (Tandem otherNode = node(db, scripts, "3.0.0").load();
             Tandem v3 = node(db, scripts, "3.0.0").copyExpandThreshold(0).throttle(() -> {
                 if (asked.incrementAndGet() == 4) {
                     try {
                         otherNode.contract("2");
                     } catch (RuntimeException e) {
                         contractDuringTheCopy.set(e);
                     }
                     db.execute("UPDATE accounts SET name = 'written during the copy' WHERE id = 5"); // old code
                 }
                 return Optional.empty();
             }).load()) {
            assertThat(v3.start().ready()).isTrue();
            assertThat(asked.get()).as("the throttle was asked during the copy").isGreaterThan(4);
            assertThat(contractDuringTheCopy.get()).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("the backfill of migration 3 is not done");
            assertThat(otherNode.contract("2")).as("once the copy is swapped in").isTrue();
        }
        assertThat(db.query("SELECT full_name, shout FROM accounts WHERE id = 5"))
                .containsExactly(List.of("written during the copy", "WRITTEN DURING THE COPY"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = 'name'")).as("the contract dropped the old column").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo((long) ROWS);
    }

    /**
     * A contract cut short (its node died in it; as the record says) and a later migration's copy of the same table
     * begun since (its copy and carry triggers made, paused before its first chunk): the heartbeats that finish a
     * contract cut short wait for the copy, whose triggers name the column the contract drops. They used to finish
     * it at once: the column dropped, every write to the table failed on the carry triggers.
     */
    @ServerTest
    void aContractCutShortIsFinishedOnlyOnceACopyBegunSinceIsDone(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(2_000);
        Nodes.applied(db, scripts);
        scripts.write("V2__drop.yaml", "operations:\n  - drop_column: {table: accounts, column: amount}\n");
        try (Tandem v2 = node(db, scripts, "2.0.0").load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        scripts.write("V3__shout.yaml", "operations:\n  - add_column: {table: accounts, column: shout, type: VARCHAR(120),"
                + " up: 'UPPER(name)'}\n");
        ExecutorService starting = Executors.newSingleThreadExecutor();
        try (CapturedLog log = CapturedLog.start();
             Tandem v3 = node(db, scripts, "3.0.0").copyExpandThreshold(0).heartbeatInterval(Duration.ofMillis(200)).load()) {
            Future<?> start = CopyExpandIT.startedPausedBeforeTheFirstChunk(v3, starting, log);
            db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0,"
                    + " step_started = 0 WHERE version = '2'");
            Thread.sleep(1_500); // beats of v3, each of which finishes a contract cut short that nothing is in the way of

            assertThat(columns(db, "amount")).as("the column the contract drops, while the copy needs it").isEqualTo(1L);
            db.execute("INSERT INTO accounts (name, amount) VALUES ('written during the copy', 7)");
            v3.resume();
            start.get(1, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (columns(db, "amount") == 1L && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(columns(db, "amount")).as("the contract finished once the copy was swapped in").isZero();
        } finally {
            starting.shutdownNow();
        }
        assertThat(db.query("SELECT shout FROM accounts WHERE name = 'written during the copy'"))
                .containsExactly(List.of("WRITTEN DURING THE COPY"));
    }

    private static long columns(TestDatabase db, String column) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = '" + column + "'");
    }

    /**
     * The second operation of a migration on a table the first one copied and swapped in: the server's
     * statistics describe, for a while, the empty copy the table was made as (a few rows, a few KiB), by which
     * the second backfill would update in place a table over the threshold. It is sized by the table the first
     * copy replaced, and copies too.
     */
    @ServerTest
    void aSecondOperationOnATableTheFirstCopiedIsSizedByTheTableItReplaced(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        db.execute("ANALYZE TABLE accounts");
        scripts.write("V2__two.yaml", "operations:\n"
                + "  - add_column: {table: accounts, column: shout, type: VARCHAR(120), up: 'UPPER(name)'}\n"
                + "  - add_column: {table: accounts, column: whisper, type: VARCHAR(120), up: 'LOWER(name)'}\n");
        assertThat(strategiesAtAFifthOfTheRows(db, scripts)).as("both copied, each sized at about the table's rows").hasSize(2)
                .allMatch(m -> m.matches(COPIED_AT_ABOUT_ROWS));
        assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_%\\_old")).isEqualTo(2L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts WHERE shout = UPPER(name) AND whisper = LOWER(name)"))
                .isEqualTo((long) ROWS);
    }

    /**
     * MySQL 8 answers a table's rows and bytes in information_schema from a cache it keeps for a day
     * ({@code information_schema_stats_expiry}): a table that grew after anyone (a monitoring tool, a schema
     * browser, Tandem's own earlier step) asked would be sized as it was then, and a table of thousands of rows
     * updated in place as if it held a dozen. Tandem asks the engine itself. (MariaDB keeps no such cache: the
     * test passes there by the engine's own statistics.)
     */
    @ServerTest
    void aTableThatGrewSinceItsStatisticsWereLastReadIsSizedAsItIsNow(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts(12);
        Nodes.applied(db, scripts);
        db.execute("ANALYZE TABLE accounts");
        assertThat(((Number) db.queryValue("SELECT table_rows FROM information_schema.tables WHERE table_schema ="
                + " DATABASE() AND table_name = 'accounts'")).longValue()).as("the statistics as someone read them").isLessThan(100L);
        db.execute("INSERT INTO accounts (id, name, amount) SELECT n, CONCAT('account ', n), n FROM (SELECT 1 + a.d + 10 * b.d"
                + " + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM digits a, digits b, digits c, digits e, digits f) numbers"
                + " WHERE n > 12 AND n <= " + ROWS);
        if (db.flavor() == Flavor.MARIADB) {
            // MariaDB's engine counts the new rows in a background pass some seconds later (MySQL's at once).
            db.execute("ANALYZE TABLE accounts");
        }
        scripts.write("V2__shout.yaml", "operations:\n  - add_column: {table: accounts, column: shout, type: VARCHAR(120),"
                + " up: 'UPPER(name)'}\n");
        assertThat(strategiesAtAFifthOfTheRows(db, scripts)).as("copied, sized at about the table's rows now").singleElement()
                .asString().matches(COPIED_AT_ABOUT_ROWS);
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts WHERE shout = UPPER(name)")).isEqualTo((long) ROWS);
    }

    /**
     * What the log says of each backfill's strategy when a node of version 2 starts with {@code copyExpandThreshold} at
     * a fifth of {@link #ROWS}.
     */
    private static List<String> strategiesAtAFifthOfTheRows(TestDatabase db, ScriptDir scripts) throws Exception {
        CapturedLog log = CapturedLog.start();
        try (log; Tandem v2 = node(db, scripts, "2.0.0").copyExpandThreshold(ROWS / 5).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        return log.events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(": backfill as a copy") || m.contains(": backfill in place")).toList();
    }

    @ServerTest
    void anAlterCopiedAndSwappedInContractsToTheNewType(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__widen.yaml", "operations:\n  - alter_column: {table: accounts, column: amount, type: BIGINT,"
                + " nullable: false, default: '0', up: 'amount * 1000'}\n");
        try (Tandem v2 = copying(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
            db.execute("UPDATE accounts SET amount = 7 WHERE id = 1");
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.queryValue("SELECT DATA_TYPE FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = 'amount'")).isEqualTo("bigint");
        assertThat(db.query("SELECT id, amount FROM accounts WHERE id IN (1, 2) ORDER BY id"))
                .containsExactly(List.of(1L, 7000L), List.of(2L, 2000L));
        assertThat(db.query("SHOW INDEX FROM accounts WHERE Key_name = 'by_amount'")).isNotEmpty();
        assertThat(tables(db, "\\_tandem\\_%")).isZero();
        assertThat(triggers(db)).isZero();
    }

    @ServerTest
    void generatedColumnsAreComputedByTheCopyAndAutoIncrementGoesOnPastIdsDeletedBeforeTheSwap(TestDatabase db)
            throws Exception {
        ScriptDir scripts = scripts().write("V1_1__generated.sql", """
                ALTER TABLE accounts ADD COLUMN shouted VARCHAR(100) AS (UPPER(name)) STORED,
                  ADD COLUMN doubled BIGINT AS (amount * 2) VIRTUAL, ALGORITHM=COPY;
                INSERT INTO accounts (name) VALUES ('the last one');
                """);
        Nodes.applied(db, scripts);
        long deleted = (Long) db.queryValue("SELECT MAX(id) FROM accounts");
        db.execute("DELETE FROM accounts WHERE id = " + deleted);
        scripts.write("V2__note.yaml", "operations:\n  - add_column: {table: accounts, column: note, type: VARCHAR(120),"
                + " up: \"CONCAT(name, '/', amount)\", strategy: copy}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_note\\_old")).as("a copy").isEqualTo(1L);
        assertThat(db.query("SELECT shouted, doubled, note FROM accounts WHERE id = 3"))
                .containsExactly(List.of("ACCOUNT 3", 6L, "account 3/3"));
        db.execute("UPDATE accounts SET name = 'renamed', amount = 21 WHERE id = 3");
        assertThat(db.query("SELECT shouted, doubled, note FROM accounts WHERE id = 3")).as("old code's write after the swap")
                .containsExactly(List.of("RENAMED", 42L, "renamed/21"));
        db.execute("INSERT INTO accounts (name) VALUES ('after the swap')");
        assertThat((Long) db.queryValue("SELECT MAX(id) FROM accounts")).as("no id given out twice").isGreaterThan(deleted);
    }

    @ServerTest
    void aContractAskedToKeepTheTableACopyReplacedLeavesItAsItWasAtTheSwapAndNamesIt(TestDatabase db) throws Exception {
        ScriptDir scripts = shoutPending(db, ROWS);
        CapturedLog log = CapturedLog.start();
        List<ReplacedTable> kept;
        try (log; Tandem v2 = copying(db, scripts, true)) {
            assertThat(v2.start().ready()).isTrue();
            assertThat(v2.status().replacedTables()).as("until the contract").extracting(ReplacedTable::name)
                    .containsExactly("_tandem_2_accounts_shout_old");
            db.execute("INSERT INTO accounts (name) VALUES ('after the swap')");
            assertThat(v2.contract("2")).isTrue();
            kept = v2.status().replacedTables();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM _tandem_2_accounts_shout_old")).as("kept, as it was at the swap")
                .isEqualTo((long) ROWS);
        assertThat(tables(db, "\\_tandem\\_%")).as("nothing else of the copy").isEqualTo(1L);
        assertThat(triggers(db)).isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts WHERE shout <=> UPPER(name)")).isEqualTo(ROWS + 1L);
        assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("the table a copy replaced stays as _tandem_2_accounts_shout_old (")
                        .endsWith("drop it when the server can take it (DROP TABLE IF EXISTS `_tandem_2_accounts_shout_old`)"));
        assertThat(kept).as("status() names it, with its size and how to drop it").singleElement().satisfies(table -> {
            assertThat(table.name()).isEqualTo("_tandem_2_accounts_shout_old");
            assertThat(table.bytes()).isPositive();
            assertThat(table.dropStatement()).isEqualTo("DROP TABLE IF EXISTS `_tandem_2_accounts_shout_old`");
        });
        db.execute(kept.get(0).dropStatement());
        try (Tandem later = copying(db, scripts, true)) {
            assertThat(later.status().replacedTables()).as("once the operator dropped it").isEmpty();
        }
    }

    @ServerTest
    void aRollbackOfACopySwappedInDropsTheColumnAndTheOldTableEvenWhereTheContractWouldKeepIt(TestDatabase db)
            throws Exception {
        ScriptDir scripts = shoutPending(db, ROWS);
        try (Tandem v2 = copying(db, scripts, true)) {
            assertThat(v2.start().ready()).isTrue();
            v2.rollback("2");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = 'shout'")).isEqualTo(0L);
        assertThat(tables(db, "\\_tandem\\_%")).isZero();
        assertThat(triggers(db)).isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo((long) ROWS);
        db.execute("INSERT INTO accounts (name) VALUES ('after the rollback')");
    }

    @ServerTest
    void aRollbackOfACopyStoppedHalfWayDropsItsTriggersBeforeTheCopy(TestDatabase db) throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        try (Tandem v2 = node(db, scripts, "2.0.0").copyExpandThreshold(0).load()) {
            // The copy's connection dies half way: the copy, its triggers and its checkpoint stay.
            assertThat(CopyExpandIT.killTheCopyAt(db, v2, "accounts", "_tandem_2_accounts_shout_new"))
                    .isLessThan(CopyExpandIT.KILLED_AT);
            assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_new")).as("the copy waits").isEqualTo(1L);
            assertThat(triggers(db)).as("the sync and carry triggers").isEqualTo(5L);
            v2.rollback("2");
        }
        assertThat(tables(db, "\\_tandem\\_%")).isZero();
        assertThat(triggers(db)).isZero();
        db.execute("INSERT INTO accounts (name) VALUES ('after the rollback')", "UPDATE accounts SET name = 'x' WHERE id = 1",
                "DELETE FROM accounts WHERE id = 2");
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo(100_000L);
    }

    @ServerTest
    void aTableChangedByHandWhileItWasCopiedIsNotSwappedOverNorIsTheCopyResumed(TestDatabase db) throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try (Tandem v2 = pausable(db, scripts)) {
            // Half way through the copy, someone adds a column and an index to the table, and fills the column
            // (the copy paused meanwhile, so the change is done before the copy could end).
            Future<?> changed = operator.submit(() -> whilePaused(v2, db, 20_000,
                    "ALTER TABLE accounts ADD COLUMN extra INT NULL, ADD INDEX by_name (name)",
                    "UPDATE accounts SET extra = 7 WHERE id <= 10"));
            assertThatThrownBy(v2::start).hasMessageContaining("accounts was changed after its copy _tandem_2_accounts_shout_new"
                    + " was made").hasMessageContaining("table: `extra` int").hasMessageContaining("table: KEY `by_name`")
                    .hasMessageContaining("Nothing was swapped");
            changed.get(1, TimeUnit.MINUTES);
            assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_new")).as("not swapped in").isEqualTo(1L);
            assertThat(db.queryValue("SELECT SUM(extra) FROM accounts")).as("the change stays").isEqualTo(java.math.BigDecimal.valueOf(70));
            // Started again, the copy is not resumed either.
            assertThatThrownBy(v2::start).hasMessageContaining("accounts was changed after its copy");
            v2.rollback("2");
        } finally {
            operator.shutdownNow();
        }
        assertThat(tables(db, "\\_tandem\\_%")).isZero();
        assertThat(db.queryValue("SELECT SUM(extra) FROM accounts")).isEqualTo(java.math.BigDecimal.valueOf(70));
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND index_name = 'by_name'")).isEqualTo(1L);
    }

    @ServerTest
    void aTableEmptiedByTruncateWhileItWasCopiedIsVerifiedAgainAndTheRowsItLostStayLost(TestDatabase db) throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        truncatedWhileCopied(db, pausable(db, scripts));
    }

    /** As above, for an account without the PROCESS privilege, which cannot read InnoDB's table ids: the rows are counted. */
    @ServerTest
    void anAccountThatCannotReadInnoDbsTableIdsCountsTheRowsToSeeATruncate(TestDatabase db) throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        DatabaseUser user = db.createUser("ALL PRIVILEGES");
        if (db.flavor() == Flavor.MYSQL) {
            // Its binary log is on: creating triggers needs SUPER (or log_bin_trust_function_creators), which is not PROCESS.
            db.execute("GRANT SUPER ON *.* TO " + user.account());
        }
        try (Connection c = DriverManager.getConnection(db.url(), user.name(), user.password())) {
            assertThatThrownBy(() -> Jdbc.rows(c, "SELECT COUNT(*) FROM information_schema."
                    + (db.flavor() == Flavor.MYSQL ? "innodb_tables" : "innodb_sys_tables")))
                    .as("the account reads no table ids").hasMessageContaining("PROCESS");
        }
        truncatedWhileCopied(db, Tandem.configure().url(db.url()).user(user.name()).password(user.password())
                .appVersion("2.0.0").locations(scripts.location()).copyExpandThreshold(0).backfillChunkTarget(SHORT_CHUNKS).load());
    }

    /**
     * The count before the swap sees every row committed before it, though the step's connection opened a
     * read view earlier: a resumed copy's step reads its checkpoint, and where another writer copies the one
     * chunk left, the step's connection commits nothing until the count, while the verification beside it
     * repairs the copy. Counted in that old read view, the copy still held the rows the repair removed.
     */
    @ServerTest
    void theRowCountBeforeTheSwapSeesWhatCommittedAfterTheStepsConnectionLastRead(TestDatabase db) throws Exception {
        // The copy made first, so that InnoDB's ids do not spare the table its count (a table made anew since its copy).
        db.execute("CREATE TABLE accounts_copy (id INT PRIMARY KEY, name VARCHAR(20), shout VARCHAR(20))",
                "CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(20), shout VARCHAR(20))",
                "INSERT INTO accounts (id, name) VALUES (1, 'a')", "INSERT INTO accounts_copy (id, name) VALUES (1, 'a'), (2, 'gone')");
        CopySql sql = new CopySql("accounts", "accounts_copy", new BackfillKey(List.of("id"), true), List.of(), "shout",
                "UPPER(name)", BackfillSql.Kind.SYNCED, "`shout` IS NULL");
        try (Connection step = db.connection()) {
            step.setAutoCommit(false);
            assertThat(Jdbc.rows(step, "SELECT COUNT(*) FROM accounts_copy")).as("a read view with the row gone from"
                    + " the table").containsExactly(List.of("2"));
            db.execute("DELETE FROM accounts_copy WHERE id = 2");
            assertThat(CopySwap.rowsDiffer(stepOn(step), sql)).isEmpty();
            db.execute("INSERT INTO accounts_copy (id, name) VALUES (3, 'lost')");
            assertThat(CopySwap.rowsDiffer(stepOn(step), sql)).contains("accounts holds 1 rows and its copy accounts_copy 2");
        }
    }

    /** A step's context with the connection {@code c} alone. */
    private static StepContext stepOn(Connection c) {
        return (StepContext) Proxy.newProxyInstance(CopyExpandLifecycleIT.class.getClassLoader(),
                new Class<?>[] {StepContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "connection" -> c;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The server facts the check before the swap stands on: ids given in order, and anew by a TRUNCATE. */
    @ServerTest
    void innoDbGivesATableItsIdInOrderAndATruncatedTableANewOne(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE older (id INT PRIMARY KEY)", "CREATE TABLE newer (id INT PRIMARY KEY)",
                "CREATE TABLE `odd-name` (id INT PRIMARY KEY)");
        try (Connection c = db.connection()) {
            SchemaInspector inspector = new SchemaInspector(c);
            long older = inspector.innoDbTableId("older").orElseThrow();
            long newer = inspector.innoDbTableId("newer").orElseThrow();
            assertThat(older).isLessThan(newer);
            db.execute("INSERT INTO older VALUES (1)", "TRUNCATE TABLE older");
            assertThat(inspector.innoDbTableId("older").orElseThrow()).isGreaterThan(newer);
            assertThat(inspector.innoDbTableId("odd-name")).as("stored encoded").isEmpty();
            assertThat(inspector.innoDbTableId("missing")).isEmpty();
        }
    }

    private static void truncatedWhileCopied(TestDatabase db, Tandem v2) throws Exception {
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try (v2) {
            // Half way through the copy someone empties the table, which fires no trigger, and new rows come in,
            // their keys given out from 1 again: the copy holds 20,000 and more rows that are gone, and old rows
            // under the new rows' keys.
            Future<?> emptied = operator.submit(() -> whilePaused(v2, db, 20_000, "TRUNCATE TABLE accounts",
                    "INSERT INTO accounts (name) VALUES ('after'), ('the'), ('truncate')"));
            assertThat(v2.start().ready()).isTrue();
            emptied.get(1, TimeUnit.MINUTES);
        } finally {
            operator.shutdownNow();
        }
        assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_old")).as("swapped in").isEqualTo(1L);
        assertThat(db.query("SELECT id, name, shout FROM accounts ORDER BY id")).as("no row emptied out came back")
                .containsExactly(List.of(1L, "after", "AFTER"), List.of(2L, "the", "THE"), List.of(3L, "truncate", "TRUNCATE"));
    }

    /**
     * An ALTER TABLE that commits after the swap compared the two definitions and before its RENAME
     * ({@link #committedBeforeTheRename}). MySQL compares again under LOCK TABLES and swaps nothing; MariaDB,
     * which renames no locked table, swaps and says where the change went.
     */
    @ServerTest
    void anAlterThatCommitsBetweenTheSwapsCheckAndItsRenameIsNotUndoneUnsaid(TestDatabase db) throws Exception {
        committedBeforeTheRename(db, "ALTER TABLE accounts ADD COLUMN extra INT NULL", (v2, altered, log) -> {
            if (db.flavor() == Flavor.MYSQL) {
                assertThatThrownBy(v2::start).hasMessageContaining("accounts was changed after its copy")
                        .hasMessageContaining("table: `extra` int").hasMessageContaining("Nothing was swapped");
                altered.get(1, TimeUnit.MINUTES);
                assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_new")).as("not swapped in").isEqualTo(1L);
                assertThat(columnsNamed(db, "accounts", "extra")).as("the change stays").isEqualTo(1L);
                v2.rollback("2");
                assertThat(tables(db, "\\_tandem\\_%")).isZero();
            } else {
                assertThat(v2.start().ready()).isTrue();
                altered.get(1, TimeUnit.MINUTES);
                assertThat(columnsNamed(db, "_tandem_2_accounts_shout_old", "extra")).as("the change, on the old table").isEqualTo(1L);
                assertThat(columnsNamed(db, "accounts", "extra")).isZero();
                assertThat(log).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("a change to"
                        + " accounts committed after the swap last compared it with its copy (old table: `extra` int") && m.contains(
                        "Make that change to accounts again"));
            }
        });
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo(100_000L);
    }

    /**
     * A TRUNCATE TABLE that commits after the swap compared the rows and before its RENAME
     * ({@link #committedBeforeTheRename}). MySQL sees the table's new InnoDB id under LOCK TABLES and swaps
     * nothing, and started again verifies and repairs the copy before it swaps; MariaDB swaps, and says the
     * rows the TRUNCATE removed are back.
     */
    @ServerTest
    void aTruncateThatCommitsBetweenTheSwapsCheckAndItsRenameIsNotUndoneUnsaid(TestDatabase db) throws Exception {
        committedBeforeTheRename(db, "TRUNCATE TABLE accounts", (v2, emptied, log) -> {
            if (db.flavor() == Flavor.MYSQL) {
                assertThatThrownBy(v2::start).hasMessageContaining("accounts was made anew (TRUNCATE TABLE does so) after its"
                        + " rows were last compared with its copy").hasMessageContaining("Nothing was swapped");
                emptied.get(1, TimeUnit.MINUTES);
                assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_new")).as("not swapped in").isEqualTo(1L);
                db.execute("INSERT INTO accounts (name) VALUES ('after'), ('the'), ('truncate')");
                assertThat(v2.start().ready()).as("started again").isTrue();
                assertThat(db.query("SELECT id, name, shout FROM accounts ORDER BY id")).as("no row emptied out came back")
                        .containsExactly(List.of(1L, "after", "AFTER"), List.of(2L, "the", "THE"), List.of(3L, "truncate", "TRUNCATE"));
            } else {
                assertThat(v2.start().ready()).isTrue();
                emptied.get(1, TimeUnit.MINUTES);
                assertThat(db.queryValue("SELECT COUNT(*) FROM _tandem_2_accounts_shout_old")).as("emptied").isEqualTo(0L);
                assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).as("the rows it removed, back").isEqualTo(100_000L);
                assertThat(log).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("accounts was made"
                        + " anew (TRUNCATE TABLE does so) after the swap last compared its rows with its copy: a TRUNCATE emptied the"
                        + " old table, now _tandem_2_accounts_shout_old") && m.contains("Remove those rows from accounts again"));
            }
        });
    }

    /** What a test of a statement committed just before the swap's RENAME checks, with the log of the run. */
    private interface BeforeTheRename {
        void check(Tandem v2, Future<?> statement, List<ILoggingEvent> log) throws Exception;
    }

    /**
     * Copies 100,000 accounts and runs {@code statement} after the swap's checks and before its RENAME: held
     * there by a reader of the copy, which keeps the swap's first CREATE TRIGGER on the copy waiting while the
     * statement runs; {@code check} starts the copy and says what must follow.
     */
    private static void committedBeforeTheRename(TestDatabase db, String statement, BeforeTheRename check) throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        ExecutorService operator = Executors.newSingleThreadExecutor();
        CapturedLog log = CapturedLog.start();
        try (Tandem v2 = copying(db, scripts); Connection reader = db.connection()) {
            Future<?> committed = operator.submit(() -> {
                awaitRowsCopied(db, 1_000);
                reader.setAutoCommit(false);
                Jdbc.rows(reader, "SELECT COUNT(*) FROM _tandem_2_accounts_shout_new WHERE id = 1");
                awaitStatementWaitingForMetadataLock(db, "CREATE TRIGGER%");
                db.execute(statement);
                reader.commit();
                return null;
            });
            check.check(v2, committed, log.events());
        } finally {
            log.close();
            operator.shutdownNow();
        }
    }

    private static long columnsNamed(TestDatabase db, String table, String column) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = '" + table + "' AND column_name = '" + column + "'");
    }

    private static void awaitStatementWaitingForMetadataLock(TestDatabase db, String like) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if ((Long) db.queryValue("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE '" + like
                    + "' AND state LIKE '%metadata lock%'") > 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no statement like " + like + " waited for a metadata lock");
    }

    /**
     * Once the copy has {@code rows} rows, runs {@code statements} with the backfill paused; a statement that
     * times out waiting for a lock is tried again, as its operator would (MariaDB's TRUNCATE TABLE, now and
     * then, fails at once with "Lock wait timeout exceeded" on a table no transaction holds).
     */
    private static Void whilePaused(Tandem tandem, TestDatabase db, long rows, String... statements) throws Exception {
        awaitRowsCopied(db, rows);
        tandem.pause();
        try {
            for (String statement : statements) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        db.execute(statement);
                        break;
                    } catch (SQLException e) {
                        if (e.getErrorCode() != LOCK_WAIT_TIMEOUT || attempt == 5) {
                            throw e;
                        }
                        Thread.sleep(200);
                    }
                }
            }
        } finally {
            tandem.resume();
        }
        return null;
    }

    /** ER_LOCK_WAIT_TIMEOUT, on both servers. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private static void awaitRowsCopied(TestDatabase db, long rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (CopyExpandIT.rowsCopied(db) >= rows) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the copy never reached " + rows + " rows");
    }

    /**
     * An insert the copy missed while its insert trigger was gone has a key past the last one the copy began
     * with, which no chunk covered: the verification goes on past that key, to the table's last, and the
     * repair copies the row before the swap.
     */
    @ServerTest
    void aRowInsertedWhileTheInsertTriggerWasGoneIsCopiedBeforeTheSwap(TestDatabase db) throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try (Tandem v2 = pausable(db, scripts)) {
            Future<?> dropped = operator.submit(() -> whilePaused(v2, db, 20_000, "DROP TRIGGER _tandem_2_accounts_shout_cai",
                    "INSERT INTO accounts (name) VALUES ('inserted while the trigger was gone')"));
            assertThatThrownBy(v2::start).hasMessageContaining("_tandem_2_accounts_shout_cai dropped");
            dropped.get(1, TimeUnit.MINUTES);
            assertThat(v2.start().ready()).as("started again").isTrue();
        } finally {
            operator.shutdownNow();
        }
        assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_old")).as("swapped in").isEqualTo(1L);
        assertThat(db.query("SELECT id, shout FROM accounts WHERE name = 'inserted while the trigger was gone'"))
                .as("the row the copy missed, copied").containsExactly(List.of(100_001L, "INSERTED WHILE THE TRIGGER WAS GONE"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo(100_001L);
    }

    @ServerTest
    void aCopyWhoseCarryTriggerWasDroppedWhileItRanIsNotSwappedInUntilStartedAgainAndVerifiedAgain(TestDatabase db)
            throws Exception {
        ScriptDir scripts = shoutPending(db, 100_000);
        ExecutorService operator = Executors.newSingleThreadExecutor();
        try (Tandem v2 = pausable(db, scripts)) {
            // Half way through, someone drops the trigger that carries updates, and updates a row copied already.
            Future<?> dropped = operator.submit(() -> whilePaused(v2, db, 20_000, "DROP TRIGGER _tandem_2_accounts_shout_cau",
                    "UPDATE accounts SET name = 'changed' WHERE id = 1"));
            assertThatThrownBy(v2::start).hasMessageContaining("the triggers that carry writes into the copy"
                    + " _tandem_2_accounts_shout_new are no longer all on accounts (_tandem_2_accounts_shout_cau dropped")
                    .hasMessageContaining("Nothing was swapped");
            dropped.get(1, TimeUnit.MINUTES);
            assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_new")).as("not swapped in").isEqualTo(1L);
            // As a swap interrupted after it put the sync triggers on the copy would leave it: the copy goes on without.
            db.execute("CREATE TRIGGER _tandem_2_accounts_shout_ni BEFORE INSERT ON _tandem_2_accounts_shout_new FOR EACH ROW"
                    + " SET NEW.shout = UPPER(NEW.name)");
            assertThat(v2.start().ready()).as("started again").isTrue();
        } finally {
            operator.shutdownNow();
        }
        assertThat(tables(db, "\\_tandem\\_2\\_accounts\\_shout\\_old")).as("swapped in").isEqualTo(1L);
        assertThat(db.query("SELECT name, shout FROM accounts WHERE id = 1")).as("the update the copy missed, repaired")
                .containsExactly(List.of("changed", "CHANGED"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM accounts")).isEqualTo(100_000L);
    }
}

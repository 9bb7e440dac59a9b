package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** alter_column: a type change through a shadow column, with old and new writers throughout. */
class AlterColumnIT {

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-alter-")).write("V1__accounts.sql", """
                CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(20) NULL);
                CREATE INDEX accounts_amount ON accounts (amount, note);
                INSERT INTO accounts VALUES (1, 10, 'a'), (2, 2147483647, 'max'), (3, -5, NULL);
                """);
    }

    /** Widens accounts.amount to BIGINT NOT NULL DEFAULT 0 (SwapKillIT adds a down to it). */
    static final String WIDEN = """
            operations:
              - alter_column:
                  table: accounts
                  column: amount
                  type: BIGINT
                  nullable: false
                  default: "0"
            """;


    /**
     * A swap resumed after its triggers were gone (a node died between dropping them and its ALTER, which let the
     * table lock go) resyncs the shadow from the column: where 'up' is not deterministic (here a subquery), only the
     * NULL shadows were filled, and an update made meanwhile was lost at the swap, silently. Every row that differs
     * is written again now: no one reads the shadow before the swap.
     */
    @ServerTest
    void aResumedSwapResyncsAnUpdateMadeWithoutTheTriggersThoughUpIsNotDeterministic(TestDatabase db) throws Exception {
        // No index on the column: the contract's first step, which this test records as done, has nothing to do.
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-alter-")).write("V1__accounts.sql",
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL);\n"
                        + "INSERT INTO accounts VALUES (1, 10), (2, 2147483647), (3, -5);\n");
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__widen.yaml", "operations:\n  - alter_column: {table: accounts, column: amount, type: BIGINT,"
                + " nullable: false, up: \"amount + (SELECT 0)\"}\n");
        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
            for (List<Object> trigger : db.query("SELECT trigger_name FROM information_schema.triggers"
                    + " WHERE trigger_schema = DATABASE() AND trigger_name LIKE '\\_tandem\\_2\\_%'")) {
                db.execute("DROP TRIGGER `" + trigger.get(0) + "`");
            }
            db.execute("UPDATE accounts SET amount = 77 WHERE id = 1");
            // As a node that died in the swap's step leaves the record.
            db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 1,"
                    + " step_started = 1 WHERE version = '2'");

            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).as("the update made without the triggers kept")
                .containsExactly(List.of(1L, 77L), List.of(2L, 2147483647L), List.of(3L, -5L));
    }

    /**
     * An INVISIBLE column stays so through the swap and the MODIFY after it, which redefine it whole: old code's
     * INSERT without a column list failed once it came into sight. Kept NOT NULL without a default, it is refused.
     */
    @ServerTest
    void anInvisibleColumnStaysInvisible(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(20) NOT NULL, tag INT NULL INVISIBLE);\n"
                + "INSERT INTO notes (id, body, tag) VALUES (1, 'a', 5);\n";
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, "  - alter_column: {table: notes, column: tag,"
                + " type: BIGINT, nullable: false}\n", "tag is INVISIBLE and would be NOT NULL without a default",
                "say its 'default'").delete("V2__refused.yaml");
        scripts.write("V2__tag.yaml", "operations:\n  - alter_column: {table: notes, column: tag, type: BIGINT}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            db.execute("INSERT INTO notes VALUES (2, 'b')");
            assertThat(tandem.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT data_type, extra FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'notes' AND column_name = 'tag'")).singleElement()
                .satisfies(row -> assertThat(row.get(0)).isEqualTo("bigint"))
                .satisfies(row -> assertThat(String.valueOf(row.get(1)).toUpperCase()).contains("INVISIBLE"));
        db.execute("INSERT INTO notes VALUES (3, 'c')");
        assertThat(db.query("SELECT *, tag FROM notes ORDER BY id")).containsExactly(List.of(1L, "a", 5L),
                Arrays.asList(2L, "b", null), Arrays.asList(3L, "c", null));
    }

    @ServerTest
    void widensAColumnWhileBothVersionsWriteItAndKeepsItsIndexAndPlace(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V2__widen.yaml", WIDEN);
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection(); Connection fresh = v2.dataSource().getConnection()) {
            v2.start();
            Statement o = old.createStatement();
            Statement n = fresh.createStatement();
            o.execute("INSERT INTO accounts VALUES (10, 100, 'old')");
            n.execute("INSERT INTO accounts (id, amount, note) VALUES (20, 200, 'new')");
            o.execute("UPDATE accounts SET amount = amount + 1 WHERE id IN (1, 20)");
            assertThat(db.query("SELECT id, amount, _tandem_amount FROM accounts ORDER BY id")).containsExactly(
                    List.of(1L, 11, 11L), List.of(2L, 2147483647, 2147483647L), List.of(3L, -5, -5L),
                    List.of(10L, 100, 100L), List.of(20L, 201, 201L));

            v2.contract("2");
        }
        List<String> after = db.describeSchema();
        assertThat(after).as("same columns in the same places, amount now BIGINT NOT NULL DEFAULT 0, index kept")
                .containsExactlyElementsOf(before.stream().map(l -> l
                        .replace("[accounts, amount, int(11), NO, NULL, ]", "[accounts, amount, bigint(20), NO, 0, ]")
                        .replace("[accounts, amount, int, NO, NULL, ]", "[accounts, amount, bigint, NO, 0, ]")).toList());
        assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).containsExactly(List.of(1L, 11L),
                List.of(2L, 2147483647L), List.of(3L, -5L), List.of(10L, 100L), List.of(20L, 201L));
        db.execute("INSERT INTO accounts (id, amount) VALUES (30, 9000000000)");
    }

    /**
     * A CHECK made on the column after the expand (the expand refuses those there are) went with the swap's DROP
     * COLUMN without a word, on both servers, and the rule with it. The contract refuses it, naming it, before it
     * changes anything.
     */
    @ServerTest
    void aCheckMadeOnTheColumnSinceTheExpandStopsTheContractBeforeItChangesAnything(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__widen.yaml", WIDEN);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
            db.execute("ALTER TABLE accounts ADD CONSTRAINT amount_known CHECK (amount > -10)");
            assertThatThrownBy(() -> v2.contract("2")).hasMessageContaining("V2__widen.yaml line 3")
                    .hasMessageContaining("CHECK amount_known was made on amount since the expand")
                    .hasMessageContaining("ALTER TABLE accounts DROP CONSTRAINT amount_known");
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'accounts' AND column_name = '_tandem_amount'")).as("nothing of the contract ran")
                    .isEqualTo(1L);
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                    + " AND table_name = 'accounts' AND index_name = 'accounts_amount' AND column_name = 'amount'"))
                    .as("the index still on the column").isEqualTo(1L);
            db.execute("ALTER TABLE accounts DROP CONSTRAINT amount_known");
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).containsExactly(List.of(1L, 10L),
                List.of(2L, 2147483647L), List.of(3L, -5L));
    }

    /**
     * The swap under the table lock is instant: the index copies take their names before it, online. On MySQL
     * a RENAME INDEX in the swap's ALTER made it rebuild the table, holding every query of it meanwhile.
     */
    @ServerTest
    void theSwapRebuildsNoTableWhereTheColumnHasAnIndex(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__widen.yaml", WIDEN);
        RebuildWatch swap = new RebuildWatch(db, "accounts", 1);
        try (Tandem v2 = swap.node(scripts)) {
            v2.start();
            v2.contract("2");
        }
        assertThat(swap.idAfter()).as("InnoDB's id of the table, kept by an instant swap").isNotNull().isEqualTo(swap.idBefore());
        assertThat(swap.indexesBefore()).as("the copy has the index's name before the swap")
                .containsExactlyInAnyOrder(List.of("PRIMARY"), List.of("accounts_amount"));
        assertThat(db.query("SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND index_name = 'accounts_amount' ORDER BY seq_in_index"))
                .containsExactly(List.of("amount"), List.of("note"));
    }

    /**
     * On a table the server cannot change instantly (ROW_FORMAT=COMPRESSED), each swap under a table lock
     * (alter_column without and with down, drop_column with down) ran its ALTER there as ALGORITHM=INPLACE:
     * a rebuild of the table holding every query of it. The swap now asks for ALGORITHM=INSTANT under the
     * lock and, refused, runs the ALTER online before it, the sync triggers working through a placeholder.
     */
    @ServerTest
    void aSwapTheServerCannotMakeInstantlyRebuildsTheTableOnlineNotUnderItsLock(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-alter-")).write("V1__tables.sql", """
                CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL) ROW_FORMAT=COMPRESSED;
                CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount INT NOT NULL) ROW_FORMAT=COMPRESSED;
                CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(20) NOT NULL, extra INT NOT NULL) ROW_FORMAT=COMPRESSED;
                INSERT INTO accounts VALUES (1, 10), (2, 20);
                INSERT INTO ledger VALUES (1, 10), (2, 20);
                INSERT INTO notes VALUES (1, 'a', 7);
                """).write("V2__changes.yaml", """
                operations:
                  - alter_column: {table: accounts, column: amount, type: BIGINT, nullable: false}
                  - alter_column: {table: ledger, column: amount, type: BIGINT, nullable: false, down: "LEAST(_tandem_amount, 2147483647)"}
                  - drop_column: {table: notes, column: extra, down: "0"}
                """);
        StatementRecorder recorder = new StatementRecorder(db);
        boolean toldOnline;
        try (CapturedLog log = CapturedLog.start(); Tandem v2 = Nodes.configure().dataSource(recorder.dataSource())
                .appVersion("2.0.0").locations(scripts.location()).load()) {
            v2.start();
            db.execute("INSERT INTO accounts VALUES (3, 30)", "INSERT INTO ledger (id, amount) VALUES (3, 30)",
                    "INSERT INTO notes (id, body, extra) VALUES (2, 'b', 8)");
            assertThat(v2.contract("2")).isTrue();
            toldOnline = log.said("runs online instead");
        }
        assertThat(recorder.underTableLocks("ALTER")).as("no ALTER under a table lock but an instant one")
                .isNotEmpty().allMatch(sql -> sql.endsWith(", ALGORITHM=INSTANT"));
        assertThat(toldOnline).as("the log says why the table is rebuilt").isTrue();
        assertThat(recorder.statements()).as("the swaps, online").filteredOn(sql -> sql.contains("ALGORITHM=INPLACE, LOCK=NONE"))
                .anyMatch(sql -> sql.startsWith("ALTER TABLE `accounts` DROP COLUMN `amount`"))
                .anyMatch(sql -> sql.startsWith("ALTER TABLE `ledger` DROP COLUMN `amount`"))
                .anyMatch(sql -> sql.startsWith("ALTER TABLE `notes` DROP COLUMN `extra`"));
        assertThat(db.query("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name IN ('accounts', 'ledger', 'notes')"
                + " ORDER BY table_name, ordinal_position")).containsExactly(List.of("accounts", "id", "bigint", "NO"),
                List.of("accounts", "amount", "bigint", "NO"), List.of("ledger", "id", "bigint", "NO"),
                List.of("ledger", "amount", "bigint", "NO"), List.of("notes", "id", "bigint", "NO"),
                List.of("notes", "body", "varchar", "NO"));
        assertThat(db.query("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()")).isEmpty();
        assertThat(db.query("SELECT a.id, a.amount, l.amount FROM accounts a JOIN ledger l USING (id) ORDER BY id"))
                .containsExactly(List.of(1L, 10L, 10L), List.of(2L, 20L, 20L), List.of(3L, 30L, 30L));
        assertThat(db.query("SELECT id, body FROM notes ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(2L, "b"));
    }

    @ServerTest
    void rollbackLeavesTheSchemaExactlyAsBeforeAndANotNullColumnNeedsAnExplicitNullable(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V2__widen.yaml", WIDEN);
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            v2.rollback("2");
        }
        assertThat(db.describeSchema()).isEqualTo(before);

        scripts.write("V3__widen_again.yaml", WIDEN.replace("      nullable: false\n", ""));
        scripts.delete("V2__widen.yaml");
        try (Tandem v3 = tandem(db, scripts)) {
            assertThatThrownBy(v3::start).hasMessageContaining("amount is NOT NULL; say 'nullable: false' to keep it so");
        }
        assertThat(db.describeSchema()).isEqualTo(before);
    }

    /**
     * A migration whose 'up' reads a column another migration in flight alters: its triggers declared price with
     * its type of then, DECIMAL(10,2), and went on rounding the DECIMAL(12,4) values written once the other's
     * contract had swapped the new type in (total 1.23 * 10 where old code wrote 1.2345). Refused until that
     * contract, then taken.
     */
    @ServerTest
    void anUpReadingAColumnAnotherMigrationAltersWaitsForItsContract(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-alter-read-")).write("V1__items.sql", """
                CREATE TABLE items (id BIGINT PRIMARY KEY, price DECIMAL(10,2) NOT NULL, qty INT NOT NULL);
                INSERT INTO items VALUES (1, 1.25, 10);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__price.yaml", "operations:\n  - alter_column: {table: items, column: price, type: \"DECIMAL(12,4)\","
                + " nullable: false}\n");
        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
        List<String> before = db.describeSchema();
        scripts.write("V3__total.yaml", "operations:\n  - add_column: {table: items, column: total, type: \"DECIMAL(14,4) NULL\","
                + " up: price * qty}\n");
        try (Tandem v3 = tandem(db, scripts)) {
            assertThatThrownBy(v3::start).hasMessageContaining("V3__total.yaml")
                    .hasMessageContaining("'up' reads price, which a migration not contracted yet alters (its shadow _tandem_price")
                    .hasMessageContaining("Contract the migration those triggers belong to first");
            assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
            assertThat(v3.contract("2")).isTrue();
            assertThat(v3.start().ready()).isTrue();
        }
        db.execute("UPDATE items SET price = 1.2345 WHERE id = 1");
        assertThat(db.queryValue("SELECT total FROM items WHERE id = 1")).isEqualTo(new java.math.BigDecimal("12.3450"));
    }

    @ServerTest
    void widensAVarcharWithANewCollationAndChangesADecimalScale(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-alter-")).write("V1__items.sql", """
                CREATE TABLE items (id BIGINT PRIMARY KEY, title VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
                  price DECIMAL(8,2) NOT NULL);
                INSERT INTO items VALUES (1, 'Zoë 😀', 12.34), (2, NULL, 0.50), (3, REPEAT('y', 50), 999999.99);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__alter.yaml", """
                operations:
                  - alter_column:
                      table: items
                      column: title
                      type: VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
                  - alter_column:
                      table: items
                      column: price
                      type: DECIMAL(12,4)
                      nullable: false
                """);
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection()) {
            v2.start();
            old.createStatement().execute("INSERT INTO items VALUES (4, 'written during the window', 1.25)");
            v2.contract("2");
        }
        assertThat(db.query("SELECT column_name, column_type, collation_name, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = 'items' ORDER BY ordinal_position")).containsExactly(
                java.util.Arrays.<Object>asList("id", db.flavor() == dev.tandem.testing.Flavor.MYSQL ? "bigint" : "bigint(20)",
                        null, "NO"),
                java.util.Arrays.<Object>asList("title", "varchar(200)", "utf8mb4_unicode_ci", "YES"),
                java.util.Arrays.<Object>asList("price", "decimal(12,4)", null, "NO"));
        assertThat(db.query("SELECT id, title, CAST(price AS CHAR) FROM items ORDER BY id")).containsExactly(
                java.util.Arrays.<Object>asList(1L, "Zoë 😀", "12.3400"), java.util.Arrays.<Object>asList(2L, null, "0.5000"),
                java.util.Arrays.<Object>asList(3L, "y".repeat(50), "999999.9900"),
                java.util.Arrays.<Object>asList(4L, "written during the window", "1.2500"));
    }

    /**
     * New code that changes only the case (or trailing spaces) of a text shadow wrote it, though the column's
     * collation calls both values equal: the column gets down of it, as for any other write.
     */
    @ServerTest
    void newCodeChangingOnlyTheCaseOfATextShadowWritesTheColumnToo(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-alter-")).write("V1__tags.sql", """
                CREATE TABLE tags (id BIGINT PRIMARY KEY, label VARCHAR(10) NOT NULL);
                INSERT INTO tags VALUES (1, 'blue');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__label.yaml", """
                operations:
                  - alter_column:
                      table: tags
                      column: label
                      type: VARCHAR(100)
                      nullable: false
                      down: LEFT(_tandem_label, 10)
                """);
        try (Tandem v2 = tandem(db, scripts); Connection fresh = v2.dataSource().getConnection()) {
            v2.start();
            fresh.createStatement().execute("UPDATE tags SET label = label, _tandem_label = 'Blue' WHERE id = 1");
            assertThat(db.query("SELECT label, _tandem_label FROM tags")).containsExactly(List.of("Blue", "Blue"));
            fresh.createStatement().execute("UPDATE tags SET _tandem_label = 'Blue ' WHERE id = 1");
            assertThat(db.query("SELECT CONCAT(label, '|') FROM tags")).containsExactly(List.of("Blue |"));
        }
    }

    @ServerTest
    void newCodeMayWriteTheWiderShadowAndOldCodeReadsItsDown(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__widen.yaml", WIDEN + "      down: LEAST(_tandem_amount, 2147483647)\n");
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection(); Connection fresh = v2.dataSource().getConnection()) {
            v2.start();
            Statement n = fresh.createStatement();
            n.execute("INSERT INTO accounts (id, amount, _tandem_amount, note) VALUES (40, 0, 5000000000, 'big')");
            n.execute("INSERT INTO accounts (id, amount, note) VALUES (41, 7, 'small')");
            old.createStatement().execute("UPDATE accounts SET amount = 8 WHERE id = 41");
            assertThat(db.query("SELECT id, amount, _tandem_amount FROM accounts WHERE id >= 40 ORDER BY id")).containsExactly(
                    List.of(40L, 2147483647, 5000000000L), List.of(41L, 8, 8L));

            // Updates that leave the column as it was keep the wider value new code wrote: old code's of another
            // column, and new code's whole row written back (an ORM's), which writes both as it read them.
            old.createStatement().execute("UPDATE accounts SET note = 'seen by old code' WHERE id = 40");
            n.execute("UPDATE accounts SET amount = amount, _tandem_amount = _tandem_amount, note = 'whole row'"
                    + " WHERE id = 40");
            assertThat(db.query("SELECT amount, _tandem_amount, note FROM accounts WHERE id = 40"))
                    .containsExactly(List.of(2147483647, 5000000000L, "whole row"));
            v2.contract("2");
        }
        assertThat(db.query("SELECT id, amount FROM accounts WHERE id >= 40 ORDER BY id"))
                .containsExactly(List.of(40L, 5000000000L), List.of(41L, 8L));
    }

    /**
     * A default written in the type, with down: the shadow was added with it, so every existing row held the
     * default there; the backfill, which fills only NULLs where new code may write the shadow, filled none, the
     * verification found no NULL, and the swap put the default in every row no one had written since.
     */
    @ServerTest
    void aDefaultInTheTypeWithDownIsNotWhatTheExistingRowsGet(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__widen.yaml", """
                operations:
                  - alter_column:
                      table: accounts
                      column: amount
                      type: BIGINT DEFAULT 7
                      nullable: false
                      down: LEAST(_tandem_amount, 2147483647)
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).containsExactly(List.of(1L, 10L),
                List.of(2L, 2147483647L), List.of(3L, -5L));
        db.execute("INSERT INTO accounts (id) VALUES (4)");
        assertThat(db.queryValue("SELECT amount FROM accounts WHERE id = 4")).as("the default, from the swap on").isEqualTo(7L);
    }

    @ServerTest
    void anOldWriterMovingARowTheBackfillHasNotReachedLeavesNoShadowUnfilled(TestDatabase db) throws Exception {
        movingRowsTheBackfillHasNotReached(db, false);
    }

    /**
     * A shadow no write filled (the moves above, made around the triggers: a session the sync triggers take
     * for the backfill's) is filled by the verification: with {@code down}, unlike {@code add_column}, new code
     * never leaves the shadow NULL, so a NULL there is no write's to keep.
     */
    @ServerTest
    void aShadowNoWriteFilledIsFilledByTheVerification(TestDatabase db) throws Exception {
        movingRowsTheBackfillHasNotReached(db, true);
    }

    /**
     * With {@code down}, an update of other columns keeps the shadow as it is (new code's wider value), and so it
     * kept a row the backfill had not reached without one: an update that changed its key moved it past the
     * last key the backfill began with, where no chunk fills it, and the verification took the NULL for one new
     * code may leave; the contract then refused it (or, with {@code nullable: true}, made it the column's value,
     * losing the row's). The update now fills a shadow that holds none. Paused before the first chunk, so every
     * row is unfilled; one row is moved past the last key, one below the first. In place: a table whose new
     * code may write either column is never copied, whatever the threshold.
     */
    private static void movingRowsTheBackfillHasNotReached(TestDatabase db, boolean aroundTheTriggers) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__widen.yaml", WIDEN + "      down: LEAST(_tandem_amount, 2147483647)\n");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (CapturedLog log = CapturedLog.start(); Tandem v2 = Nodes.configure().url(db.url()).user(db.user())
                .password(db.password()).appVersion("2.0.0").locations(scripts.location()).load();
             Connection old = db.connection()) {
            Future<?> start = CopyExpandIT.startedPausedBeforeTheFirstChunk(v2, background, log);
            if (aroundTheTriggers) {
                old.createStatement().execute("SET @tandem_backfill = 1");
            }
            old.createStatement().execute("UPDATE accounts SET id = 0 WHERE id = 3");
            old.createStatement().execute("UPDATE accounts SET id = 100, note = 'moved' WHERE id = 2");
            v2.resume();
            start.get(2, TimeUnit.MINUTES);
            assertThat(v2.isReady()).isTrue();
            assertThat(log.said("whose new shape a writer had left wrong")).as("told by the verification")
                    .isEqualTo(aroundTheTriggers);
            assertThat(db.query("SELECT id, amount, _tandem_amount FROM accounts ORDER BY id")).as("every shadow filled")
                    .containsExactly(List.of(0L, -5, -5L), List.of(1L, 10, 10L), List.of(100L, 2147483647, 2147483647L));
            v2.contract("2");
        } finally {
            background.shutdownNow();
        }
        assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id"))
                .containsExactly(List.of(0L, -5L), List.of(1L, 10L), List.of(100L, 2147483647L));
    }

    /**
     * The shadow's copy of an index on the column is named _tandem_<index>: past 56 characters that name is longer
     * than the servers take, and the expand failed half way, the shadow added and its index copy refused. Refused
     * before the expand now, with the fix: the index renamed in a migration of its own, after which the change
     * goes through and the index keeps its name.
     */
    @ServerTest
    void anIndexWhoseCopyWouldHaveATooLongNameIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String index = "accounts_amount_" + "i".repeat(44);
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL,"
                + " INDEX " + index + " (amount));\nINSERT INTO accounts VALUES (1, 10);\n",
                WIDEN.substring("operations:\n".length()), "V2__refused.yaml line 3", "index " + index
                + " holds amount", "Rename index " + index + " to a name of up to 56 characters first");
        scripts.delete("V2__refused.yaml").write("V2__short_index.sql", "ALTER TABLE accounts RENAME INDEX " + index
                + " TO accounts_amount;\n").write("V3__widen.yaml", WIDEN);
        try (Tandem v3 = tandem(db, scripts)) {
            v3.start();
            v3.contract("3");
        }
        assertThat(db.describeSchema()).contains("index [accounts, accounts_amount, 1, amount, 1]")
                .anyMatch(line -> line.startsWith("column [accounts, amount, bigint"));
    }

    /**
     * A type without COLLATE would give a _bin column the table's case-insensitive collation: refused before
     * anything runs, naming both; said, the column keeps it, and 'abc' and 'ABC' stay two distinct keys.
     */
    @ServerTest
    void aTypeThatWouldChangeTheColumnsCollationUnsaidIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-collate-")).write("V1__codes.sql", """
                CREATE TABLE codes (id BIGINT PRIMARY KEY, code VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
                  UNIQUE KEY code_unique (code)) DEFAULT CHARSET = utf8mb4;
                INSERT INTO codes VALUES (1, 'abc'), (2, 'ABC');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String widen = """
                operations:
                  - alter_column: {table: codes, column: code, type: "%s", nullable: false}
                """;
        scripts.write("V2__widen.yaml", widen.formatted("VARCHAR(40)"));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__widen.yaml")
                    .hasMessageContaining("code compares as utf8mb4_bin, and 'VARCHAR(40)' would give it the table's utf8mb4_")
                    .hasMessageContaining("\"VARCHAR(40) COLLATE utf8mb4_bin\" to keep it");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

        scripts.write("V2__widen.yaml", widen.formatted("VARCHAR(40) COLLATE utf8mb4_bin"));
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT column_type, collation_name FROM information_schema.columns WHERE table_schema ="
                + " DATABASE() AND table_name = 'codes' AND column_name = 'code'")).containsExactly(List.of("varchar(40)", "utf8mb4_bin"));
        assertThat(db.query("SELECT id, code FROM codes ORDER BY id")).containsExactly(List.of(1L, "abc"), List.of(2L, "ABC"));
    }
    /**
     * A generated column's shadow is a plain column: the swap left full_name holding the names computed so far,
     * and a later change of first or last no longer changed it. Refused before anything runs.
     */
    @ServerTest
    void aGeneratedColumnIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-generated-")).write("V1__people.sql", """
                CREATE TABLE people (id BIGINT PRIMARY KEY, first VARCHAR(20), last VARCHAR(20),
                  full_name VARCHAR(41) AS (CONCAT(first, ' ', last)));
                INSERT INTO people (id, first, last) VALUES (1, 'Ada', 'Lovelace');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V2__widen.yaml", """
                operations:
                  - alter_column: {table: people, column: full_name, type: VARCHAR(100)}
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__widen.yaml")
                    .hasMessageContaining("full_name is a generated column")
                    .hasMessageContaining("no longer computed from what it reads")
                    .hasMessageContaining("ALTER TABLE ... MODIFY");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
        db.execute("UPDATE people SET last = 'King' WHERE id = 1");
        assertThat(db.queryValue("SELECT full_name FROM people WHERE id = 1")).isEqualTo("Ada King");
    }

    /**
     * VARCHAR to CHAR takes every value but drops its trailing spaces: the expand's copy changed 'abc ' to 'abc'
     * unsaid, and the contract dropped the original. Refused before anything runs; with up said, taken.
     */
    @ServerTest
    void aCharThatWouldDropTrailingSpacesUnsaidIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-char-")).write("V1__codes.sql", """
                CREATE TABLE codes (id BIGINT PRIMARY KEY, code VARCHAR(20) NOT NULL) DEFAULT CHARSET = utf8mb4;
                INSERT INTO codes VALUES (1, 'abc '), (2, 'abc');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String toChar = """
                operations:
                  - alter_column: {table: codes, column: code, type: CHAR(20), nullable: false%s}
                """;
        scripts.write("V2__char.yaml", toChar.formatted(""));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__char.yaml")
                    .hasMessageContaining("to CHAR(20) utf8mb4: CHAR drops a value's trailing spaces")
                    .hasMessageContaining("up: \"code\" to take the change");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
        assertThat(db.query("SELECT CONCAT('[', code, ']') FROM codes ORDER BY id")).containsExactly(List.of("[abc ]"), List.of("[abc]"));

        scripts.write("V2__char.yaml", toChar.formatted(", up: code"));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
    }

    /**
     * A type that does not say ON UPDATE would stop updated_at from setting itself at the contract: refused
     * first; said, the column goes on setting itself, through the expand and after the contract.
     */
    @ServerTest
    void aTypeThatWouldDropTheColumnsOnUpdateUnsaidIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-onupdate-")).write("V1__events.sql", """
                CREATE TABLE events (id BIGINT PRIMARY KEY, v INT NOT NULL,
                  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);
                INSERT INTO events VALUES (1, 1, '2020-01-01 00:00:00');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String finer = """
                operations:
                  - alter_column: {table: events, column: updated_at, type: "%s", nullable: true,
                      default: "CURRENT_TIMESTAMP(3)"}
                """;
        scripts.write("V2__finer.yaml", finer.formatted("TIMESTAMP(3)"));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__finer.yaml")
                    .hasMessageContaining("updated_at sets itself on every update (ON UPDATE CURRENT_TIMESTAMP)")
                    .hasMessageContaining("\"TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP\"");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

        scripts.write("V2__finer.yaml", finer.formatted("TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)"));
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            db.execute("UPDATE events SET v = 2 WHERE id = 1");
            assertThat(db.queryValue("SELECT COUNT(*) FROM events WHERE updated_at > '2020-01-01' AND _tandem_updated_at"
                    + " = updated_at")).as("an old writer's update: both set themselves alike").isEqualTo(1L);
            assertThat(v2.contract("2")).isTrue();
        }
        db.execute("UPDATE events SET updated_at = '2020-01-01 00:00:00' WHERE id = 1");
        db.execute("UPDATE events SET v = 3 WHERE id = 1");
        assertThat(db.queryValue("SELECT COUNT(*) FROM events WHERE updated_at > '2020-01-01'")).as("still sets itself")
                .isEqualTo(1L);
        assertThat(db.queryValue("SELECT LOWER(extra) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'events' AND column_name = 'updated_at'")).asString().contains("on update current_timestamp(3)");
    }

    /**
     * A column with a default altered without saying one would lose it at the contract, and an insert that
     * leaves it out would then fail on NOT NULL: refused first, naming the default; said, inserts that leave
     * it out get it after the contract.
     */
    @ServerTest
    void aColumnsDefaultUnsaidIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-default-")).write("V1__orders.sql", """
                CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(10) NOT NULL DEFAULT 'new');
                INSERT INTO orders VALUES (1, 'paid');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String wider = "operations:\n  - alter_column: {table: orders, column: status, type: VARCHAR(40), nullable: false%s}\n";
        scripts.write("V2__wider.yaml", wider.formatted(""));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__wider.yaml").hasMessageContaining("orders")
                    .hasMessageContaining("status has the default 'new'").hasMessageContaining("default: \"'new'\"");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
        scripts.write("V2__wider.yaml", wider.formatted("").replace("VARCHAR(40)", "\"VARCHAR(40) COMMENT 'no default'\""));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).as("a DEFAULT in a literal says none").hasMessageContaining("status has the default");
        }

        scripts.write("V2__wider.yaml", wider.formatted(", default: \"'new'\""));
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        db.execute("INSERT INTO orders (id) VALUES (2)");
        assertThat(db.query("SELECT id, status FROM orders ORDER BY id")).containsExactly(List.of(1L, "paid"), List.of(2L, "new"));

        scripts.write("V3__no_default.yaml", "operations:\n  - alter_column: {table: orders, column: status, type: VARCHAR(40),"
                + " nullable: true, default: none}\n");
        try (Tandem v3 = tandem(db, scripts)) {
            v3.start();
            assertThat(v3.contract("3")).isTrue();
        }
        db.execute("INSERT INTO orders (id) VALUES (3)");
        assertThat(db.queryValue("SELECT status FROM orders WHERE id = 3")).as("said none: none").isNull();
    }

    /**
     * Two columns of one index: each alter_column copies the index for its shadow until its contract, so a
     * second one, in the same migration or in one that expands before the first's contract, is refused
     * before anything of it runs (it failed half way through its expand, on the copy's name). After the
     * first's contract it goes through, and the index holds both new columns.
     */
    @ServerTest
    void twoAlterColumnsOfOneIndexAreRefusedUntilTheFirstIsContracted(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-index-")).write("V1__pairs.sql", """
                CREATE TABLE pairs (id BIGINT PRIMARY KEY, a INT NULL, b INT NULL, INDEX ab (a, b));
                INSERT INTO pairs VALUES (1, 1, 2);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String widenA = "  - alter_column: {table: pairs, column: a, type: BIGINT}\n";
        String widenB = "  - alter_column: {table: pairs, column: b, type: BIGINT}\n";
        scripts.write("V2__widen.yaml", "operations:\n" + widenA + widenB);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__widen.yaml").hasMessageContaining("index ab holds both a and b");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

        scripts.write("V2__widen.yaml", "operations:\n" + widenA).write("V3__widen.yaml", "operations:\n" + widenB);
        try (Tandem v3 = tandem(db, scripts)) {
            assertThatThrownBy(v3::start).hasMessageContaining("V3__widen.yaml")
                    .hasMessageContaining("a migration in flight has a copy of it, _tandem_ab");
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("READY");
            assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_migrations WHERE version = '3'")).as("V3 not begun")
                    .isEqualTo(0L);
            assertThat(v3.contract("2")).isTrue();
        }
        try (Tandem v3 = tandem(db, scripts)) {
            assertThat(v3.start().ready()).isTrue();
            assertThat(v3.contract("3")).isTrue();
        }
        assertThat(db.query("SELECT column_name, data_type FROM information_schema.statistics s JOIN information_schema.columns c"
                + " USING (table_schema, table_name, column_name) WHERE s.table_schema = DATABASE() AND s.table_name = 'pairs'"
                + " AND s.index_name = 'ab' ORDER BY s.seq_in_index"))
                .containsExactly(List.of("a", "bigint"), List.of("b", "bigint"));
        assertThat(db.query("SELECT id, a, b FROM pairs")).containsExactly(List.of(1L, 1L, 2L));
    }

    /**
     * An index made on the column after the expand copied its indexes (a create_index after the alter_column in
     * its migration, or in a later one before its contract) is copied at the contract too: the swap drops the
     * old column, and with it, unseen, each index on it alone, and the column from each index on it and others.
     */
    @ServerTest
    void anIndexMadeOnTheColumnAfterTheExpandIsKeptByTheContract(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-index-")).write("V1__pairs.sql", """
                CREATE TABLE pairs (id BIGINT PRIMARY KEY, a INT NULL, b INT NULL);
                INSERT INTO pairs VALUES (1, 1, 2), (2, 3, 4);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__widen.yaml", """
                operations:
                  - alter_column: {table: pairs, column: a, type: BIGINT}
                  - create_index: {table: pairs, name: pairs_a, columns: [a]}
                """).write("V3__index.yaml", """
                operations:
                  - create_index: {table: pairs, name: pairs_ba, columns: [b, a]}
                """);
        try (Tandem v3 = tandem(db, scripts)) {
            assertThat(v3.start().ready()).isTrue();
            assertThat(v3.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT s.index_name, column_name, data_type FROM information_schema.statistics s"
                + " JOIN information_schema.columns c USING (table_schema, table_name, column_name)"
                + " WHERE s.table_schema = DATABASE() AND s.table_name = 'pairs' ORDER BY s.index_name, s.seq_in_index"))
                .containsExactly(List.of("pairs_a", "a", "bigint"), List.of("pairs_ba", "b", "int"),
                        List.of("pairs_ba", "a", "bigint"), List.of("PRIMARY", "id", "bigint"));
        assertThat(db.query("SELECT id, a, b FROM pairs ORDER BY id")).containsExactly(List.of(1L, 1L, 2), List.of(2L, 3L, 4));
    }

    /**
     * MariaDB makes a column NOT NULL in place only with a constant default: alter_column to NOT NULL with
     * DEFAULT CURRENT_TIMESTAMP would fail its contract there, after READY, so it is refused first. MySQL
     * does it in place: the same migration completes.
     */
    @ServerTest
    void notNullWithANonConstantDefaultIsRefusedOnMariaDbAndCompletesOnMySql(TestDatabase db) throws Exception {
        notNullWithANonConstantDefault(db, "type: \"TIMESTAMP(3)\", nullable: false, default: \"CURRENT_TIMESTAMP(3)\"");
    }

    /** The same, the default said in 'type'. */
    @ServerTest
    void notNullWithANonConstantDefaultInTheTypeIsRefusedOnMariaDbAndCompletesOnMySql(TestDatabase db) throws Exception {
        notNullWithANonConstantDefault(db, "type: \"TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3)\", nullable: false");
    }

    private static void notNullWithANonConstantDefault(TestDatabase db, String change) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-notnull-")).write("V1__events.sql", """
                CREATE TABLE events (id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
                INSERT INTO events VALUES (1, '2020-01-01 00:00:00');
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__finer.yaml", """
                operations:
                  - alter_column: {table: events, column: created_at, %s}
                """.formatted(change));
        List<String> before = db.describeSchema();
        try (Tandem v2 = tandem(db, scripts)) {
            if (db.flavor() == Flavor.MARIADB) {
                assertThatThrownBy(v2::start).hasMessageContaining("V2__finer.yaml").hasMessageContaining("MariaDB makes"
                        + " created_at NOT NULL only by copying the table while its default is CURRENT_TIMESTAMP(3)");
                assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
                return;
            }
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT column_type, is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'events' AND column_name = 'created_at'")).containsExactly(List.of("timestamp(3)", "NO"));
    }
}

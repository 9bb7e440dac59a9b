package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Operations check the live schema before their migration changes anything. */
class OperationChecksIT {

    private static final String V1 = """
            CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
            CREATE TABLE logs (line VARCHAR(100) NULL);
            CREATE TABLE tickets (id BIGINT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(50) NOT NULL);
            """;

    private static void refused(TestDatabase db, String operations, String... messages) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-check-")).write("V1__tables.sql", V1)
                .write("V2__op.yaml", "operations:\n" + operations);
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()).load()) {
            var thrown = assertThatThrownBy(tandem::start)
                    .hasMessageContaining("Migration 2 (V2__op.yaml) cannot be applied to this schema")
                    .hasMessageContaining("Nothing was changed");
            for (String message : messages) {
                thrown.hasMessageContaining(message);
            }
        }
        String bigint = db.flavor() == dev.tandem.testing.Flavor.MYSQL ? "bigint" : "bigint(20)";
        assertThat(db.describeSchema()).as("nothing changed").containsExactly(
                "column [customers, id, " + bigint + ", NO, NULL, ]",
                "column [customers, name, varchar(100), NO, NULL, ]",
                "column [logs, line, varchar(100), YES, NULL, ]",
                "column [tickets, id, " + bigint + ", NO, NULL, auto_increment]",
                "column [tickets, title, varchar(50), NO, NULL, ]",
                "index [customers, PRIMARY, 1, id, 0]",
                "index [tickets, PRIMARY, 1, id, 0]");
        assertThat(db.query("SELECT version FROM tandem_migrations ORDER BY version")).containsExactly(List.of("1"));
    }

    /**
     * What the server compiles but the triggers could not run as the backfill does: a comment whose quote hid the
     * NOW() after it from Tandem's reading (so the triggers ran it in each writer's zone); a session's variable,
     * NULL in the application's sessions; a column named through the table, unknown in a trigger, which failed
     * every write of old code from the expand on. Refused before anything runs.
     */
    @ServerTest
    void anUpTheTriggersCouldNotRunAsTheBackfillIsRefused(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE orders (id BIGINT PRIMARY KEY, net DECIMAL(10,2), qty INT, paid_at DATETIME);\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: orders, column: stamped, type: DATETIME NULL,"
                + " up: \"CASE WHEN paid_at IS NULL THEN NULL -- don't stamp\\nELSE NOW() END\"}\n",
                "V2__refused.yaml line 2: add_column orders.stamped", "holds a comment (-- don't stamp)", "take it out");
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: orders, column: gross, type: \"DECIMAL(12,2) NULL\","
                + " up: \"ROUND(net * @vat, 2)\"}\n", "holds the variable @vat", "write the value itself");
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: orders, column: total, type: \"DECIMAL(12,2) NULL\","
                + " up: \"orders.net * orders.qty\"}\n", "holds a column named through orders",
                "the sync triggers see the row's columns, not the table");
    }

    /**
     * A column the server takes alone but not beside the table's columns (the row grows past 65,535 bytes)
     * used to fail at the expand, after the operations before it had run theirs; so did two columns that each
     * fit beside the table's, not together (each was tried on the table as it was).
     */
    @ServerTest
    void aColumnTheRowHasNoRoomForIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE wide (id BIGINT PRIMARY KEY, a VARCHAR(8000), b VARCHAR(8000)) CHARACTER SET utf8mb4;\n";
        Refusal.refusedBeforeTheExpand(db, schema,
                "  - add_column: {table: wide, column: note, type: VARCHAR(20)}\n"
                        + "  - add_column: {table: wide, column: c, type: VARCHAR(1000)}\n",
                "V2__refused.yaml line 3: add_column wide.c", "the server does not accept the column definition",
                "Row size too large");
        // 64,012 bytes: room for one more VARCHAR(300) of utf8mb4 (1,202 bytes), not two.
        Refusal.refusedBeforeTheExpand(db, schema,
                "  - add_column: {table: wide, column: c1, type: VARCHAR(300)}\n"
                        + "  - add_column: {table: wide, column: c2, type: VARCHAR(300)}\n",
                "V2__refused.yaml line 3: add_column wide.c2", "the server does not accept the column definition",
                "Row size too large");
    }

    /**
     * An add_check over a column an earlier operation of the migration adds: the column's backfill runs after
     * the constraint exists, so a value it writes that fails the constraint would stop it half way. Refused,
     * naming the operation and the column, where it used to fail its checks with the server's bare error. A
     * check over the table's own columns in the same migration is taken.
     */
    @ServerTest
    void aCheckOverAColumnTheMigrationAddsIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE stock (id BIGINT PRIMARY KEY, price INT NOT NULL);\nINSERT INTO stock VALUES (1, 5);\n";
        Refusal.refusedBeforeTheExpand(db, schema,
                "  - add_column: {table: stock, column: discounted, type: INT NULL, up: price - 10}\n"
                        + "  - add_check: {table: stock, name: discounted_positive, check: discounted >= 0, allow_blocking: true}\n",
                "V2__refused.yaml line 3: add_check discounted_positive on stock", "reads a column an earlier operation of"
                        + " this migration adds to stock", "discounted", "in a later migration");
    }

    /**
     * alter_column's shadow column and the copies of the column's indexes over it, or rename_column's column under
     * its new name, which the server takes alone but not in the table (a row past 65,535 bytes; on MySQL, an index
     * on TEXT without a prefix): they used to fail at the expand, after the operations before it had run theirs,
     * or alter_column's own shadow column had been added.
     */
    @ServerTest
    void aShadowColumnOrIndexCopyTheTableCannotHaveIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE notes (id BIGINT PRIMARY KEY, a VARCHAR(9000), b VARCHAR(100) NOT NULL)"
                + " CHARACTER SET utf8mb4;\n"
                + "CREATE TABLE tagged (id BIGINT PRIMARY KEY, b VARCHAR(100) NOT NULL, INDEX tagged_b (b));\n"
                + "CREATE TABLE pair (id BIGINT PRIMARY KEY, a VARCHAR(8000), b VARCHAR(7000)) CHARACTER SET utf8mb4;\n";
        String first = "  - add_column: {table: notes, column: note, type: VARCHAR(20)}\n";
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - alter_column: {table: notes, column: b, type: VARCHAR(8000),"
                + " nullable: false}\n", "V2__refused.yaml line 3: alter_column notes.b",
                "the server does not accept the column definition 'VARCHAR(8000)'", "Row size too large");
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - rename_column: {table: pair, from: b, to: second}\n",
                "V2__refused.yaml line 3: rename_column pair.b to second", "the server does not accept the column definition",
                "Row size too large");
        if (db.flavor() == Flavor.MYSQL) { // MariaDB indexes a TEXT column whole
            Refusal.refusedBeforeTheExpand(db, schema, first + "  - alter_column: {table: tagged, column: b, type: TEXT,"
                    + " nullable: false}\n", "V2__refused.yaml line 3: alter_column tagged.b",
                    "the server does not accept the column definition 'TEXT'", "without a key length");
        }
    }

    /**
     * An up that converts text to a number, whose type fits the column (CAST AS SIGNED is a BIGINT, CONCAT of one
     * is text; a comparison with a number column converts the text), used to be tried on the first 10,000 rows
     * only: a row past them whose text is no number passed the checks, and then failed the backfill, and old code's every write of it through the sync triggers, from the expand on.
     */
    @ServerTest
    void anUpThatConvertsTextIsTriedOnEveryRowBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE codes (id BIGINT PRIMARY KEY, code VARCHAR(20) NOT NULL,"
                + " amount INT NOT NULL DEFAULT 1);\n"
                + "CREATE TABLE digits (d INT PRIMARY KEY);\n"
                + "INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);\n"
                + "INSERT INTO codes (id, code) SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d,"
                + " CONCAT(a.d, b.d) FROM digits a, digits b, digits c, digits e, digits f WHERE f.d < 2;\n"
                + "UPDATE codes SET code = 'n/a' WHERE id = 20000;\n"
                + "CREATE TABLE tags (id BIGINT PRIMARY KEY, code_id BIGINT NOT NULL);\n"
                + "INSERT INTO tags SELECT id, id FROM codes;\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: codes, column: number, type: BIGINT,"
                + " up: \"CAST(code AS SIGNED)\"}\n", "V2__refused.yaml line 2", "a row of codes between keys",
                "has a value that does not fit");
        // Into text, the number is made on the way: CONCAT(code + 0) is text, and fails on 'n/a' all the same.
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: codes, column: label, type: VARCHAR(30),"
                + " up: \"CONCAT('#', code + 0)\"}\n", "V2__refused.yaml line 2", "a row of codes between keys",
                "has a value that does not fit");
        // So does a comparison with a number: code = 0 compares the two as numbers.
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: codes, column: label, type: VARCHAR(30),"
                + " up: \"IF(code = 0, 'none', code)\"}\n", "V2__refused.yaml line 2", "a row of codes between keys",
                "has a value that does not fit");
        // And a comparison with a column that holds numbers: the server compares the two as numbers.
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: codes, column: label, type: VARCHAR(30),"
                + " up: \"IF(code = amount, 'same', code)\"}\n", "V2__refused.yaml line 2", "a row of codes between keys",
                "has a value that does not fit");
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: codes, column: label, type: VARCHAR(30),"
                + " up: \"COALESCE(NULLIF(code, amount), '-')\"}\n", "V2__refused.yaml line 2", "a row of codes between keys",
                "has a value that does not fit");
        // And text read from another table, whose columns' types the check does not look up. (MySQL converts a
        // subquery's text without a word, 'n/a' + 0 as 0, in the backfill and the triggers alike: nothing fails.)
        if (db.flavor() == Flavor.MARIADB) {
            Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: tags, column: label, type: VARCHAR(30),"
                    + " up: \"CONCAT('#', (SELECT codes.code FROM codes WHERE codes.id = code_id) + 0)\"}\n",
                    "V2__refused.yaml line 2", "a row of tags between keys", "has a value that does not fit");
        }
    }

    /**
     * An operation that needs a column as the table has it, over one an earlier operation of the migration adds
     * (whose values its backfill writes only after this operation's expand), was refused as if the column did
     * not exist at all. The refusal now says which it is, and when to make the change.
     */
    @ServerTest
    void anOperationOnAColumnAnEarlierOneAddsIsRefusedSayingSo(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE clients (id BIGINT PRIMARY KEY);\n"
                + "CREATE TABLE orders (id BIGINT PRIMARY KEY, total INT NOT NULL);\n";
        String add = "  - add_column: {table: orders, column: client_id, type: BIGINT, up: \"id\"}\n";
        for (String operation : List.of("alter_column: {table: orders, column: client_id, type: INT, up: client_id}",
                "add_foreign_key: {table: orders, name: orders_client, columns: [client_id], references: clients,"
                        + " referenced_columns: [id]}")) {
            Refusal.refusedBeforeTheExpand(db, schema, add + "  - " + operation + "\n", "V2__refused.yaml line 3",
                    "orders.client_id is a column an earlier operation of this migration adds",
                    "Change it in a later migration");
        }
    }

    /**
     * The check of an up's values reads the table's rows as its backfill will (an {@code INSERT ... SELECT}, which
     * locks what it reads), and waited for a row an application's transaction held: past its lock wait the check
     * said a value of the rows did not fit, and refused the migration. Now it gives way and is tried again.
     */
    @ServerTest
    void aRowAnApplicationHoldsLockedIsWaitedForNotTakenForAValueThatDoesNotFit(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-check-")).write("V1__codes.sql",
                "CREATE TABLE codes (id BIGINT PRIMARY KEY, code VARCHAR(20) NOT NULL);\n"
                        + "INSERT INTO codes VALUES (1, '10'), (2, '20'), (3, '30');\n");
        Nodes.applied(db, scripts);
        scripts.write("V2__number.yaml", "operations:\n"
                + "  - add_column: {table: codes, column: number, type: BIGINT, up: \"CAST(code AS SIGNED)\"}\n");
        ExecutorService node = Executors.newSingleThreadExecutor();
        try (Connection app = db.connection(); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            s.execute("UPDATE codes SET code = '21' WHERE id = 2");
            Future<Boolean> ready = node.submit(() -> {
                try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").ddlLockWaitTimeout(Duration.ofSeconds(1)).load()) {
                    return v2.start().ready();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while ((Long) db.queryValue("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")
                    == 0 && !ready.isDone()) {
                assertThat(System.nanoTime()).as("the check waits for the row").isLessThan(deadline);
                // Not more often: InnoDB refreshes the table that shows transactions only when it was not read for 0.1 s.
                Thread.sleep(200);
            }
            Thread.sleep(2_500); // two of the check's lock waits
            assertThat(ready).as("waiting for the application's row").isNotDone();
            app.commit();
            assertThat(ready.get(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            node.shutdownNow();
        }
        assertThat(db.query("SELECT id, number FROM codes ORDER BY id"))
                .containsExactly(List.of(1L, 10L), List.of(2L, 21L), List.of(3L, 30L));
    }

    /**
     * add_column's up gives rows there are a value the column cannot hold: the expand ran, the backfill
     * failed, and until someone rolled back the sync triggers, which give old code's writes the same value,
     * failed those writes (every one of them for a number computed from text). Now refused before the expand.
     * alter_column checked every row already, but on MariaDB its check let a conversion inside up go wrong.
     */
    @ServerTest
    void anUpWhoseValuesTheColumnCannotHoldIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
                + "INSERT INTO people VALUES (1, 'ada'), (2, 'bobbie');\n";
        long id = 10;
        for (String operation : List.of("add_column: {table: people, column: score, type: INT, up: \"name + 1\"}",
                "add_column: {table: people, column: short_name, type: VARCHAR(3), up: \"name\"}",
                "alter_column: {table: people, column: name, type: INT, nullable: false, up: \"name + 1\"}")) {
            Refusal.refusedBeforeTheExpand(db, schema, "  - " + operation + "\n", "V2__refused.yaml line 2",
                    "a row of people between keys", "has a value that does not fit", "Say in 'up' what such values become");
            db.execute("INSERT INTO people VALUES (" + id + ", 'dorothea')", "UPDATE people SET name = 'al' WHERE id = 1");
            assertThat(db.queryValue("SELECT name FROM people WHERE id = " + id++)).as(operation).isEqualTo("dorothea");
        }
    }

    /**
     * set_not_null's up, which its triggers give every NULL old code writes, was never tried against the column:
     * {@code 'unknown'} for a CHAR(2) failed every such write (and the backfill) from the expand on. Refused before it.
     */
    @ServerTest
    void aSetNotNullWhoseUpTheColumnCannotHoldIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE people (id BIGINT PRIMARY KEY, country CHAR(2) NULL);\n"
                + "INSERT INTO people VALUES (1, 'fr'), (2, NULL);\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - set_not_null: {table: people, column: country, up: \"'unknown'\"}\n",
                "V2__refused.yaml line 2", "has a value that does not fit");
        db.execute("INSERT INTO people VALUES (3, NULL)");
        assertThat(db.queryValue("SELECT COUNT(*) FROM people WHERE country IS NULL")).as("old code's NULLs still go in")
                .isEqualTo(2L);
    }

    /**
     * add_column's up was tried on the first 10,000 rows only: a row further on whose value the column cannot
     * hold failed the backfill after the expand, and old code's writes of such values failed meanwhile. Where
     * the type the server gives up holds values the column does not, every row is now tried before the expand,
     * and a warning says that old code's writes may still bring such a value; where it does not, nothing is.
     * alter_column tried up on no row at all where the new type was wider than the old.
     */
    @ServerTest
    void anUpThatMayGiveValuesTooLongIsTriedOnEveryRowBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = tenThousandPeopleAndOne("ada", "dorothea-margaret");
        String concat = "  - add_column: {table: people, column: tag, type: VARCHAR(10), up: \"CONCAT(name, '!')\"}\n";
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, concat, "V2__refused.yaml line 2",
                "a row of people between keys [10000] and [12000] has a value that does not fit VARCHAR(10) utf8mb4",
                "Say in 'up' what such values become").delete("V2__refused.yaml");
        Refusal.refusedBeforeTheExpand(db, schema, "  - alter_column: {table: people, column: name, type: VARCHAR(45),"
                + " nullable: false, up: \"CONCAT(name, name, name)\"}\n", "V2__refused.yaml line 2",
                "a row of people between keys [10000] and [12000] has a value that does not fit VARCHAR(45) utf8mb4");

        try (CapturedLog log = CapturedLog.start(); Tandem v2 = Nodes.tandem(db, scripts.write("V2__tag.yaml",
                "operations:\n" + concat.replace("CONCAT(name, '!')", "LEFT(CONCAT(name, '!'), 10)")))) {
            assertThat(v2.start().ready()).isTrue();
            assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).as("a value it gives always fits")
                    .noneMatch(m -> m.contains("may not fit"));
        }
        assertThat(db.queryValue("SELECT tag FROM people WHERE id = 12000")).isEqualTo("dorothea-m");

        db.execute("UPDATE people SET name = 'dora' WHERE id = 12000");
        try (CapturedLog log = CapturedLog.start(); Tandem v3 = Nodes.tandem(db, scripts.write("V3__mark.yaml",
                "operations:\n" + concat.replace("tag", "mark")))) {
            assertThat(v3.start().ready()).as("every row fits").isTrue();
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("V3__mark.yaml line 2") && m.contains("the values 'up' gives may not fit mark"
                            + " (VARCHAR(41)") && m.contains("old code's writes of such a value would fail")
                            && m.contains("LEFT(CONCAT(name, '!'), 10)"));
        }
        assertThat(db.queryValue("SELECT mark FROM people WHERE id = 12000")).isEqualTo("dora!");
    }

    /**
     * A conversion of text to a number inside {@code up}, which may give a value INT does not hold (a DOUBLE):
     * every row is tried before the expand. On MariaDB that pass let a row past the first 10,000 whose text is
     * no number through (its {@code INSERT ... SELECT} with a column list lost the warning), and the copy then
     * stored 0 for it.
     */
    @ServerTest
    void aRowWhoseTextIsNoNumberPastTheFirstTenThousandIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        Refusal.refusedBeforeTheExpand(db, tenThousandPeopleAndOne("42", "dorothea"), "  - alter_column: {table: people, column: name, type: INT,"
                + " nullable: false, up: \"name + 0\", strategy: copy}\n", "V2__refused.yaml line 2",
                "a row of people between keys [10000] and [12000] has a value that does not fit INT",
                "Truncated incorrect DOUBLE value: 'dorothea'");
    }

    /**
     * Neither server changes a column of a table with a FULLTEXT index online: drop_column with down ran its
     * expand (the sync triggers) and failed at its contract, the others at their first ALTER. Each column
     * operation is now refused before anything changes; without the index, as the refusal advises, the column
     * goes, online.
     */
    @ServerTest
    void aColumnChangeOfATableWithAFullTextIndexIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(200) NOT NULL, tag VARCHAR(20) NULL,"
                + " FULLTEXT KEY words (body));\nINSERT INTO notes VALUES (1, 'ada lovelace', 'a');\n";
        ScriptDir scripts = null;
        for (String operation : List.of("drop_column: {table: notes, column: tag, down: \"'x'\"}",
                "drop_column: {table: notes, column: tag}",
                "add_column: {table: notes, column: score, type: INT, up: \"id + 1\"}",
                "alter_column: {table: notes, column: tag, type: VARCHAR(40), nullable: true, up: tag}",
                "rename_column: {table: notes, from: tag, to: label}",
                "set_not_null: {table: notes, column: tag, up: \"'x'\"}")) {
            scripts = Refusal.refusedBeforeTheExpand(db, schema, "  - " + operation + "\n", "V2__refused.yaml line 2",
                    "notes has a FULLTEXT index (words)", "neither MySQL nor MariaDB changes a column of such a table",
                    "drop_index").delete("V2__refused.yaml");
        }
        try (Tandem node = Nodes.tandem(db, scripts.write("V2__no_words.yaml",
                "operations:\n  - drop_index: {table: notes, name: words}\n"))) {
            node.start();
            assertThat(node.contract()).contains("2");
        }
        try (Tandem node = Nodes.tandem(db, scripts.write("V3__no_tag.yaml",
                "operations:\n  - drop_column: {table: notes, column: tag, down: \"'x'\"}\n"))) {
            assertThat(node.start().ready()).isTrue();
            assertThat(node.contract()).contains("3");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'notes' AND column_name = 'tag'")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT body FROM notes WHERE id = 1")).isEqualTo("ada lovelace");
    }

    /** People 1 to 10,000 named {@code name}, and person 12,000 named {@code last}: past the first 10,000 rows. */
    private static String tenThousandPeopleAndOne(String name, String last) {
        return """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
                CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL);
                INSERT INTO people SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1, '%s'
                  FROM digits a, digits b, digits c, digits e;
                INSERT INTO people VALUES (12000, '%s');
                """.formatted(name, last);
    }

    /**
     * An {@code up} of text in a character set the column's lacks characters of: its warning and the refusal of
     * such an alter_column without {@code up} say to convert it (LEFT, which they said, is no fix); converted,
     * the add_column goes through without a warning.
     */
    @ServerTest
    void anUpOfTextInACharacterSetTheColumnLacksIsToldToConvertIt(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(40) CHARACTER SET utf8mb4 NOT NULL);\n"
                + "INSERT INTO people VALUES (1, 'Ada'), (2, 'Zoe');\n";
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, "  - alter_column: {table: people, column: name,"
                + " type: VARCHAR(40) CHARACTER SET latin1, nullable: false}\n", "V2__refused.yaml line 2",
                "characters of utf8mb4 that latin1 cannot hold", "CONVERT(name USING latin1)").delete("V2__refused.yaml");
        String add = "operations:\n  - add_column: {table: people, column: tag, type: VARCHAR(40) CHARACTER SET latin1, up: name}\n";
        try (CapturedLog log = CapturedLog.start(); Tandem v2 = Nodes.tandem(db, scripts.write("V2__tag.yaml", add))) {
            assertThat(v2.start().ready()).as("every row fits").isTrue();
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("the values 'up' gives may not fit tag") && m.contains("CONVERT(name USING latin1)"))
                    .noneMatch(m -> m.contains("LEFT("));
        }
        try (CapturedLog log = CapturedLog.start(); Tandem v3 = Nodes.tandem(db, scripts.write("V3__mark.yaml",
                add.replace("tag", "mark").replace("up: name", "up: \"CONVERT(name USING latin1)\"")))) {
            assertThat(v3.start().ready()).isTrue();
            assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).as("every value it gives fits")
                    .noneMatch(m -> m.contains("may not fit"));
        }
        assertThat(db.query("SELECT tag, mark FROM people ORDER BY id")).containsExactly(List.of("Ada", "Ada"), List.of("Zoe", "Zoe"));
    }

    /**
     * MySQL indexes a TEXT column only by a prefix: create_index of one without a length failed at the expand with
     * the server's message. Refused before it now, with the fix, which then goes through. MariaDB indexes the
     * whole column, as asked.
     */
    @ServerTest
    void anIndexOfAWholeTextColumnIsRefusedOnMySqlBeforeTheExpandWithTheFix(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE people (id BIGINT PRIMARY KEY, bio TEXT NULL);\nINSERT INTO people VALUES (1, 'Ada');\n";
        String whole = "operations:\n  - create_index: {table: people, name: people_bio, columns: [bio]}\n";
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-check-")).write("V1__people.sql", schema);
        if (db.flavor() == dev.tandem.testing.Flavor.MYSQL) {
            scripts = Refusal.refusedBeforeTheExpand(db, schema, whole.substring("operations:\n".length()),
                    "V2__refused.yaml line 2", "MySQL indexes a TEXT column only by a prefix of it, and bio is text",
                    "bio(191) in 'columns'").delete("V2__refused.yaml");
            whole = whole.replace("[bio]", "[bio(191)]");
        }
        try (Tandem v2 = Nodes.tandem(db, scripts.write("V2__index.yaml", whole))) {
            v2.start();
        }
        assertThat(db.describeSchema()).anyMatch(line -> line.startsWith("index [people, people_bio, 1, bio, 1"));
    }

    /**
     * A column a foreign key changes by its own action (ON UPDATE CASCADE here): the server fires no trigger for it,
     * so rename_column's copy kept the parent's old code, and the new code read a parent that no longer exists.
     */
    @ServerTest
    void aRenameOfAColumnAForeignKeyActionChangesIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE countries (code CHAR(2) PRIMARY KEY);\n"
                + "CREATE TABLE customers (id BIGINT PRIMARY KEY, country CHAR(2) NULL, CONSTRAINT customers_country"
                + " FOREIGN KEY (country) REFERENCES countries (code) ON UPDATE CASCADE);\n"
                + "INSERT INTO countries VALUES ('GB');\nINSERT INTO customers VALUES (1, 'GB');\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - rename_column: {table: customers, from: country, to: country_code}\n",
                "the foreign key customers_country of customers changes country by its own actions (ON UPDATE CASCADE",
                "Make the key's actions RESTRICT");
    }

    @ServerTest
    void refusesOperationsThatDoNotFitTheSchemaWithTheObjectAndTheFix(TestDatabase db) throws Exception {
        refused(db, "  - add_column: {table: customer, column: email, type: VARCHAR(100)}\n",
                "there is no table customer in this schema");
        refused(db, "  - add_column: {table: customers, column: name, type: VARCHAR(100)}\n",
                "already has a column name; choose another name");
        refused(db, "  - add_column: {table: customers, column: display, type: VARCHAR(100), up: \"UPPER(nmae)\"}\n",
                "'up' (UPPER(nmae)) is not a valid expression over customers", "nmae");
        refused(db, "  - rename_column: {table: customers, from: nom, to: full_name}\n", "has no column nom");
        refused(db, "  - drop_column: {table: customers, column: name}\n",
                "name is NOT NULL without a default", "Give drop_column a 'down' expression");
        refused(db, "  - alter_column: {table: customers, column: name, type: VARCHAR(200)}\n",
                "name is NOT NULL; say 'nullable: false'");
        refused(db, "  - add_column: {table: logs, column: level, type: INT, up: \"LENGTH(line)\"}\n",
                "logs has no primary key and no unique key over NOT NULL columns");
        refused(db, "  - create_index: {table: customers, name: PRIMARY, columns: [name]}\n",
                "already has an index PRIMARY; choose another name");
        refused(db, "  - create_index: {table: customers, name: customers_email, columns: [name, email(20)], unique: true}\n",
                "create_index customers_email", "the table customers has no column email");
        refused(db, "  - add_foreign_key: {table: logs, name: logs_customer, columns: [line], references: customers,"
                + " referenced_columns: [customer_no]}\n", "the table customers has no column customer_no");
        // The servers refuse SET NULL on a NOT NULL column: the expand failed after it had indexed the column.
        refused(db, "  - add_foreign_key: {table: tickets, name: tickets_customer, columns: [id], references: customers,"
                + " referenced_columns: [id], on_delete: set null}\n",
                "on_delete: set null writes NULL in tickets.id, which is NOT NULL");
        refused(db, "  - rename_table: {from: logs, to: customers}\n", "a table or view customers already exists");
        refused(db, "  - add_column: {table: tickets, column: code, type: VARCHAR(60), up: \"CONCAT('T-', id)\"}\n",
                "'up' reads id, an AUTO_INCREMENT column whose value is not assigned yet when the sync trigger runs");
        refused(db, "  - rename_column: {table: tickets, from: id, to: ticket_id}\n",
                "id of tickets is AUTO_INCREMENT", "no trigger can keep a copy of it under another name");
        // The second operation is wrong: the first one must not have run either.
        refused(db, "  - add_column: {table: customers, column: email, type: VARCHAR(100)}\n"
                + "  - rename_column: {table: customers, from: email2, to: mail}\n", "has no column email2");
    }
}

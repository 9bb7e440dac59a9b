package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.testing.DatabaseUser;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** rename_column and drop_column with old (untagged) and new (tagged) writers in every phase. */
class RenameAndDropColumnIT {

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, nickname VARCHAR(50) NOT NULL);
                CREATE INDEX customers_name ON customers (name);
                INSERT INTO customers VALUES (1, 'Ada', 'ada'), (2, 'Zoë 😀', 'zo');
                """);
    }


    private static final String V2 = """
            operations:
              - rename_column:
                  table: customers
                  from: name
                  to: full_name
              - drop_column:
                  table: customers
                  column: nickname
                  down: LOWER(LEFT(full_name, 2))
            """;

    /**
     * Two operations of one migration that sync one column: the rename's contract took the column away before the
     * set_not_null's could make it NOT NULL, which failed there and left its triggers to fail every write to the
     * table (Unknown column 'name' in 'NEW'), and meanwhile new code read NULL where old code read the filled
     * value; a drop_column's contract did the same. Refused before anything runs.
     */
    @ServerTest
    void aColumnTwoOperationsOfOneMigrationWouldSyncIsRefused(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NULL, nickname VARCHAR(50) NULL)";
        Refusal.refusedBeforeTheExpand(db, schema, """
                  - rename_column: {table: customers, from: name, to: full_name}
                  - set_not_null: {table: customers, column: name, up: "'unknown'"}
                """, "V2__refused.yaml line 3: set_not_null customers.name: V2__refused.yaml line 2: rename_column"
                + " customers.name to full_name syncs customers.name too: the contracts of two operations of one migration"
                + " would change the column one after the other", "Change it in a later migration, once this one is"
                + " contracted.");
        Refusal.refusedBeforeTheExpand(db, schema, """
                  - drop_column: {table: customers, column: nickname}
                  - set_not_null: {table: customers, column: nickname, up: "''"}
                """, "V2__refused.yaml line 3: set_not_null customers.nickname: V2__refused.yaml line 2: drop_column"
                + " customers.nickname syncs customers.nickname too");
    }

    /**
     * MariaDB looks for the value of a NOT NULL column without a default that an INSERT ... SELECT leaves out
     * before the INSERT trigger could give it; MySQL, and MariaDB's INSERT ... VALUES, let the trigger give it.
     * New code leaves out both the renamed and the dropped column: on MariaDB the expand warns of each, and new
     * code's INSERT ... SELECT passes once it names them.
     */
    @ServerTest
    void onMariaDbNewCodesInsertSelectWithoutANotNullColumnTheTriggersFillIsWarnedOf(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__rename.yaml", V2);
        boolean mariaDb = db.flavor() != Flavor.MYSQL;
        CapturedLog log = CapturedLog.start();
        try (log; Tandem v2 = tandem(db, scripts); Connection fresh = v2.dataSource().getConnection()) {
            v2.start();
            assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("an INSERT ... SELECT into customers"))
                    .extracting(e -> e.getLevel() + " " + e.getFormattedMessage().replaceFirst(" is NOT NULL.*", ""))
                    .containsExactlyInAnyOrderElementsOf(mariaDb ? List.of(
                            "WARN V2__rename.yaml line 3: rename_column customers.name to full_name: name",
                            "WARN V2__rename.yaml line 7: drop_column customers.nickname: nickname") : List.of());
            Statement n = fresh.createStatement();
            n.execute("INSERT INTO customers (id, full_name) VALUES (30, 'By values')");
            String insertSelect = "INSERT INTO customers (id, full_name) SELECT 31, 'By select'";
            if (mariaDb) {
                assertThatThrownBy(() -> n.execute(insertSelect)).hasMessageContaining("doesn't have a default value");
                n.execute("INSERT INTO customers (id, full_name, name, nickname) SELECT 31, 'By select', '', ''");
            } else {
                n.execute(insertSelect);
            }
            assertThat(db.query("SELECT id, name, full_name, nickname FROM customers WHERE id >= 30 ORDER BY id"))
                    .as("the triggers wrote the names new code left out, or named").containsExactly(
                            List.of(30L, "By values", "By values", "by"), List.of(31L, "By select", "By select", "by"));
        }
    }

    @ServerTest
    void oldCodeUsesTheOldNamesNewCodeTheNewOnesAndTheContractKeepsIndexes(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__rename.yaml", V2);
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection(); Connection fresh = v2.dataSource().getConnection()) {
            assertThat(v2.start().applied()).containsExactly("2");
            Statement o = old.createStatement();
            Statement n = fresh.createStatement();
            assertThat(db.query("SELECT * FROM customers WHERE id = 1")).as("old code's SELECT * keeps its shape")
                    .containsExactly(List.of(1L, "Ada", "ada"));

            o.execute("INSERT INTO customers VALUES (10, 'Old Writer', 'ow')");
            // New code no longer knows name or nickname: it inserts without them, though both are NOT NULL.
            n.execute("INSERT INTO customers (id, full_name) VALUES (20, 'New Writer')");
            n.execute("UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1");
            o.execute("UPDATE customers SET name = 'New Writer, renamed by v1' WHERE id = 20");

            assertThat(db.query("SELECT id, name, full_name, nickname FROM customers ORDER BY id")).containsExactly(
                    List.of(1L, "Ada Lovelace", "Ada Lovelace", "ad"),
                    List.of(2L, "Zoë 😀", "Zoë 😀", "zo"),
                    List.of(10L, "Old Writer", "Old Writer", "ow"),
                    List.of(20L, "New Writer, renamed by v1", "New Writer, renamed by v1", "ne"));

            v2.contract("2");
        }
        assertThat(db.query("SELECT * FROM customers ORDER BY id")).containsExactly(
                List.of(1L, "Ada Lovelace"), List.of(2L, "Zoë 😀"), List.of(10L, "Old Writer"),
                List.of(20L, "New Writer, renamed by v1"));
        assertThat(db.describeSchema()).contains(
                "column [customers, full_name, varchar(100), NO, NULL, ]",
                "index [customers, customers_name, 1, full_name, 1]")
                .noneMatch(line -> line.contains("nickname") || line.startsWith("trigger"));
    }

    /** A column whose ON UPDATE has a precision keeps it (without it the servers refuse the definition: error 1294). */
    @ServerTest
    void aTimestampWithFractionalOnUpdateIsRenamedWithIt(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__events.sql", """
                CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(20) NOT NULL,
                  changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3));
                INSERT INTO events (id, kind) VALUES (1, 'created');
                """).write("V2__rename.yaml", """
                operations:
                  - rename_column: {table: events, from: changed_at, to: modified_at}
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            tandem.contract("2");
        }
        assertThat(db.query("SELECT LOWER(extra) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'events' AND column_name = 'modified_at'")).singleElement()
                .satisfies(row -> assertThat((String) row.get(0)).contains("on update current_timestamp(3)"));
    }

    /**
     * A default that is an expression with string literals comes along: MySQL's information_schema gives it
     * with its quotes escaped, which written back as they came made the expand's ADD COLUMN fail.
     */
    @ServerTest
    void anExpressionDefaultWithQuotesIsRenamedWithIt(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__notes.sql", """
                CREATE TABLE notes (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL DEFAULT (CONCAT('it''s', ' ', 'new')));
                INSERT INTO notes (id) VALUES (1);
                """).write("V2__rename.yaml", """
                operations:
                  - rename_column: {table: notes, from: label, to: title}
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            db.execute("INSERT INTO notes (id) VALUES (2)");
            assertThat(tandem.contract("2")).isTrue();
        }
        db.execute("INSERT INTO notes (id) VALUES (3)");
        assertThat(db.query("SELECT id, title FROM notes ORDER BY id")).containsExactly(
                List.of(1L, "it's new"), List.of(2L, "it's new"), List.of(3L, "it's new"));
    }

    /**
     * On MySQL an expression default reaches the new column in a second statement of the expand's first step.
     * Where that failed (a query killed, a lock given up: here the server's answer is lost), the step had applied
     * half, which the next start took for nothing applied and refused on the column it left ("already has a column
     * title"), on every start. The step takes its first statement back; MariaDB gives the default in one statement.
     */
    @ServerTest
    void anExpandWhoseDefaultWasNotSetLeavesNothingBehindAndStartsAgain(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__notes.sql", """
                CREATE TABLE notes (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL DEFAULT (CONCAT('it''s', ' ', 'new')));
                INSERT INTO notes (id) VALUES (1);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__rename.yaml", "operations:\n  - rename_column: {table: notes, from: label, to: title}\n");
        List<String> before = db.describeSchema();
        DataSource failingSetDefault = StatementHooks.of(db, () -> (sql, id) -> {
            if (sql.contains(" SET DEFAULT ")) {
                throw new SQLException("Query execution was interrupted", "70100", 1317);
            }
        });
        try (Tandem failing = Nodes.configure().dataSource(failingSetDefault).appVersion("2.0.0")
                .locations(scripts.location()).load()) {
            if (db.flavor() == Flavor.MYSQL) {
                assertThatThrownBy(failing::start).hasMessageContaining("Query execution was interrupted");
                assertThat(db.describeSchema()).as("nothing of the expand left").isEqualTo(before);
            } else {
                assertThat(failing.start().ready()).isTrue();
            }
        }
        try (Tandem again = tandem(db, scripts)) {
            assertThat(again.start().ready()).isTrue();
            db.execute("INSERT INTO notes (id) VALUES (2)");
            assertThat(again.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, title FROM notes ORDER BY id")).containsExactly(
                List.of(1L, "it's new"), List.of(2L, "it's new"));
    }

    @ServerTest
    void rollbackLeavesTheSchemaExactlyAsBefore(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        List<List<Object>> rows = Schema.rows(db, "customers");
        scripts.write("V2__rename.yaml", V2);
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            v2.rollback("2");
        }
        assertThat(db.describeSchema()).isEqualTo(before);
        assertThat(Schema.rows(db, "customers")).isEqualTo(rows);
    }

    @ServerTest
    void droppingANotNullColumnWithoutDownIsRefusedBeforeItChangesAnything(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V2__drop.yaml", """
                operations:
                  - drop_column:
                      table: customers
                      column: nickname
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("nickname is NOT NULL without a default")
                    .hasMessageContaining("Give drop_column a 'down' expression");
        }
        assertThat(Arrays.asList(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()")))
                .containsExactly(0L);
    }
    /**
     * A swap that fails (a column added since the expand reads the dropped one) leaves the contract FAILED
     * for a person to mend; until then the sync triggers are back, so new code's inserts, which no longer
     * name the NOT NULL column, still get its 'down'. They are back in their place, before V3's on the
     * same table, as they fire in version order.
     */
    @ServerTest
    void aFailedSwapPutsTheSyncTriggersBackSoWritesGoOnUntilTheContractIsMended(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, legacy INT NOT NULL);
                INSERT INTO customers VALUES (1, 'Ada', 7);
                """).write("V2__drop.yaml", """
                operations:
                  - drop_column: {table: customers, column: legacy, down: "0"}
                """).write("V3__display.yaml", """
                operations:
                  - add_column: {table: customers, column: display, type: VARCHAR(100), up: "UPPER(name)"}
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            db.execute("ALTER TABLE customers ADD COLUMN legacy_plus INT AS (legacy + 1) VIRTUAL");
            List<List<Object>> triggers = db.query("SELECT trigger_name, action_order FROM information_schema.triggers"
                    + " WHERE trigger_schema = DATABASE() ORDER BY trigger_name");
            assertThat(triggers).as("V2's and V3's, V2's first for each event").hasSize(4);

            assertThatThrownBy(() -> v2.contract("2")).hasMessageContaining("drop the column and the triggers under a table lock");
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("FAILED");
            assertThat(db.query("SELECT trigger_name, action_order FROM information_schema.triggers WHERE trigger_schema"
                    + " = DATABASE() ORDER BY trigger_name")).as("the sync triggers are back").isEqualTo(triggers);
            try (Connection c = v2.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO customers (id, name) VALUES (2, 'Bo')");
            }
            assertThat(db.query("SELECT id, legacy FROM customers ORDER BY id")).containsExactly(List.of(1L, 7), List.of(2L, 0));

            db.execute("ALTER TABLE customers DROP COLUMN legacy_plus");
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT * FROM customers ORDER BY id")).containsExactly(List.of(1L, "Ada"), List.of(2L, "Bo"));
    }
    /**
     * A table that has used its instant row versions (MySQL: 64 column adds and drops since its last rebuild)
     * is rebuilt online before the swap's table lock, not under it: the swap itself stays instant, so the
     * table has one version used after it. MariaDB has no such limit: the same contract simply completes.
     */
    @ServerTest
    void aTableWithNoInstantRowVersionLeftIsRebuiltBeforeTheSwapsLockNotUnderIt(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        for (int k = 0; k < 31; k++) {
            db.execute("ALTER TABLE customers ADD COLUMN spare" + k + " INT NULL");
            db.execute("ALTER TABLE customers DROP COLUMN spare" + k);
        }
        db.execute("ALTER TABLE customers ADD COLUMN note INT NULL");
        List<List<Object>> rows = Schema.rows(db, "customers");
        scripts.write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        boolean mySql = db.flavor() == Flavor.MYSQL;
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            if (mySql) {
                assertThat(rowVersions(db)).as("63 changes and the expand's ADD COLUMN: none left").isEqualTo(64L);
            }
            assertThat(v2.contract("2")).isTrue();
        }
        if (mySql) {
            assertThat(rowVersions(db)).as("rebuilt first, then the swap's instant DROP COLUMN").isEqualTo(1L);
        }
        assertThat(Schema.rows(db, "customers")).hasSameSizeAs(rows);
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("COMPLETED");
    }

    /**
     * drop_column with down on a column two indexes hold: they are dropped, or made again without it, online
     * before the swap, and the swap's DROP COLUMN under the table lock is instant. On both servers a DROP
     * COLUMN that changes an index rebuilds the table, which under the lock held every query of it.
     */
    @ServerTest
    void aDropColumnWithDownSwapsInstantlyWhereIndexesHoldTheColumn(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        db.execute("CREATE INDEX by_nickname ON customers (nickname)",
                "CREATE INDEX name_nickname ON customers (name(20), nickname, id) COMMENT 'lookups'");
        List<List<Object>> rows = db.query("SELECT id, name FROM customers ORDER BY id");
        scripts.write("V2__drop.yaml", "operations:\n  - drop_column: {table: customers, column: nickname, down: \"'x'\"}\n");
        RebuildWatch swap = new RebuildWatch(db, "customers", 1);
        try (Tandem v2 = swap.node(scripts)) {
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(swap.idAfter()).as("InnoDB's id of the table, kept by an instant swap").isNotNull().isEqualTo(swap.idBefore());
        assertThat(db.query("SELECT index_name, CAST(non_unique AS CHAR), column_name, CAST(sub_part AS CHAR), index_comment"
                + " FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'customers'"
                + " AND index_name <> 'PRIMARY' ORDER BY index_name, seq_in_index")).as("by_nickname dropped, name_nickname"
                + " made again without it").containsExactly(Arrays.asList("customers_name", "1", "name", null, ""),
                Arrays.asList("name_nickname", "1", "name", "20", "lookups"), Arrays.asList("name_nickname", "1", "id", null, "lookups"));
        assertThat(db.query("SELECT id, name FROM customers ORDER BY id")).isEqualTo(rows);
    }

    /**
     * An account with every privilege on its database but not PROCESS, which MySQL's count of a table's
     * instant row versions needs: the swap goes on without the count (its read was a failed contract).
     */
    @ServerTest
    void aContractByAnAccountWithoutProcessCompletes(TestDatabase db) throws Exception {
        String user = "noprocess_" + Math.abs(db.name().hashCode() % 100000);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw-3c9e'",
                "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        Object trustBefore = db.queryValue("SELECT @@GLOBAL.log_bin_trust_function_creators");
        db.execute("SET GLOBAL log_bin_trust_function_creators = 1"); // triggers without SUPER, binary log on
        try {
            ScriptDir scripts = scripts().write("V2__rename.yaml",
                    "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
            try (Tandem tandem = Tandem.configure().url(db.url()).user(user).password("pw-3c9e").appVersion("2.0.0")
                    .locations(scripts.location()).load()) {
                tandem.start();
                assertThat(tandem.contract("2")).isTrue();
            }
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("COMPLETED");
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'full_name'")).isEqualTo(1L);
        } finally {
            db.execute("SET GLOBAL log_bin_trust_function_creators = " + trustBefore);
        }
    }

    /**
     * A node that died in the swap after it dropped the sync triggers leaves them gone. The swap resumed must
     * put them back before anything else: resumed by an account without LOCK TABLES, it fails, and the
     * contract waits FAILED for a person, as long as that takes, with every write synced again. Then the
     * swap goes through, a row new code wrote while no trigger was there resynced.
     */
    @ServerTest
    void aResumedSwapThatFailsLeavesTheSyncTriggersDroppedByTheCrashInPlace(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V2__rename.yaml",
                "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
        }
        for (List<Object> trigger : syncTriggers(db)) {
            db.execute("DROP TRIGGER `" + trigger.get(0) + "`");
        }
        db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0, step_started = 0"
                + " WHERE version = '2'"); // as a node killed in the swap (contract step 1) leaves it
        db.execute("UPDATE customers SET full_name = 'Gap' WHERE id = 2"); // new code, while no trigger syncs

        Object trustBefore = db.queryValue("SELECT @@GLOBAL.log_bin_trust_function_creators");
        db.execute("SET GLOBAL log_bin_trust_function_creators = 1"); // triggers without SUPER, binary log on
        try {
            DatabaseUser noLockTables = db.createUser("SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, TRIGGER");
            try (Tandem node = Nodes.configure().url(db.url()).user(noLockTables.name()).password(noLockTables.password())
                    .appVersion("2.0.0").locations(scripts.location()).load()) {
                assertThatThrownBy(() -> node.contract("2")).hasMessageContaining("swap the columns under a table lock: Access denied");
            }
        } finally {
            db.execute("SET GLOBAL log_bin_trust_function_creators = " + trustBefore);
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("FAILED");
        assertThat(syncTriggers(db)).as("the sync triggers are back").hasSize(2);
        db.execute("UPDATE customers SET name = 'Ada L.' WHERE id = 1");
        assertThat(db.query("SELECT full_name FROM customers WHERE id = 1")).as("synced").containsExactly(List.of("Ada L."));

        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, full_name FROM customers ORDER BY id")).containsExactly(List.of(1L, "Ada L."),
                List.of(2L, "Gap"));
        assertThat(syncTriggers(db)).isEmpty();
    }

    private static List<List<Object>> syncTriggers(TestDatabase db) throws Exception {
        return db.query("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
                + " AND event_object_table = 'customers' AND trigger_name LIKE '\\_tandem\\_2\\_%'");
    }

    private static Object rowVersions(TestDatabase db) throws Exception {
        return ((Number) db.queryValue("SELECT total_row_versions FROM information_schema.innodb_tables WHERE name ="
                + " CONCAT(DATABASE(), '/customers')")).longValue();
    }

    /**
     * A view that reads a column or table the contract drops fails from then on: the server changes neither.
     * drop_column, rename_column and drop_table warn before their expand, naming the views that read what they
     * drop (a SELECT * view too) and none that do not; the contract of drop_column then breaks the view, as warned.
     */
    @ServerTest
    void viewsThatReadWhatTheContractDropsAreNamedBeforeTheExpand(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-views-")).write("V1__schema.sql", """
                CREATE TABLE orders (id BIGINT PRIMARY KEY, total INT NULL, note VARCHAR(20) NULL);
                CREATE TABLE legacy (id BIGINT PRIMARY KEY);
                CREATE VIEW order_totals AS SELECT o.id, o.total FROM orders o;
                CREATE VIEW all_orders AS SELECT * FROM orders;
                CREATE VIEW order_ids AS SELECT id FROM orders;
                CREATE VIEW legacy_ids AS SELECT id FROM legacy;
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__drops.yaml", """
                operations:
                  - drop_column: {table: orders, column: total}
                  - rename_column: {table: orders, from: note, to: remark}
                  - drop_table: {table: legacy}
                """);
        try (CapturedLog log = CapturedLog.start(); Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            List<String> warnings = log.events().stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("which the contract drops")).toList();
            assertThat(warnings).hasSize(3);
            assertThat(warnings.get(0)).contains("V2__drops.yaml line 2", "the views all_orders, order_totals read orders.total")
                    .doesNotContain("order_ids");
            assertThat(warnings.get(1)).contains("V2__drops.yaml line 3", "the view all_orders reads orders.note");
            assertThat(warnings.get(2)).contains("V2__drops.yaml line 4", "the view legacy_ids reads the table legacy",
                    "Change or drop it first, in a migration of its own");
            tandem.contract("2");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM order_ids")).isEqualTo(0L);
        assertThatThrownBy(() -> db.query("SELECT * FROM order_totals")).hasMessageContaining("order_totals");
    }

    /**
     * CHECK constraints that read a column the contract takes away: alter_column's swap dropped a CHECK over the
     * column alone without a word on both servers (the rule silently no longer enforced), and failed on one
     * that reads other columns too; drop_column failed on the latter; rename_column failed on MySQL, which
     * renames no column a CHECK reads. Each failure came at the contract, after the whole change. Now refused
     * before the expand; MariaDB's rename rewrites the CHECKs, and goes through.
     */
    @ServerTest
    void checksTheContractWouldDropOrFailOnAreRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE orders (id BIGINT PRIMARY KEY, total INT NULL, CONSTRAINT total_positive"
                + " CHECK (total >= 0), CONSTRAINT total_above_id CHECK (total >= id));\n"
                + "INSERT INTO orders VALUES (1, 10), (2, 20);\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - alter_column: {table: orders, column: total, type: BIGINT,"
                + " up: total}\n", "V2__refused.yaml line 2", "the CHECK constraints total_above_id, total_positive of"
                + " orders read total", "add them back after this one's contract");
        Refusal.refusedBeforeTheExpand(db, schema, "  - drop_column: {table: orders, column: total}\n",
                "the CHECK constraint total_above_id of orders reads total, and the contract would fail on it");
        String rename = "  - rename_column: {table: orders, from: total, to: amount}\n";
        if (db.flavor() == Flavor.MYSQL) {
            Refusal.refusedBeforeTheExpand(db, schema, rename, "the CHECK constraints total_above_id, total_positive of"
                    + " orders read total, and the contract would fail on them");
            return;
        }
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-checks-")).write("V1__schema.sql", schema);
        Nodes.applied(db, scripts);
        try (Tandem tandem = tandem(db, scripts.write("V2__rename.yaml", "operations:\n" + rename))) {
            assertThat(tandem.start().ready()).isTrue();
            tandem.contract("2");
        }
        assertThat(db.query("SELECT constraint_name, check_clause FROM information_schema.check_constraints"
                + " WHERE constraint_schema = DATABASE() ORDER BY constraint_name")).containsExactly(
                List.of("total_above_id", "`amount` >= `id`"), List.of("total_positive", "`amount` >= 0"));
    }

    /**
     * An index made on the new name while both names live (new code's index, by a later migration's create_index)
     * is on the column the contract drops: it used to go with that DROP COLUMN, silently, on both servers, a
     * unique one and the uniqueness it kept with it. The contract makes it again over the column that takes the
     * name, under its name; one it cannot make so is refused before the contract changes anything, as are a
     * foreign key and a CHECK made on the new name, which would go with the column too.
     */
    @ServerTest
    void anIndexMadeOnTheNewNameBeforeTheContractOutlivesIt(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-rename-index-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, city VARCHAR(40) NOT NULL);
                INSERT INTO customers VALUES (1, 'Ada', 'Paris'), (2, 'Bob', 'Rome');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        Nodes.applied(db, scripts);
        scripts.write("V3__index.yaml", "operations:\n  - create_index: {table: customers, name: by_name_and_city,"
                + " columns: [full_name(20), city], unique: true}\n");
        try (Tandem v3 = Nodes.node(db, scripts, "3.0.0").load()) {
            assertThat(v3.start().ready()).isTrue();
            db.execute("CREATE INDEX both_names ON customers (name, full_name)");
            assertThatThrownBy(() -> v3.contract("2")).hasMessageContaining("V2__rename.yaml line 2")
                    .hasMessageContaining("index both_names was made on full_name since the expand")
                    .hasMessageContaining("it holds name too").hasMessageContaining("Drop index both_names");
            assertThat(db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' ORDER BY column_name")).as("nothing of the contract ran")
                    .containsExactly(List.of("city"), List.of("full_name"), List.of("id"), List.of("name"));
            db.execute("DROP INDEX both_names ON customers", "CREATE TABLE names (n VARCHAR(100) PRIMARY KEY)",
                    "INSERT INTO names VALUES ('Ada'), ('Bob')",
                    "ALTER TABLE customers ADD CONSTRAINT names_known FOREIGN KEY (full_name) REFERENCES names (n)");
            assertThatThrownBy(() -> v3.contract("2")).hasMessageContaining("foreign key names_known was made on full_name")
                    .hasMessageContaining("Drop foreign key names_known");
            db.execute("ALTER TABLE customers DROP FOREIGN KEY names_known", "DROP INDEX names_known ON customers",
                    "ALTER TABLE customers ADD CONSTRAINT named CHECK (CHAR_LENGTH(full_name) > 1)");
            assertThatThrownBy(() -> v3.contract("2")).hasMessageContaining("CHECK named was made on full_name")
                    .hasMessageContaining("ALTER TABLE customers DROP CONSTRAINT named");
            db.execute("ALTER TABLE customers DROP CONSTRAINT named");
            assertThat(v3.contract("2")).isTrue();
            assertThat(v3.contract("3")).isTrue();
        }
        assertThat(db.query("SELECT CONCAT_WS(' ', index_name, non_unique, column_name, COALESCE(sub_part, '-'))"
                + " FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'customers'"
                + " AND index_name <> 'PRIMARY' ORDER BY seq_in_index"))
                .containsExactly(List.of("by_name_and_city 0 full_name 20"), List.of("by_name_and_city 0 city -"));
        assertThatThrownBy(() -> db.execute("INSERT INTO customers (id, full_name, city) VALUES (3, 'Ada', 'Paris')"))
                .as("the index still unique").hasMessageContaining("Duplicate entry");
        assertThat(db.query("SELECT id, full_name FROM customers ORDER BY id")).containsExactly(List.of(1L, "Ada"),
                List.of(2L, "Bob"));
    }

    /**
     * A trigger of the table that reads the row's column (NEW.total) fails once the contract drops the column,
     * and every write it fires on with it: after a drop_column or rename_column of total, every insert into
     * orders failed with "Unknown column 'total' in 'NEW'", on both servers. Now the expand warns, naming the
     * trigger, and the contract refuses to drop the column while a trigger still reads it, nothing of it run,
     * until the trigger is changed: the window, which has both shapes, is the time to do it. A drop_table of
     * a table another table's trigger writes into is named in a WARN.
     */
    @ServerTest
    void theContractWaitsForTheTriggersThatReadAColumnItDrops(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-triggers-")).write("V1__schema.sql", """
                CREATE TABLE orders (id BIGINT PRIMARY KEY, total INT NULL, note VARCHAR(20) NULL);
                CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(60));
                CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW
                  INSERT INTO audit (what) VALUES (CONCAT('total ', NEW.total));
                CREATE TRIGGER orders_note BEFORE INSERT ON orders FOR EACH ROW SET NEW.note = TRIM(NEW.note);
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__drops.yaml", """
                operations:
                  - drop_column: {table: orders, column: total}
                  - rename_column: {table: orders, from: note, to: remark}
                """);
        try (CapturedLog log = CapturedLog.start(); Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("V2__drops.yaml line 2") && m.contains("the trigger orders_audit of orders"
                            + " reads total (NEW.total or OLD.total)") && m.contains("the contract refuses"))
                    .anyMatch(m -> m.contains("V2__drops.yaml line 3") && m.contains("the trigger orders_note of orders"
                            + " reads note"));
            assertThatThrownBy(() -> tandem.contract("2")).hasMessageContaining("V2__drops.yaml line 2")
                    .hasMessageContaining("the trigger orders_audit of orders reads total")
                    .hasMessageContaining("every write it fires on fails").hasMessageContaining("then contract again")
                    .hasMessageContaining("Nothing of it ran");
            assertThat(tandem.status().migrations()).filteredOn(s -> s.version().equals("2"))
                    .extracting(s -> s.state().name()).as("refused before it began: still READY, so it can be rolled back")
                    .containsExactly("READY");
            db.execute("INSERT INTO orders (id, total, note) VALUES (1, 10, ' a ')");
            db.execute("DROP TRIGGER orders_audit");
            assertThatThrownBy(() -> tandem.contract("2")).hasMessageContaining("V2__drops.yaml line 3")
                    .hasMessageContaining("the trigger orders_note of orders reads note");
            // The second operation's refusal comes before the first one's contract: it dropped total, then stopped.
            assertThat(tandem.status().migrations()).filteredOn(s -> s.version().equals("2"))
                    .extracting(s -> s.state().name()).containsExactly("READY");
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'orders' AND column_name = 'total'")).as("nothing of the contract ran").isEqualTo(1L);
            db.execute("DROP TRIGGER orders_note",
                    "CREATE TRIGGER orders_remark BEFORE INSERT ON orders FOR EACH ROW SET NEW.remark = TRIM(NEW.remark)");
            tandem.contract("2");
        }
        db.execute("INSERT INTO orders (id, remark) VALUES (2, ' b ')");
        assertThat(db.query("SELECT id, remark FROM orders ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(2L, "b"));

        scripts.write("V3__audit.yaml", "operations:\n  - drop_table: {table: audit}\n");
        db.execute("CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW INSERT INTO audit (what) VALUES ('new')");
        try (CapturedLog log = CapturedLog.start(); Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("V3__audit.yaml line 2") && m.contains("the trigger orders_audit names the"
                            + " table audit in its body, which the contract drops"));
        }
    }

    /**
     * A later migration expanded while a rename was in flight has sync triggers that read the column by its old
     * name ({@code NEW.name}): the rename's contract took that name away, and from then on every write to the
     * table failed ("Unknown column 'name' in 'NEW'"). Now that contract refuses, nothing of it run, until the
     * later migration is contracted, which drops its triggers. The later one is 2.1, whose triggers' names begin
     * as 2's do ({@code _tandem_2_}), and are not taken for the rename's own.
     */
    @ServerTest
    void theContractOfARenameWaitsForALaterMigrationsTriggersThatReadTheOldName(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-later-")).write("V1__schema.sql",
                "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
                        + "INSERT INTO people VALUES (1, 'ada');\n");
        Nodes.applied(db, scripts);
        scripts.write("V2__full_name.yaml", "operations:\n  - rename_column: {table: people, from: name, to: full_name}\n")
                .write("V2_1__label.yaml", "operations:\n  - add_column: {table: people, column: label, type: VARCHAR(30),"
                        + " up: \"CONCAT('#', name)\"}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            assertThatThrownBy(() -> tandem.contract("2")).hasMessageContaining("V2__full_name.yaml line 2")
                    .hasMessageContaining("the triggers _tandem_2_1_people_label_bi, _tandem_2_1_people_label_bu of another"
                            + " migration not contracted yet read name")
                    .hasMessageContaining("Contract that migration first").hasMessageContaining("Nothing of it ran");
            db.execute("INSERT INTO people (id, name) VALUES (2, 'bob')");
            tandem.contract("2.1");
            tandem.contract("2");
        }
        db.execute("INSERT INTO people (id, full_name, label) VALUES (3, 'cy', '#cy')");
        assertThat(db.query("SELECT id, full_name, label FROM people ORDER BY id")).containsExactly(List.of(1L, "ada", "#ada"),
                List.of(2L, "bob", "#bob"), List.of(3L, "cy", "#cy"));
    }

    /** V1 applied; V2 renames people.name to full_name, V3 adds a column whose {@code up} reads name. */
    private static ScriptDir renameAndALaterMigrationThatReadsTheOldName(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-later-")).write("V1__schema.sql",
                "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL);\n");
        Nodes.applied(db, scripts);
        return scripts.write("V2__full_name.yaml", "operations:\n  - rename_column: {table: people, from: name, to: full_name}\n")
                .write("V3__label.yaml", "operations:\n  - add_column: {table: people, column: label, type: VARCHAR(30),"
                        + " up: \"CONCAT('#', name)\"}\n");
    }

    /** With autoContract, the rename refused so does not hold back the later migration: both end contracted. */
    @ServerTest
    void autoContractContractsTheLaterMigrationThatHoldsBackARename(TestDatabase db) throws Exception {
        ScriptDir scripts = renameAndALaterMigrationThatReadsTheOldName(db);
        try (Tandem tandem = Nodes.node(db, scripts, "3.0.0").autoContract(java.time.Duration.ofMillis(200))
                .heartbeatInterval(java.time.Duration.ofMillis(500)).instanceTtl(java.time.Duration.ofSeconds(3)).load()) {
            assertThat(tandem.start().ready()).isTrue();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (tandem.status().migrations().stream().anyMatch(m -> !m.state().name().equals("COMPLETED"))) {
                assertThat(System.nanoTime()).as("both contracted: %s", tandem.status().migrations()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        db.execute("INSERT INTO people (id, full_name, label) VALUES (1, 'ada', '#ada')");
        assertThat(db.query("SELECT id, full_name, label FROM people")).containsExactly(List.of(1L, "ada", "#ada"));
    }

    /**
     * A contract of all stopped at the rename refused so, and never reached the later migration that held it back: it
     * goes past it, contracts the later one, then the rename. An app that does not know the later migration cannot
     * clear the way: its contract of all is refused, nothing of it run.
     */
    @ServerTest
    void aContractOfAllContractsTheLaterMigrationThenTheRenameItHeldBack(TestDatabase db) throws Exception {
        ScriptDir scripts = renameAndALaterMigrationThatReadsTheOldName(db);
        try (Tandem tandem = Nodes.node(db, scripts, "3.0.0").load()) {
            assertThat(tandem.start().ready()).isTrue();
        }
        ScriptDir v2 = new ScriptDir(Files.createTempDirectory("tandem-all-v2-")).write("V1__schema.sql",
                        "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL);\n")
                .write("V2__full_name.yaml", "operations:\n  - rename_column: {table: people, from: name, to: full_name}\n");
        try (Tandem older = Nodes.node(db, v2, "2.0.0").load()) {
            assertThat(older.start().ready()).isTrue();
            assertThatThrownBy(older::contract).hasMessageContaining("refused to begin its contract")
                    .hasMessageContaining("Nothing of it ran");
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("READY");
        try (Tandem tandem = Nodes.node(db, scripts, "3.0.0").load()) {
            assertThat(tandem.start().ready()).isTrue();
            assertThat(tandem.contract()).containsExactly("3", "2");
        }
        assertThat(db.query("SELECT version, state FROM tandem_migrations WHERE version IN ('2', '3') ORDER BY version"))
                .containsExactly(List.of("2", "COMPLETED"), List.of("3", "COMPLETED"));
        db.execute("INSERT INTO people (id, full_name, label) VALUES (1, 'ada', '#ada')");
        assertThat(db.query("SELECT id, full_name, label FROM people")).containsExactly(List.of(1L, "ada", "#ada"));
    }

    /**
     * A contract of all that a later gate stops (V4: a live instance of 3.0.0 does not know it) still contracts the
     * rename it held back, once V3 cleared its way, and says what it contracted.
     */
    @ServerTest
    void aContractOfAllThatAGateStopsStillContractsTheRenameItHeldBack(TestDatabase db) throws Exception {
        ScriptDir scripts = renameAndALaterMigrationThatReadsTheOldName(db);
        try (Tandem three = Nodes.node(db, scripts, "3.0.0").load()) {
            assertThat(three.start().ready()).isTrue();
            scripts.write("V4__note.yaml", "operations:\n  - add_column: {table: people, column: note, type: VARCHAR(30)}\n");
            try (Tandem four = Nodes.node(db, scripts, "4.0.0").load()) {
                assertThat(four.start().ready()).isTrue();
                assertThatThrownBy(four::contract).isInstanceOf(dev.tandem.GateRefusedException.class)
                        .hasMessageStartingWith("Contracted migrations 1, 3, 2; then the contract of Migration 4");
            }
        }
        assertThat(db.query("SELECT version, state FROM tandem_migrations WHERE version IN ('2', '3', '4') ORDER BY version"))
                .containsExactly(List.of("2", "COMPLETED"), List.of("3", "COMPLETED"), List.of("4", "READY"));
    }

    /**
     * Neither server drops or renames a column the table is partitioned by: drop_column and rename_column of
     * one failed at the contract ("has a partitioning function dependency"; MySQL's drop: "Key column ...
     * doesn't exist"), after the whole change. Refused before the expand, alter_column too.
     */
    @ServerTest
    void aColumnTheTableIsPartitionedByIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE orders (id BIGINT NOT NULL, region INT NOT NULL DEFAULT 1, note VARCHAR(20) NULL,"
                + " PRIMARY KEY (id, region)) PARTITION BY LIST (region) (PARTITION p1 VALUES IN (1),"
                + " PARTITION p2 VALUES IN (2));\n";
        for (String operation : List.of("drop_column: {table: orders, column: region}",
                "rename_column: {table: orders, from: region, to: area}",
                "alter_column: {table: orders, column: region, type: BIGINT, nullable: false, up: region}")) {
            Refusal.refusedBeforeTheExpand(db, schema, "  - " + operation + "\n", "V2__refused.yaml line 2",
                    "orders is partitioned by `region`, which reads region", "Partition the table by other columns first");
        }
    }
}

package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.spi.Phase;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** rename_table through an updatable view, and add_foreign_key without a table copy. */
class RenameTableAndForeignKeyIT {

    private static final String V1 = """
            CREATE TABLE clients (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
            CREATE TABLE orders (id BIGINT PRIMARY KEY, client_id BIGINT NULL, total INT NOT NULL);
            INSERT INTO clients (name) VALUES ('Ada'), ('Grace');
            INSERT INTO orders VALUES (1, 1, 10), (2, 2, 20), (3, NULL, 30);
            """;

    private static ScriptDir scripts(String v2) throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-rt-")).write("V1__init.sql", V1).write("V2__change.yaml", v2);
    }


    @ServerTest
    void bothNamesWorkForReadsAndWritesDuringTheWindowAndTheContractSwapsThem(TestDatabase db) throws Exception {
        try (Tandem tandem = tandem(db, scripts("operations:\n  - rename_table: {from: clients, to: customers}\n"));
             Connection c = db.connection(); Statement s = c.createStatement()) {
            tandem.start();
            s.execute("INSERT INTO customers (name) VALUES ('New code')");
            long viaView;
            try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                viaView = rs.getLong(1);
            }
            assertThat(viaView).as("LAST_INSERT_ID() through the view").isEqualTo(3L);
            s.execute("INSERT INTO clients (name) VALUES ('Old code')");
            s.execute("UPDATE customers SET name = 'Ada L.' WHERE id = 1");
            s.execute("DELETE FROM clients WHERE id = 2");
            assertThat(db.query("SELECT id, name FROM customers ORDER BY id")).isEqualTo(db.query("SELECT id, name FROM clients ORDER BY id"))
                    .containsExactly(List.of(1L, "Ada L."), List.of(3L, "New code"), List.of(4L, "Old code"));

            tandem.contract("2");
            assertThat(db.queryValue("SELECT table_type FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers'")).isEqualTo("BASE TABLE");
            assertThat(db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND (table_name LIKE 'clients' OR table_type = 'VIEW')")).isEmpty();
            s.execute("INSERT INTO customers (name) VALUES ('After')");
            assertThat(db.queryValue("SELECT MAX(id) FROM customers")).as("auto-increment kept").isEqualTo(5L);
        }
    }

    @ServerTest
    void renameOntoAnExistingNameIsRefusedAndRollbackDropsTheView(TestDatabase db) throws Exception {
        try (Tandem tandem = tandem(db, scripts("operations:\n  - rename_table: {from: clients, to: orders}\n"))) {
            assertThatThrownBy(tandem::start).hasMessageContaining("a table or view orders already exists");
        }
        try (Tandem tandem = tandem(db, scripts("operations:\n  - rename_table: {from: clients, to: customers}\n"))) {
            tandem.start();
            tandem.rollback("2");
        }
        assertThat(db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers'")).isEmpty();
    }

    /**
     * The contract takes the old name away: a view that reads it, and a trigger of another table that writes
     * into it, fail from then on (every write of that other table with it). Both are named in a WARN before
     * the expand; the view fails after the contract, as warned.
     */
    @ServerTest
    void viewsAndTriggersThatNameTheOldNameAreNamedBeforeTheExpand(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-rename-")).write("V1__schema.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL);
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL);
                CREATE VIEW customer_names AS SELECT name FROM customers;
                CREATE TRIGGER orders_customer AFTER INSERT ON orders FOR EACH ROW
                  INSERT IGNORE INTO customers (id, name) VALUES (NEW.customer_id, 'new');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__rename.yaml", "operations:\n  - rename_table: {from: customers, to: clients}\n");
        try (CapturedLog log = CapturedLog.start(); Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            List<String> warnings = log.events().stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("V2__rename.yaml line 2")).toList();
            assertThat(warnings).anyMatch(m -> m.contains("the view customer_names reads the table customers, which the"
                    + " contract renames to clients")).anyMatch(m -> m.contains("the trigger orders_customer names the table"
                    + " customers in its body, which the contract renames to clients"));
            db.execute("INSERT INTO orders VALUES (1, 7)");
            tandem.contract("2");
        }
        assertThat(db.queryValue("SELECT name FROM clients WHERE id = 7")).isEqualTo("new");
        assertThatThrownBy(() -> db.query("SELECT * FROM customer_names")).as("as warned").hasMessageContaining("customer");
    }

    @ServerTest
    void addsAForeignKeyInPlaceAfterCheckingForOrphans(TestDatabase db) throws Exception {
        String fk = """
                operations:
                  - add_foreign_key:
                      table: orders
                      name: orders_client
                      columns: [client_id]
                      references: clients
                      referenced_columns: [id]
                """;
        ScriptDir scripts = scripts(fk).delete("V2__change.yaml");
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        db.execute("INSERT INTO orders VALUES (4, 99, 40), (5, 99, 50), (6, 98, 60)");
        scripts.write("V2__change.yaml", fk);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start)
                    .hasMessageContaining("rows reference keys that do not exist, for example (99) x2; (98) x1");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.table_constraints WHERE constraint_schema = DATABASE()"
                + " AND constraint_type = 'FOREIGN KEY'")).isEqualTo(0L);

        db.execute("DELETE FROM orders WHERE id >= 4");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.table_constraints WHERE constraint_schema = DATABASE()"
                    + " AND constraint_name = 'orders_client' AND constraint_type = 'FOREIGN KEY'")).isEqualTo(1L);
            assertThatThrownBy(() -> db.execute("INSERT INTO orders VALUES (7, 77, 70)")).hasMessageContaining("foreign key constraint");
            tandem.rollback("2");
        }
        assertThat(db.describeSchema()).as("key and its index gone").noneMatch(line -> line.contains("orders_client"));
    }

    /**
     * An index of the key's name that begins with its columns was there before (MySQL leaves one behind when a
     * key of that name is dropped): the expand uses it, and the rollback dropped it as if it had made it. Kept.
     */
    @ServerTest
    void theRollbackKeepsAnIndexOfTheKeysNameThatWasThereBefore(TestDatabase db) throws Exception {
        String fk = """
                operations:
                  - add_foreign_key: {table: orders, name: orders_client, columns: [client_id], references: clients,
                      referenced_columns: [id]}
                """;
        ScriptDir scripts = scripts(fk).delete("V2__change.yaml");
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        db.execute("CREATE INDEX orders_client ON orders (client_id, id)");
        List<String> before = db.describeSchema();
        scripts.write("V2__change.yaml", fk);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            tandem.rollback("2");
        }
        assertThat(db.describeSchema()).as("the user's index stays").isEqualTo(before);
    }

    /**
     * A migration whose foreign key uses the index an earlier operation of it makes: its rollback dropped the index
     * first, which the key needs (1553), and failed every time, keeping every node that knows it from starting.
     * Operations are undone in the reverse of their order.
     */
    @ServerTest
    void aRollbackUndoesTheOperationsInTheReverseOfTheirOrder(TestDatabase db) throws Exception {
        String indexAndKey = """
                operations:
                  - create_index: {table: orders, name: orders_by_client, columns: [client_id]}
                  - add_foreign_key: {table: orders, name: orders_client, columns: [client_id], references: clients,
                      referenced_columns: [id]}
                """;
        ScriptDir scripts = scripts(indexAndKey).delete("V2__change.yaml");
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V2__change.yaml", indexAndKey);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            tandem.rollback("2");
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("ROLLED_BACK");
        assertThat(db.describeSchema()).as("both undone").isEqualTo(before);
    }

    @ServerTest
    void aForeignKeyBetweenColumnsOfDifferentTypesIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("""
                operations:
                  - add_foreign_key: {table: notes, name: notes_client, columns: [client_ref], references: clients,
                      referenced_columns: [id]}
                """).write("V1_1__notes.sql", "CREATE TABLE notes (id BIGINT PRIMARY KEY, client_ref INT NULL);\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start).hasMessageContaining("notes.client_ref is int")
                    .hasMessageContaining("a foreign key needs the same type");
        }
    }

    /** The server needs an index of the referenced table to begin with the referenced columns: the index step ran first. */
    @ServerTest
    void aForeignKeyToColumnsNoIndexBeginsWithIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        Refusal.refusedBeforeTheExpand(db, "CREATE TABLE clients (id BIGINT PRIMARY KEY, code VARCHAR(10) NOT NULL);\n"
                        + "CREATE TABLE notes (id BIGINT PRIMARY KEY, client_code VARCHAR(10) NULL);\n",
                "  - add_foreign_key: {table: notes, name: notes_client, columns: [client_code], references: clients,"
                        + " referenced_columns: [code]}\n",
                "a foreign key of notes references clients [code], but no index of clients begins with those columns");
    }

    /**
     * A schema's foreign keys share one namespace, and a key no index begins with gets an index named like it.
     * Each of these names, taken by another table's key, by an earlier operation of the migration, or by an
     * index, used to fail the key's expand (MariaDB: "Failed to add the foreign key constraint ... to system
     * tables"), after the operations and the index step before it had run.
     */
    @ServerTest
    void aForeignKeyOrItsIndexNamedLikeAnotherIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE clients (id BIGINT PRIMARY KEY);\n"
                + "CREATE TABLE orders (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL, note VARCHAR(100) NOT NULL,"
                + " INDEX by_note (note));\n"
                + "CREATE TABLE invoices (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL,"
                + " CONSTRAINT invoices_client FOREIGN KEY (client_id) REFERENCES clients (id));\n"
                + "CREATE TABLE notes (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL);\n";
        String key = "  - add_foreign_key: {table: %s, name: %s, columns: [client_id], references: clients,"
                + " referenced_columns: [id]}\n";
        Refusal.refusedBeforeTheExpand(db, schema, key.formatted("orders", "invoices_client"),
                "the table invoices has a foreign key named invoices_client", "choose another name");
        Refusal.refusedBeforeTheExpand(db, schema, key.formatted("orders", "by_client") + key.formatted("notes", "by_client"),
                "V2__refused.yaml line 3", "an earlier operation of this migration adds a foreign key named by_client");
        Refusal.refusedBeforeTheExpand(db, schema, key.formatted("orders", "by_note"), "no index of orders begins with"
                + " (client_id), so the key needs one of its own, named by_note", "name the key otherwise");
        Refusal.refusedBeforeTheExpand(db, schema, key.formatted("orders", "orders_client")
                + "  - create_index: {table: orders, name: orders_client, columns: [note]}\n", "V2__refused.yaml line 3",
                "an earlier operation of this migration makes an index orders_client on orders");
        Refusal.refusedBeforeTheExpand(db, schema, key.formatted("orders", "orders_client") + "  - create_index: {table:"
                + " orders, name: orders_client, columns: [note], kind: fulltext, allow_blocking: true}\n",
                "V2__refused.yaml line 3", "an earlier operation of this migration makes an index orders_client");
        // An index an earlier operation makes that begins with the columns serves the key: it needs no name of its own.
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, key.formatted("orders", "by_note"), "name the key otherwise");
        scripts.write("V2__refused.yaml", "operations:\n  - create_index: {table: orders, name: by_client, columns: [client_id]}\n"
                + key.formatted("orders", "orders_client"));
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.referential_constraints WHERE"
                + " constraint_schema = DATABASE() AND constraint_name = 'orders_client'")).isEqualTo(1L);
    }

    /**
     * The same for a create_table's named foreign key, and for CHECK names on MySQL, whose CHECKs share the
     * schema's namespace too (MariaDB's are the table's own: there both migrations go through). The trial on a
     * temporary table had seen neither another table's CHECK nor an earlier operation's.
     */
    @ServerTest
    void aCreateTablesForeignKeyOrACheckNamedLikeAnotherOfTheSchemaIsRefusedWhereNamesAreShared(TestDatabase db)
            throws Exception {
        String schema = "CREATE TABLE clients (id BIGINT PRIMARY KEY);\n"
                + "CREATE TABLE orders (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL, total INT NOT NULL,"
                + " CONSTRAINT orders_client FOREIGN KEY (client_id) REFERENCES clients (id),"
                + " CONSTRAINT total_positive CHECK (total >= 0));\n"
                + "CREATE TABLE items (id BIGINT PRIMARY KEY, qty INT NOT NULL);\n";
        String first = "  - add_column: {table: items, column: note, type: VARCHAR(20)}\n";
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - create_table: {table: audit, columns: [id BIGINT PRIMARY KEY,"
                + " client_id BIGINT NOT NULL, CONSTRAINT `orders_client` FOREIGN KEY (client_id) REFERENCES clients (id)]}\n",
                "V2__refused.yaml line 3", "the table orders has a foreign key named orders_client");
        String checkOfAnotherTable = first + "  - create_table: {table: audit, columns: [id BIGINT PRIMARY KEY,"
                + " total INT NOT NULL, CONSTRAINT total_positive CHECK (total >= 0)]}\n";
        String checkTwice = first + "  - add_check: {table: items, name: qty_positive, check: \"qty >= 0\", allow_blocking: true}\n"
                + "  - add_check: {table: orders, name: qty_positive, check: \"total >= 0\", allow_blocking: true}\n";
        if (db.flavor() == Flavor.MYSQL) {
            Refusal.refusedBeforeTheExpand(db, schema, checkOfAnotherTable, "V2__refused.yaml line 3",
                    "the table orders has a CHECK constraint named total_positive");
            Refusal.refusedBeforeTheExpand(db, schema, checkTwice, "V2__refused.yaml line 4",
                    "an earlier operation of this migration adds a CHECK constraint named qty_positive");
            return;
        }
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-names-")).write("V1__schema.sql", schema);
        Nodes.applied(db, scripts);
        for (String operations : List.of(checkOfAnotherTable, checkTwice)) {
            scripts.write("V2__checks.yaml", "operations:\n" + operations);
            try (Tandem tandem = tandem(db, scripts)) {
                assertThat(tandem.start().ready()).as(operations).isTrue();
                tandem.rollback("2");
            }
        }
    }

    /**
     * A CHECK the server refuses for what it is (a function it may not call, a name another constraint has)
     * used to fail at the expand, after the operations before it had run theirs.
     */
    @ServerTest
    void aCheckTheServerRefusesIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE bills (id BIGINT PRIMARY KEY, total INT NOT NULL, due DATETIME NULL,"
                + " CONSTRAINT bills_total_positive CHECK (total >= 0));\n";
        String first = "  - add_column: {table: bills, column: note, type: VARCHAR(20)}\n";
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - add_check: {table: bills, name: bills_due_future,"
                + " check: due > NOW(), allow_blocking: true}\n", "add_check bills_due_future",
                "the server does not accept the constraint on bills");
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - add_check: {table: bills, name: bills_total_positive,"
                + " check: total > 0, allow_blocking: true}\n", db.flavor() == Flavor.MYSQL
                        ? "the table bills has a CHECK constraint named bills_total_positive" // the schema's names
                        : "the server does not accept the constraint on bills", "bills_total_positive");
    }

    @ServerTest
    void addsACheckAfterTheRowsPassIt(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("operations:\n  - add_check: {table: orders, name: orders_total_small, check: total < 25,"
                + " allow_blocking: true}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start).hasMessageContaining("rows violate (total < 25), for example (3, ...)");
        }
        scripts.write("V2__change.yaml", "operations:\n  - add_check: {table: orders, name: orders_total_positive, check: total >= 0}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start).hasMessageContaining("copy the whole table to add a CHECK constraint")
                    .hasMessageContaining("allow_blocking: true");
        }
        scripts.write("V2__change.yaml", "operations:\n  - add_check: {table: orders, name: orders_total_positive, check: total >= 0,"
                + " allow_blocking: true}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            assertThatThrownBy(() -> db.execute("INSERT INTO orders VALUES (9, NULL, -1)")).hasMessageContaining("orders_total_positive");
            tandem.rollback("2");
        }
        db.execute("INSERT INTO orders VALUES (9, NULL, -1)");
    }

    /**
     * A row that breaks the CHECK arrives between the check of the rows and the expand's ALTER, which fails: nothing
     * was added. The rollback's DROP CHECK then failed on MySQL ("not found", 3821, not taken for "already gone"),
     * every time, and a FAILED rollback keeps every node that knows the migration from starting.
     */
    @ServerTest
    void aCheckWhoseExpandFailedIsRolledBack(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("operations:\n  - add_check: {table: orders, name: orders_total_positive, check: total >= 0,"
                + " allow_blocking: true}\n");
        StepHook breakingRow = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (version.equals("2") && phase == Phase.EXPAND) {
                    try {
                        db.execute("INSERT INTO orders VALUES (9, NULL, -1)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        try (Tandem tandem = EngineAccess.stepHook(Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()), breakingRow).load()) {
            assertThatThrownBy(tandem::start).hasMessageContaining("failed in expand at step 1");
        }
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.rollback("2");
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("ROLLED_BACK");
        db.execute("INSERT INTO orders VALUES (10, NULL, -2)");
    }
}

package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.ScriptException;
import dev.tandem.Tandem;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** create_table, drop_table, create_index, drop_index and set_not_null through their phases. */
class TableAndIndexIT {

    private static final String V1 = """
            CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100) NULL,
              country VARCHAR(2) NULL DEFAULT 'NL' COMMENT 'ISO code');
            CREATE INDEX customers_name ON customers (name);
            CREATE TABLE legacy (id INT PRIMARY KEY);
            INSERT INTO customers VALUES (1, 'Ada', 'a@example.com', NULL), (2, 'Ada', 'a@example.com', 'GB'),
              (3, 'Grace', NULL, NULL);
            """;

    private static ScriptDir scripts(String v2) throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-table-")).write("V1__init.sql", V1).write("V2__change.yaml", v2);
    }


    private static long tables(TestDatabase db, String name) throws Exception {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = '" + name + "'");
    }

    /** {@code create_table audit} with {@code columns}, after an add_column, is refused saying {@code message}. */
    private static void refusedAfterAnAddColumn(TestDatabase db, String columns, String... messages) throws Exception {
        List<String> expected = new ArrayList<>(List.of("V2__refused.yaml line 3: create_table audit"));
        expected.addAll(List.of(messages));
        Refusal.refusedBeforeTheExpand(db, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n",
                "  - add_column: {table: customers, column: nick, type: VARCHAR(20)}\n"
                        + "  - create_table: {table: audit, columns: " + columns + "}\n", expected.toArray(String[]::new));
    }

    /**
     * A create_table whose definitions the server refuses, or whose foreign key names a table or column not
     * there, used to fail at its expand step: after an add_column before it in the script had run its steps,
     * so the migration was left FAILED half way, its script no longer to be corrected. Now its definitions are
     * tried on a temporary table first, and what its foreign keys reference looked up.
     */
    @ServerTest
    void aTableDefinitionTheServerRefusesStopsTheMigrationBeforeAnythingRuns(TestDatabase db) throws Exception {
        for (String columns : List.of("[id BIGINT PRIMARY KEY, note VARCHR(20)]", "[id BIGINT PRIMARY KEY, n INT DEFAULT 'x']",
                "[id BIGINT PRIMARY KEY, INDEX audit_x (x)]",
                "[id BIGINT PRIMARY KEY, 'customer_id BIGINT REFERENCES customers (id)', note VARCHAR(200) NOT NULL,"
                        + " 'FOREIGN KEY (customer_id) REFERENCES customers (id)', FULLTEXT INDEX audit_note (note),"
                        + " n INT DEFAULT 'x']")) {
            refusedAfterAnAddColumn(db, columns, "the server does not accept the definitions of table audit");
        }
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, customer_id BIGINT, 'FOREIGN KEY (customer_id) REFERENCES"
                + " customer (id)']", "a foreign key of audit references the table customer, which is not in this schema");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, customer_id BIGINT, 'CONSTRAINT audit_customer FOREIGN KEY"
                + " (customer_id) REFERENCES customers (customer_id)']", "the table customers has no column customer_id");
    }

    /**
     * A create_table whose foreign key the server would refuse for what it references (another type, another
     * collation, no index beginning with the referenced columns, a column not in the new table, as many
     * columns on both sides), in the live schema, in the table itself or in one made before it in the migration,
     * used to fail at its expand, after the operations before it had run theirs.
     */
    @ServerTest
    void aForeignKeyThatDoesNotFitWhatItReferencesStopsTheMigrationBeforeAnythingRuns(TestDatabase db) throws Exception {
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, customer_id INT, 'FOREIGN KEY (customer_id) REFERENCES"
                + " customers (id)']", "audit.customer_id is int", "but customers.id is bigint", "a foreign key needs the same type");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, customer_name VARCHAR(100) COLLATE utf8mb4_bin,"
                + " 'FOREIGN KEY (customer_name) REFERENCES customers (name)']", "a foreign key needs the same collation");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, customer_name VARCHAR(100), 'FOREIGN KEY (customer_name)"
                + " REFERENCES customers (name)']", "no index of customers begins with those columns");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, 'FOREIGN KEY (customer_id) REFERENCES customers (id)']",
                "the table audit has no column customer_id");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, customer_id BIGINT, 'FOREIGN KEY (customer_id, id) REFERENCES"
                + " customers (id)']", "2 column(s) against 1");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, reply_to INT, 'FOREIGN KEY (reply_to) REFERENCES audit (id)']",
                "audit.reply_to is int", "but audit.id is bigint");
        Refusal.refusedBeforeTheExpand(db, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n",
                "  - add_column: {table: customers, column: nick, type: VARCHAR(20)}\n"
                        + "  - create_table: {table: audit, columns: [id BIGINT PRIMARY KEY, code VARCHAR(10) NOT NULL]}\n"
                        + "  - create_table: {table: audit_reply, columns: [id BIGINT PRIMARY KEY, audit_code VARCHAR(10),"
                        + " 'FOREIGN KEY (audit_code) REFERENCES audit (code)']}\n",
                "V2__refused.yaml line 4: create_table audit_reply",
                "a foreign key of audit_reply references audit [code], but no index of audit begins with those columns");
    }

    /**
     * An index the server would refuse for what it is (a prefix on a number, a prefix longer than the column)
     * used to fail at the expand, after an operation before it had run its steps: now tried on an empty
     * temporary copy of the table first.
     */
    @ServerTest
    void anIndexTheServerRefusesStopsTheMigrationBeforeAnythingRuns(TestDatabase db) throws Exception {
        for (String columns : List.of("[id(10)]", "[name(200)]", "[email, id(4)]")) {
            Refusal.refusedBeforeTheExpand(db, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                            + " email VARCHAR(100));\n",
                    "  - add_column: {table: customers, column: nick, type: VARCHAR(20)}\n"
                            + "  - create_index: {table: customers, name: customers_x, columns: " + columns + "}\n",
                    "V2__refused.yaml line 3: create_index customers_x", "the server does not accept the index on customers",
                    "Incorrect prefix key");
        }
    }

    /**
     * An index over a column an earlier operation of the migration adds used to be left to the expand: MySQL's
     * refusal of a TEXT column indexed whole came after the column was added (MariaDB indexes it whole). It is
     * now tried on the empty copy with that column. A unique index over such a column, whose values are not
     * there to check for repeats, is refused: a repeat its backfill writes would stop it half way (and old
     * code's writes through the sync triggers with it).
     */
    @ServerTest
    void anIndexOverAColumnAnEarlierOperationAddsIsTriedAndAUniqueOneIsRefused(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE people (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL);\n"
                + "INSERT INTO people VALUES (1, 'ada'), (2, 'alan'), (3, 'bob');\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - add_column: {table: people, column: initial, type: CHAR(1),"
                + " up: \"LEFT(name, 1)\"}\n  - create_index: {table: people, name: by_initial, columns: [initial],"
                + " unique: true}\n", "V2__refused.yaml line 3", "the unique index covers initial, which an earlier"
                + " operation of this migration adds", "in a later migration");
        String textIndexed = "  - add_column: {table: people, column: bio, type: TEXT}\n"
                + "  - create_index: {table: people, name: by_bio, columns: [bio]}\n";
        if (db.flavor() == Flavor.MYSQL) {
            Refusal.refusedBeforeTheExpand(db, schema, textIndexed, "V2__refused.yaml line 3: create_index by_bio",
                    "the server does not accept the index on people", "without a key length");
            return;
        }
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-index-")).write("V1__schema.sql", schema);
        Nodes.applied(db, scripts);
        scripts.write("V2__bio.yaml", "operations:\n" + textIndexed);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name = 'by_bio'")).isEqualTo(1L);
    }

    /**
     * A FULLTEXT or SPATIAL index, which the temporary table cannot have, over a column not in the table, over a
     * column that is no text (FULLTEXT), or under a name another index has, used to fail at the expand.
     */
    @ServerTest
    void aFullTextIndexTheServerWouldRefuseStopsTheMigrationBeforeAnythingRuns(TestDatabase db) throws Exception {
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, note TEXT, FULLTEXT INDEX audit_note (notes)]",
                "the table audit has no column notes");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, n INT, FULLTEXT INDEX audit_n (n)]",
                "a FULLTEXT index of audit covers n, which is int");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, note TEXT, code INT, INDEX audit_note (code),"
                + " FULLTEXT INDEX audit_note (note)]", "the table audit already has an index audit_note");
        refusedAfterAnAddColumn(db, "[id BIGINT PRIMARY KEY, note TEXT, title VARCHAR(100), FULLTEXT INDEX words (note),"
                + " FULLTEXT INDEX WORDS (title)]", "the table audit already has an index WORDS");
    }

    /**
     * Two operations of one migration that give a new table or view one name: the second used to fail at its
     * expand, after the first had made its table.
     */
    @ServerTest
    void aNameTwoOperationsOfOneMigrationGiveATableIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - create_table: {table: audit, columns: [id BIGINT PRIMARY KEY]}\n"
                        + "  - create_table: {table: AUDIT, columns: [id BIGINT PRIMARY KEY, note TEXT]}\n",
                "V2__refused.yaml line 3: create_table AUDIT",
                "an earlier operation of this migration already makes a table or view AUDIT");
        Refusal.refusedBeforeTheExpand(db, schema, "  - create_table: {table: clients, columns: [id BIGINT PRIMARY KEY]}\n"
                        + "  - rename_table: {from: customers, to: clients}\n",
                "V2__refused.yaml line 3: rename_table customers to clients",
                "an earlier operation of this migration already makes a table or view clients");
    }

    /**
     * The checks leave out of their temporary table what one cannot have, and do not refuse a table that has it,
     * nor a foreign key to a table made before it in the migration, or to itself, nor one of text to a column of
     * text of another length, which a plain index begins with.
     */
    @ServerTest
    void aTableWithForeignKeysAndAFullTextIndexIsNotRefusedByTheCheck(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("""
                operations:
                  - create_table: {table: audit, columns: [id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT NOT NULL,
                      note VARCHAR(200) NOT NULL, CONSTRAINT audit_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
                      FULLTEXT INDEX audit_note (note), customer_name CHAR(40) NULL,
                      FOREIGN KEY (customer_name) REFERENCES customers (name)]}
                  - create_table:
                      table: audit_reply
                      columns:
                        - id BIGINT PRIMARY KEY
                        - audit_id BIGINT NOT NULL
                        - reply_to BIGINT NULL
                        - FOREIGN KEY (audit_id) REFERENCES audit (id)
                        - FOREIGN KEY (reply_to) REFERENCES audit_reply (id)
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.referential_constraints"
                + " WHERE constraint_schema = DATABASE() AND table_name = 'audit'"))
                .as("to a key and, in text of another length, to a column a plain index begins with").isEqualTo(2L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.referential_constraints"
                + " WHERE constraint_schema = DATABASE() AND table_name = 'audit_reply'"))
                .as("referencing a table made before it in the migration, and itself").isEqualTo(2L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'audit' AND index_type = 'FULLTEXT'")).isEqualTo(1L);
    }

    @ServerTest
    void createsTablesAtExpandAndDropsOldOnesAtContract(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("""
                operations:
                  - create_table:
                      table: audit
                      columns:
                        - id BIGINT AUTO_INCREMENT PRIMARY KEY
                        - customer_id BIGINT NOT NULL
                        - INDEX audit_customer (customer_id)
                  - drop_table:
                      table: legacy
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            assertThat(tables(db, "audit")).isEqualTo(1L);
            assertThat(tables(db, "legacy")).as("old code still uses it").isEqualTo(1L);
            tandem.contract("2");
            assertThat(tables(db, "legacy")).isEqualTo(0L);
        }
        scripts.write("V3__again.yaml", "operations:\n  - create_table: {table: audit, columns: [id INT PRIMARY KEY]}\n");
        try (Tandem again = tandem(db, scripts)) {
            assertThatThrownBy(again::start).hasMessageContaining("a table or view audit already exists");
        }
    }

    /**
     * drop_table of a table another table's foreign key references: the contract failed on the server's refusal
     * and stayed FAILED; refused before the expand now, unless the migration drops the referencing table first. A
     * drop_table of a view did nothing at its contract (DROP TABLE IF EXISTS of a view is a note on MySQL) and said
     * it was done.
     */
    @ServerTest
    void aTableAForeignKeyReferencesIsNotDroppedAndAViewIs(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE parent (id INT PRIMARY KEY);\n"
                + "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NULL, FOREIGN KEY (parent_id) REFERENCES parent (id));\n"
                + "CREATE VIEW parent_ids AS SELECT id FROM parent;\n";
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, "  - drop_table: {table: parent}\n",
                "V2__refused.yaml line 2: drop_table parent", "the foreign key child_ibfk_1 of child references parent",
                "ALTER TABLE child DROP FOREIGN KEY child_ibfk_1");
        scripts.write("V2__refused.yaml", "operations:\n  - drop_table: {table: parent_ids}\n  - drop_table: {table: child}\n"
                + "  - drop_table: {table: parent}\n");
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            assertThat(tandem.contract("2")).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
                .as("the view, the child and the parent dropped").isEqualTo(4L); // Tandem's three tables and Flyway's
    }

    /**
     * set_not_null's backfill ran marked as a backfill, so the sync triggers of every operation left its writes
     * alone: a column an add_column computes from the one it fills kept what it had computed from the NULL. And an
     * old writer's NULL reaches the add_column's triggers filled only where set_not_null's fire first: the fill comes
     * first in the script, and the other order is refused (there region stayed NULL for good).
     */
    @ServerTest
    void aColumnComputedFromOneSetNotNullFillsFollowsIt(TestDatabase db) throws Exception {
        String region = "  - add_column: {table: customers, column: region, type: VARCHAR(10) NULL, up: \"CONCAT('R-', country)\","
                + " strategy: in_place}\n";
        String fill = "  - set_not_null: {table: customers, column: country, up: \"'US'\"}\n";
        ScriptDir scripts = scripts("operations:\n" + region + fill);
        try (Tandem refused = tandem(db, scripts)) {
            assertThatThrownBy(refused::start).hasMessageContaining("set_not_null customers.country")
                    .hasMessageContaining("add_column customers.region read country and fire before this one's")
                    .hasMessageContaining("Put this set_not_null before V2__change.yaml line 2: add_column customers.region");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND column_name = 'region'")).as("nothing ran").isEqualTo(0L);
        scripts.write("V2__change.yaml", "operations:\n" + fill + region);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
            db.execute("INSERT INTO customers (id, name, country) VALUES (4, 'Linus', NULL)");
        }
        assertThat(db.query("SELECT id, country, region FROM customers ORDER BY id")).containsExactly(
                List.of(1L, "US", "R-US"), List.of(2L, "GB", "R-GB"), List.of(3L, "US", "R-US"), List.of(4L, "US", "R-US"));
    }

    @ServerTest
    void rollbackOfCreateTableDropsIt(TestDatabase db) throws Exception {
        try (Tandem tandem = tandem(db, scripts("operations:\n  - create_table: {table: audit, columns: [id INT PRIMARY KEY]}\n"))) {
            tandem.start();
            tandem.rollback("2");
        }
        assertThat(tables(db, "audit")).isEqualTo(0L);
    }

    @ServerTest
    void createsIndexesOnlineAndRefusesAUniqueIndexOverDuplicates(TestDatabase db) throws Exception {
        try (Tandem tandem = tandem(db, scripts("""
                operations:
                  - create_index: {table: customers, name: customers_email_name, columns: [email, name(10)]}
                """))) {
            tandem.start();
        }
        assertThat(db.query("SELECT column_name, CAST(sub_part AS CHAR), CAST(non_unique AS CHAR) FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND index_name = 'customers_email_name' ORDER BY seq_in_index"))
                .containsExactly(java.util.Arrays.<Object>asList("email", null, "1"),
                        java.util.Arrays.<Object>asList("name", "10", "1"));

        try (Tandem unique = tandem(db, scripts("""
                operations:
                  - create_index: {table: customers, name: customers_email_name, columns: [email, name(10)]}
                """).write("V3__unique.yaml", """
                operations:
                  - create_index: {table: customers, name: customers_email_unique, columns: [email, name(2)], unique: true}
                """))) {
            // A prefix is grouped by LEFT(name, 2), which MySQL's only_full_group_by once refused to show whole.
            assertThatThrownBy(unique::start)
                    .hasMessageContaining("the table has rows with the same key, so a unique index would fail")
                    .hasMessageContaining("(a@example.com, Ad) x2");
        }
        assertThatThrownBy(() -> new ScriptDir(Files.createTempDirectory("tandem-ft-"))
                .write("V1__ft.yaml", "operations:\n  - create_index: {table: t, name: ft, columns: [body], kind: fulltext}\n")
                .scan().all().get(0).parse())
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("a fulltext index blocks writes to t while it builds; say 'allow_blocking: true'");
    }

    /**
     * An operation on a view (a rename_table's new name is one until its contract) failed with the server's words,
     * "You have an error in your SQL syntax ... near 'null'" for an add_column on both servers, naming no view.
     * It is refused before the expand, saying so and what to name instead.
     */
    @ServerTest
    void anOperationOnAViewIsRefusedBeforeAnythingRunsAndSaysItIsAView(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n"
                + "CREATE VIEW clients AS SELECT * FROM customers;\n";
        Refusal.refusedBeforeTheExpand(db, schema, "  - create_index: {table: customers, name: by_name, columns: [name]}\n"
                + "  - add_column: {table: clients, column: note, type: VARCHAR(20)}\n",
                "V2__refused.yaml line 3: add_column clients.note: clients is a view, not a table",
                "its table keeps the old name until that migration's contract");
    }

    /**
     * A FULLTEXT index over a column of no text, a SPATIAL one over a nullable or non-geometry column, used to fail
     * at the expand, after the operations before it had run theirs; a prefix length the script gives one is
     * refused as the script is read.
     */
    @ServerTest
    void aFullTextOrSpatialIndexOverColumnsItCannotTakeIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE places (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, spot POINT NULL, n INT);\n";
        String first = "  - add_column: {table: places, column: nick, type: VARCHAR(20)}\n";
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - create_index: {table: places, name: places_n, columns: [n],"
                + " kind: fulltext, allow_blocking: true}\n", "a FULLTEXT index of places covers n, which is int");
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - create_index: {table: places, name: places_spot, columns:"
                + " [spot], kind: spatial, allow_blocking: true}\n", "a SPATIAL index of places covers spot, which is point NULL");
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - create_index: {table: places, name: places_name, columns:"
                + " [name], kind: spatial, allow_blocking: true}\n", "a SPATIAL index of places covers name, which is varchar");
        assertThatThrownBy(() -> new ScriptDir(Files.createTempDirectory("tandem-ft-"))
                .write("V1__ft.yaml", "operations:\n  - create_index: {table: t, name: ft, columns: [body(10)], kind: fulltext,"
                        + " allow_blocking: true}\n")
                .scan().all().get(0).parse())
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("a fulltext index takes whole columns, not 'body(10)'");
    }

    /**
     * An index that is the only one a foreign key can use, on its table or on the table it references: the server
     * refuses to drop it, which failed the contract, after new code had taken over. Another index that begins
     * with the key's columns lets it go.
     */
    @ServerTest
    void anIndexOnlyItCanServeAForeignKeyIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        String schema = """
                CREATE TABLE parents (id BIGINT PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY parents_code (code));
                CREATE TABLE kids (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, parent_code VARCHAR(10),
                  INDEX kids_parent (parent_id), CONSTRAINT kids_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id),
                  CONSTRAINT kids_code_fk FOREIGN KEY (parent_code) REFERENCES parents (code));
                CREATE TABLE twins (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, INDEX twins_a (parent_id),
                  INDEX twins_b (parent_id, id), CONSTRAINT twins_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id));
                """;
        String first = "  - add_column: {table: parents, column: note, type: VARCHAR(20)}\n";
        Refusal.refusedBeforeTheExpand(db, schema, first + "  - drop_index: {table: kids, name: kids_parent}\n",
                "V2__refused.yaml line 3: drop_index kids_parent", "the foreign key kids_parent_fk needs an index of kids"
                        + " that begins with [parent_id], and kids_parent is the only one");
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, first
                        + "  - drop_index: {table: parents, name: parents_code}\n", "the foreign key kids_code_fk needs an"
                + " index of parents that begins with [code], and parents_code is the only one");
        assertThatThrownBy(() -> db.execute("ALTER TABLE kids DROP INDEX kids_parent")).as("the server's own refusal")
                .hasMessageContaining("foreign key");
        assertThatThrownBy(() -> db.execute("ALTER TABLE parents DROP INDEX parents_code")).hasMessageContaining("foreign key");

        scripts.write("V2__refused.yaml", "operations:\n" + first + "  - drop_index: {table: twins, name: twins_a}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            tandem.contract("2");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'twins' AND index_name = 'twins_a'")).as("dropped: twins_b serves the key").isEqualTo(0L);
    }

    @ServerTest
    void dropIndexHidesItAtExpandDropsItAtContractAndRollbackBringsItBack(TestDatabase db) throws Exception {
        String hidden = db.flavor() == Flavor.MARIADB ? "ignored" : "CASE is_visible WHEN 'NO' THEN 'YES' ELSE 'NO' END";
        String query = "SELECT " + hidden + " FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name = 'customers_name'";
        ScriptDir scripts = scripts("operations:\n  - drop_index: {table: customers, name: customers_name}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            assertThat(db.queryValue(query)).as("hidden from the optimizer, still maintained").isEqualTo("YES");
            assertThatThrownBy(() -> db.query("SELECT id FROM customers FORCE INDEX (customers_name) WHERE name = 'a'"))
                    .as("a hint naming it fails, as operations.md says").hasMessageContaining("customers_name");
            tandem.rollback("2");
            assertThat(db.queryValue(query)).isEqualTo("NO");
            tandem.start();
            tandem.contract("2");
            assertThat(db.query(query)).isEmpty();
        }
    }

    /**
     * A later migration's foreign key takes the index a drop_index in flight hides as its own: the drop_index's
     * contract then failed on the server's "needed in a foreign key constraint", recorded failed in contract, where
     * it could be neither rolled back nor contracted. Refused before the contract begins, which leaves it READY.
     */
    @ServerTest
    void aDropIndexWhoseIndexALaterForeignKeyTookIsRefusedBeforeItsContract(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-fk-index-")).write("V1__orders.sql",
                        "CREATE TABLE customers (id BIGINT PRIMARY KEY);\n"
                                + "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NULL);\n"
                                + "CREATE INDEX orders_customer ON orders (customer_id);\n")
                .write("V2__drop.yaml", "operations:\n  - drop_index: {table: orders, name: orders_customer}\n")
                .write("V3__fk.yaml", "operations:\n  - add_foreign_key: {table: orders, name: orders_customer_fk,"
                        + " columns: [customer_id], references: customers, referenced_columns: [id]}\n");
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            tandem.start();
            List<List<Object>> indexes = db.query("SELECT DISTINCT index_name FROM information_schema.statistics"
                    + " WHERE table_schema = DATABASE() AND table_name = 'orders' AND index_name <> 'PRIMARY'");
            assumeTrue(indexes.size() == 1,
                    "the foreign key made an index of its own: " + indexes);
            assertThatThrownBy(() -> tandem.contract("2")).hasMessageContaining("the foreign key orders_customer_fk needs"
                    + " an index of orders that begins with [customer_id], and orders_customer is the only one");
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("READY");
    }

    /**
     * An INVISIBLE column made NOT NULL stays invisible: the contract's MODIFY redefined it without the word, and
     * it appeared in every SELECT * and failed every INSERT without a column list. One without a default is refused
     * before the expand: every INSERT that leaves it out would fail (MariaDB refuses it outright).
     */
    @ServerTest
    void setNotNullKeepsAnInvisibleColumnInvisible(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(20) NOT NULL, tag INT NULL INVISIBLE);\n"
                + "INSERT INTO notes (id, body) VALUES (1, 'a');\n";
        ScriptDir scripts = Refusal.refusedBeforeTheExpand(db, schema, "  - set_not_null: {table: notes, column: tag, up: \"0\"}\n",
                "tag is INVISIBLE without a default", "Give it a default first").delete("V2__refused.yaml");
        db.execute("ALTER TABLE notes ALTER COLUMN tag SET DEFAULT 7");
        scripts.write("V2__tag.yaml", "operations:\n  - set_not_null: {table: notes, column: tag, up: \"0\"}\n");
        try (Tandem tandem = Nodes.tandem(db, scripts)) {
            tandem.start();
            assertThat(tandem.contract("2")).isTrue();
        }
        assertThat(String.valueOf(db.queryValue("SELECT extra FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'notes' AND column_name = 'tag'")).toUpperCase()).contains("INVISIBLE");
        db.execute("INSERT INTO notes VALUES (2, 'b')");
        assertThat(db.query("SELECT * FROM notes ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(2L, "b"));
    }

    @ServerTest
    void setNotNullFillsNullsFromEveryWriterAndKeepsTheRestOfTheDefinition(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("operations:\n  - set_not_null: {table: customers, column: country, up: \"'XX'\"}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            db.execute("INSERT INTO customers (id, name, country) VALUES (10, 'Old Writer', NULL)");
            db.execute("UPDATE customers SET country = NULL WHERE id = 2");
            assertThat(db.query("SELECT id, country FROM customers ORDER BY id")).containsExactly(
                    List.of(1L, "XX"), List.of(2L, "XX"), List.of(3L, "XX"), List.of(10L, "XX"));
            tandem.contract("2");
        }
        assertThat(db.query("SELECT is_nullable, column_default, column_comment FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = 'customers' AND column_name = 'country'"))
                .containsExactly(List.of("NO", db.flavor() == Flavor.MARIADB ? "'NL'" : "NL", "ISO code"));
        assertThatThrownBy(() -> db.execute("INSERT INTO customers (id, name, country) VALUES (11, 'x', NULL)"))
                .hasMessageContaining("cannot be null");
    }
    /** MariaDB makes a column NOT NULL in place only with a constant default: refused there first; MySQL completes. */
    @ServerTest
    void setNotNullOfAColumnWithANonConstantDefaultIsRefusedOnMariaDbAndCompletesOnMySql(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts("");
        try (Tandem v1 = tandem(db, new ScriptDir(Files.createTempDirectory("tandem-table-")).write("V1__init.sql", V1
                + "ALTER TABLE customers ADD COLUMN seen_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP;\n"))) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V1__init.sql", V1 + "ALTER TABLE customers ADD COLUMN seen_at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP;\n")
                .write("V2__change.yaml", "operations:\n  - set_not_null: {table: customers, column: seen_at, up: \"NOW()\"}\n");
        try (Tandem v2 = tandem(db, scripts)) {
            if (db.flavor() == Flavor.MARIADB) {
                assertThatThrownBy(v2::start).hasMessageContaining("V2__change.yaml").hasMessageContaining("MariaDB makes"
                        + " seen_at NOT NULL only by copying the table while its default is current_timestamp()");
                assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
                return;
            }
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.queryValue("SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND column_name = 'seen_at'")).isEqualTo("NO");
    }

    /**
     * A default that is an expression with string literals is kept by the contract's MODIFY on MySQL (its
     * information_schema escapes the quotes, which written back as they came failed the MODIFY); MariaDB
     * refuses it before anything runs, as any non-constant default.
     */
    @ServerTest
    void setNotNullKeepsAnExpressionDefaultWithQuotesOnMySql(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-table-")).write("V1__notes.sql", """
                CREATE TABLE notes (id BIGINT PRIMARY KEY, label VARCHAR(40) NULL DEFAULT (CONCAT('it''s', ' new')));
                INSERT INTO notes (id) VALUES (1), (2);
                UPDATE notes SET label = NULL WHERE id = 1;
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__change.yaml", "operations:\n  - set_not_null: {table: notes, column: label, up: \"'none'\"}\n");
        try (Tandem v2 = tandem(db, scripts)) {
            if (db.flavor() == Flavor.MARIADB) {
                List<String> before = db.describeSchema();
                assertThatThrownBy(v2::start).hasMessageContaining("MariaDB makes label NOT NULL only by copying the table");
                assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
                return;
            }
            assertThat(v2.start().ready()).isTrue();
            assertThat(v2.contract("2")).isTrue();
        }
        db.execute("INSERT INTO notes (id) VALUES (3)");
        assertThat(db.query("SELECT id, label FROM notes ORDER BY id")).containsExactly(
                List.of(1L, "none"), List.of(2L, "it's new"), List.of(3L, "it's new"));
        assertThat(db.queryValue("SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'notes' AND column_name = 'label'")).isEqualTo("NO");
    }
}

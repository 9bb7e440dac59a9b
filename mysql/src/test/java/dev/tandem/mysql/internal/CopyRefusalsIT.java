package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tables a copy-based backfill refuses to copy, before anything runs, when a script asks for a copy; and
 * the update in place it falls back to when only the table's size chose a copy.
 */
class CopyRefusalsIT {

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-copy-refusals-")).write("V1__tables.sql", """
                CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT NOT NULL, note VARCHAR(50),
                  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id));
                CREATE TABLE audited (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, changes INT NOT NULL DEFAULT 0);
                CREATE TRIGGER audited_changes BEFORE UPDATE ON audited FOR EACH ROW SET NEW.changes = OLD.changes + 1;
                CREATE TABLE keyless (code VARCHAR(20) NOT NULL, name VARCHAR(100) NOT NULL, UNIQUE KEY code (code));
                CREATE TABLE parts (id BIGINT NOT NULL, name VARCHAR(100) NOT NULL, PRIMARY KEY (id))
                  PARTITION BY HASH (id) PARTITIONS 2;
                INSERT INTO customers (name) VALUES ('ada'), ('grace');
                INSERT INTO orders (customer_id, note) VALUES (1, 'first');
                INSERT INTO audited (id, name) VALUES (1, 'ada');
                INSERT INTO keyless VALUES ('a', 'ada');
                INSERT INTO parts VALUES (1, 'ada');
                """);
    }

    private static String addColumn(String table, String column, String up, String strategy) {
        return "operations:\n  - add_column: {table: " + table + ", column: " + column + ", type: VARCHAR(120), up: \"" + up
                + "\"" + (strategy == null ? "" : ", strategy: " + strategy) + "}\n";
    }

    private static void refused(TestDatabase db, ScriptDir scripts, String table, String up, String obstacle) throws Exception {
        scripts.write("V2__copy.yaml", addColumn(table, "shout", up, "copy"));
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("cannot be applied to this schema")
                    .hasMessageContaining("asks for a copy, but the table cannot be copied").hasMessageContaining(obstacle)
                    .hasMessageContaining("Nothing was changed");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND column_name = 'shout'")).as("nothing ran").isEqualTo(0L);
        scripts.delete("V2__copy.yaml");
    }

    /**
     * A unique index over the column the copy computes: a row whose new value clashed with another's (here two
     * emails equal but for case, under a case-insensitive collation) was skipped by the chunk's ON DUPLICATE KEY
     * UPDATE, and the verification's REPLACE then deleted the other: a row lost at the swap. Not copied; in place
     * the clash fails the backfill, and no row is lost.
     */
    @ServerTest
    void aUniqueIndexOverTheColumnTheCopyComputesIsNotCopied(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-copy-unique-")).write("V1__users.sql", """
                CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
                  UNIQUE KEY by_email (email));
                INSERT INTO users VALUES (1, 'Bob@x'), (2, 'bob@x'), (3, 'ada@x');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__ci.yaml", "operations:\n  - alter_column: {table: users, column: email, type: \"VARCHAR(40)"
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci\", nullable: false, strategy: copy}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("asks for a copy, but the table cannot be copied")
                    .hasMessageContaining("unique index by_email");
        }
        assertThat(db.query("SELECT id, email FROM users ORDER BY id")).containsExactly(List.of(1L, "Bob@x"),
                List.of(2L, "bob@x"), List.of(3L, "ada@x"));
    }

    @ServerTest
    void aCopyAskedForIsRefusedBeforeAnythingRunsWhereATableCannotBeCopied(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        refused(db, scripts, "customers", "UPPER(name)", "foreign key fk_orders_customer (orders references customers)");
        refused(db, scripts, "orders", "UPPER(note)", "foreign key fk_orders_customer");
        refused(db, scripts, "audited", "UPPER(name)", "triggers of its own (audited_changes)");
        refused(db, scripts, "keyless", "UPPER(name)", "no primary key");
        refused(db, scripts, "parts", "UPPER(name)", "partitioned");
    }

    /**
     * A foreign key of another database's table that references the table: the swap would leave it on the old
     * table (deletes there no longer cascade, a child naming a row written since fails, the contract's DROP is
     * refused). It went unseen: only the table's own database's keys were read.
     */
    @ServerTest
    void aForeignKeyOfAnotherDatabaseReferencingTheTableRefusesTheCopy(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)", "INSERT INTO accounts VALUES (1, 'ada')");
        try (TestDatabase billing = TestDatabase.create(db.server())) {
            billing.execute("CREATE TABLE invoices (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, CONSTRAINT fk_invoices_account"
                    + " FOREIGN KEY (account_id) REFERENCES `" + db.queryValue("SELECT DATABASE()") + "`.accounts (id))");
            String elsewhere = billing.queryValue("SELECT DATABASE()") + ".invoices";
            refused(db, scripts, "accounts", "UPPER(name)", "foreign key fk_invoices_account (" + elsewhere + " references accounts)");
            billing.execute("DROP TABLE invoices");
        }
    }

    /**
     * A foreign key of another table referencing the table, added while the table is copied, and then a trigger of
     * the application's, added before the copy resumes: each stops the swap, which would leave it on the old table
     * (a child naming a row written since refused, the contract's DROP refused; the trigger firing no more), saying
     * so; nothing is swapped. They were looked for only when the copy was chosen. Once they are gone, the next
     * start swaps.
     */
    @ServerTest
    void aForeignKeyOrTriggerAddedWhileTheTableIsCopiedStopsTheSwap(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                "INSERT INTO accounts VALUES (1, 'ada'), (2, 'grace')",
                "CREATE TABLE invoices (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL)");
        scripts.write("V2__copy.yaml", addColumn("accounts", "shout", "UPPER(name)", "copy"));
        AtomicBoolean once = new AtomicBoolean(true);
        try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").throttle(() -> {
            if (once.getAndSet(false)) {
                try {
                    db.execute("SET SESSION lock_wait_timeout = 10", "ALTER TABLE invoices ADD CONSTRAINT fk_invoices_account"
                            + " FOREIGN KEY (account_id) REFERENCES accounts (id)");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Optional.empty();
        }).load()) {
            assertThatThrownBy(v2::start).hasMessageContaining("can no longer be swapped for its copy")
                    .hasMessageContaining("foreign key fk_invoices_account (invoices references accounts)")
                    .hasMessageContaining("Nothing was swapped");
        }
        assertThat(once.get()).as("the foreign key was added during the copy").isFalse();
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema"
                + " = DATABASE() AND referenced_table_name = 'accounts'")).as("still on the table").isEqualTo(1L);

        db.execute("ALTER TABLE invoices DROP FOREIGN KEY fk_invoices_account",
                "CREATE TRIGGER accounts_named BEFORE UPDATE ON accounts FOR EACH ROW SET NEW.name = TRIM(NEW.name)");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).as("the copy resumed").hasMessageContaining("can no longer be swapped for its copy")
                    .hasMessageContaining("triggers of its own (accounts_named)").hasMessageContaining("Nothing was swapped");
        }
        db.execute("DROP TRIGGER accounts_named");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(db.query("SELECT id, shout FROM accounts ORDER BY id")).containsExactly(List.of(1L, "ADA"), List.of(2L, "GRACE"));
    }

    /**
     * A stored generated column computed in the time zone (FROM_UNIXTIME), on MySQL: a copy computed it again
     * for every row in UTC, and so did an update in place (MySQL computes a stored column again for every row
     * it updates), so a row of a day's last hours in the server's zone (+05:00) got the day before. The copy is
     * kept off the table (backfilled in place, and asked to copy, refused), and the update in place runs in the
     * server's zone.
     */
    @ServerTest
    void aStoredGeneratedColumnThatDependsOnTheTimeZoneKeepsTheCopyOffTheTable(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        String create = "CREATE TABLE visits (id BIGINT PRIMARY KEY, at_unix BIGINT NOT NULL, name VARCHAR(100) NOT NULL,"
                + " visit_day DATE AS (DATE(FROM_UNIXTIME(at_unix))) STORED)";
        if (db.flavor() == Flavor.MARIADB) {
            assertThatThrownBy(() -> db.execute(create)).as("MariaDB computes no stored column from the zone")
                    .hasMessageContaining("cannot be used in the GENERATED ALWAYS AS clause");
            return;
        }
        // 1700002800 is 2023-11-14 23:00 in UTC, 2023-11-15 04:00 in +05:00 and in the server's zone, set so here.
        Object serverZone = db.queryValue("SELECT @@global.time_zone");
        db.execute("SET GLOBAL time_zone = '+05:00'");
        try {
            visitDayKeptThroughTheBackfill(db, scripts, create);
        } finally {
            db.execute("SET GLOBAL time_zone = '" + serverZone + "'");
        }
    }

    private static void visitDayKeptThroughTheBackfill(TestDatabase db, ScriptDir scripts, String create) throws Exception {
        db.execute(create, "INSERT INTO visits (id, at_unix, name) VALUES (1, 1700002800, 'ada')");
        refused(db, scripts, "visits", "UPPER(name)", "generated columns visit_day depend on the time zone");

        scripts.write("V2__shout.yaml", addColumn("visits", "shout", "UPPER(name)", null));
        CapturedLog log = CapturedLog.start();
        try (log; Tandem v2 = Nodes.node(db, scripts, "2.0.0").copyExpandThreshold(0).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("backfill in place")
                && m.contains("generated columns visit_day"));
        assertThat(db.query("SELECT CAST(visit_day AS CHAR), shout FROM visits")).containsExactly(List.of("2023-11-15", "ADA"));
    }

    /**
     * An earlier migration's add_column with up, not contracted, whose trigger keeps what new code wrote when old
     * code updates other columns: a copy would compute it again for the rows carried in, so a later migration's
     * backfill of the table runs in place (or, asked to copy, is refused), and new code's value stays.
     */
    @ServerTest
    void anEarlierAddColumnNotContractedKeepsALaterCopyOffTheTableAndNewCodesValueStays(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__shout.yaml", addColumn("audited", "shout", "UPPER(name)", "in_place"));
        db.execute("DROP TRIGGER audited_changes");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
        db.execute("SET @tandem_version = '0000000002'", "UPDATE audited SET shout = 'Ada Lovelace' WHERE id = 1",
                "SET @tandem_version = NULL");
        scripts.write("V3__copy.yaml", addColumn("audited", "whisper", "LOWER(name)", "copy"));
        try (Tandem v3 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v3::start).hasMessageContaining("asks for a copy, but the table cannot be copied: the sync"
                    + " triggers _tandem_2_audited_shout_bu of other columns sync both ways, keep values new code wrote");
        }
        scripts.write("V3__copy.yaml", addColumn("audited", "whisper", "LOWER(name)", null));
        CapturedLog log = CapturedLog.start();
        try (log; Tandem v3 = Nodes.node(db, scripts, "3.0.0").copyExpandThreshold(0).load()) {
            assertThat(v3.start().ready()).isTrue();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("backfill in place")
                && m.contains("_tandem_2_audited_shout_bu of other columns"));
        db.execute("UPDATE audited SET changes = 5 WHERE id = 1");
        assertThat(db.query("SELECT shout, whisper FROM audited")).as("old code's update kept new code's value")
                .containsExactly(java.util.List.of("Ada Lovelace", "ada"));
    }

    @ServerTest
    void aTableStoredWhereACopyWouldNotBeOrKeepingItsHistoryIsNotCopied(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        // MySQL takes a DATA DIRECTORY among its innodb_directories only (the test bed names one); MariaDB any.
        String elsewhere = db.flavor() == Flavor.MYSQL ? (String) db.queryValue("SELECT @@innodb_directories")
                : Files.createTempDirectory("tandem-elsewhere-").toString();
        db.execute("CREATE TABLE placed (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL) DATA DIRECTORY = '" + elsewhere + "'",
                "INSERT INTO placed VALUES (1, 'ada')");
        refused(db, scripts, "placed", "UPPER(name)", "DATA DIRECTORY");
        if (db.flavor() == Flavor.MARIADB) {
            db.execute("CREATE TABLE versioned (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL) WITH SYSTEM VERSIONING",
                    "INSERT INTO versioned VALUES (1, 'ada')", "UPDATE versioned SET name = 'grace'");
            refused(db, scripts, "versioned", "UPPER(name)", "system-versioned");
        }
    }

    @ServerTest
    void aCopyAskedForWithAnExpressionThatGivesAnotherValueEachTimeIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__copy.yaml", "operations:\n  - add_column: {table: customers, column: token, type: VARCHAR(40),"
                + " up: \"UUID()\", strategy: copy}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("'UUID()' may give another value each time");
        }
    }

    @ServerTest
    void whereOnlyTheSizeChoseACopyATableThatCannotBeCopiedIsUpdatedInPlaceSayingWhy(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__shout.yaml", addColumn("audited", "shout", "UPPER(name)", null));
        CapturedLog log = CapturedLog.start();
        try (log; Tandem v2 = Nodes.node(db, scripts, "2.0.0").copyExpandThreshold(0).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("backfill in place")
                && m.contains("but the table cannot be copied: it has triggers of its own"
                + " (audited_changes)"));
        assertThat(db.queryValue("SELECT shout FROM audited WHERE id = 1")).isEqualTo("ADA");
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name LIKE '\\_tandem\\_2\\_%'")).as("no copy").isEqualTo(0L);
    }

    @ServerTest
    void aStrategyWithoutAnUpIsAScriptError(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        Nodes.applied(db, scripts);
        scripts.write("V2__x.yaml", "operations:\n  - add_column: {table: customers, column: x, type: INT, strategy: copy}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("'strategy' chooses how 'up' fills the rows");
        }
        scripts.write("V2__x.yaml", "operations:\n  - add_column: {table: customers, column: x, type: INT, up: '1',"
                + " strategy: fast}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("'strategy' must be auto, copy or in_place, not 'fast'");
        }
    }
}

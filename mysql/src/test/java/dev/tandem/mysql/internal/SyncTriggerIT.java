package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Sync triggers among other triggers: two in-flight migrations on one table, and the user's own. */
class SyncTriggerIT {

    /** Ada in customers (V1), and V2 renaming name to full_name. */
    private static ScriptDir adaRenamed(String directoryPrefix) throws IOException {
        return new ScriptDir(Files.createTempDirectory(directoryPrefix)).write("V1__customers.sql",
                        "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n"
                                + "INSERT INTO customers VALUES (1, 'Ada');\n")
                .write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
    }

    /** Migration 2's state once it is COMPLETED, or when {@code timeout} has passed. */
    private static Object awaitCompleted(TestDatabase db, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"COMPLETED".equals(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'");
    }

    private static Tandem tandem(TestDatabase db, ScriptDir scripts, String appVersion) {
        return configured(db, scripts, appVersion).load();
    }

    private static TandemConfiguration configured(TestDatabase db, ScriptDir scripts, String appVersion) {
        return Tandem.configure().url(db.url()).user(db.user()).password(db.password()).appVersion(appVersion)
                .locations(scripts.location());
    }

    /**
     * V2 renames name to full_name; V3, expanded on top before V2 is contracted, derives display from
     * full_name. Writers of v1, v2 and v3 write at once; each row ends with all three shapes equal.
     */
    @ServerTest
    void twoInFlightMigrationsOnOneTableCompose(TestDatabase db) throws Exception {
        ScriptDir v1 = new ScriptDir(Files.createTempDirectory("tandem-v1-")).write("V1__customers.sql",
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n"
                        + "INSERT INTO customers VALUES (1, 'Ada');\n");
        ScriptDir v2 = adaRenamed("tandem-v2-");
        ScriptDir v3 = adaRenamed("tandem-v3-")
                .write("V3__display.yaml", "operations:\n  - add_column: {table: customers, column: display, type: VARCHAR(120),"
                        + " up: \"UPPER(full_name)\"}\n");
        try (Tandem app1 = tandem(db, v1, "1.0.0"); Tandem app2 = tandem(db, v2, "2.0.0"); Tandem app3 = tandem(db, v3, "3.0.0")) {
            app1.start();
            app2.start();
            app3.start();
            try (Connection c1 = app1.dataSource().getConnection(); Connection c2 = app2.dataSource().getConnection();
                 Connection c3 = app3.dataSource().getConnection()) {
                Statement s1 = c1.createStatement();
                Statement s2 = c2.createStatement();
                Statement s3 = c3.createStatement();
                s1.execute("INSERT INTO customers (id, name) VALUES (10, 'Written by v1')");
                s2.execute("INSERT INTO customers (id, full_name) VALUES (20, 'Written by v2')");
                s3.execute("INSERT INTO customers (id, full_name, display) VALUES (30, 'Written by v3', 'WRITTEN BY V3')");
                s1.execute("UPDATE customers SET name = 'Ada, by v1' WHERE id = 1");
                s2.execute("UPDATE customers SET full_name = 'v3 row, by v2' WHERE id = 30");
            }
            assertThat(db.query("SELECT id, name, full_name, display FROM customers ORDER BY id")).containsExactly(
                    List.of(1L, "Ada, by v1", "Ada, by v1", "ADA, BY V1"),
                    List.of(10L, "Written by v1", "Written by v1", "WRITTEN BY V1"),
                    List.of(20L, "Written by v2", "Written by v2", "WRITTEN BY V2"),
                    List.of(30L, "v3 row, by v2", "v3 row, by v2", "V3 ROW, BY V2"));
            assertThat(db.query("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
                    + " AND event_manipulation = 'INSERT' ORDER BY action_order"))
                    .as("V3's trigger follows V2's").containsExactly(List.of("_tandem_2_customers_full_name_bi"),
                            List.of("_tandem_3_customers_display_bi"));
        }
    }

    /**
     * V3 renames the column V2, not contracted, renamed to: V2's triggers fire first and copied full_name into
     * name before V3's set full_name from v3's write, so V2's contract kept the older value and v3's write was
     * lost. Refused before anything runs; once V2 is contracted, V3 goes through.
     */
    @ServerTest
    void aSecondMigrationOfAColumnAnotherInFlightSyncsIsRefusedUntilThatOneIsContracted(TestDatabase db) throws Exception {
        ScriptDir scripts = adaRenamed("tandem-twice-");
        try (Tandem app2 = tandem(db, scripts, "2.0.0")) {
            app2.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V3__rename.yaml", "operations:\n  - rename_column: {table: customers, from: full_name, to: display_name}\n");
        try (Tandem app3 = tandem(db, scripts, "3.0.0")) {
            assertThatThrownBy(app3::start).hasMessageContaining("V3__rename.yaml")
                    .hasMessageContaining("full_name of customers is synced by the triggers _tandem_2_customers_full_name_bi")
                    .hasMessageContaining("Contract the migration those triggers belong to first");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

        try (Tandem app3 = tandem(db, scripts, "3.0.0")) {
            assertThat(app3.contract("2")).isTrue();
            assertThat(app3.start().ready()).isTrue();
        }
        assertThat(db.query("SELECT id, full_name, display_name FROM customers")).containsExactly(List.of(1L, "Ada", "Ada"));
    }

    /**
     * V3 makes NOT NULL the column V2, not contracted, alters: V3's triggers filled the column after V2's had copied
     * the NULL into V2's shadow, whose contract then put the NULL back (or failed on V3's NOT NULL). Refused as the
     * other operations on a column another migration syncs are.
     */
    @ServerTest
    void aSetNotNullOfAColumnAnotherMigrationInFlightSyncsIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-not-null-synced-")).write("V1__accounts.sql",
                        "CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NULL);\nINSERT INTO accounts VALUES (1, NULL);\n")
                .write("V2__widen.yaml", "operations:\n  - alter_column: {table: accounts, column: amount, type: BIGINT}\n");
        try (Tandem app2 = tandem(db, scripts, "2.0.0")) {
            app2.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V3__not_null.yaml", "operations:\n  - set_not_null: {table: accounts, column: amount, up: \"0\"}\n");
        try (Tandem app3 = tandem(db, scripts, "3.0.0")) {
            assertThatThrownBy(app3::start).hasMessageContaining("V3__not_null.yaml")
                    .hasMessageContaining("amount of accounts is synced by the triggers _tandem_2_accounts");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
    }

    /**
     * V3 drops the table V2's 'up', not contracted, reads in a subquery: once V3's contract dropped it, V2's
     * triggers on orders failed, and every write to orders with them. Refused before anything runs.
     */
    @ServerTest
    void droppingATableAnotherMigrationInFlightReadsIsRefusedUntilThatOneIsContracted(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-reads-")).write("V1__shop.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL);
                INSERT INTO customers VALUES (1, 'Ada');
                INSERT INTO orders VALUES (10, 1);
                """).write("V2__buyer.yaml", "operations:\n  - add_column: {table: orders, column: buyer, type: VARCHAR(100),"
                + " up: \"(SELECT c.name FROM customers c WHERE c.id = customer_id)\"}\n");
        try (Tandem app2 = tandem(db, scripts, "2.0.0")) {
            app2.start();
        }
        List<String> before = db.describeSchema();
        scripts.write("V3__drop.yaml", "operations:\n  - drop_table: {table: customers}\n");
        try (Tandem app3 = tandem(db, scripts, "3.0.0")) {
            assertThatThrownBy(app3::start).hasMessageContaining("V3__drop.yaml")
                    .hasMessageContaining("the triggers _tandem_2_orders_buyer_bi")
                    .hasMessageContaining("name customers");
            assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

            assertThat(app3.contract("2")).isTrue();
            assertThat(app3.start().ready()).isTrue();
        }
    }

    @ServerTest
    void syncTriggersRunAfterTheUsersOwnTriggers(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-user-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                CREATE TRIGGER customers_trim BEFORE INSERT ON customers FOR EACH ROW SET NEW.name = TRIM(NEW.name);
                """).write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        try (Tandem tandem = tandem(db, scripts, "2.0.0")) {
            tandem.start();
            db.execute("INSERT INTO customers (id, name) VALUES (1, '   Ada   ')");
        }
        assertThat(db.query("SELECT name, full_name FROM customers")).as("the user's trigger ran first, ours copied its result")
                .containsExactly(List.of("Ada", "Ada"));
    }

    /**
     * A BEFORE trigger the user creates after the expand fires after Tandem's: its change of the column did not
     * reach the shadow, and the contract swapped in the value from before it (-5 where it wrote 5). The contract
     * refuses, changing nothing, until it fires first and the rows it changed are written again. One that sets
     * a column the sync trigger does not read is let be.
     */
    @ServerTest
    void aUsersTriggerCreatedAfterTheExpandThatFiresLastStopsTheContract(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-user-")).write("V1__accounts.sql",
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(20) NULL);\n")
                .write("V2__widen.yaml", "operations:\n  - alter_column: {table: accounts, column: amount, type: BIGINT,"
                        + " nullable: false}\n");
        try (Tandem tandem = tandem(db, scripts, "2.0.0")) {
            assertThat(tandem.start().ready()).isTrue();
            db.execute("CREATE TRIGGER accounts_note BEFORE INSERT ON accounts FOR EACH ROW SET NEW.note = 'noted'");
            db.execute("CREATE TRIGGER accounts_positive BEFORE INSERT ON accounts FOR EACH ROW"
                    + " SET NEW.amount = ABS(NEW.amount)");
            db.execute("INSERT INTO accounts (id, amount) VALUES (1, -5)");
            List<String> before = db.describeSchema();

            assertThatThrownBy(() -> tandem.contract("2")).hasMessageContaining("trigger accounts_positive of accounts"
                    + " fires after Tandem's sync trigger").hasMessageContaining("sets NEW.amount")
                    .hasMessageContaining("PRECEDES");
            assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

            db.execute("DROP TRIGGER accounts_positive");
            String sync = String.valueOf(db.queryValue("SELECT trigger_name FROM information_schema.triggers WHERE"
                    + " trigger_schema = DATABASE() AND event_manipulation = 'INSERT' AND trigger_name LIKE '\\_tandem\\_%'"));
            db.execute("CREATE TRIGGER accounts_positive BEFORE INSERT ON accounts FOR EACH ROW PRECEDES `" + sync + "`"
                    + " SET NEW.amount = ABS(NEW.amount)");
            db.execute("UPDATE accounts SET amount = amount WHERE id = 1");
            assertThat(tandem.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, amount, note FROM accounts")).containsExactly(List.of(1L, 5L, "noted"));
    }

    /**
     * A trigger created after the expand that sets the column an add_column adds (to keep it filled once the sync
     * trigger is gone) fires after it, but takes nothing from it: what it sets is what the contract keeps.
     */
    @ServerTest
    void aUsersTriggerSettingTheColumnAnAddColumnAddsDoesNotStopTheContract(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-user-")).write("V1__users.sql",
                "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL);\n")
                .write("V2__lower.yaml", "operations:\n  - add_column: {table: users, column: email_lower, type: VARCHAR(100),"
                        + " up: \"LOWER(email)\"}\n");
        try (Tandem tandem = tandem(db, scripts, "2.0.0")) {
            assertThat(tandem.start().ready()).isTrue();
            db.execute("CREATE TRIGGER users_lower BEFORE INSERT ON users FOR EACH ROW SET NEW.email_lower = LOWER(NEW.email)");
            db.execute("INSERT INTO users (id, email) VALUES (1, 'Ada@X')");
            assertThat(tandem.contract("2")).isTrue();
        }
        db.execute("INSERT INTO users (id, email) VALUES (2, 'Grace@X')");
        assertThat(db.query("SELECT id, email_lower FROM users ORDER BY id")).containsExactly(List.of(1L, "ada@x"),
                List.of(2L, "grace@x"));
    }

    @ServerTest
    void withoutSuperUnderBinaryLoggingTheErrorSaysWhatToSet(TestDatabase db) throws Exception {
        assumeTrue("1".equals(String.valueOf(db.queryValue("SELECT @@log_bin")))
                && "0".equals(String.valueOf(db.queryValue("SELECT @@log_bin_trust_function_creators"))),
                "the server has binary logging on and log_bin_trust_function_creators off (MySQL's defaults)");
        String user = "app_" + Math.abs(db.name().hashCode() % 100000);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw-7f4a'",
                "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-super-"))
                .write("V1__customers.sql", "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n")
                .write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        try (Tandem tandem = Tandem.configure().url(db.url()).user(user).password("pw-7f4a")
                .locations(scripts.location()).load()) {
            assertThatThrownBy(tandem::start)
                    .hasMessageContaining("log_bin_trust_function_creators = 1 in the DB parameter group")
                    .hasMessageContaining("V2__rename.yaml");
        }
    }

    @ServerTest
    void theBackfillsSessionMarkerLeavesItsWritesAlone(TestDatabase db) throws Exception {
        ScriptDir scripts = adaRenamed("tandem-mark-");
        try (Tandem tandem = tandem(db, scripts, "2.0.0")) {
            tandem.start();
        }
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("UPDATE customers SET full_name = 'synced' WHERE id = 1");
            s.execute("SET @tandem_backfill = 1");
            s.execute("UPDATE customers SET full_name = 'left alone' WHERE id = 1");
        }
        assertThat(db.query("SELECT name, full_name FROM customers")).as("an old writer's update is synced; a marked one is not")
                .containsExactly(List.of("Ada", "left alone"));
    }

    /**
     * A node died inside rename_column's swap step after dropping the triggers; new code then wrote
     * only the new column. The next node resumes the step, re-syncs under the lock, and swaps: the
     * write survives.
     */
    @ServerTest
    void aResumedSwapKeepsWritesMadeWhileItsTriggersWereGone(TestDatabase db) throws Exception {
        ScriptDir scripts = adaRenamed("tandem-resume-");
        try (Tandem tandem = tandem(db, scripts, "2.0.0")) {
            tandem.start();
        }
        // What the dead node left: triggers gone, swap not done, the step begun but not recorded.
        for (List<Object> trigger : db.query("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()")) {
            db.execute("DROP TRIGGER `" + trigger.get(0) + "`");
        }
        db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0, step_started = 0"
                + " WHERE version = '2'");
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET @tandem_version = '0000000002'");
            s.execute("UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1");
        }
        assertThat(db.queryValue("SELECT name FROM customers")).as("no trigger: the old column missed it").isEqualTo("Ada");

        try (Tandem next = tandem(db, scripts, "2.0.0")) {
            next.start(); // finishes the interrupted contract
        }
        assertThat(db.query("SELECT * FROM customers")).containsExactly(List.of(1L, "Ada Lovelace"));
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("COMPLETED");
    }
    /**
     * As above, but no node restarts: a running one finishes the dead node's contract after a heartbeat,
     * and not while another session holds the schema's lock (a contract still running there).
     */
    @ServerTest
    void aRunningNodeFinishesAContractADeadNodeLeftWithoutARestart(TestDatabase db) throws Exception {
        ScriptDir scripts = adaRenamed("tandem-finish-");
        try (Tandem running = node(db, scripts, Duration.ofMillis(200));
             Connection contractor = db.connection(); Statement lock = contractor.createStatement()) {
            running.start();
            try (ResultSet held = lock.executeQuery("SELECT GET_LOCK(CONCAT('tandem:', DATABASE()), 5)")) {
                assertThat(held.next() && held.getInt(1) == 1).as("the contractor's session holds the lock").isTrue();
            }
            for (List<Object> trigger : db.query("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()")) {
                db.execute("DROP TRIGGER `" + trigger.get(0) + "`");
            }
            db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0, step_started = 0"
                    + " WHERE version = '2'");
            try (Connection c = running.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1");
            }
            Thread.sleep(1500);
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).as("left to the lock's holder")
                    .isEqualTo("CONTRACTING");

            contractor.close(); // the contracting node dies: its session, and the lock with it
            assertThat(awaitCompleted(db, Duration.ofSeconds(10))).isEqualTo("COMPLETED");
            assertThat(db.query("SELECT * FROM customers")).as("the write made while the triggers were gone is kept")
                    .containsExactly(List.of(1L, "Ada Lovelace"));
        }
    }
    /**
     * The contract's session is killed as its swap waits for the table (as a dropped network or a restarted
     * server would end it): what the swap did is unknown, as after a crash, so the contract is not left
     * FAILED for a person but CONTRACTING, and the next heartbeat finishes it.
     */
    @ServerTest
    void aContractWhoseSessionIsLostIsFinishedByTheNextHeartbeat(TestDatabase db) throws Exception {
        ScriptDir scripts = adaRenamed("tandem-lost-");
        ExecutorService killer = Executors.newSingleThreadExecutor();
        try (Tandem running = node(db, scripts, Duration.ofSeconds(2));
             Connection reader = db.connection(); Statement read = reader.createStatement()) {
            running.start();
            reader.setAutoCommit(false);
            read.executeQuery("SELECT * FROM customers").close(); // the open transaction holds the table's metadata lock
            Future<?> kill = killer.submit(() -> {
                killWhenWaiting(db, "LOCK TABLES%");
                reader.commit();
                return null;
            });
            assertThatThrownBy(() -> running.contract("2")).hasMessageContaining("lost its database session");
            kill.get(1, TimeUnit.MINUTES);
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).as("not left for a person")
                    .isNotEqualTo("FAILED");
            try (Connection c = running.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1");
            }
            assertThat(awaitCompleted(db, Duration.ofSeconds(20))).isEqualTo("COMPLETED");
            assertThat(db.query("SELECT * FROM customers")).containsExactly(List.of(1L, "Ada Lovelace"));
        } finally {
            killer.shutdownNow();
        }
    }

    /**
     * Finishing a dead node's contract waits here for the table (an open transaction reads it): the node
     * goes on beating meanwhile, or it would drop out of the registry and the gates stop counting it.
     */
    @ServerTest
    void aContractFinishedAfterAHeartbeatDoesNotHoldTheHeartbeats(TestDatabase db) throws Exception {
        withAContractLeftByADeadNodeWhileTheTableIsRead(db, "tandem-beats-", reader -> {
            awaitWaiting(db, "LOCK TABLES%");
            Thread.sleep(300);
            Object beatBefore = db.queryValue("SELECT heartbeat_at FROM tandem_instances");
            Thread.sleep(1000);
            assertThat(db.queryValue("SELECT heartbeat_at FROM tandem_instances")).as("beats while the contract waits")
                    .isNotEqualTo(beatBefore);
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'LOCK TABLES%'"))
                    .as("the contract still waits").isEqualTo(1L);
            reader.commit();
            assertThat(awaitCompleted(db, Duration.ofSeconds(20))).isEqualTo("COMPLETED");
        });
    }

    /**
     * The contract a dead node left loses its session at every try (something ends it whenever it waits for
     * the table): the running node tries again after twice as many heartbeats each time, not at every beat,
     * and finishes it once nothing ends it.
     */
    @ServerTest
    void aContractWhoseSessionIsLostAtEveryTryIsTriedLessAndLessOften(TestDatabase db) throws Exception {
        withAContractLeftByADeadNodeWhileTheTableIsRead(db, "tandem-backoff-", reader -> {
            Set<Object> killed = new HashSet<>();
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                for (List<Object> waiting : db.query("SELECT id FROM information_schema.processlist WHERE info LIKE"
                        + " 'LOCK TABLES%' AND state LIKE 'Waiting%'")) {
                    if (killed.add(waiting.get(0))) {
                        db.execute("KILL CONNECTION " + waiting.get(0));
                    }
                }
                Thread.sleep(20);
            }
            // 20 beats: tried at the 1st, 2nd, 4th, 8th and 16th (a little later each, as each try takes a moment).
            assertThat(killed).as("tries in 4 s at a beat every 200 ms").hasSizeBetween(3, 6);
            reader.commit();
            assertThat(awaitCompleted(db, Duration.ofSeconds(30))).isEqualTo("COMPLETED");
            assertThat(db.query("SELECT * FROM customers")).containsExactly(List.of(1L, "Ada"));
        });
    }

    /** What a test does while a dead node's contract waits for the table that {@code reader} reads. */
    private interface WhileTheTableIsRead {
        void run(Connection reader) throws Exception;
    }

    /**
     * Starts a node that beats every 200 ms and runs V2 (its scripts in a folder named from
     * {@code directoryPrefix}); opens a transaction on {@code reader} that reads the table, and so holds its
     * metadata lock until it commits; records V2's contract as a node that died in it left it; and runs
     * {@code test} while the node lives.
     */
    private static void withAContractLeftByADeadNodeWhileTheTableIsRead(TestDatabase db, String directoryPrefix,
                                                                        WhileTheTableIsRead test) throws Exception {
        ScriptDir scripts = adaRenamed(directoryPrefix);
        try (Tandem running = node(db, scripts, Duration.ofMillis(200)); Connection reader = db.connection()) {
            running.start();
            reader.setAutoCommit(false);
            try (Statement read = reader.createStatement()) {
                read.executeQuery("SELECT * FROM customers").close();
            }
            db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0,"
                    + " step_started = 0 WHERE version = '2'");
            test.run(reader);
        }
    }

    /** A node of app 2.0.0 that runs {@code scripts} and beats every {@code beat}. */
    private static Tandem node(TestDatabase db, ScriptDir scripts, Duration beat) {
        return configured(db, scripts, "2.0.0").heartbeatInterval(beat).load();
    }

    /** Waits for a session whose statement, {@code LIKE statement}, waits for a lock; returns its id. */
    private static Object awaitWaiting(TestDatabase db, String statement) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<List<Object>> waiting = db.query("SELECT id FROM information_schema.processlist WHERE info LIKE '"
                    + statement + "' AND state LIKE 'Waiting%'");
            if (!waiting.isEmpty()) {
                return waiting.get(0).get(0);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no session waited with " + statement);
    }

    /** Kills the session whose statement, {@code LIKE statement}, waits for a lock. */
    private static void killWhenWaiting(TestDatabase db, String statement) throws Exception {
        db.execute("KILL CONNECTION " + awaitWaiting(db, statement));
    }

    /**
     * V3's own SQL writes V2's new column while V2 is in flight: Tandem's session runs it as the app that
     * knows V2 would, so V2's triggers copy it to the old column instead of overwriting it from there.
     */
    @ServerTest
    void aLaterScriptsSqlWritesAnEarlierMigrationsNewColumnAsNewCodeDoes(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-later-")).write("V1__customers.sql",
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n"
                        + "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');\n")
                .write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n")
                .write("V3__fix.sql", "-- tandem:backfill\nUPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1;\n"
                        + "-- tandem:expand\nUPDATE customers SET full_name = 'Grace Hopper' WHERE id = 2;\n");
        try (Tandem tandem = tandem(db, scripts, "3.0.0")) {
            tandem.start();
        }
        assertThat(db.query("SELECT id, name, full_name FROM customers ORDER BY id")).as("both shapes hold what V3 wrote")
                .containsExactly(List.of(1L, "Ada Lovelace", "Ada Lovelace"), List.of(2L, "Grace Hopper", "Grace Hopper"));
    }
}

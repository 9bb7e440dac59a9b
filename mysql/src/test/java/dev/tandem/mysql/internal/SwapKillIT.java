package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A node whose session dies right after one statement of a contract's swap, under its table lock (which
 * goes with the session, as when the node is killed or its network drops): what new code writes before
 * the next node resumes the swap is kept, or fails; none of it is lost.
 */
class SwapKillIT {

    private static final String V1 = """
            CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(20) NULL);
            INSERT INTO accounts VALUES (1, 10, 'a'), (2, 20, 'b');
            """;
    private static final String WIDEN_WITH_DOWN = AlterColumnIT.WIDEN + "      down: LEAST(_tandem_amount, 2147483647)\n";

    /** Where the swap's session dies: right after the {@code occurrence}-th statement from its table lock on that begins so. */
    private record KillPoint(String begins, int occurrence) {

        @Override
        public String toString() {
            return "after " + begins + " #" + occurrence;
        }
    }

    /**
     * alter_column with down: new code may write the shadow itself, so a write of the column alone made while a
     * crash left the sync triggers dropped and the shapes not swapped would be lost (the swap keeps the shadow,
     * and nothing in the row tells such a write): the ALTER goes before the triggers' drop. At every point the
     * swap can die, new code's update of the column alone and its insert are kept, and the wider value it wrote
     * to the shadow before is kept. Where the ALTER had run, the triggers left behind write to its placeholder
     * of the shadow; without it, they failed every write until the resume.
     */
    @ServerTest
    void alterColumnWithDownLosesNoWriteWhereverItsSwapDies(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-kill-")).write("V1__accounts.sql", V1)
                .write("V2__widen.yaml", WIDEN_WITH_DOWN);
        List<KillPoint> killPoints = List.of(new KillPoint("LOCK TABLES", 1), new KillPoint("ALTER TABLE", 1),
                new KillPoint("DROP TRIGGER", 1), new KillPoint("DROP TRIGGER", 2), new KillPoint("DROP TRIGGER", 4),
                new KillPoint("ALTER TABLE", 2));
        List<String> kept = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        for (KillPoint kill : killPoints) {
            try (TestDatabase db = TestDatabase.create(server)) {
                String newCode = expanded(db, scripts);
                assertThat(asNewCode(db, newCode, "UPDATE accounts SET _tandem_amount = 5000000000 WHERE id = 2")).isTrue();
                contractDies(db, scripts, kill);
                if (columnsNamed(db, "_tandem_amount", SwapPlaceholder.COMMENT) > 0) {
                    placeholders.add(kill.toString());
                }
                boolean updated = asNewCode(db, newCode, "UPDATE accounts SET amount = 11 WHERE id = 1");
                boolean inserted = asNewCode(db, newCode, "INSERT INTO accounts (id, amount, note) VALUES (3, 30, 'c')");
                if (updated && inserted) {
                    kept.add(kill.toString());
                }
                resumed(db, scripts, kill);
                List<List<Object>> expected = new ArrayList<>(List.of(List.of(1L, updated ? 11L : 10L),
                        List.of(2L, 5000000000L)));
                if (inserted) {
                    expected.add(List.of(3L, 30L));
                }
                assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).as("killed %s", kill).isEqualTo(expected);
            }
        }
        assertThat(kept).as("new code's update went through wherever the swap died")
                .containsExactly(killPoints.stream().map(KillPoint::toString).toArray(String[]::new));
        assertThat(placeholders).as("the placeholder the ALTER adds, until the resume dropped it").containsExactly(
                "after ALTER TABLE #1", "after DROP TRIGGER #1", "after DROP TRIGGER #2", "after DROP TRIGGER #4");
    }

    /**
     * alter_column without down on a table the server cannot change instantly (ROW_FORMAT=COMPRESSED): the swap's
     * ALTER runs online before its table lock, with a placeholder for the triggers, which go under the lock
     * after it. Wherever the swap dies from its online ALTER on, new code's update and insert go through, and
     * the resume finds the placeholder and drops the triggers and it.
     */
    @ServerTest
    void aSwapRunOnlineLosesNoWriteWhereverItDiesAfterItsAlter(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-kill-")).write("V1__accounts.sql",
                V1.replace("NULL);", "NULL) ROW_FORMAT=COMPRESSED;")).write("V2__widen.yaml", AlterColumnIT.WIDEN);
        // A refused ALTER is not counted: the online one is the first. Each lock drops the trigger names of
        // both pairs (four), the first lock's are created again when its instant ALTER is refused.
        for (KillPoint kill : List.of(new KillPoint("ALTER TABLE", 1), new KillPoint("DROP TRIGGER", 5),
                new KillPoint("DROP TRIGGER", 8))) {
            try (TestDatabase db = TestDatabase.create(server)) {
                String newCode = expanded(db, scripts);
                contractDies(db, scripts, kill);
                assertThat(columnsNamed(db, "_tandem_amount", SwapPlaceholder.COMMENT)).as("killed %s", kill).isEqualTo(1L);
                assertThat(asNewCode(db, newCode, "UPDATE accounts SET amount = 5000000000 WHERE id = 1")).as("killed %s", kill)
                        .isTrue();
                assertThat(asNewCode(db, newCode, "INSERT INTO accounts (id, amount, note) VALUES (3, 30, 'c')"))
                        .as("killed %s", kill).isTrue();
                resumed(db, scripts, kill);
                assertThat(columnsNamed(db, "_tandem_amount", SwapPlaceholder.COMMENT)).as("killed %s", kill).isEqualTo(0L);
                assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).as("killed %s", kill)
                        .containsExactly(List.of(1L, 5000000000L), List.of(2L, 20L), List.of(3L, 30L));
            }
        }
    }

    /**
     * drop_column with down of a NOT NULL column: new code's inserts leave it out, and the triggers give it
     * {@code down}. The ALTER goes first and leaves a placeholder for the triggers: wherever the swap dies, new
     * code's insert and update go through. Before, the triggers went first, and a crash after them failed new
     * code's inserts on the column's NOT NULL until the resume.
     */
    @ServerTest
    void dropColumnWithDownFailsNoWriteWhereverItsSwapDies(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-kill-")).write("V1__accounts.sql", V1)
                .write("V2__drop.yaml", "operations:\n  - drop_column: {table: accounts, column: amount, down: \"7\"}\n");
        List<KillPoint> killPoints = List.of(new KillPoint("LOCK TABLES", 1), new KillPoint("ALTER TABLE", 1),
                new KillPoint("DROP TRIGGER", 1), new KillPoint("DROP TRIGGER", 2), new KillPoint("ALTER TABLE", 2));
        for (KillPoint kill : killPoints) {
            try (TestDatabase db = TestDatabase.create(server)) {
                String newCode = expanded(db, scripts);
                contractDies(db, scripts, kill);
                assertThat(asNewCode(db, newCode, "INSERT INTO accounts (id, note) VALUES (3, 'c')")).as("killed %s", kill).isTrue();
                assertThat(asNewCode(db, newCode, "UPDATE accounts SET note = 'x' WHERE id = 1")).as("killed %s", kill).isTrue();
                resumed(db, scripts, kill);
                assertThat(db.query("SELECT * FROM accounts ORDER BY id")).as("killed %s", kill)
                        .containsExactly(List.of(1L, "x"), List.of(2L, "b"), List.of(3L, "c"));
            }
        }
    }

    /**
     * rename_column drops the triggers first: what new code writes to the new column while a crash left them
     * dropped is written to the old one by the resume's resync, before the lock, before the swap keeps the old
     * one under the new name. The index new code made on the new name, handed to the old column before the lock,
     * and the old column's own, are both there after the resume, wherever the swap died.
     */
    @ServerTest
    void renameColumnLosesNoWriteWhereverItsSwapDies(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-kill-")).write("V1__customers.sql", """
                        CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NULL, KEY by_name (name));
                        INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
                        """)
                .write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        List<KillPoint> killPoints = List.of(new KillPoint("LOCK TABLES", 1), new KillPoint("DROP TRIGGER", 1),
                new KillPoint("DROP TRIGGER", 2), new KillPoint("DROP TRIGGER", 4), new KillPoint("ALTER TABLE", 1));
        List<String> kept = new ArrayList<>();
        for (KillPoint kill : killPoints) {
            try (TestDatabase db = TestDatabase.create(server)) {
                String newCode = expanded(db, scripts);
                db.execute("CREATE INDEX by_full_name ON customers (full_name, id)");
                contractDies(db, scripts, kill);
                boolean updated = asNewCode(db, newCode, "UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1");
                boolean inserted = asNewCode(db, newCode, "INSERT INTO customers (id, full_name) VALUES (3, 'Edsger')");
                if (updated && inserted) {
                    kept.add(kill.toString());
                }
                resumed(db, scripts, kill);
                List<List<Object>> expected = new ArrayList<>(List.of(List.of(1L, updated ? "Ada Lovelace" : "Ada"),
                        List.of(2L, "Grace")));
                if (inserted) {
                    expected.add(List.of(3L, "Edsger"));
                }
                assertThat(db.query("SELECT id, full_name FROM customers ORDER BY id")).as("killed %s", kill)
                        .isEqualTo(expected);
                assertThat(db.query("SELECT CONCAT_WS(' ', index_name, column_name) FROM information_schema.statistics"
                        + " WHERE table_schema = DATABASE() AND table_name = 'customers' ORDER BY index_name, seq_in_index"))
                        .as("killed %s: the original's index and new code's, both on full_name", kill)
                        .containsExactly(List.of("by_full_name full_name"), List.of("by_full_name id"),
                                List.of("by_name full_name"), List.of("PRIMARY id"));
            }
        }
        assertThat(kept).as("new code's writes go through wherever the swap died, the triggers dropped or not")
                .containsExactly(killPoints.stream().map(KillPoint::toString).toArray(String[]::new));
    }

    /**
     * rename_column on a table the server cannot change instantly (ROW_FORMAT=COMPRESSED): the swap's ALTER runs
     * online first and leaves a placeholder under the old name for the triggers, dropped under the lock after it.
     * An untagged session's update of another column while they were there (a crash between, here) copied the
     * placeholder's NULL into the renamed column, the value lost; it copies only a write of the old column now.
     */
    @ServerTest
    void anUntaggedUpdateAfterAnOnlineRenameSwapKeepsTheColumn(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-kill-")).write("V1__customers.sql", """
                        CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NULL, note VARCHAR(20) NULL)
                          ROW_FORMAT=COMPRESSED;
                        INSERT INTO customers VALUES (1, 'Ada', 'a'), (2, 'Grace', 'b');
                        """)
                .write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        KillPoint kill = new KillPoint("ALTER TABLE", 1); // the online one: the refused instant one is not counted
        try (TestDatabase db = TestDatabase.create(server)) {
            String newCode = expanded(db, scripts);
            contractDies(db, scripts, kill);
            assertThat(columnsOf(db, "customers")).as("the online ALTER ran, its placeholder there")
                    .containsExactly("id", "full_name", "note", "name");
            db.execute("UPDATE customers SET note = 'untagged' WHERE id = 1");
            assertThat(asNewCode(db, newCode, "UPDATE customers SET full_name = 'Grace Hopper' WHERE id = 2")).isTrue();
            resumed(db, scripts, kill);
            assertThat(db.query("SELECT id, full_name, note FROM customers ORDER BY id")).containsExactly(
                    List.of(1L, "Ada", "untagged"), List.of(2L, "Grace Hopper", "b"));
        }
    }

    /** The columns of {@code table}, in their order. */
    private static List<String> columnsOf(TestDatabase db, String table) throws SQLException {
        return db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '"
                + table + "' ORDER BY ordinal_position").stream().map(row -> (String) row.get(0)).toList();
    }

    /**
     * The resume's resync runs before its table lock, chunk by chunk: under the lock, as it did, a pass over a
     * large table held every query of the table for as long as it took. Here the swap died right after its
     * table lock (the triggers still there, so the resume creates none, which would wait for the transaction
     * below), and another transaction holds a row of the resync's second chunk, so the resync waits on it;
     * meanwhile the table still serves a read that waits for no table lock. The row held past the session's lock
     * wait, the chunk tries again until it is let go.
     */
    @ServerTest
    void aResumedSwapResyncsBeforeItsTableLock(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-kill-")).write("V1__customers.sql", """
                        CREATE TABLE digits (d INT PRIMARY KEY);
                        INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
                        CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NULL);
                        INSERT INTO customers SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1, 'Grace'
                          FROM digits a, digits b, digits c, digits e, digits f WHERE f.d < 3;
                        """)
                .write("V2__rename.yaml", "operations:\n  - rename_column: {table: customers, from: name, to: full_name}\n");
        try (TestDatabase db = TestDatabase.create(server)) {
            String newCode = expanded(db, scripts);
            contractDies(db, scripts, new KillPoint("LOCK TABLES", 1));
            assertThat(asNewCode(db, newCode, "UPDATE customers SET full_name = 'Ada Lovelace' WHERE id = 1")).isTrue();
            ExecutorService resume = Executors.newSingleThreadExecutor();
            try (Connection holder = db.connection(); Connection reader = db.connection()) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.executeQuery("SELECT id FROM customers WHERE id = 15000 FOR UPDATE").close();
                }
                Future<?> resumed = resume.submit(() -> {
                    resumed(db, scripts, new KillPoint("LOCK TABLES", 1));
                    return null;
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (db.queryValue("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE"
                        + " 'UPDATE `customers` SET%'").equals(0L)) {
                    assertThat(System.nanoTime()).as("the resync waits on the held row").isLessThan(deadline);
                    assertThat(resumed.isDone()).as("the resume is still running").isFalse();
                    Thread.sleep(50);
                }
                try (Statement s = reader.createStatement()) {
                    s.execute("SET SESSION lock_wait_timeout = 2");
                    try (ResultSet rs = s.executeQuery("SELECT name FROM customers WHERE id = 2")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as("read while the resync runs: no table lock held").isEqualTo("Grace");
                    }
                }
                // Past the session's lock wait (DdlPolicy's 3 s): the chunk gives way and tries again; it failed the
                // contract, which then waited for a person.
                Thread.sleep(DdlPolicy.DEFAULT.lockWaitTimeout().plusSeconds(2).toMillis());
                assertThat(resumed.isDone()).as("the resume still waits on the held row").isFalse();
                holder.commit();
                resumed.get(60, TimeUnit.SECONDS);
            } finally {
                resume.shutdownNow();
            }
            assertThat(db.query("SELECT id, full_name FROM customers WHERE id IN (1, 2, 30000) ORDER BY id"))
                    .containsExactly(List.of(1L, "Ada Lovelace"), List.of(2L, "Grace"), List.of(30000L, "Grace"));
        }
    }

    /** Migration 2 expanded and backfilled; the SQL that tags a session as new code's. */
    private static String expanded(TestDatabase db, ScriptDir scripts) {
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.start();
            return v2.sessionInitSql();
        }
    }

    /** How many columns of accounts are named {@code name} and have the comment {@code comment}. */
    private static long columnsNamed(TestDatabase db, String name, String comment) throws SQLException {
        return (Long) db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = '" + name + "' AND column_comment = '" + comment + "'");
    }

    /**
     * A node that freezes under the swap's table lock (a long pause, a stopped VM, a network that drops without a
     * word, so no FIN reaches the server): the server ends its session once it has waited
     * {@link Steps#LOCK_HOLDER_IDLE_LIMIT} for the next statement, and the table serves again, where every query of
     * it waited for the server's wait_timeout, 8 hours by default. The node learns it when it thaws; the next
     * node finishes the contract.
     */
    @ServerTest
    void aNodeFrozenUnderTheSwapsTableLockHoldsTheTableOnlyBriefly(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-swap-freeze-")).write("V1__accounts.sql", V1)
                .write("V2__widen.yaml", AlterColumnIT.WIDEN);
        KillPoint freeze = new KillPoint("LOCK TABLES", 1);
        try (TestDatabase db = TestDatabase.create(server)) {
            expanded(db, scripts);
            CountDownLatch frozen = new CountDownLatch(1);
            CountDownLatch thaw = new CountDownLatch(1);
            ExecutorService node = Executors.newSingleThreadExecutor();
            try (Tandem freezing = Nodes.configure().dataSource(stoppingAt(db, freeze, id -> {
                frozen.countDown();
                thaw.await();
            })).appVersion("2.0.0").locations(scripts.location()).load()) {
                Future<?> contract = node.submit(() -> freezing.contract("2"));
                assertThat(frozen.await(60, TimeUnit.SECONDS)).as("the node froze under its table lock").isTrue();
                try (Connection reader = db.connection(); Statement s = reader.createStatement()) {
                    s.execute("SET SESSION lock_wait_timeout = 1");
                    assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM accounts").close())
                            .as("the table is locked").hasMessageContaining("Lock wait timeout");
                    s.execute("SET SESSION lock_wait_timeout = 60");
                    long start = System.nanoTime();
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM accounts")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(2);
                    }
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the table waited for the frozen node")
                            .isLessThan(Steps.LOCK_HOLDER_IDLE_LIMIT.plusSeconds(15));
                }
                thaw.countDown();
                assertThatThrownBy(() -> contract.get(60, TimeUnit.SECONDS)).hasMessageContaining("lost its database session");
            } finally {
                thaw.countDown();
                node.shutdownNow();
            }
            resumed(db, scripts, freeze);
            assertThat(db.query("SELECT id, amount FROM accounts ORDER BY id")).containsExactly(List.of(1L, 10L), List.of(2L, 20L));
        }
    }

    /** Migration 2's contract, by a node whose step session the server kills at {@code kill}. */
    private static void contractDies(TestDatabase db, ScriptDir scripts, KillPoint kill) {
        try (Tandem dying = Nodes.configure().dataSource(stoppingAt(db, kill, id -> db.execute("KILL CONNECTION " + id)))
                .appVersion("2.0.0")
                .locations(scripts.location()).load()) {
            assertThatThrownBy(() -> dying.contract("2")).as("killed %s", kill)
                    .hasMessageContaining("lost its database session");
        }
    }

    /** The next node finishes the contract the dead one left: completed, no trigger left. */
    private static void resumed(TestDatabase db, ScriptDir scripts, KillPoint kill) throws SQLException {
        try (Tandem next = Nodes.tandem(db, scripts)) {
            next.start();
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).as("killed %s", kill)
                .isEqualTo("COMPLETED");
        assertThat(db.query("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                .as("killed %s", kill).isEmpty();
    }

    /** Runs {@code sql} on a session tagged as new code's; false if the server refused it. */
    private static boolean asNewCode(TestDatabase db, String sessionInitSql, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(sessionInitSql);
            try {
                s.execute(sql);
                return true;
            } catch (SQLException e) {
                assertThat(e.getMessage()).as("a write fails only on the triggers the dead swap left").contains("in 'NEW'");
                return false;
            }
        }
    }

    /** What becomes of a node's session at its kill point, given the session's connection id. */
    @FunctionalInterface
    private interface Stop {
        void at(long connectionId) throws Exception;
    }

    /**
     * Connections to {@code db} whose node meets {@code stop} right after the statement {@code kill} names has
     * run (the server kills the session, as a dead node's: the node learns it at its next statement; or the node
     * freezes).
     */
    private static DataSource stoppingAt(TestDatabase db, KillPoint kill, Stop stop) {
        return StatementHooks.of(db, () -> {
            int[] seen = {-1}; // statements that begin so, counted from the table lock on
            return (sql, id) -> {
                String upper = sql.strip().toUpperCase(Locale.ROOT);
                if (upper.startsWith("LOCK TABLES") && seen[0] < 0) {
                    seen[0] = 0;
                }
                if (seen[0] >= 0 && upper.startsWith(kill.begins()) && ++seen[0] == kill.occurrence()) {
                    stop.at(id);
                }
            };
        });
    }
}

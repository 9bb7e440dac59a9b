package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A node SIGKILLed in the middle of a copy-based backfill ({@link CopyExpand}), in its copy and at each point
 * between the statements of its swap ({@link CopySwap}), while old and new code write: another node
 * finishes the backfill, and the table holds every acknowledged write, no deleted row, and the new column
 * right. The node runs in a JVM of its own whose connections stop it (and say so) right after the statement
 * named by the test ran; then the test kills the JVM.
 */
class CopyKillIT {

    private static final int ROWS = 30_000;
    private static final String MARKER = "TANDEM-TEST: stopped in the swap";
    private static final String COPY_UPDATE_TRIGGER = "_tandem_2_customers_display_nu";
    private static final String COPY_INSERT_TRIGGER = "_tandem_2_customers_display_ni";

    /** After the carry triggers were created, before the first chunk was copied. */
    @ServerTest
    void killedBeforeTheFirstChunk(TestDatabase db) throws Exception {
        killAndFinish(db, "CREATE TRIGGER `_tandem_2_customers_display_cai`", 1, () -> {
            assertThat(tableExists(db, CopyExpandIT.COPY)).isTrue();
            assertThat(db.query("SELECT 1 FROM tandem_backfill")).as("no chunk copied").isEmpty();
            assertThat(triggersOn(db, "customers")).hasSize(5);
        });
    }

    /**
     * In the copy's second chunk, after its rows were copied and its checkpoint moved, before it committed:
     * the chunk's rows locked, writers waiting on them, the first chunk committed. (Counted by the checkpoint,
     * not by the copy's {@code INSERT}s: a chunk that gave way to a writer runs its statements again.)
     */
    @ServerTest
    void killedInTheMiddleOfAChunk(TestDatabase db) throws Exception {
        killAndFinish(db, "UPDATE tandem_backfill SET cursor_key", 2, () -> {
            // With two writers the chunk committed first may be the second one: the checkpoint's rows then stay 0.
            // A chunk holds at least FIRST_CHUNK rows; the writers' rows carried in meanwhile are a few dozen.
            assertThat((Long) db.queryValue("SELECT COUNT(*) FROM " + CopyExpandIT.COPY)).as("a chunk committed, not all")
                    .isBetween((long) BackfillChunker.FIRST_CHUNK, (long) ROWS - 1);
            assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).isLessThan(ROWS);
            assertThat(triggersOn(db, CopyExpandIT.COPY)).isEmpty();
        });
    }

    /** After the first of the copy's two sync triggers was created (the one for updates). */
    @ServerTest
    void killedBetweenTheCopysTwoSyncTriggers(TestDatabase db) throws Exception {
        killAndFinish(db, "CREATE TRIGGER `" + COPY_UPDATE_TRIGGER + "`", 1, () -> {
            assertThat(triggersOn(db, CopyExpandIT.COPY)).containsExactly(COPY_UPDATE_TRIGGER);
            assertThat(tableExists(db, CopyExpandIT.OLD)).isFalse();
        });
    }

    /**
     * After both AUTO_INCREMENT counters were read (and the copy's set, where the table's was past it: the
     * writers' inserts, carried into the copy, usually keep them equal), before the RENAME (on MySQL, before
     * the LOCK TABLES it runs under): the copy's third {@code SHOW CREATE TABLE} (the first two compared the
     * copy with the table, before the rows were counted and as the swap began).
     */
    @ServerTest
    void killedBetweenTheAutoIncrementCountersAndTheRename(TestDatabase db) throws Exception {
        killAndFinish(db, "SHOW CREATE TABLE `" + CopyExpandIT.COPY + "`", 3, () -> {
            assertThat(triggersOn(db, CopyExpandIT.COPY)).containsExactly(COPY_INSERT_TRIGGER, COPY_UPDATE_TRIGGER);
            assertThat(tableExists(db, CopyExpandIT.OLD)).isFalse();
        });
    }

    /** After the RENAME, before the old table's triggers were dropped. */
    @ServerTest
    void killedBetweenTheRenameAndDroppingTheOldTablesTriggers(TestDatabase db) throws Exception {
        killAndFinish(db, "RENAME TABLE `customers` TO `" + CopyExpandIT.OLD + "`", 1, () -> {
            assertThat(tableExists(db, CopyExpandIT.COPY)).isFalse();
            assertThat(triggersOn(db, "customers")).containsExactly(COPY_INSERT_TRIGGER, COPY_UPDATE_TRIGGER);
            assertThat(triggersOn(db, CopyExpandIT.OLD)).hasSize(5);
        });
    }

    /** After the first of the old table's triggers was dropped (the carry trigger for deletes). */
    @ServerTest
    void killedWhileDroppingTheOldTablesTriggers(TestDatabase db) throws Exception {
        killAndFinish(db, "DROP TRIGGER IF EXISTS `_tandem_2_customers_display_cad`", 1, () -> {
            assertThat(tableExists(db, CopyExpandIT.COPY)).isFalse();
            assertThat(triggersOn(db, CopyExpandIT.OLD)).hasSize(4).doesNotContain("_tandem_2_customers_display_cad");
        });
    }

    private interface Check {
        void run() throws Exception;
    }

    /** Kills the node after the {@code occurrence}th statement it ran that begins with {@code stopAfter}. */
    private static void killAndFinish(TestDatabase db, String stopAfter, int occurrence, Check killedThere) throws Exception {
        ScriptDir scripts = CopyExpandIT.scripts(ROWS);
        Nodes.applied(db, scripts);
        scripts.write("V2__display.yaml", CopyExpandIT.ADD_DISPLAY.replace("}", ", strategy: copy}"));
        WriteLedger ledger = new WriteLedger(ROWS, 3, () -> CopyExpandIT.connection(db, null), 1,
                () -> CopyExpandIT.connection(db, "0000000002"));
        List<String> differences;
        try (ledger) {
            Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SwapStoppingNode.class.getName(),
                    db.url(), db.user(), db.password(), scripts.location(), stopAfter, String.valueOf(occurrence))
                    .redirectErrorStream(true).start();
            Deque<String> lastLines = new ArrayDeque<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.contains(MARKER)) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 30) {
                        lastLines.removeFirst();
                    }
                }
                assertThat(line).as("the node stopped after '%s' #%d; its last lines:%n%s", stopAfter, occurrence,
                        String.join("\n", lastLines)).isNotNull();
                Thread.sleep(300); // old and new code write while the node hangs there
                node.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                node.destroyForcibly();
            }
            killedThere.run();
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("BACKFILLING");
            int writesBefore = ledger.writes();
            Thread.sleep(300); // and while no node runs
            try (Tandem other = Nodes.tandem(db, scripts)) {
                assertThat(other.start().ready()).isTrue();
            }
            Thread.sleep(300); // and after the swap, through the copy under the table's name
            assertThat(ledger.writes()).as("writers ran after the kill").isGreaterThan(writesBefore);
        }
        try (Connection c = db.connection()) {
            differences = ledger.differences(c);
        }
        assertThat(ledger.failureMessages()).as("no write failed").isEmpty();
        assertThat(ledger.wrongReads()).as("no read saw another value than the one just written").isZero();
        assertThat(differences).as("the table holds every acknowledged write, and no deleted row").isEmpty();
        assertThat(tableExists(db, CopyExpandIT.COPY)).as("the copy took the table's name").isFalse();
        assertThat(triggersOn(db, "customers")).containsExactly(COPY_INSERT_TRIGGER, COPY_UPDATE_TRIGGER);
        assertThat(triggersOn(db, CopyExpandIT.OLD)).as("nothing carries writes into a copy that is gone").isEmpty();
        CopyExpandIT.anOldWritersInsertAfterTheSwapGetsANewIdAndUp(db, ledger);
    }

    private static List<String> triggersOn(TestDatabase db, String table) throws SQLException {
        return db.query("SELECT trigger_name FROM information_schema.triggers WHERE event_object_schema = DATABASE()"
                + " AND event_object_table = '" + table + "' ORDER BY trigger_name").stream().map(r -> (String) r.get(0)).toList();
    }

    private static boolean tableExists(TestDatabase db, String table) throws SQLException {
        return !db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '"
                + table + "'").isEmpty();
    }

    /**
     * The v2 node the test kills: Tandem on connections that, once the {@code args[5]}th statement beginning
     * with {@code args[4]} ran, print the marker and hang (its transaction open) until the JVM is killed.
     */
    public static final class SwapStoppingNode {

        private SwapStoppingNode() {
        }

        public static void main(String[] args) throws Exception {
            String url = args[0];
            String user = args[1];
            String password = args[2];
            Stop stop = new Stop(args[4], Integer.parseInt(args[5]));
            DataSource stopping = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, methodArgs) -> switch (method.getName()) {
                        case "getConnection" -> stopping(DriverManager.getConnection(url, user, password), stop);
                        case "getLoginTimeout" -> 0;
                        case "getLogWriter" -> (PrintWriter) null;
                        case "getParentLogger" -> Logger.getGlobal();
                        case "isWrapperFor" -> false;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == methodArgs[0];
                        case "toString" -> "the test database";
                        default -> null; // setLoginTimeout, setLogWriter
                    });
            try (Tandem tandem = Nodes.configure().dataSource(stopping).appVersion("2.0.0").locations(args[3]).load()) {
                tandem.start();
            }
        }

        /**
         * Where to stop: after the {@code occurrence}th statement that begins with {@code prefix} (one run under
         * MariaDB's {@code SET STATEMENT ... FOR} counts as the statement it runs).
         */
        private record Stop(String prefix, int occurrence, AtomicInteger seen) {

            Stop(String prefix, int occurrence) {
                this(prefix, occurrence, new AtomicInteger());
            }

            void ran(String sql) throws InterruptedException {
                if (sql != null && sql.replaceFirst("^SET STATEMENT .*? FOR ", "").startsWith(prefix)
                        && seen.incrementAndGet() == occurrence) {
                    System.out.println(MARKER);
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE); // until the test kills this JVM
                }
            }
        }

        private static Connection stopping(Connection connection, Stop stop) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, methodArgs) -> {
                        Object result = invoke(method, connection, methodArgs);
                        if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
                            return stopping(PreparedStatement.class, prepared, (String) methodArgs[0], stop);
                        }
                        return result instanceof Statement statement && method.getName().equals("createStatement")
                                ? stopping(Statement.class, statement, null, stop) : result;
                    });
        }

        /** {@code prepared}: the SQL of a prepared statement, which its execute methods take no SQL for. */
        private static <T extends Statement> T stopping(Class<T> type, T statement, String prepared, Stop stop) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, methodArgs) -> {
                        Object result = invoke(method, statement, methodArgs);
                        if (method.getName().startsWith("execute")) {
                            stop.ran(methodArgs != null && methodArgs.length > 0 && methodArgs[0] instanceof String sql
                                    ? sql : prepared);
                        }
                        return result;
                    }));
        }

        private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}

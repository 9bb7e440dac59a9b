package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The chunked backfill: 100k rows under concurrent writers, verified; resumed after its connection dies. */
class BackfillIT {

    private static final int ROWS = 100_000;
    private static final String ADD_DISPLAY = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)"}
            """;

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-backfill-")).write("V1__customers.sql", """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                INSERT INTO customers (id, name)
                  SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d, CONCAT('customer ', a.d, b.d, c.d, e.d, f.d)
                  FROM digits a, digits b, digits c, digits e, digits f;
                """);
    }


    @ServerTest
    void backfills100kRowsInAdaptiveChunksWhileOldAndNewCodeWrite(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers")).isEqualTo((long) ROWS);
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<dev.tandem.BackfillProgress> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Tandem v2 = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).listener(new dev.tandem.TandemListener() {
                    @Override
                    public void backfillProgress(dev.tandem.BackfillProgress progress) {
                        heard.add(progress);
                    }
                }).load()) {
            List<Future<?>> done = new ArrayList<>();
            done.add(writers.submit(() -> write(db.connection(), null, running, writes)));
            done.add(writers.submit(() -> write(v2.dataSource().getConnection(), "0000000002", running, writes)));
            v2.start();
            running.set(false);
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
            assertThat(v2.status().backfills()).singleElement().satisfies(b -> {
                assertThat(b.version()).isEqualTo("2");
                assertThat(b.target()).isEqualTo("customers.display");
                assertThat(b.verified()).isTrue();
                assertThat(b.rowsDone()).isGreaterThanOrEqualTo(ROWS - 5_000L);
            });
            assertThat(v2.status().toString()).contains("backfill 2 customers.display: ").contains("verified");
        } finally {
            writers.shutdownNow();
        }
        assertThat(writes.get()).as("writers ran during the backfill").isPositive();
        assertThat(heard).as("the listener heard the end of the backfill").last()
                .satisfies(p -> assertThat(p.verified()).isTrue());
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))"
                + " AND display NOT LIKE 'v2:%'")).as("every row written by old code or backfilled has up(row)").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display IS NULL")).isEqualTo(0L);
        List<List<Object>> checkpoint = db.query("SELECT rows_done, chunk_size, verified_at IS NOT NULL FROM tandem_backfill");
        assertThat(checkpoint).hasSize(1);
        assertThat((Long) checkpoint.get(0).get(0)).as("rows changed by the backfill: about the table, once each")
                .isBetween(ROWS - 5_000L, (long) ROWS + writes.get());
        assertThat(checkpoint.get(0).get(1)).as("the chunk size adapted").isNotEqualTo(1000);
        assertThat(checkpoint.get(0).get(2)).isIn(1L, 1, true);
    }

    /** Old code (tag null) renames and inserts; new code (tagged) inserts with its own display. */
    private static Void write(Connection c, String tag, AtomicBoolean running, AtomicInteger writes) throws Exception {
        try (c; Statement s = c.createStatement()) {
            if (tag != null) {
                s.execute("SET @tandem_version = '" + tag + "'");
            }
            int i = 0;
            while (running.get()) {
                i++;
                long id = 1 + (long) (Math.random() * ROWS);
                if (tag == null) {
                    s.execute("UPDATE customers SET name = 'renamed " + i + "' WHERE id = " + id);
                    s.execute("INSERT INTO customers (name) VALUES ('old insert " + i + "')");
                } else {
                    try {
                        s.execute("INSERT INTO customers (name, display) VALUES ('new insert " + i + "', 'v2: chosen')");
                    } catch (java.sql.SQLSyntaxErrorException notExpandedYet) {
                        Thread.sleep(20); // new code is deployed before its column exists only in this test
                        continue;
                    }
                }
                writes.incrementAndGet();
            }
        }
        return null;
    }

    @ServerTest
    void aBackfillWhoseConnectionIsKilledResumesFromItsCheckpoint(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        CapturedLog log = CapturedLog.start();
        ExecutorService killer = Executors.newSingleThreadExecutor();
        long killedAt;
        try (log) {
            Future<Long> kill = killer.submit(() -> killTheBackfillAfter(db, 20_000));
            try (Tandem first = tandem(db, scripts)) {
                assertThatThrownBy(first::start).hasMessageContaining("backfill in chunks")
                        .hasMessageContaining("lost its database session");
            }
            killedAt = kill.get(1, TimeUnit.MINUTES);
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'"))
                    .as("left as a crash leaves it, not for a person").isEqualTo("BACKFILLING");

            try (Tandem second = tandem(db, scripts)) {
                assertThat(second.start().ready()).isTrue();
            }
        } finally {
            killer.shutdownNow();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("resuming the backfill after key"));
        long resumedAfter = log.events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("resuming the backfill after key")).findFirst()
                .map(m -> Long.parseLong(m.replaceAll(".*after key (\\d+).*", "$1"))).orElseThrow();
        assertThat(resumedAfter).as("resumed near where it was killed, not from zero").isGreaterThanOrEqualTo(killedAt - 60_000)
                .isGreaterThan(10_000);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))"))
                .isEqualTo(0L);
        assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).as("each row backfilled once")
                .isEqualTo((long) ROWS);
    }

    /**
     * Waits until the backfill checkpointed {@code rows} rows, kills its connection (the in-place update's, or a
     * copy's, when the tests force one), returns the checkpoint's rows then.
     */
    private static long killTheBackfillAfter(TestDatabase db, long rows) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT rows_done FROM tandem_backfill")) {
                    if (rs.next() && rs.getLong(1) >= rows) {
                        long done = rs.getLong(1);
                        List<Long> ids = new ArrayList<>();
                        try (ResultSet p = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = DATABASE()"
                                + " AND id <> CONNECTION_ID() AND info LIKE '%tandem_backfill%' OR (db = DATABASE()"
                                + " AND (info LIKE 'UPDATE `customers`%' OR info LIKE '%INSERT INTO `\\_tandem%'))")) {
                            while (p.next()) {
                                ids.add(p.getLong(1));
                            }
                        }
                        for (long id : ids) {
                            s.execute("KILL CONNECTION " + id);
                        }
                        if (!ids.isEmpty()) {
                            return done;
                        }
                    }
                } catch (java.sql.SQLException tableNotThereYet) {
                    // the backfill has not begun
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("the backfill never reached " + rows + " rows");
    }

    @ServerTest
    void backfillsATableWithATextKey(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-textkey-")).write("V1__codes.sql", """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, label VARCHAR(40) NOT NULL);
                INSERT INTO codes SELECT CONCAT('c-', a.d, b.d, c.d, e.d), CONCAT('label ', a.d, b.d, c.d, e.d)
                  FROM digits a, digits b, digits c, digits e;
                """).write("V2__upper.yaml",
                "operations:\n  - add_column: {table: codes, column: shout, type: VARCHAR(40), up: \"UPPER(label)\"}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM codes WHERE NOT (shout <=> UPPER(label))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT rows_done FROM tandem_backfill")).isEqualTo(10_000L);
    }

    /**
     * An integer key with a gap of 10^18 between its keys (snowflake ids, one given by hand): the chunks stepped
     * 50,000 key values at a time through it, each finding nothing, for longer than the backfill could ever take
     * (the verification as well, 100,000 at a time). Each chunk starts at the first key after the last one now.
     */
    @ServerTest
    void backfillsATableWhoseIntegerKeysLieFarApart(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-sparse-")).write("V1__events.sql", """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE events (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL);
                INSERT INTO events SELECT 1 + a.d + 10 * b.d + 100 * c.d, CONCAT('label ', a.d, b.d, c.d)
                  FROM digits a, digits b, digits c;
                INSERT INTO events VALUES (500000000000000000, 'far'), (500000000000000001, 'next to it'),
                  (-9000000000000000000, 'the smallest'), (9000000000000000000, 'the largest');
                """).write("V2__shout.yaml",
                "operations:\n  - add_column: {table: events, column: shout, type: VARCHAR(40), up: \"UPPER(label)\"}\n");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Tandem tandem = tandem(db, scripts)) {
                assertThat(tandem.start().ready()).isTrue();
            }
        });
        assertThat(db.queryValue("SELECT COUNT(*) FROM events WHERE NOT (shout <=> UPPER(label))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT rows_done FROM tandem_backfill")).isEqualTo(1_004L);
    }

    /**
     * An 'up' whose subquery reads a TIMESTAMP of another table depends on the time zone as one reading the row's
     * own does: the backfill computed it in UTC, the sync triggers in the writer's zone, and the rows it filled
     * were a day off where the two zones' dates differ. Both compute it in the server's zone now.
     */
    @ServerTest
    void anUpWhoseSubqueryReadsATimestampIsFilledInTheServersZone(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-zoned-subquery-")).write("V1__orders.sql", """
                CREATE TABLE orders (id BIGINT PRIMARY KEY, placed_at TIMESTAMP NOT NULL);
                CREATE TABLE items (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL);
                """);
        Nodes.applied(db, scripts);
        Object serverZone = db.queryValue("SELECT @@global.time_zone");
        db.execute("SET GLOBAL time_zone = '+02:00'");
        try {
            // 00:30 on June 2 in the server's zone is 22:30 on June 1 in UTC.
            db.execute("SET time_zone = '+02:00'", "INSERT INTO orders VALUES (1, '2024-06-02 00:30:00')",
                    "INSERT INTO items VALUES (1, 1)");
            scripts.write("V2__order_day.yaml", "operations:\n  - add_column: {table: items, column: order_day, type: DATE,"
                    + " up: \"(SELECT DATE(orders.placed_at) FROM orders WHERE orders.id = order_id)\"}\n");
            try (Tandem tandem = tandem(db, scripts)) {
                assertThat(tandem.start().ready()).isTrue();
            }
            db.execute("SET time_zone = '+02:00'", "INSERT INTO items (id, order_id) VALUES (2, 1)");
            assertThat(db.query("SELECT id, CAST(order_day AS CHAR) FROM items ORDER BY id")).as("the backfill's, an old writer's")
                    .containsExactly(List.of(1L, "2024-06-02"), List.of(2L, "2024-06-02"));
        } finally {
            db.execute("SET GLOBAL time_zone = '" + serverZone + "'");
        }
    }

    @ServerTest
    void backfillsATableWithABinaryKeyWhoseBytesAreNoText(TestDatabase db) throws Exception {
        // Keys of 16 random-looking bytes (an MD5), most of them no valid UTF-8: a key read as text and
        // bound back as text would no longer be the same key, and chunks would miss rows.
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-binkey-")).write("V1__tokens.sql", """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE tokens (id VARBINARY(16) PRIMARY KEY, label VARCHAR(40) NOT NULL);
                INSERT INTO tokens SELECT UNHEX(MD5(CONCAT(a.d, b.d, c.d, e.d))), CONCAT('label ', a.d, b.d, c.d, e.d)
                  FROM digits a, digits b, digits c, digits e;
                INSERT INTO tokens VALUES (x'FF', 'the largest'), (x'', 'the smallest'), (x'00', 'zero');
                """).write("V2__shout.yaml",
                "operations:\n  - add_column: {table: tokens, column: shout, type: VARCHAR(40), up: \"UPPER(label)\"}\n");
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM tokens WHERE NOT (shout <=> UPPER(label))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT rows_done FROM tandem_backfill")).isEqualTo(10_003L);
    }

    @ServerTest
    void backfillsTablesWithACompositePrimaryKeyOrOnlyAUniqueKey(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-keys-")).write("V1__tables.sql", """
                CREATE TABLE digits (d INT PRIMARY KEY);
                INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
                CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL, item VARCHAR(40) NOT NULL,
                  PRIMARY KEY (order_id, line_no));
                INSERT INTO order_lines SELECT a.d * 100 + b.d * 10 + c.d, e.d * 10 + f.d, CONCAT('item ', a.d, b.d, c.d, e.d, f.d)
                  FROM digits a, digits b, digits c, digits e, digits f;
                CREATE TABLE tags (tag VARCHAR(20) NOT NULL, label VARCHAR(40) NOT NULL, UNIQUE KEY tags_tag (tag));
                INSERT INTO tags SELECT CONCAT('t', a.d, b.d, c.d), CONCAT('label ', a.d, b.d, c.d) FROM digits a, digits b, digits c;
                """).write("V2__shout.yaml", """
                operations:
                  - add_column: {table: order_lines, column: shout, type: VARCHAR(40), up: "UPPER(item)"}
                  - add_column: {table: tags, column: shout, type: VARCHAR(40), up: "UPPER(label)"}
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM order_lines WHERE NOT (shout <=> UPPER(item))")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM tags WHERE NOT (shout <=> UPPER(label))")).isEqualTo(0L);
        assertThat(db.query("SELECT target, rows_done FROM tandem_backfill ORDER BY target"))
                .containsExactly(List.of("order_lines.shout", 100_000L), List.of("tags.shout", 1_000L));
    }

    /** A node in a JVM of its own: starts Tandem on the given scripts and waits to be killed. */
    public static final class BackfillNode {

        private BackfillNode() {
        }

        public static void main(String[] args) throws Exception {
            try (Tandem tandem = Nodes.configure().url(args[0]).user(args[1]).password(args[2]).locations(args[3])
                    .load()) {
                tandem.start();
            }
        }
    }

    @ServerTest
    void aBackfillWhoseProcessIsKilledResumesFromItsCheckpointOnAnotherNode(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        Process node = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackfillNode.class.getName(),
                db.url(), db.user(), db.password(), scripts.location())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long killedAfter = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && killedAfter == 0) {
                try {
                    long done = (Long) db.queryValue("SELECT rows_done FROM tandem_backfill");
                    if (done >= 20_000) {
                        node.toHandle().destroyForcibly(); // SIGKILL mid-backfill
                        killedAfter = done;
                    }
                } catch (java.sql.SQLException | IllegalStateException notStarted) {
                    // no checkpoint yet
                }
                Thread.sleep(5);
            }
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            node.destroyForcibly();
        }
        assertThat(killedAfter).as("the node was killed during its backfill").isPositive();
        long checkpoint = (Long) db.queryValue("SELECT rows_done FROM tandem_backfill");
        assertThat(checkpoint).isBetween(killedAfter, (long) ROWS - 1);

        try (Tandem other = tandem(db, scripts)) {
            assertThat(other.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (display <=> CONCAT('#', name))")).isEqualTo(0L);
        assertThat((Long) db.queryValue("SELECT rows_done FROM tandem_backfill")).as("each row backfilled once, resumed not restarted")
                .isEqualTo((long) ROWS);
    }
}

package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.Tandem;
import dev.tandem.spi.Phase;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Old code's writes at every point of an expand end with the right value in the new shape: between
 * any two steps (the two sync triggers are created in two steps), and when something leaves a wrong
 * value behind, the backfill finds it by its value and writes it again.
 */
class SyncWindowIT {

    private static final String TABLES = """
            CREATE TABLE items_a (id BIGINT PRIMARY KEY, color VARCHAR(20) NOT NULL);
            CREATE TABLE items_r (id BIGINT PRIMARY KEY, color VARCHAR(20) NOT NULL);
            CREATE TABLE items_t (id BIGINT PRIMARY KEY, color VARCHAR(20) NOT NULL);
            INSERT INTO items_a VALUES (1, 'red'), (2, 'green');
            INSERT INTO items_r VALUES (1, 'red'), (2, 'green');
            INSERT INTO items_t VALUES (1, 'red'), (2, 'green');
            """;
    private static final String OPERATIONS = """
            operations:
              - add_column: {table: items_a, column: color_upper, type: VARCHAR(20), up: "UPPER(color)"}
              - rename_column: {table: items_r, from: color, to: colour}
              - alter_column: {table: items_t, column: color, type: VARCHAR(40), nullable: false}
            """;

    /**
     * After every expand step (before it is recorded, as a crash there would leave it), an old writer
     * inserts a row as 'orange' and updates it to 'blue' at once, and recolours row 1. Before the
     * fix, a row inserted between the INSERT trigger and the UPDATE trigger kept 'ORANGE' in the new
     * column, the NULL-only backfill skipped it, and for add_column the verification passed.
     */
    @ServerTest
    void oldWritesBetweenAnyTwoExpandStepsEndSynced(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-window-")).write("V1__items.sql", TABLES);
        Nodes.applied(db, scripts);
        scripts.write("V2__sync.yaml", OPERATIONS);
        AtomicInteger writes = new AtomicInteger();
        try (Connection old = db.connection();
             Tandem v2 = node(db, scripts, new StepHook() {
                 @Override
                 public void afterStep(String version, Phase phase, int index) {
                     if (phase == Phase.EXPAND) {
                         writeAsOldCode(old, 100 + writes.getAndIncrement());
                     }
                 }
             })) {
            v2.start();
            assertThat(writes.get()).as("writes between the steps").isGreaterThanOrEqualTo(8);
            writeAsOldCode(old, 99);

            assertThat(db.queryValue("SELECT COUNT(*) FROM items_a WHERE NOT (color_upper <=> UPPER(color))")).isEqualTo(0L);
            assertThat(db.queryValue("SELECT COUNT(*) FROM items_r WHERE NOT (colour <=> color)")).isEqualTo(0L);
            assertThat(db.queryValue("SELECT COUNT(*) FROM items_t WHERE NOT (_tandem_color <=> color)")).isEqualTo(0L);
            assertThat(db.queryValue("SELECT color_upper FROM items_a WHERE id = 100")).isEqualTo("BLUE");

            v2.contract("2");
        }
        assertThat(db.query("SELECT id, color, color_upper FROM items_a WHERE id IN (1, 100)"))
                .containsExactly(List.of(1L, "blue", "BLUE"), List.of(100L, "blue", "BLUE"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM items_r WHERE colour <> 'blue' AND id >= 99")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM items_t WHERE color <> 'blue' AND id >= 99")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM items_a")).isEqualTo(db.queryValue("SELECT COUNT(*) FROM items_r"));
    }

    /**
     * A value that got into a synced new column wrong (here written past the triggers, as any window
     * would leave it, and differing only in case or a trailing space, which a collation would accept)
     * is found by the backfill by its value and written again, so the migration becomes READY right.
     * A value new code wrote into add_column's column is new code's, and is kept.
     */
    @ServerTest
    void aWrongValueInTheNewShapeIsRepairedAndNewCodesOwnValueIsKept(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-repair-")).write("V1__items.sql", TABLES);
        Nodes.applied(db, scripts);
        scripts.write("V2__sync.yaml", OPERATIONS);
        AtomicInteger backfills = new AtomicInteger();
        try (Connection bypass = db.connection(); Connection newCode = db.connection();
             Tandem v2 = node(db, scripts, new StepHook() {
                 @Override
                 public void beforeStep(String version, Phase phase, int index) {
                     if (phase == Phase.BACKFILL && backfills.getAndIncrement() == 0) {
                         run(bypass, "SET @tandem_backfill = 1",
                                 "UPDATE items_r SET colour = 'RED' WHERE id = 1",
                                 "UPDATE items_t SET _tandem_color = 'red ' WHERE id = 1",
                                 "SET @tandem_backfill = NULL");
                         run(newCode, "SET @tandem_version = '0000000002'",
                                 "UPDATE items_a SET color_upper = 'Mine' WHERE id = 2");
                     }
                 }
             })) {
            v2.start();
        }
        assertThat(db.queryValue("SELECT colour FROM items_r WHERE id = 1")).isEqualTo("red");
        assertThat(db.queryValue("SELECT CONCAT('[', _tandem_color, ']') FROM items_t WHERE id = 1")).isEqualTo("[red]");
        assertThat(db.query("SELECT id, color_upper FROM items_a ORDER BY id"))
                .containsExactly(List.of(1L, "RED"), List.of(2L, "Mine"));
    }

    /**
     * DATETIME to TIMESTAMP while old code writes from sessions in three time zones: every writer's
     * '2024-06-01 12:00:00' is the same instant, the one the server's own zone gives (as a blocking
     * ALTER would convert it), before and after the contract.
     */
    @ServerTest
    void writersInThreeTimeZonesStoreTheSameInstant(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-zones-")).write("V1__events.sql", """
                CREATE TABLE events (id BIGINT PRIMARY KEY, happened DATETIME(3) NOT NULL, note VARCHAR(20) NULL);
                INSERT INTO events VALUES (1, '2024-06-01 12:00:00', 'before');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__instant.yaml", """
                operations:
                  - alter_column: {table: events, column: happened, type: TIMESTAMP(3), nullable: true, up: happened}
                """);
        List<String> zones = List.of("+05:00", "-03:00", "+00:00");
        AtomicInteger id = new AtomicInteger(10);
        try (Connection old = db.connection();
             Tandem v2 = node(db, scripts, new StepHook() {
                 @Override
                 public void afterStep(String version, Phase phase, int index) {
                     if (phase == Phase.EXPAND) {
                         for (String zone : zones) {
                             int row = id.getAndIncrement();
                             run(old, "SET time_zone = '" + zone + "'",
                                     "INSERT INTO events VALUES (" + row + ", '2024-06-01 11:00:00', '" + zone + "')",
                                     "UPDATE events SET happened = '2024-06-01 12:00:00' WHERE id = " + row);
                         }
                     }
                 }
             })) {
            v2.start();
            for (String zone : zones) {
                run(old, "SET time_zone = '" + zone + "'", "INSERT INTO events VALUES (" + id.getAndIncrement()
                        + ", '2024-06-01 12:00:00', 'ready " + zone + "')", "UPDATE events SET note = 'touched' WHERE id = 1");
            }
            Object expected = db.queryValue("SELECT UNIX_TIMESTAMP(CAST('2024-06-01 12:00:00' AS DATETIME(3)))");
            assertThat(db.query("SELECT DISTINCT UNIX_TIMESTAMP(_tandem_happened) FROM events"))
                    .as("one instant for every writer's zone").containsExactly(List.of(expected));
            v2.contract("2");
        }
        assertThat(db.query("SELECT DISTINCT CAST(happened AS CHAR) FROM events"))
                .containsExactly(List.of("2024-06-01 12:00:00.000"));
    }

    /**
     * An old writer whose session names months in German and divides to twenty places: its trigger gave the new
     * column 'Juni' and 0.3333333333 where the backfill gave 'June' and 0.3333333330 (a division carries nine
     * digits past its increment of 4). Every row's value is the backfill's, whoever wrote it; the writer's session
     * keeps its own settings.
     */
    @ServerTest
    void aWritersNamesOfMonthsAndScaleOfDivisionsAreNotTheNewColumns(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-locale-")).write("V1__orders.sql", """
                CREATE TABLE orders (id BIGINT PRIMARY KEY, placed DATE NOT NULL, total INT NOT NULL,
                  stamped TIMESTAMP NOT NULL DEFAULT '2024-06-01 10:00:00');
                INSERT INTO orders (id, placed, total) VALUES (1, '2024-06-01', 1);
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__derived.yaml", """
                operations:
                  - add_column: {table: orders, column: placed_month, type: VARCHAR(20), up: "MONTHNAME(placed)"}
                  - add_column: {table: orders, column: third, type: "DECIMAL(20,10)", up: "total / 3"}
                  - add_column: {table: orders, column: stamped_month, type: VARCHAR(20), up: "MONTHNAME(stamped)"}
                """);
        // The embedded MySQL refuses every locale but English (SET lc_time_names = 'de_DE' fails there).
        boolean german = db.flavor() == Flavor.MARIADB;
        // Tandem's own pool has them too: its backfill must not compute with its sessions' settings either.
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "sessionVariables="
                + (german ? "lc_time_names=de_DE," : "") + "div_precision_increment=20";
        try (Connection old = DriverManager.getConnection(url, db.user(), db.password());
             Tandem v2 = Nodes.configure().url(url).user(db.user()).password(db.password()).appVersion("2.0.0")
                     .locations(scripts.location()).load()) {
            run(old, "INSERT INTO orders (id, placed, total) VALUES (2, '2024-06-02', 1)");
            v2.start();
            run(old, "INSERT INTO orders (id, placed, total) VALUES (3, '2024-06-03', 1)",
                    "UPDATE orders SET placed = '2024-06-04', total = 1, stamped = '2024-06-04 10:00:00' WHERE id = 1");
            assertThat(db.query("SELECT DISTINCT placed_month, CAST(third AS CHAR), stamped_month FROM orders"))
                    .as("the backfill's values, for every row").containsExactly(List.of("June", "0.3333333330", "June"));
            try (Statement s = old.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@session.lc_time_names, @@session.div_precision_increment")) {
                rs.next();
                assertThat(List.of(rs.getString(1), rs.getInt(2))).as("the writer's own settings, given back")
                        .isEqualTo(List.of(german ? "de_DE" : "en_US", 20));
            }
        }
    }

    /**
     * gh-ost's localtests writer, as it found the window: insert a row, then update it by
     * LAST_INSERT_ID(), dozens of times a second, while the expand and backfill run. Three rounds.
     */
    @ServerTest
    void aWriterThatInsertsThenUpdatesEachRowDuringTheExpandLeavesNoRowWrong(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-ghost-"));
        for (int round = 1; round <= 3; round++) {
            String table = "events" + round;
            String expand = String.valueOf(2 * round);
            scripts.write("V" + (2 * round - 1) + "__events" + round + ".sql",
                    "CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, e VARCHAR(20) NOT NULL,"
                            + " n INT NOT NULL DEFAULT 0);\n");
            Nodes.applied(db, scripts);
            scripts.write("V" + expand + "__sync" + round + ".yaml", "operations:\n"
                    + "  - add_column: {table: " + table + ", column: e_upper, type: VARCHAR(20), up: \"UPPER(e)\"}\n"
                    + "  - rename_column: {table: " + table + ", from: e, to: colour}\n"
                    + "  - alter_column: {table: " + table + ", column: n, type: BIGINT, nullable: false, default: \"0\"}\n");
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger rows = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection old = db.connection(); Statement w = old.createStatement()) {
                    while (!stop.get()) {
                        w.execute("INSERT INTO " + table + " (e, n) VALUES ('orange', 1)");
                        w.execute("UPDATE " + table + " SET e = 'blue', n = n + 1 WHERE id = LAST_INSERT_ID()");
                        rows.incrementAndGet();
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            writer.start();
            Thread.sleep(200);
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                v2.start();
                Thread.sleep(200);
                stop.set(true);
                writer.join();
                assertThat(failed.get()).as("old code's writes").isNull();
                assertThat(db.queryValue("SELECT COUNT(*) FROM " + table + " WHERE NOT (e_upper <=> UPPER(e))"
                        + " OR NOT (colour <=> e) OR NOT (_tandem_n <=> n)")).as("round " + round + ", rows " + rows.get())
                        .isEqualTo(0L);
                v2.contract(expand);
            }
            assertThat(db.queryValue("SELECT COUNT(*) FROM " + table + " WHERE colour <> 'blue' OR e_upper <> 'BLUE' OR n <> 2"))
                    .isEqualTo(0L);
        }
    }

    private static void writeAsOldCode(Connection old, int id) {
        String[] statements = new String[6];
        int i = 0;
        for (String table : List.of("items_a", "items_r", "items_t")) {
            statements[i++] = "INSERT INTO " + table + " (id, color) VALUES (" + id + ", 'orange')";
            statements[i++] = "UPDATE " + table + " SET color = 'blue' WHERE id IN (1, " + id + ")";
        }
        run(old, statements);
    }

    private static void run(Connection connection, String... statements) {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tandem node(TestDatabase db, ScriptDir scripts, StepHook hook) {
        return EngineAccess.stepHook(Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()), hook).load();
    }
}

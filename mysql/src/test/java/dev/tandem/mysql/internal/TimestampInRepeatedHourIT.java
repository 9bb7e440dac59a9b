package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.ComparisonReport;
import dev.tandem.DatabaseComparison;
import dev.tandem.Tandem;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TIMESTAMP values in the hour a time zone repeats when its clocks go back: two instants that read alike in
 * local time. A copy keeps each instant of the table's TIMESTAMP columns, copied by its chunks or carried by
 * its triggers (on MySQL, the chunks written through a zone that repeats the hour gave the second instant as
 * the first: an hour off), and a copy that cannot is not made. The server's own time zone is such a zone ({@link #ZONE}, made up for the test in the server's
 * time zone tables), as the backfill computes values in it and an application's sessions take it.
 */
class TimestampInRepeatedHourIT {

    /**
     * A zone with Berlin's rules (one hour ahead of UTC, two in summer; in 2026 its clocks go back at 01:00 UTC
     * on October 25, and 02:00-03:00 local comes twice), under a name of the test's own.
     */
    private static final String ZONE = "Tandem/ClocksBack";
    private static final long ZONE_ID = 90_002;
    private static final ZoneRules RULES = ZoneId.of("Europe/Berlin").getRules();
    /** The instants (UTC): 02:30 local the first time, 02:30 local the second time, and a summer noon. */
    private static final List<String> INSTANTS = List.of("2026-10-25 00:30:00", "2026-10-25 01:30:00", "2026-06-01 10:00:00");
    /** 02:45 local the second time: the instant an old writer inserts once the migration is ready. */
    private static final String SECOND_0245 = "2026-10-25 01:45:00";
    /** The throttle's asks by which a copy's first chunks (ids 1 to 1,000 first) are copied, and verified beside. */
    private static final int CHUNKS_COPIED_AND_VERIFIED = 8;

    /**
     * A TIMESTAMP copied as it is into a TIMESTAMP(3) in place: the backfill keeps each instant, and so does
     * the sync trigger for a row an old writer inserts afterwards in the repeated hour's second instant.
     */
    @ServerTest
    void aBackfillInPlaceAndItsTriggerKeepBothInstantsOfTheRepeatedHour(TestDatabase db) throws Exception {
        addAtMs(db, "in_place", () -> {
            try (Connection oldWriter = db.connection(); Statement s = oldWriter.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
                s.execute("INSERT INTO events (id, at) VALUES (4, '" + SECOND_0245 + "')");
            }
        });
        List<String> withTheOldWritersRow = new ArrayList<>(INSTANTS);
        withTheOldWritersRow.add(SECOND_0245);
        assertInstants(db, "at", withTheOldWritersRow);
        assertInstants(db, "at_ms", withTheOldWritersRow);
    }

    /**
     * An update in place whose value depends on the zone ({@code DATE(at)}, computed in the server's) on a
     * table with a column that stamps itself on update: the backfill keeps that column as it was, instants
     * of the repeated hour included.
     */
    @ServerTest
    void aBackfillInPlaceKeepsASelfUpdatingColumnsInstants(TestDatabase db) throws Exception {
        ScriptDir scripts = applied(db);
        db.execute("ALTER TABLE events ADD COLUMN stamped TIMESTAMP NULL ON UPDATE CURRENT_TIMESTAMP");
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            s.execute("UPDATE events SET stamped = at");
        }
        scripts.write("V2__day.yaml", "operations:\n  - add_column: {table: events, column: day, type: DATE NULL,"
                + " up: DATE(at), strategy: in_place}\n");
        inZone(db, () -> {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                assertThat(v2.start().ready()).isTrue();
            }
        });
        assertInstants(db, "stamped", INSTANTS);
        assertThat(db.queryValue("SELECT COUNT(*) FROM events WHERE day IS NOT NULL")).isEqualTo(3L);
    }

    /**
     * A copy asked for whose new value depends on the zone ({@code DATE(at)}, computed in the server's): on
     * MySQL, whose copy of the table's TIMESTAMPs through that zone cannot keep the repeated hour's second
     * instant, it is refused before anything runs, naming the column and what to do; MariaDB copies, and each
     * instant stays.
     */
    @ServerTest
    void aCopyWhoseValueDependsOnTheZoneIsRefusedOnMySqlBeforeAnythingRuns(TestDatabase db) throws Exception {
        ScriptDir scripts = applied(db);
        scripts.write("V2__day.yaml", "operations:\n  - add_column: {table: events, column: day, type: DATE NULL,"
                + " up: DATE(at), strategy: copy}\n");
        inZone(db, () -> {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                if (db.flavor() == Flavor.MYSQL) {
                    assertThatThrownBy(v2::start).hasMessageContaining("V2__day.yaml")
                            .hasMessageContaining("asks for a copy, but the table cannot be copied")
                            .hasMessageContaining("(DATE(at)) depends on the time zone")
                            .hasMessageContaining("the hour it repeats an hour off (in at;")
                            .hasMessageContaining("strategy: in_place").hasMessageContaining("Nothing was changed");
                } else {
                    assertThat(v2.start().ready()).isTrue();
                }
            }
        });
        if (db.flavor() == Flavor.MYSQL) {
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND column_name = 'day'")).as("nothing ran").isEqualTo(0L);
        } else {
            assertDays(db);
        }
        assertInstants(db, "at", INSTANTS);
    }

    /**
     * Where only the table's size chose a copy, a new value that depends on the zone is written in place on
     * MySQL, saying why, and copied on MariaDB: either way each instant stays and each row has its day.
     */
    @ServerTest
    void whereOnlyTheSizeChoseACopyAValueThatDependsOnTheZoneIsWrittenInPlaceOnMySql(TestDatabase db) throws Exception {
        ScriptDir scripts = applied(db);
        scripts.write("V2__day.yaml", "operations:\n  - add_column: {table: events, column: day, type: DATE NULL,"
                + " up: DATE(at)}\n");
        try (CapturedLog log = CapturedLog.start()) {
            inZone(db, () -> {
                try (Tandem v2 = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                        .appVersion("2.0.0").locations(scripts.location()).copyExpandThreshold(0).load()) {
                    assertThat(v2.start().ready()).isTrue();
                }
            });
            List<String> choices = log.events().stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("V2__day.yaml") && m.matches(".*: backfill (as a copy|in place):.*")).toList();
            assertThat(choices).singleElement().asString().contains(db.flavor() == Flavor.MYSQL
                    ? "in place: ~" : "as a copy: ~");
            if (db.flavor() == Flavor.MYSQL) {
                assertThat(choices.get(0)).contains("but the table cannot be copied: its new value (DATE(at)) depends on"
                        + " the time zone");
            }
        }
        assertInstants(db, "at", INSTANTS);
        assertDays(db);
    }

    /** Each row's {@code day} is the date of its {@code at} in {@link #ZONE}. */
    private static void assertDays(TestDatabase db) throws Exception {
        List<String> days = INSTANTS.stream().map(i -> Instant.parse(i.replace(' ', 'T') + "Z").atZone(RULES.getOffset(
                Instant.parse(i.replace(' ', 'T') + "Z"))).toLocalDate().toString()).toList();
        assertThat(db.queryValue("SELECT GROUP_CONCAT(day ORDER BY id) FROM events")).isEqualTo(String.join(",", days));
    }

    /** A TIMESTAMP copied as it is into a TIMESTAMP(3): both columns keep each instant. */
    @ServerTest
    void aCopyKeepsBothInstantsOfTheRepeatedHour(TestDatabase db) throws Exception {
        addAtMs(db, "copy", () -> { });
        assertInstants(db, "at", INSTANTS);
        assertInstants(db, "at_ms", INSTANTS);
    }

    /**
     * {@code add_column at_ms TIMESTAMP(3)} with {@code up: at} by {@code strategy} on the events table, to
     * ready, then {@code afterwards}, with {@link #ZONE} as the server's zone.
     */
    private static void addAtMs(TestDatabase db, String strategy, Work afterwards) throws Exception {
        ScriptDir scripts = applied(db);
        scripts.write("V2__at_ms.yaml", "operations:\n  - add_column: {table: events, column: at_ms, type: TIMESTAMP(3) NULL,"
                + " up: at, strategy: " + strategy + "}\n");
        inZone(db, () -> {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                assertThat(v2.start().ready()).as("the verification passes").isTrue();
            }
            afterwards.run();
        });
    }

    /**
     * A rename's swap resumed (a node died in it, or its table lock timed out) resyncs the original column from the
     * new one before it: that ran in the server's zone, where MySQL's test of which rows differ read the repeated
     * hour's two instants apart, and its write made the second the first, an hour off, in the column the contract
     * keeps. It runs in UTC, as the backfill does.
     */
    @ServerTest
    void aResumedRenameSwapKeepsBothInstantsOfTheRepeatedHour(TestDatabase db) throws Exception {
        ScriptDir scripts = applied(db);
        scripts.write("V2__happened.yaml", "operations:\n  - rename_column: {table: events, from: at, to: happened_at}\n");
        inZone(db, () -> {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                assertThat(v2.start().ready()).isTrue();
                // As a node that died in the swap's step leaves the record.
                db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0,"
                        + " step_started = 0 WHERE version = '2'");
                assertThat(v2.contract("2")).isTrue();
            }
        });
        assertInstants(db, "happened_at", INSTANTS);
    }

    /**
     * A copy whose new column has nothing to do with time, and a writer in the server's zone that updates the
     * rows while the copy holds: the table's TIMESTAMP column keeps each instant, copied or carried.
     */
    @ServerTest
    void aCopyAndItsCarryTriggersKeepTheTablesOtherTimestamps(TestDatabase db) throws Exception {
        // A session in the server's zone, as an application's: its updates are carried into the copy.
        whileALabelsCopyIsPaused(db, () -> db.execute("UPDATE events SET note = 'carried'"));
        assertThat(db.queryValue("SELECT COUNT(*) FROM events WHERE note = 'carried' AND label = CONCAT('#', id)"))
                .as("every row carried and filled").isEqualTo((long) INSTANTS.size());
        assertInstants(db, "at", INSTANTS);
    }

    /**
     * A writer's update whose carry into the copy waits too long for a lock (as a deadlock, it ends the
     * statement without running a handler of the trigger): the writer's session keeps its own time zone. The
     * carry triggers of a table with a TIMESTAMP switched the writer's session to UTC and back, and such a
     * failure left it in UTC, where every later statement on that pooled connection read and wrote times.
     */
    @ServerTest
    void aWriterWhoseCarriedWriteTimesOutKeepsItsOwnTimeZone(TestDatabase db) throws Exception {
        whileALabelsCopyIsPaused(db, () -> {
            try (Connection locker = db.connection(); Statement l = locker.createStatement();
                 Connection writer = db.connection(); Statement w = writer.createStatement()) {
                locker.setAutoCommit(false);
                l.executeQuery("SELECT * FROM " + CopyNames.of("2", "events", "label").copy() + " FOR UPDATE").close();
                w.execute("SET time_zone = '+05:00', innodb_lock_wait_timeout = 1");
                assertThatThrownBy(() -> w.execute("UPDATE events SET note = 'waited' WHERE id = 1"))
                        .hasMessageContaining("Lock wait timeout");
                try (ResultSet zone = w.executeQuery("SELECT @@session.time_zone")) {
                    assertThat(zone.next()).isTrue();
                    assertThat(zone.getString(1)).as("the writer's zone").isEqualTo("+05:00");
                }
                locker.rollback();
            }
        });
        assertInstants(db, "at", INSTANTS);
    }

    /**
     * {@code add_column label} of the events table copied, with {@link #ZONE} as the server's zone: {@code work} runs
     * once the copy's carry triggers are there and the copy waits, paused; then the copy goes on to ready.
     */
    private static void whileALabelsCopyIsPaused(TestDatabase db, Work work) throws Exception {
        ScriptDir scripts = applied(db);
        scripts.write("V2__label.yaml", "operations:\n  - add_column: {table: events, column: label, type: VARCHAR(20) NULL,"
                + " up: \"CONCAT('#', id)\", strategy: copy}\n");
        inZone(db, () -> {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                v2.pause();
                ExecutorService runner = Executors.newSingleThreadExecutor();
                try {
                    Future<Boolean> ready = runner.submit(() -> v2.start().ready());
                    while (((Number) db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema"
                            + " = DATABASE() AND event_object_table = 'events' AND action_timing = 'AFTER'")).intValue() < 3) {
                        assertThat(ready.isDone()).as("the copy waits, paused").isFalse();
                        Thread.sleep(20);
                    }
                    work.run();
                    v2.resume();
                    assertThat(ready.get()).isTrue();
                } finally {
                    v2.resume();
                    runner.shutdown();
                }
            }
        });
    }

    /**
     * The same, the rows updated after their chunk was copied and verified (so no repair of the verification can
     * mend them): on MySQL the carry triggers passed the table's TIMESTAMPs through the writer's zone, and the
     * repeated hour's second instant reached the copy as the first, an hour off.
     */
    @ServerTest
    void aRowUpdatedAfterItsChunkWasCopiedKeepsItsTimestampInTheRepeatedHour(TestDatabase db) throws Exception {
        ScriptDir scripts = applied(db);
        db.execute("CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                "INSERT INTO events (id, note) SELECT 10 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d, 'filler'"
                        + " FROM digits a, digits b, digits c, digits e");
        scripts.write("V2__label.yaml", "operations:\n  - add_column: {table: events, column: label, type: VARCHAR(20) NULL,"
                + " up: \"CONCAT('#', id)\", strategy: copy}\n");
        AtomicInteger asked = new AtomicInteger();
        inZone(db, () -> {
            try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").throttle(() -> {
                if (asked.incrementAndGet() == CHUNKS_COPIED_AND_VERIFIED) {
                    // A session in the server's zone, as an application's.
                    db.execute("UPDATE events SET note = 'carried' WHERE id <= 3");
                }
                return Optional.empty();
            }).load()) {
                assertThat(v2.start().ready()).isTrue();
            }
        });
        assertThat(asked.get()).as("the throttle was asked past the update").isGreaterThan(CHUNKS_COPIED_AND_VERIFIED);
        assertThat(db.queryValue("SELECT COUNT(*) FROM events WHERE note = 'carried' AND label = CONCAT('#', id)"))
                .as("the rows carried").isEqualTo((long) INSTANTS.size());
        db.execute("DELETE FROM events WHERE id >= 10");
        assertInstants(db, "at", INSTANTS);
    }

    /**
     * A comparison of a table keyed by a TIMESTAMP, its sessions in the server's zone: the repeated hour's two
     * instants read alike as text, so a key read on one side and looked up on the other found the wrong row,
     * and a row the target lacks was taken for one it holds: "identical". The comparison reads keys in UTC.
     */
    @ServerTest
    void aComparisonKeyedByATimestampTellsTheRepeatedHoursTwoInstantsApart(TestDatabase db) throws Exception {
        defineZone(db);
        try (TestDatabase target = TestDatabase.create(db.server())) {
            for (TestDatabase side : List.of(db, target)) {
                try (Connection c = side.connection(); Statement s = c.createStatement()) {
                    s.execute("SET time_zone = '+00:00'");
                    s.execute("CREATE TABLE readings (sensor INT NOT NULL, at TIMESTAMP NOT NULL, v INT NOT NULL,"
                            + " PRIMARY KEY (sensor, at))");
                    // The target lacks the first instant of the repeated hour.
                    for (int i = side == db ? 0 : 1; i < INSTANTS.size(); i++) {
                        s.execute("INSERT INTO readings VALUES (1, '" + INSTANTS.get(i) + "', " + i + ")");
                    }
                }
            }
            ComparisonReport[] report = new ComparisonReport[1];
            inZone(db, () -> report[0] = DatabaseComparison.between(db.newDataSource(), target.newDataSource()).run());

            assertThat(report[0].identical()).as("%s", report[0]).isFalse();
            assertThat(report[0].tables()).singleElement().satisfies(t -> assertThat(t.differences())
                    .extracting(ComparisonReport.Row::kind, ComparisonReport.Row::key)
                    .containsExactly(tuple(ComparisonReport.RowKind.MISSING_IN_TARGET, "(sensor, at)=(1, '2026-10-25 00:30:00')")));
        }
    }

    /**
     * A backfill in place of a table keyed by a TIMESTAMP, its value computed in the server's zone, so its
     * session is in that zone: the repeated hour's two instants read alike as text, and a chunk's bound read
     * in the second of them was taken back as the first, an hour earlier. Every row is filled, each once.
     */
    @ServerTest
    void aBackfillWalkingATimestampKeyThroughTheRepeatedHourFillsEveryRow(TestDatabase db) throws Exception {
        defineZone(db);
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-dst-")).write("V1__readings.sql",
                "CREATE TABLE readings (at TIMESTAMP NOT NULL PRIMARY KEY, v INT NOT NULL);\n");
        Nodes.applied(db, scripts);
        db.execute("CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            // One row a second from 23:30 UTC the day before to 02:10 UTC: both instants of 02:00-03:00 local.
            s.execute("INSERT INTO readings SELECT TIMESTAMP '2026-10-24 23:30:00' + INTERVAL n SECOND, n FROM (SELECT a.d"
                    + " + 10 * b.d + 100 * c.d + 1000 * e.d AS n FROM digits a, digits b, digits c, digits e) s WHERE n < 9600");
        }
        scripts.write("V2__day.yaml", "operations:\n  - add_column: {table: readings, column: day, type: DATE NULL,"
                + " up: DATE(at), strategy: in_place}\n");
        inZone(db, () -> {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                ExecutorService runner = Executors.newSingleThreadExecutor();
                try {
                    assertThat(runner.submit(() -> v2.start().ready()).get(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
                } finally {
                    runner.shutdownNow();
                }
            }
        });
        assertThat(db.queryValue("SELECT COUNT(*) FROM readings")).isEqualTo(9600L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM readings WHERE day IS NULL")).as("rows left unfilled").isEqualTo(0L);
    }

    /** The events table, its rows written in UTC: the instants of {@link #INSTANTS}. */
    private static ScriptDir applied(TestDatabase db) throws Exception {
        defineZone(db);
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-dst-")).write("V1__events.sql",
                "CREATE TABLE events (id INT PRIMARY KEY, at TIMESTAMP NULL, note VARCHAR(20));\n");
        Nodes.applied(db, scripts);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            for (int i = 0; i < INSTANTS.size(); i++) {
                s.execute("INSERT INTO events (id, at) VALUES (" + (i + 1) + ", '" + INSTANTS.get(i) + "')");
            }
        }
        return scripts;
    }

    private interface Work {
        void run() throws Exception;
    }

    /** {@code work} with {@link #ZONE} as the server's time zone, then the zone it had. */
    private static void inZone(TestDatabase db, Work work) throws Exception {
        String globalZone = String.valueOf(db.queryValue("SELECT @@global.time_zone"));
        db.execute("SET GLOBAL time_zone = '" + ZONE + "'");
        try {
            work.run();
        } finally {
            db.execute("SET GLOBAL time_zone = '" + globalZone + "'");
        }
    }

    /** The rows' {@code column}, in the order of their ids, hold {@code instants} (UTC). */
    private static void assertInstants(TestDatabase db, String column, List<String> instants) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (var rs = s.executeQuery("SELECT UNIX_TIMESTAMP(" + column + ") FROM events ORDER BY id")) {
                for (int i = 0; i < instants.size(); i++) {
                    assertThat(rs.next()).isTrue();
                    long expected = Instant.parse(instants.get(i).replace(' ', 'T') + "Z").getEpochSecond();
                    assertThat(rs.getBigDecimal(1).longValueExact()).as("row %d's %s", i + 1, column).isEqualTo(expected);
                }
                assertThat(rs.next()).as("no other row").isFalse();
            }
        }
    }

    /** {@link #ZONE} in the server's time zone tables, its transitions from 2020 to 2060 (once per server: the rows are kept). */
    private static void defineZone(TestDatabase db) throws Exception {
        defineZone(db, ZONE, ZONE_ID, "2060");
    }

    /** A zone of Berlin's transitions from 2020 until the year {@code until}, then in winter time for good. */
    private static void defineZone(TestDatabase db, String zone, long id, String until) throws Exception {
        List<String> transitions = new ArrayList<>(List.of("(" + id + ", 0, 0)"));
        for (ZoneOffsetTransition t = RULES.nextTransition(Instant.parse("2020-01-01T00:00:00Z"));
             t.getInstant().isBefore(Instant.parse(until + "-01-01T00:00:00Z")); t = RULES.nextTransition(t.getInstant())) {
            transitions.add("(" + id + ", " + t.getInstant().getEpochSecond() + ", " + (t.isGap() ? 1 : 0) + ")");
        }
        db.execute("INSERT IGNORE INTO mysql.time_zone (Time_zone_id, Use_leap_seconds) VALUES (" + id + ", 'N')",
                "INSERT IGNORE INTO mysql.time_zone_name (Name, Time_zone_id) VALUES ('" + zone + "', " + id + ")",
                "INSERT IGNORE INTO mysql.time_zone_transition_type (Time_zone_id, Transition_type_id, `Offset`, Is_DST,"
                        + " Abbreviation) VALUES (" + id + ", 0, 3600, 0, 'TCW'), (" + id + ", 1, 7200, 1, 'TCS')",
                "INSERT IGNORE INTO mysql.time_zone_transition (Time_zone_id, Transition_time, Transition_type_id) VALUES "
                        + String.join(", ", transitions));
    }

    /**
     * A zone that put its clocks back in earlier years only (it gave up daylight saving time, as Mexico City did in
     * 2022) repeats an hour all the same for the TIMESTAMPs of those years: only this year's offsets were compared,
     * and a copy wrote those instants an hour off.
     */
    @ServerTest
    void aZoneThatPutItsClocksBackInAnEarlierYearOnlyRepeatsAnHour(TestDatabase db) throws Exception {
        defineZone(db);
        defineZone(db, "Tandem/GaveUpDst", 90_003, "2022");
        try (Connection c = db.connection()) {
            assertThat(BackfillZone.zoneRepeatsAnHour(c, "'Tandem/GaveUpDst'")).isTrue();
            assertThat(BackfillZone.zoneRepeatsAnHour(c, "'" + ZONE + "'")).isTrue();
            assertThat(BackfillZone.zoneRepeatsAnHour(c, "'+05:00'")).isFalse();
            assertThat(BackfillZone.zoneRepeatsAnHour(c, "'+00:00'")).isFalse();
        }
    }
}

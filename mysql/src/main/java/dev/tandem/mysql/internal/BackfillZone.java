package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The time zone a backfill writes its rows in, and a sync trigger copies a TIMESTAMP in. The server's own
 * zone is where values that depend on one are computed ({@link SyncTrigger}); but MySQL writes a TIMESTAMP
 * through the session's zone, and in a zone that puts its clocks back the two instants of the hour it
 * repeats come out as the first of them, an hour off (MariaDB copies them exactly). UTC repeats no hour:
 * rows are written in it wherever the value allows.
 */
final class BackfillZone {

    /** A zone that repeats no hour. */
    static final String UTC = "'+00:00'";

    private BackfillZone() {
    }

    /**
     * A trigger's block that runs {@code body} (whole statements, each line ending in a newline) in {@code zone}
     * and gives the writer's session its own zone back after, and on an error before it is raised; at
     * {@code indent}, ending in {@code END} (no semicolon: the caller's statement may end there).
     */
    static String inZone(String zone, String body, String indent) {
        return ServerSettings.switched(Map.of("time_zone", zone), body, indent);
    }

    /**
     * Whether the backfill of {@code column} with {@code expression}, on a table of {@code columns}, writes
     * in UTC: where the value depends on no zone (no TIMESTAMP read or written, no time function: a copy
     * then also copies the table's other TIMESTAMP columns exactly), or is a TIMESTAMP copied as it is into
     * a TIMESTAMP ({@link #copiesInstant}); and no generated column of the table depends on the zone.
     */
    static boolean utc(String column, String expression, List<ColumnInfo> columns) {
        if (!zonedGenerated(columns).isEmpty()) {
            // MySQL computes a row's stored generated columns again when it updates the row: in UTC, one computed
            // from the zone would change; in the server's zone, it is what an update of the application's gives.
            return false;
        }
        boolean targetIsTimestamp = columns.stream().anyMatch(c -> c.isNamed(column) && c.isTimestamp());
        return utc(expression, targetIsTimestamp, readsTimestamps(expression, columns));
    }

    /** The generated columns of {@code columns} whose value depends on the time zone (a TIMESTAMP read, a time function). */
    private static List<ColumnInfo> zonedGenerated(List<ColumnInfo> columns) {
        return columns.stream().filter(ColumnInfo::isGenerated).filter(c -> SyncTrigger.dependsOnTimeZone(
                c.generationExpression(), readsTimestamps(c.generationExpression(), columns).contains(true))).toList();
    }

    /** As above, where {@code read} says whether each column the expression reads is a TIMESTAMP. */
    static boolean utc(String expression, boolean targetIsTimestamp, List<Boolean> read) {
        return !SyncTrigger.dependsOnTimeZone(expression, targetIsTimestamp || read.contains(true))
                || copiesInstant(expression, targetIsTimestamp, read);
    }

    private static List<Boolean> readsTimestamps(String expression, List<ColumnInfo> columns) {
        Map<String, ColumnInfo> byName = new LinkedHashMap<>();
        columns.forEach(c -> byName.put(c.name(), c));
        return Expressions.columnsNamed(expression, byName).values().stream().map(ColumnInfo::isTimestamp).toList();
    }

    /**
     * Why a copy of the table cannot write {@code column = expression}, read on {@code c}, if it cannot: on
     * MySQL, a value that depends on the zone is computed in the server's, and where that zone puts its
     * clocks back, the copy would write the TIMESTAMPs of the hour it repeats, in the table's other TIMESTAMP
     * columns, as the first of their two instants (an update in place leaves those columns alone).
     */
    static Optional<String> copyProblem(Connection c, String column, String expression, List<ColumnInfo> columns)
            throws SQLException {
        List<String> atRisk = instantsAtRisk(column, expression, columns);
        if (atRisk.isEmpty() || Jdbc.isMariaDb(c) || !serverZoneRepeatsAnHour(c)) {
            return Optional.empty();
        }
        return Optional.of("its new value (" + expression + ") depends on the time zone and is computed in the server's,"
                + " which puts its clocks back, and MySQL would copy the TIMESTAMPs of the hour it repeats an hour off"
                + " (in " + String.join(", ", atRisk) + "; a server in UTC copies them exactly)");
    }

    /**
     * Why a copy of a table of {@code columns} and {@code indexes} would change its generated values, if it
     * would: a stored generated column (or a virtual one in an index) whose value depends on the time zone (it
     * reads a TIMESTAMP, or calls a time function such as {@code FROM_UNIXTIME}) is computed again for every
     * row the copy writes, in the copy's zone (UTC, or the server's), not in the zone of the session that
     * wrote the row. An update in place leaves it as it is; a virtual column is computed when read anyway.
     */
    static Optional<String> generatedProblem(List<ColumnInfo> columns, List<IndexInfo> indexes) {
        List<String> zoned = zonedGenerated(columns).stream()
                .filter(c -> c.isStoredGenerated() || indexes.stream().anyMatch(i -> i.parts().stream()
                        .anyMatch(p -> p.column() != null && c.isNamed(p.column()))))
                .map(ColumnInfo::name).toList();
        return zoned.isEmpty() ? Optional.empty() : Optional.of("its generated columns " + String.join(", ", zoned)
                + " depend on the time zone, and a copy would compute them again for every row in its own zone, not in"
                + " the one each row was written in");
    }

    /**
     * The TIMESTAMP columns, other than {@code column}, that a copy writing {@code column = expression} would
     * write through the server's zone ({@link #utc} says it does not write in UTC); none where it does. Before
     * the expand adds the column its type is not known: only what no type of it would make safe is found
     * then, and the backfill asks again with the column there.
     */
    static List<String> instantsAtRisk(String column, String expression, List<ColumnInfo> columns) {
        List<Boolean> read = readsTimestamps(expression, columns);
        Optional<ColumnInfo> target = columns.stream().filter(col -> col.isNamed(column)).findFirst();
        boolean utc = target.isPresent() ? utc(expression, target.get().isTimestamp(), read)
                : utc(expression, true, read) || utc(expression, false, read);
        return utc ? List.of() : columns.stream().filter(col -> col.isTimestamp() && !col.isNamed(column))
                .map(ColumnInfo::name).toList();
    }

    /**
     * Whether {@code expression} is a column copied as it is, a TIMESTAMP into a TIMESTAMP: an instant to an
     * instant, which only UTC copies exactly on MySQL.
     *
     * @param read whether each column the expression reads is a TIMESTAMP
     */
    static boolean copiesInstant(String expression, boolean targetIsTimestamp, List<Boolean> read) {
        return targetIsTimestamp && Expressions.bareColumn(expression) != null && read.equals(List.of(true));
    }

    /** The server's own zone, as {@link #zoneRepeatsAnHour} takes it. */
    private static final String SERVER_ZONE = "@@global.time_zone";
    /**
     * The offset from UTC of a zone each month of a TIMESTAMP's range (from its first year to its last), and the
     * month's before. 816 months: within MySQL's default {@code cte_max_recursion_depth} of 1000.
     */
    private static final String MONTHLY_OFFSETS = "WITH RECURSIVE months (at) AS (SELECT CAST('1970-01-15 12:00:00' AS DATETIME)"
            + " UNION ALL SELECT at + INTERVAL 1 MONTH FROM months WHERE at < '2038-01-01')"
            + " SELECT COUNT(*) FROM (SELECT %1$s AS offset_now, LAG(%1$s) OVER (ORDER BY at) AS offset_before FROM months) o"
            + " WHERE offset_now < offset_before";

    /**
     * Whether the server's own zone puts its clocks back, read on {@code c}: where it does, a TIMESTAMP written in
     * it may come out an hour off.
     */
    static boolean serverZoneRepeatsAnHour(Connection c) throws SQLException {
        return zoneRepeatsAnHour(c, SERVER_ZONE);
    }

    /**
     * Whether {@code zone} (SQL: a literal or {@code @@global.time_zone}) ever put its clocks back within a
     * TIMESTAMP's range: its offset from UTC smaller in a month than in the month before. Not this year alone: a
     * zone that gave up daylight saving time (America/Mexico_City in 2022, Europe/Istanbul in 2016) or moved its
     * offset back once (Europe/Moscow in 2014) repeated hours whose TIMESTAMPs the table still holds.
     */
    static boolean zoneRepeatsAnHour(Connection c, String zone) throws SQLException {
        String offset = "TIMESTAMPDIFF(SECOND, CONVERT_TZ(at, " + zone + ", '+00:00'), at)";
        return !"0".equals(Jdbc.rows(c, MONTHLY_OFFSETS.formatted(offset)).get(0).get(0));
    }

    /** Runs {@code work} on the step's connection in UTC where {@code utc}; the sessions it opens take the zone too. */
    static void run(StepContext context, boolean utc, Steps.Work work) throws SQLException {
        if (!utc) {
            work.run();
            return;
        }
        context.execute("SET time_zone = " + UTC, false);
        try {
            work.run();
        } finally {
            context.execute("SET time_zone = @@global.time_zone", false);
        }
    }
}

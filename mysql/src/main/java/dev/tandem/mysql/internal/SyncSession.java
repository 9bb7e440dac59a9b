package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The session settings under which the sync triggers are created (a trigger keeps the {@code sql_mode}
 * it was created with) and the backfill runs, so both give a row the same value:
 * <ul>
 *   <li>{@code sql_mode} without {@code NO_ZERO_DATE} and {@code NO_ZERO_IN_DATE}, with
 *       {@code ALLOW_INVALID_DATES}: whatever date an old writer could store in the old column (an
 *       application in a permissive mode, as WordPress sets it, stores {@code '0000-00-00'}), the
 *       trigger can copy into the new one; in a strict trigger that old write would fail;</li>
 *   <li>{@code sql_mode} with {@code NO_AUTO_VALUE_ON_ZERO}: a copy's statements and carry triggers insert
 *       rows with the ids they hold, and a row whose AUTO_INCREMENT id is 0 (an application stored it in
 *       that mode) must keep it in the copy, not take the next value as an insert of 0 otherwise does;</li>
 *   <li>{@code time_zone} the server's own, as the triggers evaluate time (see {@link SyncTrigger});</li>
 *   <li>{@code lc_time_names} and {@code div_precision_increment} the server's own, as the triggers evaluate the
 *       expressions that read them ({@link ServerSettings}).</li>
 * </ul>
 * The session's own settings come back afterwards.
 */
final class SyncSession {

    private static final Set<String> REFUSES_STORED_DATES = Set.of("NO_ZERO_DATE", "NO_ZERO_IN_DATE");
    private static final String ACCEPTS_STORED_DATES = "ALLOW_INVALID_DATES";
    private static final String KEEPS_ZERO_IDS = "NO_AUTO_VALUE_ON_ZERO";
    /** What {@link #run} sets, {@code sql_mode} first: the settings the value of an expression depends on. */
    private static final SessionVariables SETTINGS = SessionVariables.of("sql_mode", "time_zone", ServerSettings.LOCALE,
            ServerSettings.DIVISION_SCALE);

    private SyncSession() {
    }

    static void run(StepContext context, Steps.Work work) throws SQLException {
        List<String> own = settings(context.connection());
        context.execute("SET SESSION sql_mode = " + Identifiers.literal(syncMode(own.get(0))) + ", time_zone ="
                + " @@global.time_zone, " + ServerSettings.LOCALE + " = @@global." + ServerSettings.LOCALE + ", "
                + ServerSettings.DIVISION_SCALE + " = @@global." + ServerSettings.DIVISION_SCALE, false);
        try {
            work.run();
        } finally {
            context.execute(setting(own), false);
        }
    }

    /**
     * Runs {@code work}, which creates a copy's carry triggers, inside {@link #run}, with the {@code sql_mode} they
     * are created with: on MySQL without {@code ALLOW_INVALID_DATES}, which (as {@code NO_ZERO_DATE} and
     * {@code NO_ZERO_IN_DATE}) makes MySQL copy a date or time column through its value, a TIMESTAMP through the
     * writer's time zone (its repeated hour's second instant came out as the first); without any of them it
     * copies the column's bytes, invalid and zero dates too. MariaDB copies the bytes in either mode.
     */
    static void carrying(StepContext context, Steps.Work work) throws SQLException {
        if (Jdbc.isMariaDb(context.connection())) {
            work.run();
            return;
        }
        String mode = settings(context.connection()).get(0);
        context.execute("SET SESSION sql_mode = " + Identifiers.literal(carryMode(mode)), false);
        try {
            work.run();
        } finally {
            context.execute("SET SESSION sql_mode = " + Identifiers.literal(mode), false);
        }
    }

    /** {@code syncMode}, a mode {@link #syncMode} made, as MySQL's carry triggers run with it. */
    static String carryMode(String syncMode) {
        return Arrays.stream(syncMode.split(",")).filter(m -> !m.equals(ACCEPTS_STORED_DATES)).collect(Collectors.joining(","));
    }

    /** The session's settings {@link #run} sets ({@code sql_mode} first), as {@link #setting} takes them. */
    static List<String> settings(Connection c) throws SQLException {
        return SETTINGS.read(c);
    }

    /** The {@code SET} statement that gives a session the {@link #settings} read from another, or from itself before. */
    static String setting(List<String> settings) {
        return SETTINGS.set(settings);
    }

    /** {@code mode} as the sync triggers and the backfill run with it. */
    static String syncMode(String mode) {
        Set<String> modes = new LinkedHashSet<>();
        for (String m : mode.split(",")) {
            if (!m.isBlank() && !REFUSES_STORED_DATES.contains(m.strip())) {
                modes.add(m.strip());
            }
        }
        modes.add(ACCEPTS_STORED_DATES);
        modes.add(KEEPS_ZERO_IDS);
        return String.join(",", modes);
    }
}

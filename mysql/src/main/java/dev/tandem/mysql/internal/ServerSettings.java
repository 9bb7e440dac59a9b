package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Session settings besides {@code sql_mode} and {@code time_zone} that the value of an expression depends on:
 * {@code lc_time_names} (the names {@code DATE_FORMAT}, {@code DAYNAME} and {@code MONTHNAME} give) and
 * {@code div_precision_increment} (the scale of a division). A trigger runs with the writer's: an application
 * that sets them for its sessions would get another value from the trigger than the backfill, which runs with the
 * server's own ({@link SyncSession}). A trigger's block that reads one sets the server's for its assignment and gives
 * the writer's back after, and on an error before it is raised, as {@link BackfillZone} does with the time zone.
 */
final class ServerSettings {

    static final String LOCALE = "lc_time_names";
    static final String DIVISION_SCALE = "div_precision_increment";
    /** The functions whose value {@code lc_time_names} changes (not {@code STR_TO_DATE}, not {@code FORMAT}). */
    private static final Set<String> NAMING_FUNCTIONS = Set.of("date_format", "dayname", "monthname");

    private ServerSettings() {
    }

    /** The settings of the two the value of {@code expression} depends on, in a fixed order. */
    static List<String> readBy(String expression) {
        List<String> read = new ArrayList<>();
        if (Expressions.words(expression).stream().anyMatch(w -> NAMING_FUNCTIONS.contains(w.toLowerCase(Locale.ROOT)))) {
            read.add(LOCALE);
        }
        // Its AVG() in a subquery too; a '/' inside a string is no division.
        if (Expressions.withoutStrings(expression).contains("/")
                || Expressions.words(expression).stream().anyMatch(w -> w.equalsIgnoreCase("avg"))) {
            read.add(DIVISION_SCALE);
        }
        return read;
    }

    /**
     * A trigger's block that runs {@code body} (whole statements, each line ending in a newline) with the server's own
     * {@code settings} and gives the writer's session its own back; at {@code indent}, ending in {@code END}.
     */
    static String withServers(List<String> settings, String body, String indent) {
        StringBuilder block = new StringBuilder(indent).append("BEGIN\n");
        List<String> restore = new ArrayList<>();
        for (String setting : settings) {
            String writers = "_tandem_writer_" + setting;
            block.append(indent).append("  DECLARE ").append(writers).append(setting.equals(DIVISION_SCALE) ? " INT" : " VARCHAR(64)")
                    .append(" DEFAULT @@session.").append(setting).append(";\n");
            restore.add("SET " + setting + " = " + writers + ";");
        }
        block.append(indent).append("  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ").append(String.join(" ", restore))
                .append(" RESIGNAL; END;\n");
        for (String setting : settings) {
            block.append(indent).append("  SET ").append(setting).append(" = @@global.").append(setting).append(";\n");
        }
        block.append(body);
        for (String statement : restore) {
            block.append(indent).append("  ").append(statement).append('\n');
        }
        return block.append(indent).append("END").toString();
    }
}

package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        List<String> words = Expressions.words(expression).stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        List<String> read = new ArrayList<>();
        if (words.stream().anyMatch(NAMING_FUNCTIONS::contains)) {
            read.add(LOCALE);
        }
        // Its AVG() in a subquery too; a '/' inside a string is no division.
        if (Expressions.withoutStrings(expression).contains("/") || words.contains("avg")) {
            read.add(DIVISION_SCALE);
        }
        return read;
    }

    /**
     * A trigger's block that runs {@code body} (whole statements, each line ending in a newline) with the server's own
     * {@code settings} and gives the writer's session its own back; at {@code indent}, ending in {@code END}.
     */
    static String withServers(List<String> settings, String body, String indent) {
        Map<String, String> servers = new LinkedHashMap<>();
        settings.forEach(setting -> servers.put(setting, "@@global." + setting));
        return switched(servers, body, indent);
    }

    /**
     * A trigger's block that runs {@code body} with each session setting of {@code values} set to its value (SQL), and
     * gives the writer's session its own back after, and on an error before it is raised; at {@code indent}, ending in
     * {@code END} (no semicolon: the caller's statement may end there).
     */
    static String switched(Map<String, String> values, String body, String indent) {
        StringBuilder block = new StringBuilder(indent).append("BEGIN\n");
        List<String> restore = new ArrayList<>();
        values.keySet().forEach(setting -> {
            String writers = "_tandem_writer_" + setting;
            block.append(indent).append("  DECLARE ").append(writers).append(setting.equals(DIVISION_SCALE) ? " INT" : " VARCHAR(64)")
                    .append(" DEFAULT @@session.").append(setting).append(";\n");
            restore.add("SET " + setting + " = " + writers + ";");
        });
        block.append(indent).append("  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ").append(String.join(" ", restore))
                .append(" RESIGNAL; END;\n");
        values.forEach((setting, value) -> block.append(indent).append("  SET ").append(setting).append(" = ").append(value)
                .append(";\n"));
        block.append(body);
        for (String statement : restore) {
            block.append(indent).append("  ").append(statement).append('\n');
        }
        return block.append(indent).append("END").toString();
    }
}

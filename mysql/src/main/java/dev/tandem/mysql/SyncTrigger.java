package dev.tandem.mysql;

import dev.tandem.spi.StepContext;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The dual-write triggers. A BEFORE INSERT and a BEFORE UPDATE trigger per synced column pair keep
 * the shapes equal: for writers that do not know migration M ("old", untagged or tagged lower) the
 * new column gets {@code up(row)}; for writers that know it, the old column gets {@code down(row)}:
 *
 * <pre>
 * IF @tandem_backfill IS NULL THEN
 *   IF @tandem_version IS NULL OR @tandem_version &lt; 'tag of M' THEN
 *     BEGIN
 *       DECLARE `name` VARCHAR(100) DEFAULT NEW.`name`;   -- each column the expression names
 *       SET NEW.`new_column` = (up);
 *     END;
 *   ELSE
 *     BEGIN ... SET NEW.`old_column` = (down); END;
 *   END IF;
 * END IF
 * </pre>
 *
 * Declaring the row's columns as local variables lets the expression be written with plain column
 * names (as in the script), without rewriting SQL. Sessions that know M write the target themselves;
 * the backfill marks its session so its writes are not rewritten. Triggers of later migrations on the
 * same table follow the earlier ones ({@code FOLLOWS}), so several in-flight migrations compose.
 */
final class SyncTrigger {

    private static final int MAX_NAME = 64;
    private static final Pattern BARE_COLUMN = Pattern.compile("`([^`]+)`|([A-Za-z_][A-Za-z0-9_$]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("`([^`]+)`|\\b([A-Za-z_][A-Za-z0-9_$]*)\\b");

    private SyncTrigger() {
    }

    /** {@code _tandem_<version>_<table>_<column>_<bi|bu>}, shortened with a checksum past 64 characters. */
    static String name(String version, String table, String column, String event) {
        String suffix = event.equals("INSERT") ? "_bi" : "_bu";
        String name = "_tandem_" + version.replace('.', '_') + "_" + table + "_" + column;
        if (name.length() + suffix.length() <= MAX_NAME) {
            return name + suffix;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return name.substring(0, MAX_NAME - suffix.length() - 9) + "_" + String.format("%08x", crc.getValue()) + suffix;
    }

    /** What one branch of a trigger does with a row. */
    sealed interface Branch permits Assignment, WhenWritten {
    }

    /** One column set from an expression over the row; either side of a trigger may have none. */
    record Assignment(String column, String expression) implements Branch {
    }

    /**
     * Two-way sync for writers that may write either shape: when the writer wrote {@code column}
     * itself (INSERT: not NULL; UPDATE: changed), {@code then}; otherwise {@code otherwise}.
     */
    record WhenWritten(String column, Assignment then, Assignment otherwise) implements Branch {
    }

    /**
     * The CREATE TRIGGER statement, reading the table's columns (for their types) and its existing
     * BEFORE triggers (to follow them).
     *
     * @param forOld what old writers' rows get (null: nothing)
     * @param forNew what new writers' rows get (null: nothing)
     */
    static String create(StepContext context, String name, String event, String table, Branch forOld,
                         Branch forNew, String sessionTag) throws SQLException {
        Map<String, String> columns = columnTypes(context, table);
        String follows = lastBeforeTrigger(context, table, event, name);
        return "CREATE TRIGGER " + Identifiers.quote(name) + " BEFORE " + event + " ON " + Identifiers.quote(table)
                + " FOR EACH ROW" + (follows == null ? "" : " FOLLOWS " + Identifiers.quote(follows)) + "\n"
                + "BEGIN\n"
                + "  IF @tandem_backfill IS NULL THEN\n"
                + "    IF " + MySqlDialect.SESSION_TAG_VARIABLE + " IS NULL OR " + MySqlDialect.SESSION_TAG_VARIABLE
                + " < " + Identifiers.literal(sessionTag) + " THEN\n"
                + branch(forOld, columns, event)
                + "    ELSE\n"
                + branch(forNew, columns, event)
                + "    END IF;\n"
                + "  END IF;\n"
                + "END";
    }

    private static String branch(Branch branch, Map<String, String> columns, String event) {
        if (branch instanceof WhenWritten when) {
            String c = Identifiers.quote(when.column());
            String written = event.equals("INSERT") ? "NEW." + c + " IS NOT NULL" : "NOT (NEW." + c + " <=> OLD." + c + ")";
            return "      IF " + written + " THEN\n" + block(when.then(), columns) + "      ELSE\n"
                    + block(when.otherwise(), columns) + "      END IF;\n";
        }
        return block((Assignment) branch, columns);
    }

    private static String block(Assignment assignment, Map<String, String> columns) {
        if (assignment == null) {
            return "      DO 0;\n";
        }
        Matcher bare = BARE_COLUMN.matcher(assignment.expression().strip());
        if (bare.matches()) {
            String column = bare.group(1) != null ? bare.group(1) : bare.group(2);
            if (columns.containsKey(column)) {
                // A plain copy needs no local variables: the cheapest trigger body there is.
                return "      SET NEW." + Identifiers.quote(assignment.column()) + " = NEW." + Identifiers.quote(column) + ";\n";
            }
        }
        StringBuilder block = new StringBuilder("      BEGIN\n");
        for (Map.Entry<String, String> column : referenced(assignment.expression(), columns).entrySet()) {
            block.append("        DECLARE ").append(Identifiers.quote(column.getKey())).append(' ').append(column.getValue())
                    .append(" DEFAULT NEW.").append(Identifiers.quote(column.getKey())).append(";\n");
        }
        return block.append("        SET NEW.").append(Identifiers.quote(assignment.column())).append(" = (")
                .append(assignment.expression()).append(");\n      END;\n").toString();
    }

    /** Columns named in {@code expression}, with their types, in table order. */
    static Map<String, String> referenced(String expression, Map<String, String> columns) {
        Map<String, String> byLowerName = new LinkedHashMap<>();
        columns.forEach((name, type) -> byLowerName.put(name.toLowerCase(Locale.ROOT), name));
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = IDENTIFIER.matcher(expression.replaceAll("'(?:[^'\\\\]|\\\\.|'')*'", "''"));
        while (m.find()) {
            String word = m.group(1) != null ? m.group(1) : m.group(2);
            String column = byLowerName.get(word.toLowerCase(Locale.ROOT));
            if (column != null) {
                found.put(column, columns.get(column));
            }
        }
        return found;
    }

    static Map<String, String> columnTypes(StepContext context, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        Jdbc.rows(context.connection(), "SELECT column_name, column_type FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", table)
                .forEach(row -> types.put(row.get(0), row.get(1)));
        return types;
    }

    private static String lastBeforeTrigger(StepContext context, String table, String event, String except)
            throws SQLException {
        List<List<String>> last = Jdbc.rows(context.connection(), "SELECT trigger_name FROM information_schema.triggers"
                + " WHERE event_object_schema = DATABASE() AND event_object_table = ? AND action_timing = 'BEFORE'"
                + " AND event_manipulation = ? AND trigger_name <> ? ORDER BY action_order DESC LIMIT 1", table, event, except);
        return last.isEmpty() ? null : last.get(0).get(0);
    }
}

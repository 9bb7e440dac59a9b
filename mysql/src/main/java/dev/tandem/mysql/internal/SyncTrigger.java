package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dual-write triggers. A BEFORE INSERT and a BEFORE UPDATE trigger per synced column pair keep
 * the shapes equal: for writers that do not know migration M ("old", untagged or tagged lower) the
 * new column gets {@code up(row)}; for writers that know it, the old column gets {@code down(row)}:
 *
 * <pre>
 * IF @tandem_backfill IS NULL THEN
 *   IF @tandem_version IS NULL OR @tandem_version &lt; 'tag of M' THEN
 *     BEGIN
 *       DECLARE `name` VARCHAR(100) CHARACTER SET utf8mb4 COLLATE ... DEFAULT NEW.`name`;  -- each column the expression names
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
 *
 * <p>The value a trigger computes must not depend on who writes: the trigger body runs with the
 * {@code sql_mode} and character set it was created with, and where TIMESTAMP values or time
 * functions are involved it switches to the server's own {@code time_zone} (the one the backfill
 * runs in) and back; to UTC for a TIMESTAMP copied as it is into a TIMESTAMP ({@link BackfillZone}); so for the
 * names of days and months and the scale of a division ({@link ServerSettings}).
 */
final class SyncTrigger {

    /** How every sync trigger's body begins: the test that lets the backfill's own writes through untouched. */
    private static final String BODY_MARK = "IF @tandem_backfill IS NULL THEN";
    /** A sync trigger's name: Tandem's prefix, and the suffix of one of its pair's names ({@link #name}). */
    private static final Pattern NAME = Pattern.compile("_tandem_.*_([bn])([iu])", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** The test of a {@link WhenWritten} branch on INSERT, as {@link #branch} writes it: only a two-way pair's. */
    private static final Pattern TWO_WAY = Pattern.compile("\\bIF NEW\\..+? IS NOT NULL THEN");
    /**
     * The test of an UPDATE that keeps a value an earlier write left unless this one changed what it is made of:
     * a {@link WhenReadChanged} branch, or a {@link WhenWritten} one, as {@link #branch} writes them.
     */
    private static final Pattern KEEPS_VALUES = Pattern.compile("\\bIF NOT \\((CAST\\()?NEW\\..+? <=> (CAST\\()?OLD\\.");
    /** Functions whose value depends on the session's time zone. */
    private static final Set<String> ZONE_FUNCTIONS = Set.of("unix_timestamp", "from_unixtime", "convert_tz", "now",
            "current_timestamp", "sysdate", "curdate", "curtime", "current_date", "current_time", "localtime",
            "localtimestamp");

    private SyncTrigger() {
    }

    /**
     * {@code _tandem_<version>_<table>_<column>_<bi|bu>}, shortened with a checksum past 64 characters;
     * its pair's other name ({@code onCopy}), {@code _ni|_nu}, is the one the trigger takes on the copy of the
     * table a copy-based backfill builds: trigger names are the schema's, so the copy's triggers cannot take
     * the table's names while both tables exist. A later copy moves them back ({@link #otherName}). The
     * suffixes have one length, so that both names are shortened alike and each gives the other.
     */
    static String name(String version, String table, String column, String event, boolean onCopy) {
        String suffix = (onCopy ? "_n" : "_b") + (event.equals("INSERT") ? "i" : "u");
        return Identifiers.shortened(stem(version, table, column), suffix);
    }

    /**
     * Whether {@code trigger} is a sync trigger of any migration (this one's or another's, under either
     * name of its pair): a BEFORE trigger for the event its name says, of Tandem's name and body.
     */
    static boolean isSyncTrigger(TriggerDefinition trigger) {
        Matcher name = NAME.matcher(trigger.name());
        return name.matches() && trigger.info().timing().equalsIgnoreCase("BEFORE")
                && trigger.info().event().equalsIgnoreCase(name.group(2).equalsIgnoreCase("i") ? "INSERT" : "UPDATE")
                && trigger.statement().contains(BODY_MARK);
    }

    /** The other name of a sync trigger's pair: {@code _bi} for {@code _ni} and back, {@code _bu} for {@code _nu}. */
    static String otherName(String syncTrigger) {
        Matcher name = NAME.matcher(syncTrigger);
        if (!name.matches()) {
            throw new IllegalArgumentException(syncTrigger + " is not the name of a sync trigger");
        }
        String other = name.group(1).equalsIgnoreCase("b") ? "n" : "b";
        return syncTrigger.substring(0, name.start(1)) + other + name.group(2);
    }

    /**
     * Whether the body of a sync trigger gives a row the values it has already when it runs again on the
     * row it shaped, as it does on a copy for the rows carried in: one-way assignments of deterministic
     * expressions. Not for two-way sync (see {@link WhenWritten}), nor for expressions that may give another
     * value each time. Nor, but for a trigger of the migration tagged {@code sessionTag} (whose new code does
     * not write before its backfills are done, so every value its triggers kept is one they computed), for one
     * that keeps a value new code wrote through an update of other columns ({@link WhenReadChanged}): on the
     * copy the carried row is an insert, which computes it again.
     */
    static boolean recomputesTheSame(String body, String sessionTag) {
        boolean sameMigration = body.contains(olderThan(sessionTag));
        return !TWO_WAY.matcher(body).find() && (sameMigration || !KEEPS_VALUES.matcher(body).find())
                && Expressions.isDeterministic(NullStoredAs.withoutTimedFills(body));
    }

    /** The end of the test that tells old writers of the migration tagged {@code sessionTag}, as a body holds it. */
    private static String olderThan(String sessionTag) {
        return " < " + Identifiers.literal(sessionTag) + " THEN";
    }

    /** What the names of the triggers of one migration's column on one table start with. */
    static String stem(String version, String table, String column) {
        return "_tandem_" + version.replace('.', '_') + "_" + table + "_" + column;
    }

    /**
     * Whether {@code trigger}, a trigger of {@code table}, is one of migration {@code version}'s, sync or carry: its
     * name begins as theirs ({@link #stem}; the table named in full: migration 2's {@code _tandem_2_} begins
     * migration 2.1's too), as far as a shortened name keeps of it.
     */
    static boolean isOfMigration(String trigger, String version, String table) {
        String own = stem(version, table, "").toLowerCase(Locale.ROOT);
        String name = trigger.toLowerCase(Locale.ROOT);
        return name.startsWith(own) || name.length() == Identifiers.MAX_NAME
                && name.startsWith(own.substring(0, Math.min(own.length(), Identifiers.SHORTENED_STEM)));
    }

    /** Adds the expressions {@code branch} computes {@code target} from (none for a null branch) to {@code into}. */
    static void expressions(Branch branch, String target, List<String> into) {
        if (branch instanceof Assignment a && a.column().equalsIgnoreCase(target)) {
            into.add(a.expression());
        } else if (branch instanceof WhenWritten when) {
            expressions(when.then(), target, into);
            expressions(when.otherwise(), target, into);
        } else if (branch instanceof Kept kept) {
            expressions(kept.assignment(), target, into);
        }
    }

    /** What one branch of a trigger does with a row. */
    sealed interface Branch permits Assignment, WhenWritten, Kept {
    }

    /**
     * An assignment an INSERT always makes, and an UPDATE only where its test holds: else the update keeps the
     * value the row has.
     */
    sealed interface Kept extends Branch permits WhenReadChanged, UnlessStaysNull {
        Assignment assignment();

        /** The test, over the row's NEW and OLD values, under which an UPDATE makes the assignment. */
        String updateTest(Map<String, Column> columns);
    }

    /** One column set from an expression over the row; either side of a trigger may have none. */
    record Assignment(String column, String expression) implements Branch {
    }

    /**
     * Two-way sync for writers that may write either shape: when the writer wrote {@code column}
     * itself (INSERT: not NULL; UPDATE: changed), {@code then}; otherwise {@code otherwise}.
     */
    record WhenWritten(String column, Assignment then, Branch otherwise) implements Branch {
    }

    /**
     * An assignment an INSERT always makes, and an UPDATE only when it changed a column the expression reads,
     * or the row holds no value there yet: where new code may write the assigned column itself with a value the
     * expression cannot give (a wider type's, with {@code down}), an update of other columns must keep it. A
     * row without one is one the backfill has not reached, and an update that changes its primary key may move
     * it behind the backfill, or past the last key it began with, where no chunk would fill it.
     */
    record WhenReadChanged(Assignment assignment) implements Kept {

        @Override
        public String updateTest(Map<String, Column> columns) {
            List<String> due = new ArrayList<>();
            Expressions.columnsNamed(assignment.expression(), columns).forEach((name, column) -> due.add(changed(name, column)));
            due.add("NEW." + Identifiers.quote(assignment.column()) + " IS NULL");
            return String.join(" OR ", due);
        }
    }

    /**
     * An assignment an INSERT always makes, and an UPDATE unless {@code read} was NULL and stays so: rename_column's
     * old writers' copy, which, once a swap run online has put a placeholder under the old name (all NULL), an
     * update of other columns would copy over the column's value. A row it leaves so holds NULL in both, synced, or
     * is one the backfill has not reached.
     */
    record UnlessStaysNull(Assignment assignment, String read) implements Kept {

        @Override
        public String updateTest(Map<String, Column> columns) {
            String c = Identifiers.quote(read);
            // Not "IF NEW.c IS NOT NULL": that is how a two-way pair's INSERT test reads (TWO_WAY).
            return "NOT (NEW." + c + " IS NULL AND OLD." + c + " IS NULL)";
        }
    }

    /**
     * A column as a trigger's local variable must hold it: its type, and for text its character set; and what the
     * row stores where a write leaves it NULL ({@link NullStoredAs}).
     */
    record Column(String type, String characterSet, String collation, NullStoredAs nullStored) {

        Column(String type, String characterSet, String collation) {
            this(type, characterSet, collation, NullStoredAs.NONE);
        }

        /**
         * The type of a local variable that holds the column's values unchanged. Without a character
         * set, a text variable takes the database's default (often latin1), and every write whose
         * text that cannot hold would fail.
         */
        String declaration() {
            return type + (characterSet == null ? "" : " CHARACTER SET " + characterSet + " COLLATE " + collation);
        }

        boolean isTimestamp() {
            return type.toLowerCase(Locale.ROOT).startsWith("timestamp");
        }
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
        Map<String, Column> columns = columns(context, table);
        String follows = lastBeforeTrigger(context, table, event, name);
        return "CREATE TRIGGER " + Identifiers.quote(name) + " BEFORE " + event + " ON " + Identifiers.quote(table)
                + " FOR EACH ROW" + (follows == null ? "" : " FOLLOWS " + Identifiers.quote(follows)) + "\n"
                + "BEGIN\n"
                + "  " + BODY_MARK + "\n"
                + "    IF " + MySqlDialect.SESSION_TAG_VARIABLE + " IS NULL OR " + MySqlDialect.SESSION_TAG_VARIABLE
                + olderThan(sessionTag) + "\n"
                + branch(forOld, columns, event)
                + "    ELSE\n"
                + branch(forNew, columns, event)
                + "    END IF;\n"
                + "  END IF;\n"
                + "END";
    }

    private static String branch(Branch branch, Map<String, Column> columns, String event) {
        if (branch instanceof WhenWritten when) {
            String written = event.equals("INSERT") ? "NEW." + Identifiers.quote(when.column()) + " IS NOT NULL"
                    : changed(when.column(), column(columns, when.column()));
            return "      IF " + written + " THEN\n" + block(when.then(), columns, event) + "      ELSE\n"
                    + branch(when.otherwise(), columns, event) + "      END IF;\n";
        }
        if (branch instanceof Kept kept && event.equals("UPDATE")) {
            return "      IF " + kept.updateTest(columns) + " THEN\n" + block(kept.assignment(), columns, event) + "      END IF;\n";
        }
        return block(branch instanceof Kept kept ? kept.assignment() : (Assignment) branch, columns, event);
    }

    /**
     * Whether an UPDATE changed {@code name}: text compared as bytes, since its collation may call 'Blue' and
     * 'blue' (or 'a' and 'a ') equal, and a change of either kind must be seen.
     */
    private static String changed(String name, Column column) {
        String c = Identifiers.quote(name);
        return column != null && column.characterSet() != null
                ? "NOT (CAST(NEW." + c + " AS BINARY) <=> CAST(OLD." + c + " AS BINARY))"
                : "NOT (NEW." + c + " <=> OLD." + c + ")";
    }

    private static String block(Assignment assignment, Map<String, Column> columns, String event) {
        if (assignment == null) {
            return "      DO 0;\n";
        }
        String target = Identifiers.quote(assignment.column());
        Map<String, Column> read = Expressions.columnsNamed(assignment.expression(), columns);
        Column written = column(columns, assignment.column());
        boolean zoned = dependsOnTimeZone(assignment.expression(), written, read.values());
        // A TIMESTAMP copied as it is into a TIMESTAMP goes through UTC, the one zone in which MySQL copies every instant.
        String zone = BackfillZone.copiesInstant(assignment.expression(), written != null && written.isTimestamp(),
                read.values().stream().map(Column::isTimestamp).toList()) ? BackfillZone.UTC : "@@global.time_zone";
        String bare = Expressions.bareColumn(assignment.expression());
        List<String> settings = ServerSettings.readBy(assignment.expression());
        if (!zoned && settings.isEmpty() && bare != null && read.size() == 1) {
            // A plain copy needs no local variables: the cheapest trigger body there is, but for a NULL the server fills.
            Map.Entry<String, Column> copied = read.entrySet().iterator().next();
            String source = Identifiers.quote(copied.getKey());
            Column column = copied.getValue();
            return "      SET NEW." + target + " = NEW." + source + ";\n" + (!column.nullStored().fills(event) ? ""
                    : "      IF NEW." + source + " IS NULL THEN BEGIN DECLARE " + source + " " + column.declaration() + "; "
                    + column.nullStored().fill(source, event) + " SET NEW." + target + " = " + source + "; END; END IF;\n");
        }
        StringBuilder block = new StringBuilder();
        block.append("      BEGIN\n");
        read.forEach((name, column) -> block.append("        DECLARE ").append(Identifiers.quote(name)).append(' ')
                .append(column.declaration()).append(" DEFAULT NEW.").append(Identifiers.quote(name)).append(";\n"));
        read.forEach((name, column) -> {
            if (column.nullStored().fills(event)) {
                block.append("        ").append(column.nullStored().fill(Identifiers.quote(name), event)).append('\n');
            }
        });
        block.append("        SET NEW.").append(target).append(" = (").append(assignment.expression()).append(");\n");
        block.append("      END;\n");
        String body = settings.isEmpty() ? block.toString() : ServerSettings.withServers(settings, block.toString(), "      ") + ";\n";
        return zoned ? BackfillZone.inZone(zone, body, "      ") + ";\n" : body;
    }

    /**
     * Whether assigning {@code expression} to {@code target} can store another value when the writer's
     * session has another time zone: a TIMESTAMP written or read, or a time function.
     */
    static boolean dependsOnTimeZone(String expression, Column target, Collection<Column> read) {
        return dependsOnTimeZone(expression, target != null && target.isTimestamp() || read.stream().anyMatch(Column::isTimestamp));
    }

    /**
     * As above, where {@code timestampInvolved} says whether a TIMESTAMP of the table is written or read. A subquery
     * may read one of another table, which that does not see: it counts as one that does.
     */
    static boolean dependsOnTimeZone(String expression, boolean timestampInvolved) {
        return timestampInvolved || !Expressions.subqueries(expression).isEmpty()
                || Expressions.words(expression).stream().anyMatch(w -> ZONE_FUNCTIONS.contains(w.toLowerCase(Locale.ROOT)));
    }

    /** The column named {@code name}, in any case (as the server finds columns), or null. */
    private static Column column(Map<String, Column> columns, String name) {
        return columns.entrySet().stream().filter(c -> c.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    static Map<String, Column> columns(StepContext context, String table) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        boolean mariaDb = ServerFlavor.isMariaDb(context);
        for (ColumnInfo column : SchemaInspector.of(context).columns(table)) {
            Columns d = column.definition();
            columns.put(column.name(), new Column(d.type(), d.characterSet(), d.collation(), NullStoredAs.of(column, mariaDb)));
        }
        return columns;
    }

    /** The BEFORE trigger for {@code event} that fires last, other than {@code except}; null when none. */
    private static String lastBeforeTrigger(StepContext context, String table, String event, String except)
            throws SQLException {
        return SchemaInspector.of(context).triggers(table).stream()
                .filter(t -> t.timing().equals("BEFORE") && t.event().equals(event) && !t.name().equalsIgnoreCase(except))
                .max(java.util.Comparator.comparingInt(TriggerInfo::order)).map(TriggerInfo::name).orElse(null);
    }
}

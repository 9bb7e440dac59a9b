package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user's triggers that read a column or table a migration's contract drops. The server drops it and leaves
 * the trigger, which fails from then on, and with it every write it fires on (measured on both servers: after
 * a drop_column or rename_column of a column a trigger reads as {@code NEW.total}, every insert into the table
 * failed with "Unknown column 'total' in 'NEW'"). Before the expand, a WARN ({@link ContractDropWarning}) names
 * the triggers of the table that read the row's column ({@code NEW.column}, {@code OLD.column}), and those that
 * otherwise name the table and column (in a statement of their body, or on another table), which only the words
 * of a body tell. The
 * contract's first step refuses to run while a trigger of the table still reads the row's column, and so waits
 * for the user to change it (in a later migration, say: the window has both shapes). The migration's own
 * triggers ({@code _tandem_<version>_...}) are left out: they go with it. Those of another migration not
 * contracted yet are not: its contract drops them, and until then the contract refuses as for the user's.
 */
final class TriggerReads {

    private static final String TRIGGERS = "SELECT trigger_name, event_object_table, action_statement"
            + " FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY event_object_table, trigger_name";
    private static final String OWN_PREFIX = "_tandem_";

    /** A trigger of the schema: its name, its table and its body. */
    record Trigger(String name, String table, String body) {
    }

    private TriggerReads() {
    }

    /**
     * {@code step}, the contract's first, refusing before it runs while a trigger of {@code table} reads the
     * row's {@code column}. Within that step, not a step of its own before it: a contract recorded part done by
     * an earlier version of Tandem resumes at the step it recorded, and its steps keep their places.
     */
    static Step refusingFirst(String where, String version, String table, String column, Step step) {
        return step.guardedBy(context -> {
            List<String> reading = readingRow(userTriggers(context), table, column);
            if (!reading.isEmpty()) {
                String fix = "Change or drop " + (reading.size() == 1 ? "it" : "them") + " first, then contract again.";
                throw new SchemaRefusal(SchemaRefusal.Kind.IN_TRIGGER, where, table, column, fix, where + ": "
                        + readingRowSaid(reading, table, column) + ". " + fix);
            }
            // Another migration's triggers, expanded while this one was in flight, fail as the user's would: those of
            // the table that read the row's column, and those of any table that name it (an up's subquery).
            List<Trigger> others = tandemTriggers(context).stream()
                    .filter(t -> !SyncTrigger.isOfMigration(t.name(), version, t.table())).toList();
            List<String> failing = new java.util.ArrayList<>(readingRow(others, table, column));
            failing.addAll(naming(others, table, column));
            if (!failing.isEmpty()) {
                String fix = "Contract that migration first (its contract drops its triggers; one whose backfill still"
                        + " runs, copying the table, once it is done), then this one.";
                throw new SchemaRefusal(SchemaRefusal.Kind.SYNCED_BY_ANOTHER_MIGRATION, where, table, column, fix, where
                        + ": the triggers " + String.join(", ", failing) + " of another migration not contracted yet read "
                        + column + ": once the column is dropped, every write they fire on fails. " + fix);
            }
        });
    }

    /** What the triggers {@code reading} the row's {@code column} of {@code table} do, said for a person. */
    static String readingRowSaid(List<String> reading, String table, String column) {
        return "the trigger" + (reading.size() == 1 ? " " : "s ") + String.join(", ", reading) + " of " + table + " read"
                + (reading.size() == 1 ? "s " : " ") + column + " (NEW." + column + " or OLD." + column + "): once the"
                + " column is dropped, every write " + (reading.size() == 1 ? "it fires" : "they fire") + " on fails";
    }

    /** The schema's triggers but Tandem's own, read on the step's connection. */
    static List<Trigger> userTriggers(StepContext context) throws SQLException {
        return triggers(context, false);
    }

    /** Tandem's own triggers of the schema (every migration's), read on the step's connection. */
    static List<Trigger> tandemTriggers(StepContext context) throws SQLException {
        return triggers(context, true);
    }

    private static List<Trigger> triggers(StepContext context, boolean tandems) throws SQLException {
        return Jdbc.rows(context.connection(), TRIGGERS).stream().map(r -> new Trigger(r.get(0), r.get(1), r.get(2)))
                .filter(t -> t.name().toLowerCase(Locale.ROOT).startsWith(OWN_PREFIX) == tandems).toList();
    }

    /** The triggers of {@code table} whose body reads the row's {@code column}: {@code NEW.column}, {@code OLD.column}. */
    static List<String> readingRow(List<Trigger> triggers, String table, String column) {
        Pattern row = Pattern.compile("(?<![\\w$])(?:NEW|OLD)\\s*\\.\\s*(?:" + Pattern.quote(Identifiers.quote(column)) + "|"
                + Pattern.quote(column) + "(?![\\w$]))", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
        return triggers.stream().filter(t -> t.table().equalsIgnoreCase(table))
                .filter(t -> row.matcher(Expressions.withoutStrings(t.body())).find()).map(Trigger::name).toList();
    }

    /**
     * The triggers whose body names {@code table} and {@code column} as words (outside strings; {@code table}
     * alone where the column is null), but for those of {@code table} that read the row's column
     * ({@link #readingRow}), which are refused, and the table's own where only the table is dropped.
     */
    static List<String> naming(List<Trigger> triggers, String table, String column) {
        List<String> reading = column == null ? List.of() : readingRow(triggers, table, column);
        return triggers.stream().filter(t -> !reading.contains(t.name()))
                .filter(t -> column != null || !t.table().equalsIgnoreCase(table))
                .filter(t -> {
                    Set<String> words = new HashSet<>();
                    Expressions.words(t.body()).forEach(w -> words.add(w.toLowerCase(Locale.ROOT)));
                    return words.contains(table.toLowerCase(Locale.ROOT))
                            && (column == null || words.contains(column.toLowerCase(Locale.ROOT)));
                }).map(Trigger::name).toList();
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user's BEFORE triggers that fire after a migration's sync trigger and change a column it reads. Both
 * servers put a trigger created without {@code FOLLOWS}/{@code PRECEDES} last among the table's of its event
 * and timing: one the user creates after the expand runs after Tandem's, so what it sets in {@code NEW.c} is not
 * what the sync trigger copied from {@code c} (an {@code amount} it makes positive stays negative in the shadow
 * that the contract swaps in). The contract refuses to begin while there is one: nothing tells the rows it
 * changed, and a later contract would lose its changes without a word.
 */
final class TriggerOrder {

    private TriggerOrder() {
    }

    /**
     * Refuses while a user's BEFORE trigger of {@code table} fires after one of {@code sync}'s triggers and changes a
     * column they compute {@code kept}, the column the contract keeps, from. One that sets {@code kept} itself (to
     * keep an add_column's column filled once the triggers are gone) takes nothing from them: what it sets stays;
     * nor does one that sets what they compute the old shape from, which the contract drops.
     */
    static void requireSyncTriggersLast(StepContext context, String where, String table, Steps.SyncTriggers sync,
                                        String kept) throws SQLException {
        SchemaInspector inspector = SchemaInspector.of(context);
        Map<String, String> columns = new LinkedHashMap<>();
        inspector.columns(table).forEach(c -> columns.put(c.name(), c.name()));
        Set<String> read = new LinkedHashSet<>();
        Expressions.columnsNamed(String.join(" ", sync.expressions(kept)), columns).keySet()
                .forEach(c -> read.add(c.toLowerCase(Locale.ROOT)));
        List<String> names = sync.names().names();
        List<TriggerDefinition> triggers = inspector.triggerDefinitions(table);
        for (TriggerDefinition synced : triggers) {
            if (names.stream().noneMatch(synced.name()::equalsIgnoreCase)) {
                continue;
            }
            for (TriggerDefinition later : triggers) {
                TriggerInfo info = later.info();
                String changed = info.event().equals(synced.info().event()) && info.timing().equals(synced.info().timing())
                        && info.order() > synced.info().order() && !later.name().toLowerCase(Locale.ROOT).startsWith("_tandem_")
                        ? firstSet(later.statement(), read) : null;
                if (changed != null) {
                    String fix = "Drop it and create it again with PRECEDES `" + synced.name() + "`, so that it fires first;"
                            + " then write " + changed + " of the rows it changed since it was created again (an UPDATE"
                            + " that sets it), so that the sync trigger copies their values, and contract again.";
                    throw new SchemaRefusal(SchemaRefusal.Kind.IN_TRIGGER, where, table, changed, fix, where + ": trigger "
                            + later.name() + " of " + table + " fires after Tandem's sync trigger " + synced.name()
                            + " (it was created after the expand) and sets NEW." + changed + ", which the sync trigger"
                            + " has already read: its change did not reach the migration's new shape, and the contract"
                            + " would lose it. " + fix);
                }
            }
        }
    }

    /** The first of {@code columns} that {@code body} assigns as {@code SET NEW.c = ...} (or in a SET list), or null. */
    static String firstSet(String body, Set<String> columns) {
        String code = Expressions.withoutStrings(body);
        for (String column : columns) {
            Pattern set = Pattern.compile("(?:\\bSET\\b|,)\\s*NEW\\s*\\.\\s*(?:" + Pattern.quote(Identifiers.quote(column)) + "|"
                    + Pattern.quote(column) + "(?![\\w$]))\\s*:?=", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
            if (set.matcher(code).find()) {
                return column;
            }
        }
        return null;
    }
}

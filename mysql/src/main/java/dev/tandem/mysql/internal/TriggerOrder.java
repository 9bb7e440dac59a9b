package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
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

    /** A column of the row as Tandem's trigger bodies name it: always quoted. */
    private static final Pattern ROW_COLUMN = Pattern.compile("NEW\\.`((?:[^`]|``)+)`");

    private TriggerOrder() {
    }

    /** Refuses while a user's BEFORE trigger of {@code table} fires after one of {@code syncTriggers} and changes what it reads. */
    static void requireSyncTriggersLast(StepContext context, String where, String table, List<String> syncTriggers)
            throws SQLException {
        List<TriggerDefinition> triggers = SchemaInspector.of(context).triggerDefinitions(table);
        for (TriggerDefinition sync : triggers) {
            if (syncTriggers.stream().noneMatch(sync.name()::equalsIgnoreCase)) {
                continue;
            }
            Set<String> read = columnsNamed(sync.statement());
            for (TriggerDefinition later : triggers) {
                TriggerInfo info = later.info();
                String changed = info.event().equals(sync.info().event()) && info.timing().equals(sync.info().timing())
                        && info.order() > sync.info().order() && !later.name().toLowerCase(Locale.ROOT).startsWith("_tandem_")
                        ? firstSet(later.statement(), read) : null;
                if (changed != null) {
                    String fix = "Drop it and create it again with PRECEDES `" + sync.name() + "`, so that it fires first;"
                            + " then write " + changed + " of the rows it changed since it was created again (an UPDATE"
                            + " that sets it), so that the sync trigger copies their values, and contract again.";
                    throw new SchemaRefusal(SchemaRefusal.Kind.IN_TRIGGER, where, table, changed, fix, where + ": trigger "
                            + later.name() + " of " + table + " fires after Tandem's sync trigger " + sync.name()
                            + " (it was created after the expand) and sets NEW." + changed + ", which the sync trigger"
                            + " has already read: its change did not reach the migration's new shape, and the contract"
                            + " would lose it. " + fix);
                }
            }
        }
    }

    /** The row's columns a Tandem trigger body names ({@code NEW.`c`}), in lower case. */
    static Set<String> columnsNamed(String body) {
        Set<String> columns = new LinkedHashSet<>();
        Matcher named = ROW_COLUMN.matcher(body);
        while (named.find()) {
            columns.add(named.group(1).replace("``", "`").toLowerCase(Locale.ROOT));
        }
        return columns;
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

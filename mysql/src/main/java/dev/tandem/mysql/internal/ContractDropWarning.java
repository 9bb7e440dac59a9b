package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARN, before the expand, of what reads a table or column the migration's contract takes away: the views
 * that read it ({@link ViewsReading}), which fail from then on, and the triggers ({@link TriggerReads}), which
 * fail every write they fire on. What to do is the user's: change or drop them, in a migration of its own,
 * before the contract (which waits, where a trigger of the table reads the row's column).
 */
final class ContractDropWarning {

    private static final Logger LOG = LoggerFactory.getLogger(ContractDropWarning.class);

    private ContractDropWarning() {
    }

    /** Warns of what reads {@code table}'s {@code column} ({@code table} itself where null), which the contract drops. */
    static Step of(String where, String table, String column) {
        return of(where, table, column, "drops");
    }

    /**
     * As {@link #of(String, String, String)}, where the contract takes the name away otherwise: {@code fate} says
     * how ({@code "renames to clients"}).
     */
    static Step of(String where, String table, String column, String fate) {
        String what = column == null ? "the table " + table : table + "." + column;
        return Steps.of(where + ": what reads " + what, (context, resumed) -> {
            warn(where, "the view", "read", what + ", which the contract " + fate + ": from then on querying {it} fails",
                    ViewsReading.reading(context.connection(), table, column));
            List<TriggerReads.Trigger> triggers = TriggerReads.userTriggers(context);
            List<String> reading = column == null ? List.of() : TriggerReads.readingRow(triggers, table, column);
            if (!reading.isEmpty()) {
                LOG.warn("{}: {}; the contract refuses to drop the column while {}. Change {} first (a later migration"
                        + " may, before this one's contract)", where, TriggerReads.readingRowSaid(reading, table, column),
                        reading.size() == 1 ? "it does so" : "they do so", reading.size() == 1 ? "it" : "them");
            }
            warn(where, "the trigger", "name", what + " in {its} body, which the contract " + fate + ": if {it} reads it,"
                    + " every write {it} fires on fails from then on", TriggerReads.naming(triggers, table, column));
        });
    }

    /**
     * One WARN naming {@code names} as the subject of {@code verb} and {@code rest}, in the singular or the
     * plural ({@code {it}} and {@code {its}} in {@code rest} say which), with the fix.
     */
    private static void warn(String where, String subject, String verb, String rest, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        boolean one = names.size() == 1;
        LOG.warn("{}: {} {} {} {}. Change or drop {} first, in a migration of {} own, before this one's contract", where,
                one ? subject : subject + "s", String.join(", ", names), one ? verb + "s" : verb,
                rest.replace("{its}", one ? "its" : "their").replace("{it} reads", one ? "it reads" : "they read")
                        .replace("{it} fires", one ? "it fires" : "they fire").replace("{it}", one ? "it" : "them"),
                one ? "it" : "them", one ? "its" : "their");
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Triggers as they were read before a step dropped them, to be created again as they were: body, event,
 * timing, the {@code sql_mode} and collation they were created under, and (on their own table) their
 * place among the triggers that stay.
 *
 * <p>Each is created by the user running the migration (no {@code DEFINER}): a sync trigger's body reads and
 * sets only the row and session variables, for which the creator's TRIGGER privilege on the table is
 * enough; the original definer may be an account gone since.
 */
final class SavedTriggers {

    /** The session variables a trigger keeps from its creation, set as they were for each one created again. */
    private static final SessionVariables CREATED_UNDER = SessionVariables.of("sql_mode", "collation_connection");

    private final List<TriggerDefinition> saved;
    /** The table's triggers when they were read, the saved ones among them, in firing order. */
    private final List<TriggerDefinition> all;

    private SavedTriggers(List<TriggerDefinition> saved, List<TriggerDefinition> all) {
        this.saved = saved;
        this.all = all;
    }

    /** How many triggers were saved. */
    int count() {
        return saved.size();
    }

    /** The triggers of {@code table} that {@code names} name (without case), as they are now. */
    static SavedTriggers of(StepContext context, String table, List<String> names) throws SQLException {
        Set<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<TriggerDefinition> all = SchemaInspector.of(context).triggerDefinitions(table);
        return new SavedTriggers(all.stream().filter(t -> wanted.contains(t.name().toLowerCase(Locale.ROOT))).toList(), all);
    }

    /** The saved triggers, in the order {@code of} read them. */
    static SavedTriggers of(List<TriggerDefinition> triggers) {
        return new SavedTriggers(triggers, List.of());
    }

    /**
     * Creates the saved triggers on {@code table} under the names {@code rename} gives, in their order; each
     * goes before the trigger that followed it when they were read, if one of those stays, else last.
     */
    void create(StepContext context, String table, UnaryOperator<String> rename) throws SQLException {
        List<String> session = CREATED_UNDER.read(context.connection());
        try {
            for (TriggerDefinition trigger : saved) {
                context.execute(CREATED_UNDER.set(List.of(trigger.sqlMode(), trigger.collationConnection())), false);
                String before = follower(trigger);
                context.execute("CREATE TRIGGER " + Identifiers.quote(rename.apply(trigger.name())) + " "
                        + trigger.info().timing() + " " + trigger.info().event() + " ON " + Identifiers.quote(table)
                        + " FOR EACH ROW" + (before == null ? "" : " PRECEDES " + Identifiers.quote(before)) + "\n"
                        + trigger.statement(), false);
            }
        } finally {
            context.execute(CREATED_UNDER.set(session), false);
        }
    }

    /** The first trigger after {@code trigger} in its event and timing that is not saved (so stays), or null. */
    private String follower(TriggerDefinition trigger) {
        return all.stream().filter(t -> t.info().event().equals(trigger.info().event())
                        && t.info().timing().equals(trigger.info().timing()) && t.info().order() > trigger.info().order()
                        && !saved.contains(t))
                .map(TriggerDefinition::name).findFirst().orElse(null);
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sync triggers a copy-based backfill ({@link CopyExpand}) carries from its table to the copy it swaps
 * in: every migration's, not only its own column's (another column of the same migration, an earlier
 * migration not contracted yet). Before the swap each is created on the copy as it is on the table (its
 * body, event, place, {@code sql_mode} and collation), under the other name of its pair
 * ({@link SyncTrigger#otherName}: trigger names are the schema's); after the swap the old table's are
 * dropped. Wherever a trigger is, contract and rollback drop both names of its pair
 * ({@link Steps.TriggerPair#drop}). They are created as {@link SavedTriggers} creates them: creating the
 * copy's carry triggers just took the TRIGGER privilege that needs.
 */
final class CopyTriggers {

    private CopyTriggers() {
    }

    /**
     * Creates {@code task}'s table's sync triggers on its copy, in the order they fire on the table, the
     * update triggers first (see {@link Steps.SyncTriggers#create}). Those an interrupted run left on the copy
     * are dropped first (until the swap the copy's triggers only compute again what the table's computed for
     * the rows carried in, see {@link BackfillTask#copyProblems}), so every one is created anew, in order, and
     * a failure to create one stops the swap.
     */
    static void createOnCopy(StepContext context, BackfillTask task, CopyNames names) throws SQLException {
        dropFromCopy(context, names);
        SchemaInspector inspector = SchemaInspector.of(context);
        List<TriggerDefinition> sync = inspector.triggerDefinitions(task.table()).stream().filter(SyncTrigger::isSyncTrigger)
                .sorted(Comparator.comparing((TriggerDefinition t) -> t.info().event()).reversed()
                        .thenComparingInt(t -> t.info().order()))
                .toList();
        requireOwn(task, sync);
        // On the copy, which has no other trigger, each one created goes last, as on the table.
        SavedTriggers.of(sync).create(context, names.copy(), SyncTrigger::otherName);
    }

    /**
     * Drops what triggers a swap interrupted after creating them left on the copy. A copy that goes on must
     * not have them: besides computing again what the table's computed, on MariaDB they make the copy's own
     * statements fail, a multi-row {@code INSERT ... SELECT} or {@code REPLACE ... SELECT} that meets rows
     * already there ("Column 'id' cannot be null", on MariaDB 11.4 into any table with a BEFORE trigger).
     */
    static void dropFromCopy(StepContext context, CopyNames names) throws SQLException {
        for (TriggerDefinition left : SchemaInspector.of(context).triggerDefinitions(names.copy())) {
            context.execute(Steps.TriggerPair.dropSql(left.name()), false);
        }
    }

    /** The column's own sync triggers must be on the table: without them the copy would be swapped in unsynced. */
    private static void requireOwn(BackfillTask task, List<TriggerDefinition> sync) throws SQLException {
        Set<String> there = sync.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Steps.TriggerPair own = task.sync().names();
        for (Steps.TriggerPair names : List.of(own, own.onCopy())) {
            if (there.contains(names.insert().toLowerCase(Locale.ROOT)) && there.contains(names.update().toLowerCase(Locale.ROOT))) {
                return;
            }
        }
        throw new SQLException(task.where() + ": the sync triggers of " + task.column() + " (" + own.insert() + ", "
                + own.update() + ", or " + own.onCopy().insert() + ", " + own.onCopy().update() + ") are not on " + task.table()
                + ", so the copy cannot be swapped in with them");
    }

    /**
     * After the swap: the old table's triggers dropped, the carry triggers (they would write into a copy that
     * is gone) and the sync triggers, whose other names the table has now.
     */
    static void dropFromOld(StepContext context, CopyNames names) throws SQLException {
        for (String trigger : names.carryTriggers()) {
            context.execute(CopyNames.dropTrigger(trigger), false);
        }
        for (TriggerDefinition trigger : SchemaInspector.of(context).triggerDefinitions(names.old())) {
            if (SyncTrigger.isSyncTrigger(trigger)) {
                context.execute(CopyNames.dropTrigger(trigger.name()), false);
            }
        }
    }
}

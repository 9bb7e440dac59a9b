package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operation's backfill is: every row of {@code table} gets {@code column = (expression)} where
 * its {@code kind} says it must. A value: the operation describes it, {@link #steps()} turns it into the
 * step that runs it, which chooses, as it runs, whether to update the rows in place ({@link ChunkedBackfill})
 * or to copy the table ({@link CopyExpand}).
 *
 * @param where    the operation, as {@link Where#text()} says it
 * @param sync     the column's sync triggers, which a copy of the table needs too; null for a backfill that
 *                 is never a copy
 * @param strategy what the script asks for
 */
record BackfillTask(String where, String version, String table, String column, String expression,
                    BackfillSql.Kind kind, Steps.SyncTriggers sync, BackfillStrategy strategy) {

    BackfillTask {
        if (sync == null && strategy == BackfillStrategy.COPY) {
            throw new IllegalArgumentException(where + ": a copy needs the column's sync triggers");
        }
    }

    /** A backfill that always updates in place: one that writes only some rows (the NULLs of set_not_null). */
    static BackfillTask inPlace(String where, String version, String table, String column, String expression,
                                BackfillSql.Kind kind) {
        return new BackfillTask(where, version, table, column, expression, kind, null, BackfillStrategy.IN_PLACE);
    }

    /** Whether a copy of the table could do it: the backfill rewrites every row, and its triggers are known. */
    boolean copyable() {
        return sync != null && kind != BackfillSql.Kind.NULLS;
    }

    /**
     * What in the task itself stands in the way of a copy. Between the creation of the copy's sync triggers
     * and the swap, the triggers on the table still carry rows into the copy, and the copy's sync triggers
     * compute their column again from the carried row: that must give what the table's computed, which holds
     * for an assignment of an expression that gives the same value for the same row. It does not hold for
     * an expression that may give another value each time (the clock, random values), nor for two-way sync
     * where new code may write either column ({@code down}): the copy's trigger would write the other again
     * from it, which a lossy round trip may change.
     */
    List<String> copyProblems() {
        List<String> problems = new ArrayList<>();
        for (SyncTrigger.Branch written : java.util.Arrays.asList(sync.forOld(), sync.forNew())) {
            // An update that keeps the value: the copy's carried rows are inserts, which compute it again.
            SyncTrigger.Branch branch = written instanceof SyncTrigger.Kept kept ? kept.assignment() : written;
            if (branch instanceof SyncTrigger.WhenWritten) {
                problems.add("new code may write either column ('down'), and the copy's triggers would compute one again"
                        + " from the other for the rows carried in before the swap");
            } else if (branch instanceof SyncTrigger.Assignment a && !Expressions.isDeterministic(a.expression())) {
                problems.add("'" + a.expression() + "' may give another value each time, and the copy's triggers would"
                        + " compute it again for the rows carried in before the swap");
            }
        }
        return problems.stream().distinct().toList();
    }

    List<Step> steps() {
        return List.of(BackfillStep.of(this));
    }

    /** The checks before the expand that its strategy needs: that the table can be copied, when a copy is asked for. */
    List<Step> checks() {
        if (strategy != BackfillStrategy.COPY) {
            return List.of();
        }
        return List.of(Steps.of(where + ": " + table + " can be copied", (context, resumed) -> {
            if (SchemaInspector.of(context).table(table).isEmpty()) {
                return; // created earlier in this migration: its backfill step checks it as it runs
            }
            BackfillChoice choice = BackfillChoice.of(strategy, 0, 0, CopyExpand.problems(context.connection(), this),
                    CopySpace.read(context.connection(), table));
            if (choice.outcome() == BackfillChoice.Outcome.REFUSED) {
                throw SchemaRefusal.copyImpossible(where, table, choice);
            }
        }));
    }
}

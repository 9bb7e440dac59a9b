package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code set_not_null}: a NULL-able column becomes NOT NULL.
 *
 * <pre>
 * - set_not_null:
 *     table: customers
 *     column: country
 *     up: "'unknown'"          # the value for NULLs, an expression over the row
 * </pre>
 *
 * <ul>
 *   <li>expand: triggers replace a NULL any writer sends with {@code up};</li>
 *   <li>backfill: existing NULLs get {@code up};</li>
 *   <li>contract: {@code MODIFY ... NOT NULL} keeping the rest of the definition (online rebuild),
 *       then the triggers dropped;</li>
 *   <li>rollback: triggers dropped (filled values stay).</li>
 * </ul>
 */
public final class SetNotNull implements OperationType {

    @Override
    public String name() {
        return "set_not_null";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "column", "up"));
        String table = spec.requireString("table");
        String column = spec.requireString("column");
        String up = spec.requireString("up");
        String where = Where.column(spec, name(), table, column).text();
        Steps.TriggerPair triggers = Steps.TriggerPair.of(spec.version(), table, column);
        SyncTrigger.Assignment fill = new SyncTrigger.Assignment(column,
                "COALESCE(" + Identifiers.quote(column) + ", (" + up + "))");
        List<Step> expand = new Steps.SyncTriggers(triggers, fill, fill, spec.sessionTag()).create(where, table);
        // NOT NULL first, while the triggers still fill a NULL any writer sends (they run before the NOT
        // NULL check): dropped first, they would leave a moment in which such a write stores NULL and the
        // NOT NULL then fails.
        List<Step> contract = new ArrayList<>();
        contract.add(Steps.of(where + ": make it NOT NULL", (context, resumed) -> {
            Columns now = Columns.describe(context, table, column, where);
            // A MODIFY redefines the column whole: what it does not say, INVISIBLE too, is gone.
            context.execute("ALTER TABLE " + Identifiers.quote(table) + " MODIFY " + Identifiers.quote(column) + " "
                    + now.fullDefinition(true, ServerFlavor.isMariaDb(context)) + (now.invisible() ? " INVISIBLE" : ""), resumed);
        }));
        contract.addAll(triggers.drop(where));
        List<Step> checks = List.of(Checks.tableExists(where, table), Checks.columnExists(where, table, column),
                Checks.notSyncedByAnotherMigration(where, table, column),
                Checks.syncedOnceInMigration(where, table, column),
                Checks.filledBeforeTriggersRead(where, table, column),
                Checks.columnsChangeOnline(where, table, column, "the contract's MODIFY ... NOT NULL"),
                Checks.expressionCompiles(where, table, "up", up), Checks.upValuesFitTheColumn(where, table, column, up),
                Checks.noAutoIncrement(where, table, "up", up),
                Checks.triggersCanRead(where, table, "up", up),
                Checks.subqueryNamesUnambiguous(where, table, "up", up), Checks.hasBackfillKey(where, table),
                Checks.notNullInPlaceKeepingDefault(where, table, column));
        BackfillTask backfill = BackfillTask.inPlace(where, spec.version(), table, column, up, BackfillSql.Kind.NULLS);
        return OperationLifecycle.of(checks, expand, List.of(backfill), contract, triggers.drop(where));
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code drop_column}: new code stops using a column; old code still reads it until the contract.
 *
 * <pre>
 * - drop_column:
 *     table: customers
 *     column: name
 *     down: CONCAT(first_name, ' ', last_name)   # what new writers' rows get, for old readers
 * </pre>
 *
 * <ul>
 *   <li>expand: with {@code down}, sync triggers give new writers' rows a value old code can read;
 *       without it, a NOT NULL column without a default is refused (new code's inserts would fail);</li>
 *   <li>contract: with {@code down}, the column's indexes dropped, or made again without it, online
 *       ({@link IndexShrink}); then column and triggers dropped together under a short table lock (the
 *       column instantly, a placeholder of it left for the triggers until they are dropped:
 *       {@link SwapPlaceholder});</li>
 *   <li>rollback: triggers dropped, the column stays.</li>
 * </ul>
 */
public final class DropColumn implements OperationType {

    private static final Logger LOG = LoggerFactory.getLogger(DropColumn.class);

    @Override
    public String name() {
        return "drop_column";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** Does online what the swap's DROP COLUMN would do to the column's indexes ({@link IndexShrink}). */
    private static Step shrinkIndexes(String where, String table, String column) {
        return Steps.of(where + ": drop the column's indexes, or make them again without it, online", (context, resumed) -> {
            SchemaInspector schema = SchemaInspector.of(context);
            IndexShrink shrink = IndexShrink.of(table, column, schema.indexes(table), schema.indexKinds(table));
            if (!shrink.left().isEmpty()) {
                LOG.warn("{}: the column is in {}, which Tandem does not make again without it (the primary key, a unique"
                        + " index of more columns, a functional, FULLTEXT or SPATIAL index): the swap's DROP COLUMN changes"
                        + " them and rebuilds the table online, or is refused where the server cannot do that online (a"
                        + " FULLTEXT index; MariaDB refuses to drop a column of a unique index of more columns), and the"
                        + " contract fails. Drop or change them first, in a migration of its own", where, shrink.left());
            }
            if (shrink.sql().isPresent()) {
                context.execute(shrink.sql().get(), resumed);
            }
        });
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "column", "down"));
        String table = spec.requireString("table");
        String column = spec.requireString("column");
        String down = spec.optionalString("down").orElse(null);
        String where = Where.column(spec, name(), table, column).text();
        Steps.TriggerPair triggers = Steps.TriggerPair.of(spec.version(), table, column);

        Steps.SyncTriggers sync = down == null ? null
                : new Steps.SyncTriggers(triggers, null, new SyncTrigger.Assignment(column, down), spec.sessionTag());
        List<Step> expand = sync == null ? List.of() : sync.create(where, table);
        String dropColumn = "ALTER TABLE " + Identifiers.quote(table) + " DROP COLUMN " + Identifiers.quote(column);
        // With triggers, they go in one step with the column, under a table lock: between the two, new
        // code's inserts (which no longer name the column) would fail on a NOT NULL column the trigger
        // no longer fills. Found by the rolling-deploy demo.
        // The indexes on the column go first, online: a DROP COLUMN that changes an index rebuilds the table,
        // and under the lock that would hold every query of it meanwhile.
        List<Step> contract = down == null
                ? List.of(TriggerReads.refusingFirst(where, spec.version(), table, column,
                        Steps.sql(where + ": drop the column", dropColumn)))
                : List.of(TriggerReads.refusingFirst(where, spec.version(), table, column, shrinkIndexes(where, table, column)),
                        Steps.lockedSwapTriggersLast(where + ": drop the column and the triggers under a table lock", table,
                                sync, new SwapPlaceholder(column), context -> dropColumn));
        List<Step> rollback = triggers.drop(where);
        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.columnExists(where, table, column),
                Checks.notSyncedByAnotherMigration(where, table, column),
                Checks.syncedOnceInMigration(where, table, column),
                Checks.columnsChangeOnline(where, table, column, "the contract's DROP COLUMN"),
                Checks.noGeneratedColumnReads(where, table, column), Checks.notInForeignKey(where, table, column),
                Checks.checksKept(where, table, column, CheckReads.Change.DROPPED),
                Checks.notInPartitioning(where, table, column),
                ContractDropWarning.of(where, table, column)));
        if (down != null) {
            checks.add(InsertSelectWarning.of(where, table, column));
            checks.add(Checks.expressionCompiles(where, table, "down", down));
            checks.add(Checks.noAutoIncrement(where, table, "down", down));
            checks.add(Checks.triggersCanRead(where, table, "down", down));
            checks.add(Checks.subqueryNamesUnambiguous(where, table, "down", down));
        } else {
            checks.add(Steps.of(where + ": new code can insert without it", (context, resumed) -> {
                Columns existing = Columns.describe(context, table, column, where);
                if (!existing.nullable() && !existing.hasDefault(ServerFlavor.isMariaDb(context))) {
                    String fix = "Give drop_column a 'down' expression: the value old code should read in rows new code"
                            + " writes.";
                    throw new SchemaRefusal(SchemaRefusal.Kind.NEW_INSERTS_WOULD_FAIL, where, table, column, fix, where
                            + ": " + column + " is NOT NULL without a default, so inserts by new code (which no longer"
                            + " writes it) would fail. " + fix);
                }
            }));
        }
        return OperationLifecycle.of(checks, expand, List.of(), contract, rollback);
    }
}

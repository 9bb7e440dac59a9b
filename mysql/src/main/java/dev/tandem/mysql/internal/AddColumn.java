package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code add_column}: a new column that old code never sees.
 *
 * <pre>
 * - add_column:
 *     table: customers
 *     column: display_name
 *     type: VARCHAR(200)
 *     nullable: false          # default true
 *     default: "''"            # optional, SQL as written
 *     up: CONCAT(first_name, ' ', last_name)   # optional: what old writers' rows get
 *     strategy: copy           # optional with up: copy | in_place; default by the table's size
 * </pre>
 *
 * <ul>
 *   <li>expand: the column is added NULL and INVISIBLE (old {@code SELECT *} and positional INSERTs
 *       keep working), instantly; with {@code up}, sync triggers fill it for old writers, and its
 *       default waits for the backfill (so that existing rows do not read the default meanwhile);</li>
 *   <li>backfill: existing rows get {@code up}, in place or, for a large table, in a copy swapped in
 *       ({@link BackfillStep}); then the column gets its default, before new code, which may omit it, runs;</li>
 *   <li>contract: triggers dropped, the column made visible and, if asked, NOT NULL (online); the table a
 *       copy replaced dropped;</li>
 *   <li>rollback: what a copy made, triggers and column dropped.</li>
 * </ul>
 */
public final class AddColumn implements OperationType {

    @Override
    public String name() {
        return "add_column";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "column", "type", "nullable", "default", "up", BackfillStrategy.FIELD));
        String table = spec.requireString("table");
        String column = Identifiers.newName(spec, "column");
        String type = ColumnTypeField.of(spec, spec.optionalString("up").isPresent());
        boolean nullable = spec.optionalBoolean("nullable").orElse(true);
        String defaultValue = spec.optionalString("default").orElse(null);
        String up = spec.optionalString("up").orElse(null);
        BackfillStrategy strategy = BackfillStrategy.of(spec);
        if (!nullable && defaultValue == null && up == null) {
            throw spec.error("nullable", "a NOT NULL column needs a 'default' or an 'up' expression for the rows that"
                    + " exist and for rows old code inserts");
        }
        String where = Where.column(spec, name(), table, column).text();
        String q = Identifiers.quote(table);
        String c = Identifiers.quote(column);
        String def = defaultValue == null ? "" : " DEFAULT " + defaultValue;
        Steps.TriggerPair triggers = Steps.TriggerPair.of(spec.version(), table, column);

        List<Step> expand = new ArrayList<>();
        // With an up expression the column starts without its default: existing rows stay NULL until
        // the backfill gives them up(row), and the default arrives at contract.
        expand.add(Steps.sql(where + ": add the column, invisible", "ALTER TABLE " + q + " ADD COLUMN " + c + " " + type
                + " NULL" + (up == null ? def : "") + " INVISIBLE"));
        List<BackfillTask> backfill = new ArrayList<>();
        List<Step> afterBackfill = new ArrayList<>();
        List<Step> contract = new ArrayList<>();
        CopyNames copy = CopyNames.of(spec.version(), table, column);
        if (up != null) {
            // An old writer's update of other columns keeps what new code wrote there: up would overwrite it.
            Steps.SyncTriggers sync = new Steps.SyncTriggers(triggers,
                    new SyncTrigger.WhenReadChanged(new SyncTrigger.Assignment(column, up)), null, spec.sessionTag());
            expand.addAll(sync.create(where, table));
            backfill.add(new BackfillTask(where, spec.version(), table, column, up, BackfillSql.Kind.OPTIONAL, sync, strategy));
            if (defaultValue != null) {
                // Once backfilled, before new code runs: new code that omits the column gets its default,
                // not a NULL that the NOT NULL at the contract would then refuse.
                afterBackfill.add(Steps.sql(where + ": give it its default", "ALTER TABLE " + q + " ALTER COLUMN " + c
                        + " SET DEFAULT " + defaultValue));
            }
            contract.addAll(triggers.drop(where));
        }
        contract.add(Steps.sql(where + ": make it visible" + (nullable ? "" : " and NOT NULL"), "ALTER TABLE " + q + " MODIFY "
                + c + " " + type + (nullable ? " NULL" : " NOT NULL") + def));
        if (up != null) {
            contract.add(copy.contract(where));
        }
        List<Step> rollback = new ArrayList<>(up == null ? List.of() : copy.rollback(where));
        rollback.addAll(triggers.drop(where));
        rollback.add(Steps.sql(where + ": drop the column", "ALTER TABLE " + q + " DROP COLUMN " + c));

        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.columnAbsent(where, table, column),
                Checks.columnsChangeOnline(where, table, column, "the expand's ADD COLUMN"),
                Checks.definitionAccepted(where, table, column, type + (nullable ? " NULL" : " NOT NULL") + def)));
        if (!nullable) {
            checks.add(Checks.notNullInPlace(where, table, column, defaultValue));
        }
        if (up == null && defaultValue != null) {
            checks.add(Checks.defaultAddedInPlace(where, table, column, defaultValue));
        }
        if (up != null) {
            checks.add(Checks.expressionCompiles(where, table, "up", up));
            checks.add(Checks.noAutoIncrement(where, table, "up", up));
            checks.add(Checks.triggersCanRead(where, table, "up", up));
            checks.add(Checks.subqueryNamesUnambiguous(where, table, "up", up));
            if (!nullable) {
                checks.add(Checks.upGivesNoNull(where, table, column, up));
            }
            checks.add(Checks.hasBackfillKey(where, table));
            checks.add(Checks.upValuesFit(where, table, column, type, up));
            backfill.forEach(task -> checks.addAll(task.checks()));
        } else if (spec.optionalString(BackfillStrategy.FIELD).isPresent()) {
            throw spec.error(BackfillStrategy.FIELD, "'" + BackfillStrategy.FIELD + "' chooses how 'up' fills the rows;"
                    + " without 'up' there is nothing to fill");
        }
        return new OperationLifecycle(checks, List.of(new SchemaModel.Added(table, column)), expand, backfill, afterBackfill,
                contract, rollback);
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rename_column}: old code uses {@code from}, new code {@code to}, both at once.
 *
 * <pre>
 * - rename_column:
 *     table: customers
 *     from: name
 *     to: full_name
 *     strategy: copy      # optional: copy | in_place; default by the table's size
 * </pre>
 *
 * <ul>
 *   <li>expand: {@code to} is added with {@code from}'s type, NULL and INVISIBLE; two-way sync
 *       triggers copy old writers' {@code from} into {@code to} and new writers' {@code to} into
 *       {@code from};</li>
 *   <li>backfill: existing rows get {@code to = from}, in place or, for a large table, in a copy swapped in
 *       ({@link BackfillStep});</li>
 *   <li>contract: under {@code LOCK TABLES ... WRITE}, the triggers are dropped and, in one ALTER,
 *       {@code to} is dropped and {@code from} renamed to {@code to}: the column keeps its definition,
 *       its indexes and its foreign keys, and no write falls between dropping the triggers and the
 *       swap. If that step is resumed after a crash, rows written while the triggers were gone are
 *       synced first, inside the lock;</li>
 *   <li>rollback: triggers and {@code to} dropped.</li>
 * </ul>
 */
public final class RenameColumn implements OperationType {

    @Override
    public String name() {
        return "rename_column";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "from", "to", BackfillStrategy.FIELD));
        String table = spec.requireString("table");
        String from = spec.requireString("from");
        String to = Identifiers.newName(spec, "to");
        if (from.equalsIgnoreCase(to)) {
            throw spec.error("to", "'from' and 'to' are the same name");
        }
        String where = Where.of(spec, name(), table + "." + from + " to " + to).text();
        String t = Identifiers.quote(table);
        Steps.TriggerPair triggers = Steps.TriggerPair.of(spec.version(), table, to);

        List<Step> expand = new ArrayList<>();
        // With from's default: new code that omits the column relies on it, and the trigger copies its
        // value into from (NOT NULL, perhaps). Existing rows read the default until the backfill; where MySQL
        // would copy the table to give them an expression's, the column is added without it, then given it.
        expand.add(Steps.of(where + ": add " + to + " like " + from + ", invisible", (context, resumed) -> {
            boolean mariaDb = ServerFlavor.isMariaDb(context);
            Columns like = Columns.describe(context, table, from, where);
            boolean defaultAfter = like.defaultAddedOnlyByCopy(mariaDb);
            context.execute("ALTER TABLE " + t + " ADD COLUMN " + Identifiers.quote(to) + " "
                    + (defaultAfter ? like.withoutDefault() : like).fullDefinition(false, mariaDb) + " INVISIBLE", resumed);
            if (defaultAfter) {
                context.execute("ALTER TABLE " + t + " ALTER COLUMN " + Identifiers.quote(to) + " SET DEFAULT "
                        + like.defaultSql(false), resumed);
            }
        }));
        Steps.SyncTriggers sync = new Steps.SyncTriggers(triggers, new SyncTrigger.Assignment(to, Identifiers.quote(from)),
                new SyncTrigger.Assignment(from, Identifiers.quote(to)), spec.sessionTag());
        expand.addAll(sync.create(where, table));
        BackfillTask backfill = new BackfillTask(where, spec.version(), table, to, Identifiers.quote(from),
                BackfillSql.Kind.SYNCED, sync, BackfillStrategy.of(spec));
        CopyNames copy = CopyNames.of(spec.version(), table, to);
        Step swap = Steps.lockedSwap(where + ": swap the columns under a table lock", table, sync, from,
                new Steps.Resync(from, Identifiers.quote(to)),
                context -> "ALTER TABLE " + t + " DROP COLUMN " + Identifiers.quote(to) + ", RENAME COLUMN "
                        + Identifiers.quote(from) + " TO " + Identifiers.quote(to));
        List<Step> rollback = new ArrayList<>(copy.rollback(where));
        rollback.addAll(triggers.drop(where));
        rollback.add(Steps.sql(where + ": drop " + to, "ALTER TABLE " + t + " DROP COLUMN " + Identifiers.quote(to)));
        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.columnExists(where, table, from),
                Checks.columnAbsent(where, table, to), Checks.columnsChangeOnline(where, table, from,
                        "the expand's ADD COLUMN of " + to), Checks.hasBackfillKey(where, table),
                Checks.noGeneratedColumnReads(where, table, from), roomFor(where, table, from, to),
                Checks.checksKept(where, table, from, CheckReads.Change.RENAMED),
                Checks.notInPartitioning(where, table, from),
                ContractDropWarning.of(where, table, from), InsertSelectWarning.of(where, table, from)));
        checks.addAll(backfill.checks());
        return new OperationLifecycle(checks, List.of(new SchemaModel.Added(table, to)), expand, List.of(backfill), List.of(),
                List.of(TriggerReads.refusingFirst(where, table, from, swap), copy.contract(where)), rollback);
    }

    /**
     * The table has room for {@code to} beside {@code from}, tried on an empty copy of it ({@link EmptyCopyTrial}):
     * a row past 65,535 bytes used to fail at the expand, after the operations before it had run theirs. A
     * column an earlier operation of the migration adds is left to the expand.
     */
    private static Step roomFor(String where, String table, String from, String to) {
        return Steps.of(where + ": the table has room for " + to, (context, resumed) -> {
            Optional<ColumnInfo> like = SchemaModel.of(context).liveColumns(table).stream().filter(c -> c.isNamed(from))
                    .findFirst();
            if (like.isEmpty()) {
                return;
            }
            String definition = like.get().definition().withoutDefault().fullDefinition(false, ServerFlavor.isMariaDb(context));
            EmptyCopyTrial.requireColumnAccepted(context, where, table, "ADD COLUMN " + Identifiers.quote(to) + " " + definition,
                    definition);
        });
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                try {
                    context.execute("ALTER TABLE " + t + " ALTER COLUMN " + Identifiers.quote(to) + " SET DEFAULT "
                            + like.defaultSql(false), resumed);
                } catch (SQLException e) {
                    dropAdded(context, t, to, e);
                    throw e;
                }
            }
        }));
        // Once a swap run online has put a placeholder under from's name for these triggers (ROW_FORMAT=COMPRESSED),
        // an old writer's update of other columns copied its NULL over the column's value.
        Steps.SyncTriggers sync = new Steps.SyncTriggers(triggers,
                new SyncTrigger.UnlessStaysNull(new SyncTrigger.Assignment(to, Identifiers.quote(from)), from),
                new SyncTrigger.Assignment(from, Identifiers.quote(to)), spec.sessionTag());
        expand.addAll(sync.create(where, table));
        BackfillTask backfill = new BackfillTask(where, spec.version(), table, to, Identifiers.quote(from),
                BackfillSql.Kind.SYNCED, sync, BackfillStrategy.of(spec));
        CopyNames copy = CopyNames.of(spec.version(), table, to);
        Step swapColumns = Steps.lockedSwap(where + ": swap the columns under a table lock", table, sync, from,
                new Steps.Resync(from, Identifiers.quote(to)),
                context -> "ALTER TABLE " + t + " DROP COLUMN " + Identifiers.quote(to) + ", RENAME COLUMN "
                        + Identifiers.quote(from) + " TO " + Identifiers.quote(to));
        // An index made on `to` since the expand (a create_index after this operation, or in a later migration)
        // would go with the swap's DROP COLUMN, unseen: first, online, it is made again over `from`, which takes
        // the name `to` at the swap, and takes the index's name. In the swap's step: a contract begun by an earlier
        // Tandem resumes at the step it recorded, and its steps keep their places. Only while `from` is there: a
        // swap resumed after its ALTER ran finds the original column under the name `to`, with its own indexes.
        Step swap = Steps.of(swapColumns.description(), (context, resumed) -> {
            if (beforeTheSwap(context, table, from)) {
                IndexCopies.copyMissing(context, table, to, from, resumed);
                IndexCopies.handOver(context, table, carriedFrom(context, table, from, to), resumed);
            }
            swapColumns.apply(context, resumed);
        }).guardedBy(context -> {
            if (beforeTheSwap(context, table, from)) {
                requireCarried(context, table, from, to, where);
            }
        });
        List<Step> rollback = new ArrayList<>(copy.rollback(where));
        rollback.addAll(triggers.drop(where));
        rollback.add(Steps.sql(where + ": drop " + to, "ALTER TABLE " + t + " DROP COLUMN " + Identifiers.quote(to)));
        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.columnExists(where, table, from),
                Checks.notSyncedByAnotherMigration(where, table, from), Checks.syncedOnceInMigration(where, table, from),
                Checks.notAutoIncrement(where, table, from),
                Checks.notChangedByForeignKeyActions(where, table, from), Checks.columnAbsent(where, table, to), Checks.columnsChangeOnline(where, table, from,
                        "the expand's ADD COLUMN of " + to), Checks.hasBackfillKey(where, table),
                Checks.noGeneratedColumnReads(where, table, from), roomFor(where, table, from, to),
                Checks.checksKept(where, table, from, CheckReads.Change.RENAMED),
                Checks.notInPartitioning(where, table, from),
                ContractDropWarning.of(where, table, from), InsertSelectWarning.of(where, table, from)));
        checks.addAll(backfill.checks());
        return new OperationLifecycle(checks, List.of(new SchemaModel.Added(table, to)), expand, List.of(backfill), List.of(),
                List.of(TriggerReads.refusingFirst(where, spec.version(), table, from, swap), copy.contract(where)), rollback);
    }

    /**
     * Takes back the column the expand's first step added, where the statement after it failed: an expand that fails
     * at its first step counts as having applied nothing (its script may be corrected, its checks run again), and
     * the column left there failed the check that the new name is free, on every start. A lost session is resumed
     * instead, the step run again as it is.
     */
    private static void dropAdded(StepContext context, String t, String to, SQLException failure) {
        if (Jdbc.connectionLost(failure)) {
            return;
        }
        try {
            context.execute("ALTER TABLE " + t + " DROP COLUMN " + Identifiers.quote(to), false);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Whether the swap's ALTER is still to run: {@code from} is there under its own name. */
    private static boolean beforeTheSwap(StepContext context, String table, String from) throws SQLException {
        return SchemaInspector.of(context).column(table, from).isPresent();
    }

    /** The copies over {@code from} of indexes on {@code to}, and the names they take back (copy -> original). */
    private static Map<String, String> carriedFrom(StepContext context, String table, String from, String to)
            throws SQLException {
        Set<String> onTo = new HashSet<>();
        SchemaInspector.of(context).indexes(table).stream().filter(i -> i.covers(to))
                .forEach(i -> onTo.add(i.name().toLowerCase(Locale.ROOT)));
        Map<String, String> renames = new LinkedHashMap<>(IndexCopies.renames(context, table, from));
        // Another migration's copies over `from` (an alter_column's, of an index that holds `from` too) are not these.
        renames.values().removeIf(original -> !onTo.contains(original.toLowerCase(Locale.ROOT)));
        return renames;
    }

    /**
     * Each index on {@code to} can be made again over {@code from}: one that holds both, or that is not a B-tree of
     * columns (FULLTEXT, SPATIAL, a functional key part), or whose copy's name is too long, is refused before the
     * contract changes anything, naming it; so is a foreign key made on {@code to}, which holds its index, and a
     * CHECK that reads {@code to}, which the DROP COLUMN would drop.
     */
    private static void requireCarried(StepContext context, String table, String from, String to, String where)
            throws SQLException {
        SchemaInspector inspector = SchemaInspector.of(context);
        Checks.refuseChecksMadeSinceTheExpand(context, where, table, to, from + " takes its name");
        for (ForeignKeyInfo key : inspector.foreignKeys(table)) {
            if (key.involves(table, to)) {
                String fix = "Drop foreign key " + key.name() + " (in a migration of its own), contract, then add it again.";
                throw new SchemaRefusal(SchemaRefusal.Kind.INDEX_NOT_CARRIED, where, table, to, fix, where + ": foreign key "
                        + key.name() + " was made on " + to + " since the expand, and the contract drops " + to + ": neither"
                        + " server drops a column, or the index under it, that a foreign key holds. " + fix);
            }
        }
        Map<String, IndexShrink.Kind> kinds = inspector.indexKinds(table);
        for (IndexInfo index : inspector.indexes(table)) {
            if (index.isPrimary() || !index.covers(to) || index.name().startsWith(IndexCopies.PREFIX)) {
                continue;
            }
            IndexShrink.Kind kind = kinds.getOrDefault(index.name().toLowerCase(Locale.ROOT), new IndexShrink.Kind(IndexShrink.BTREE, ""));
            String copy = IndexCopies.PREFIX + index.name();
            String why = index.covers(from) ? "it holds " + from + " too"
                    : !IndexShrink.BTREE.equalsIgnoreCase(kind.type()) ? "it is a " + kind.type() + " index"
                    : index.parts().stream().anyMatch(p -> p.column() == null) ? "it has a functional key part"
                    : copy.codePointCount(0, copy.length()) > Identifiers.MAX_NAME ? "its copy's name, " + copy
                    + ", would be longer than the " + Identifiers.MAX_NAME + " characters MySQL and MariaDB take" : null;
            if (why != null) {
                String fix = "Drop index " + index.name() + " (ALTER TABLE " + table + " DROP INDEX, in a migration of its"
                        + " own), contract, then make it again.";
                throw new SchemaRefusal(SchemaRefusal.Kind.INDEX_NOT_CARRIED, where, table, to, fix, where + ": index "
                        + index.name() + " was made on " + to + " since the expand, and the contract's DROP COLUMN " + to
                        + " would drop it; it cannot be made again over " + from + ", which takes the name " + to + " at"
                        + " the swap: " + why + ". " + fix);
            }
        }
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

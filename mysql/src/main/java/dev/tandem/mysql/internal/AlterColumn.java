package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code alter_column}: change a column's type, nullability or default without a blocking table copy.
 *
 * <pre>
 * - alter_column:
 *     table: accounts
 *     column: amount
 *     type: BIGINT
 *     nullable: false            # required when the column is NOT NULL now; default true
 *     default: "0"               # SQL as written; required when the column has a default now
 *     up: amount                 # optional: the new value from the row (default: the column itself)
 *     down: _tandem_amount       # optional: the column's value when new code writes the shadow itself
 *     strategy: copy             # optional: copy | in_place; default by the table's size
 * </pre>
 *
 * Both app versions read and write the column under its own name throughout. New code that needs the
 * new type before the contract writes the shadow {@code _tandem_<column>} as well; with {@code down},
 * the column then gets {@code down(row)} (two-way sync). Steps:
 * <ul>
 *   <li>expand: a shadow column {@code _tandem_<column>} of the new type is added right after the
 *       column (INSTANT), with copies of the column's indexes, and triggers keep it equal to
 *       {@code up(row)} for every writer;</li>
 *   <li>backfill: existing rows get {@code up(row)}, in place or, for a large table, in a copy swapped in
 *       ({@link BackfillStep});</li>
 *   <li>contract: in one online ALTER, the original indexes dropped and the shadow's copies given their
 *       names; under {@code LOCK TABLES ... WRITE}, triggers dropped and, in one instant ALTER, the column
 *       dropped and the shadow renamed to it (a resumed swap re-syncs first; with {@code down}, the triggers
 *       are dropped after the ALTER instead, which leaves a placeholder of the shadow for them until then,
 *       {@link SwapPlaceholder}); then NOT NULL and the default, online;</li>
 *   <li>rollback: triggers, the shadow's index copies and the shadow dropped.</li>
 * </ul>
 * A column in a foreign key is refused for now.
 */
public final class AlterColumn implements OperationType {

    static final String SHADOW_PREFIX = "_tandem_";
    /** A type that says its character set or collation. */
    private static final Pattern COLLATION_SAID = Pattern.compile("\\b(?:COLLATE|CHARACTER\\s+SET|CHARSET)\\b",
            Pattern.CASE_INSENSITIVE);
    /** A type that says it sets itself on update. */
    private static final Pattern ON_UPDATE_SAID = Pattern.compile("\\bON\\s+UPDATE\\b", Pattern.CASE_INSENSITIVE);
    /** What {@code default} says to give the column no default (no SQL default is spelled so). */
    private static final String NO_DEFAULT = "none";
    private static final Pattern DEFAULT_SAID = Pattern.compile("\\bDEFAULT\\b", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "alter_column";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** " INVISIBLE" where the column is, for a statement that redefines it; else empty. */
    private static String visibility(StepContext context, String table, String column, String where) throws SQLException {
        return Columns.describe(context, table, column, where).invisible() ? " INVISIBLE" : "";
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "column", "type", "nullable", "default", "up", "down", BackfillStrategy.FIELD));
        String table = spec.requireString("table");
        // Its shadow, _tandem_<column>, is a name new code writes (with down): kept whole, so it must fit.
        String column = Identifiers.fitting(spec, "column", spec.requireString("column"), SHADOW_PREFIX);
        String type = ColumnTypeField.of(spec, false);
        Boolean nullableSaid = spec.optionalBoolean("nullable").orElse(null);
        String defaultSaid = spec.optionalString("default").orElse(null);
        // "none": the column is to have no default from the contract on, said so.
        String defaultValue = NO_DEFAULT.equalsIgnoreCase(defaultSaid) ? null : defaultSaid;
        boolean upSaid = spec.optionalString("up").isPresent();
        String up = spec.optionalString("up").orElse(Identifiers.quote(column));
        String down = spec.optionalString("down").orElse(null);
        String shadow = SHADOW_PREFIX + column;
        String where = Where.column(spec, name(), table, column).text();
        String t = Identifiers.quote(table);
        String c = Identifiers.quote(column);
        String s = Identifiers.quote(shadow);
        Steps.TriggerPair triggers = Steps.TriggerPair.of(spec.version(), table, shadow);
        SyncTrigger.Assignment sync = new SyncTrigger.Assignment(shadow, up);
        // New code may write the shadow itself (to use the new type before the contract): the column
        // then gets down(row). Otherwise, and always for old code, the shadow follows the column. With
        // down, the shadow may hold a value up cannot give (one the old type cannot hold): an update that
        // leaves the column as it was (of other columns, or new code's whole row written back) keeps it.
        SyncTrigger.Branch forOld = down == null ? sync : new SyncTrigger.WhenReadChanged(sync);
        SyncTrigger.Branch forNew = down == null ? sync
                : new SyncTrigger.WhenWritten(shadow, new SyncTrigger.Assignment(column, down), forOld);

        List<Step> expand = new ArrayList<>();
        expand.add(Steps.sql(where + ": add the shadow column " + shadow, "ALTER TABLE " + t + " ADD COLUMN " + s + " "
                + shadowDefinition(type) + " INVISIBLE AFTER " + c));
        expand.add(Steps.of(where + ": copy the column's indexes to the shadow", (context, resumed) ->
                IndexCopies.copyMissing(context, table, column, shadow, resumed)));
        Steps.SyncTriggers syncTriggers = new Steps.SyncTriggers(triggers, forOld, forNew, spec.sessionTag());
        expand.addAll(syncTriggers.create(where, table));

        // The default comes with the swap, not with the NOT NULL after it: an insert that omits the column in
        // between must store the default, or the NOT NULL would fail on its NULL.
        // CHANGE and MODIFY redefine the column whole: what they do not say, INVISIBLE too, is gone, and old
        // code's INSERTs without a column list would fail on a column that came into sight.
        Steps.SqlFor swapSql = context -> {
            StringBuilder alter = new StringBuilder("ALTER TABLE " + t + " DROP COLUMN " + c + ", CHANGE COLUMN " + s + " "
                    + c + " " + type + " NULL" + (defaultValue == null ? "" : " DEFAULT " + defaultValue)
                    + visibility(context, table, column, where));
            // None left, but where a contract begun by an earlier Tandem (which renamed them here) is resumed:
            // on MySQL a RENAME INDEX is not instant, and would make this ALTER rebuild the table under the lock.
            IndexCopies.renames(context, table, shadow).forEach((from, to) -> alter.append(", RENAME INDEX ")
                    .append(Identifiers.quote(from)).append(" TO ").append(Identifiers.quote(to)));
            return alter.toString();
        };
        String swapping = where + ": swap the shadow in under a table lock";
        // With down, new code writes the shadow itself, and what it wrote is what the swap keeps: a resync by
        // up would overwrite it, so the triggers go only once the shadow has taken the column's place.
        Step swap = down == null ? Steps.lockedSwap(swapping, table, syncTriggers, shadow, new Steps.Resync(shadow, up), swapSql)
                : Steps.lockedSwapTriggersLast(swapping, table, syncTriggers, new SwapPlaceholder(shadow), swapSql);
        // DROP COLUMN would only shrink a multi-column index on the column, whose name the copy must take
        // back: the originals go first, online, moments before the swap (queries on the column run
        // without that index between the two statements), and in the same statement the copies take their
        // names, so that the swap renames no index (on MySQL that is not instant, and would make the swap
        // rebuild the table under its lock). An index made on the column since the expand (a create_index
        // after this operation, or in a later migration) is copied first: the swap's DROP COLUMN would drop
        // it, or shrink it, unseen. In this one step, as the contract's steps stand.
        Step dropOriginalIndexes = Steps.of(where + ": copy the column's indexes made since the expand, drop the"
                + " indexes the shadow's copies replace and give the copies their names", (context, resumed) -> {
            IndexCopies.copyMissing(context, table, column, shadow, resumed);
            IndexCopies.handOver(context, table, IndexCopies.renames(context, table, shadow), resumed);
        }).guardedBy(context -> Checks.refuseChecksMadeSinceTheExpand(context, where, table, column,
                "its shadow " + shadow + " takes its place"));
        List<Step> contract = new ArrayList<>(List.of(dropOriginalIndexes, swap));
        boolean nullable = nullableSaid == null || nullableSaid;
        contract.add(Steps.of(where + ": set its nullability and default", (context, resumed) -> context.execute(
                "ALTER TABLE " + t + " MODIFY " + c + " " + type + (nullable ? " NULL" : " NOT NULL")
                        + (defaultValue == null ? "" : " DEFAULT " + defaultValue) + visibility(context, table, column, where),
                resumed)));
        CopyNames tableCopy = CopyNames.of(spec.version(), table, shadow);
        contract.add(tableCopy.contract(where));

        List<Step> rollback = new ArrayList<>(tableCopy.rollback(where));
        rollback.addAll(triggers.drop(where));
        // The copies first: dropping the shadow would only shrink a multi-column copy, leaving it behind.
        rollback.add(Steps.of(where + ": drop the shadow's index copies", (context, resumed) -> {
            for (String copy : IndexCopies.renames(context, table, shadow).keySet()) {
                context.execute("ALTER TABLE " + t + " DROP INDEX " + Identifiers.quote(copy), resumed);
            }
        }));
        rollback.add(Steps.sql(where + ": drop the shadow column", "ALTER TABLE " + t + " DROP COLUMN " + s));
        BackfillTask backfill = new BackfillTask(where, spec.version(), table, shadow, up,
                down == null ? BackfillSql.Kind.SYNCED : BackfillSql.Kind.SHARED, syncTriggers, BackfillStrategy.of(spec));
        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.columnExists(where, table, column),
                Checks.notSyncedByAnotherMigration(where, table, column),
                Checks.syncedOnceInMigration(where, table, column),
                Checks.columnAbsent(where, table, shadow),
                Checks.columnsChangeOnline(where, table, column, "the expand's ADD COLUMN of " + shadow),
                Checks.expressionCompiles(where, table, "up", up),
                down == null ? Checks.tableExists(where, table) : Checks.expressionCompiles(where, table, "down", down,
                        Set.of(shadow)),
                Checks.hasBackfillKey(where, table), Checks.noAutoIncrement(where, table, "up", up),
                Checks.triggersCanRead(where, table, "up", up),
                Checks.subqueryNamesUnambiguous(where, table, "up", up),
                Checks.notInForeignKey(where, table, column),
                Checks.checksKept(where, table, column, CheckReads.Change.REPLACED),
                Checks.notInPartitioning(where, table, column),
                Checks.noGeneratedColumnReads(where, table, column),
                Checks.notGenerated(where, table, column),
                Checks.notInPrimaryKey(where, table, column),
                Steps.of(where + ": no other operation of the migration copies its indexes", (context, resumed) ->
                        requireIndexesCopiedOnce(context, table, column, where)),
                Steps.of(where + ": the copies of its indexes have names the server takes", (context, resumed) ->
                        requireIndexCopyNamesFit(context, table, column, where)),
                Steps.of(where + ": the server accepts the shadow column and the copies of its indexes", (context, resumed) ->
                        requireShadowAccepted(context, table, column, shadow, type, where)),
                Steps.of(where + ": nullability is said", (context, resumed) -> {
                    if (nullableSaid == null && !Columns.describe(context, table, column, where).nullable()) {
                        String fix = "say 'nullable: false' to keep it so, or 'nullable: true' to allow NULL from the"
                                + " contract on.";
                        throw new SchemaRefusal(SchemaRefusal.Kind.NULLABILITY_UNSAID, where, table, column, fix, where
                                + ": " + column + " is NOT NULL; " + fix);
                    }
                }),
                Steps.of(where + ": an INVISIBLE column kept NOT NULL has a default", (context, resumed) -> {
                    Columns now = Columns.describe(context, table, column, where);
                    // One that is NOT NULL without a default already fails those inserts today: nothing new.
                    boolean insertsWorkNow = now.nullable() || now.hasDefault(ServerFlavor.isMariaDb(context));
                    if (nullableSaid != null && !nullableSaid && defaultValue == null && now.invisible() && insertsWorkNow) {
                        String fix = "say its 'default', or make it visible first, in an earlier migration.";
                        throw new SchemaRefusal(SchemaRefusal.Kind.NULLS_REMAIN, where, table, column, fix, where + ": "
                                + column + " is INVISIBLE and would be NOT NULL without a default: every INSERT that"
                                + " leaves it out (one without a column list does) would fail; " + fix);
                    }
                }),
                Steps.of(where + ": no NULL where NOT NULL is asked", (context, resumed) -> {
                    if (nullableSaid != null && !nullableSaid) {
                        requireNoNulls(context, table, column, up, upSaid, where);
                    }
                }),
                Steps.of(where + ": the type says what the column keeps", (context, resumed) -> requireKeptSaid(context,
                        table, column, type, defaultSaid != null, where)),
                Steps.of(where + ": the new type holds what old code writes", (context, resumed) -> requireHolds(context,
                        table, column, type, (nullableSaid == null || nullableSaid ? " NULL" : " NOT NULL")
                                + (defaultValue == null ? "" : " DEFAULT " + defaultValue), up, upSaid, where))));
        if (down != null) {
            checks.add(Checks.subqueryNamesUnambiguous(where, table, "down", down));
            checks.add(Checks.triggersCanRead(where, table, "down", down));
        }
        if (BackfillStrategy.of(spec) == BackfillStrategy.COPY) {
            // The shadow gets a copy of each of the column's indexes at the expand: a unique one is asked about now,
            // before the shadow is there for the copy's own checks to find it.
            checks.add(Steps.of(where + ": no unique index over " + column + " for a copy", (context, resumed) -> {
                SchemaInspector inspector = SchemaInspector.of(context);
                Optional<String> problem = CopySafety.uniqueOver(column, inspector.columns(table), inspector.indexes(table));
                if (problem.isPresent()) {
                    throw SchemaRefusal.copyImpossible(where, table, BackfillChoice.refused(problem.get()));
                }
            }));
        }
        if (nullableSaid != null && !nullableSaid) {
            checks.add(Checks.notNullInPlace(where, table, column, defaultValue != null ? defaultValue : Columns.defaultIn(type)));
        }
        checks.addAll(backfill.checks());
        return OperationLifecycle.of(checks, expand, List.of(backfill), contract, rollback);
    }

    /**
     * A NOT NULL column must get no NULL: neither from the rows there are ({@code up} of each must not
     * be NULL) nor from old code, which may write NULL into a NULL-able column until the contract; the
     * NOT NULL at the contract would then fail. Old writes need an {@code up} that says what NULL
     * becomes (e.g. {@code COALESCE(col, 0)}).
     */
    private static void requireNoNulls(StepContext context, String table, String column, String up, boolean upSaid,
                                       String where) throws SQLException {
        if (!upSaid && Columns.describe(context, table, column, where).nullable()) {
            String fix = "Say what NULL becomes with an 'up' expression, e.g. up: \"COALESCE(" + column + ", 0)\", or"
                    + " keep 'nullable: true'.";
            throw new SchemaRefusal(SchemaRefusal.Kind.NULLS_REMAIN, where, table, column, fix, where + ": " + column
                    + " may hold NULL now, and old code may still write NULL until the contract, which would then fail on"
                    + " 'nullable: false'. " + fix);
        }
        Checks.requireNoNullFrom(context, where, table, column, up);
    }

    /**
     * Old code writes the column until the contract, and the sync triggers copy each write into the
     * new type: a narrower type would make some of its writes fail. Refused unless {@code up} says
     * what such values become; an {@code up} said must fit then too, narrower type or not
     * ({@link ColumnProbe#requireUpFits}). The definition is tried on the server first, so a type or
     * default it refuses stops the migration before the expand.
     */
    private static void requireHolds(StepContext context, String table, String column, String type, String nullAndDefault,
                                     String up, boolean upSaid, String where) throws SQLException {
        Columns from = Columns.describe(context, table, column, where);
        try (ColumnProbe probe = ColumnProbe.of(context, table, type + nullAndDefault, where)) {
            // Without a probe (no right to a temporary table) the type as written, in the old column's charset.
            TypeChange.Type to = probe == null ? TypeChange.Type.of(type, from.characterSet()) : probe.type();
            if (upSaid) {
                if (probe != null) {
                    probe.requireUpFits(table, column, up, where);
                }
                return;
            }
            TypeChange.Type old = TypeChange.Type.of(from.type(), from.characterSet());
            Optional<String> narrowing = TypeChange.narrowing(old, to);
            if (narrowing.isPresent()) {
                String fix = "Say in 'up' what such values become (" + TypeChange.exampleMapping(column, old, to) + "), or"
                        + " choose a type that holds every value.";
                throw new SchemaRefusal(SchemaRefusal.Kind.VALUES_DO_NOT_FIT, where, table, column, fix, where + ": "
                        + narrowing.get() + ". Old code writes " + column + " until the contract, and a value the new type"
                        + " cannot hold would fail its write. " + fix);
            }
            Optional<String> change = TypeChange.valueChange(old, to);
            if (change.isPresent()) {
                String fix = "Say in 'up' what such values become (up: \"" + column + "\" to take the change), or choose"
                        + " a type that keeps them.";
                throw new SchemaRefusal(SchemaRefusal.Kind.DEFINITION_UNSAID, where, table, column, fix, where + ": "
                        + change.get() + ", so such values would change as they are copied, without the script saying so. "
                        + fix);
            }
        }
    }

    /**
     * A type without a character set or collation takes the table's default, as MySQL's own MODIFY does; for
     * a column whose collation is another, that silently changes how its values compare, sort and are
     * indexed (a unique index on a {@code _bin} column becomes case-insensitive, and the expand's copy of it
     * may meet duplicates). Refused unless the type says which it wants.
     */
    private static void requireCollationSaid(String table, String column, String type, Columns from, ColumnProbe probe,
                                             String where) throws SchemaRefusal {
        boolean said = says(COLLATION_SAID, type);
        if (said || from.collation() == null || probe.collation() == null || from.collation().equalsIgnoreCase(probe.collation())) {
            return;
        }
        String fix = "Say it in 'type': \"" + type + " COLLATE " + from.collation() + "\" to keep it, or the COLLATE you want.";
        throw new SchemaRefusal(SchemaRefusal.Kind.DEFINITION_UNSAID, where, table, column, fix, where + ": " + column
                + " compares as " + from.collation() + ", and '" + type + "' would give it the table's " + probe.collation()
                + ", which compares, sorts and indexes its values otherwise. " + fix);
    }

    /**
     * {@code type} is the column's whole new definition, as in MySQL's own MODIFY: what the column has and
     * the type does not say again is gone from the contract on. Where that is its ON UPDATE or its collation,
     * the migration is refused unless the type says it.
     */
    private static void requireKeptSaid(StepContext context, String table, String column, String type, boolean defaultSaid,
                                        String where) throws SQLException {
        Columns from = Columns.describe(context, table, column, where);
        requireOnUpdateSaid(table, column, type, from, where);
        if (!defaultSaid) {
            requireDefaultSaid(table, column, type, from, ServerFlavor.isMariaDb(context), where);
        }
        try (ColumnProbe probe = ColumnProbe.of(context, table, type + " NULL", where)) {
            if (probe != null) {
                requireCollationSaid(table, column, type, from, probe, where);
            }
        }
    }

    /** Whether {@code type} says {@code clause}, outside its string literals (an ENUM's values, a COMMENT). */
    private static boolean says(Pattern clause, String type) {
        return clause.matcher(Expressions.withoutStrings(type)).find();
    }

    /**
     * A column with a default would lose it at the contract when neither {@code default} nor the type says it
     * again (MySQL's own MODIFY drops it too): inserts that leave it out would then store NULL, or fail on a
     * NOT NULL column. Refused unless one of them does.
     */
    private static void requireDefaultSaid(String table, String column, String type, Columns from, boolean mariaDb,
                                           String where) throws SchemaRefusal {
        if (!from.hasDefault(mariaDb) || says(DEFAULT_SAID, type)) {
            return;
        }
        String kept = from.defaultSql(mariaDb);
        String fix = "Say it to keep it: default: \"" + kept.replace("\\", "\\\\").replace("\"", "\\\"") + "\", or the"
                + " default you want, or default: none to have none.";
        throw new SchemaRefusal(SchemaRefusal.Kind.DEFINITION_UNSAID, where, table, column, fix, where + ": " + column
                + " has the default " + kept + ", and the operation says none: from the contract on it would have none,"
                + " and an insert that leaves it out would store NULL or fail. " + fix);
    }

    /**
     * A column that sets itself on every update ({@code updated_at}) would stop at the contract if the type,
     * its whole new definition, does not say so again, as MySQL's own MODIFY drops it. Refused unless it does.
     */
    private static void requireOnUpdateSaid(String table, String column, String type, Columns from, String where)
            throws SchemaRefusal {
        if (from.onUpdate() == null || says(ON_UPDATE_SAID, type)) {
            return;
        }
        String fix = "Say it in 'type' to keep it: \"" + type + " ON UPDATE CURRENT_TIMESTAMP\", with the type's"
                + " fractional digits in parentheses if it has any.";
        throw new SchemaRefusal(SchemaRefusal.Kind.DEFINITION_UNSAID, where, table, column, fix, where + ": " + column
                + " sets itself on every update (" + from.onUpdate() + "), and '" + type + "' says nothing of it: from the"
                + " contract on it would not. " + fix);
    }

    /**
     * The shadow's copy of an index is named {@code _tandem_<index>}, and the swap takes the index's name back
     * from it: an index named past 56 characters would fail the expand half way, at its copy.
     */
    private static void requireIndexCopyNamesFit(StepContext context, String table, String column, String where)
            throws SQLException {
        for (IndexInfo index : SchemaModel.of(context).indexes(table)) {
            String copy = IndexCopies.PREFIX + index.name();
            if (!index.isPrimary() && index.covers(column) && !index.name().startsWith(IndexCopies.PREFIX)
                    && copy.codePointCount(0, copy.length()) > Identifiers.MAX_NAME) {
                String fix = "Rename index " + index.name() + " to a name of up to " + (Identifiers.MAX_NAME
                        - IndexCopies.PREFIX.length()) + " characters first (ALTER TABLE " + table + " RENAME INDEX, in a"
                        + " migration of its own).";
                throw new SchemaRefusal(SchemaRefusal.Kind.NAME_TOO_LONG, where, table, column, fix, where + ": index "
                        + index.name() + " holds " + column + ", and its copy for the new type, " + copy + ", would be"
                        + " longer than the " + Identifiers.MAX_NAME + " characters MySQL and MariaDB take. " + fix);
            }
        }
    }

    /**
     * The shadow gets a copy of each index on the column, under the index's name with Tandem's prefix, swapped
     * in at the contract. Two alter_columns of one migration on columns of one index would each copy it (the
     * second copy failing on the name, half way through the expand), and each swap would put back an index
     * that holds the other's old column. So too with a migration in flight whose copy of the index is there
     * until its contract. Refused: one migration after the other's contract does it.
     */
    private static void requireIndexesCopiedOnce(StepContext context, String table, String column, String where)
            throws SQLException {
        SchemaModel model = SchemaModel.of(context);
        List<IndexInfo> indexes = model.indexes(table);
        for (IndexInfo index : indexes) {
            if (index.isPrimary() || !index.covers(column) || index.name().startsWith(IndexCopies.PREFIX)) {
                continue;
            }
            String copy = IndexCopies.PREFIX + index.name();
            if (indexes.stream().anyMatch(i -> i.name().equalsIgnoreCase(copy))) {
                String fix = "Alter " + column + " in a later migration, once the one in flight is contracted.";
                throw new SchemaRefusal(SchemaRefusal.Kind.INDEX_COPIED_TWICE, where, table, column, fix, where + ": index "
                        + index.name() + " holds " + column + ", and a migration in flight has a copy of it, " + copy
                        + ", until its contract. " + fix);
            }
            Optional<String> other = model.copyIndex(table, index.name(), column);
            if (other.isPresent()) {
                String fix = "Alter " + column + " in a migration of its own, after this one's contract.";
                throw new SchemaRefusal(SchemaRefusal.Kind.INDEX_COPIED_TWICE, where, table, column, fix, where + ": index "
                        + index.name() + " holds both " + other.get() + " and " + column + ", which this migration both alters;"
                        + " each would need its own copy of the index until the contract. " + fix);
            }
        }
    }

    /**
     * The shadow column of {@code type}, and the copies of the column's indexes over it, are added to an empty
     * copy of the table ({@link EmptyCopyTrial}): a row the table has no room for, an index the new type cannot
     * have (a key too long, a TEXT column without a prefix) used to fail at the expand, after the steps before
     * it had run.
     */
    /**
     * The shadow's definition: {@code type}, NULL, and DEFAULT NULL after a default the type may say of its own,
     * which is the column's from the swap on. Added with it, the shadow gave every existing row the default, and a
     * backfill that fills only NULLs (new code may write the shadow) filled none: the swap put the default in
     * every row no one had written since.
     */
    private static String shadowDefinition(String type) {
        return type + " NULL DEFAULT NULL";
    }

    private static void requireShadowAccepted(StepContext context, String table, String column, String shadow, String type,
                                              String where) throws SQLException {
        StringBuilder change = new StringBuilder("ADD COLUMN " + Identifiers.quote(shadow) + " " + shadowDefinition(type));
        IndexCopies.copiesOf(SchemaInspector.of(context).indexes(table), column, shadow).values()
                .forEach(index -> change.append(", ADD ").append(index));
        EmptyCopyTrial.requireColumnAccepted(context, where, table, change.toString(), type);
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code drop_index}: the index stops being used at expand but still exists until the contract, so a
 * query that needed it shows up as slow while taking the index back is instant.
 *
 * <ul>
 *   <li>expand: MySQL {@code ALTER INDEX ... INVISIBLE}, MariaDB {@code ALTER INDEX ... IGNORED};</li>
 *   <li>contract: {@code DROP INDEX};</li>
 *   <li>rollback: visible (not ignored) again.</li>
 * </ul>
 */
public final class DropIndex implements OperationType {

    @Override
    public String name() {
        return "drop_index";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "name"));
        String table = spec.requireString("table");
        String name = spec.requireString("name");
        if (name.equalsIgnoreCase("PRIMARY")) {
            throw spec.error("name", "the primary key cannot be dropped this way");
        }
        String where = Where.named(spec, name(), name, table).text();
        String alter = "ALTER TABLE " + Identifiers.quote(table) + " ALTER INDEX " + Identifiers.quote(name);
        List<Step> expand = List.of(Steps.of(where + ": stop using it", (context, resumed) ->
                context.execute(alter + (ServerFlavor.isMariaDb(context) ? " IGNORED" : " INVISIBLE"), resumed)));
        // Asked again before the contract begins: a later migration's foreign key may have taken the hidden index as
        // its own, and the server would refuse the DROP, leaving the contract failed half way.
        List<Step> contract = List.of(Steps.sql(where, "ALTER TABLE " + Identifiers.quote(table) + " DROP INDEX "
                + Identifiers.quote(name)).guardedBy(context -> requireNoForeignKeyNeedsIt(context, table, name, where)));
        List<Step> rollback = List.of(Steps.of(where + ": use it again", (context, resumed) ->
                context.execute(alter + (ServerFlavor.isMariaDb(context) ? " NOT IGNORED" : " VISIBLE"), resumed)));
        List<Step> checks = List.of(Checks.tableExists(where, table), Checks.indexExists(where, table, name),
                Steps.of(where + ": not the table's clustered key", (context, resumed) ->
                        requireNotClusteredKey(context, table, name, where)),
                Steps.of(where + ": no foreign key needs it", (context, resumed) ->
                        requireNoForeignKeyNeedsIt(context, table, name, where)));
        return OperationLifecycle.of(checks, expand, List.of(), contract, rollback);
    }

    /**
     * Without a primary key, InnoDB clusters the table on a unique index over NOT NULL columns and
     * treats it as the primary key: it can be neither made invisible (the expand failed half way, "A
     * primary key index cannot be invisible") nor dropped without rebuilding the table.
     */
    private static void requireNotClusteredKey(StepContext context, String table, String name, String where)
            throws SQLException {
        List<IndexInfo> indexes = SchemaInspector.of(context).indexes(table);
        boolean hasPrimaryKey = indexes.stream().anyMatch(IndexInfo::isPrimary);
        boolean clusters = indexes.stream().filter(i -> i.isNamed(name)).allMatch(IndexInfo::isUniqueNotNull);
        if (!hasPrimaryKey && clusters) {
            String fix = "Add a primary key first (in an earlier migration), then drop the index.";
            throw new SchemaRefusal(SchemaRefusal.Kind.CLUSTERED_KEY, where, table, null, fix, where + ": " + table
                    + " has no primary key, so InnoDB uses the unique index " + name + " over NOT NULL columns as its"
                    + " clustered key, which cannot be hidden or dropped online. " + fix);
        }
    }

    /**
     * A foreign key of the table, or one that references it, needs an index of it that begins with the key's
     * columns there: where this is the only one, the server refuses to drop it, at the contract, after new
     * code has taken over (hiding it at the expand goes through). Refused before anything runs instead.
     */
    private static void requireNoForeignKeyNeedsIt(StepContext context, String table, String name, String where)
            throws SQLException {
        SchemaInspector schema = SchemaInspector.of(context);
        List<IndexInfo> indexes = schema.indexes(table);
        for (ForeignKeyInfo key : schema.foreignKeys(table)) {
            for (List<String> needed : columnsHere(key, table)) {
                List<IndexInfo> serving = indexes.stream().filter(index -> index.leadsWith(needed)).toList();
                if (!serving.isEmpty() && serving.stream().allMatch(index -> index.isNamed(name))) {
                    throw SchemaRefusal.indexNeededByForeignKey(where, table, name, key.name(), needed);
                }
            }
        }
    }

    /** The columns of {@code table} that {@code key} needs an index to begin with: as child, as parent, or both. */
    private static List<List<String>> columnsHere(ForeignKeyInfo key, String table) {
        List<List<String>> needed = new ArrayList<>();
        if (key.table().equalsIgnoreCase(table)) {
            needed.add(key.columns());
        }
        if (key.referencedTable().equalsIgnoreCase(table)) {
            needed.add(key.referencedColumns());
        }
        return needed;
    }
}

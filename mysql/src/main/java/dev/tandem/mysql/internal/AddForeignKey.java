package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code add_foreign_key}: without a table copy and without a long lock.
 *
 * <pre>
 * - add_foreign_key:
 *     table: orders
 *     name: orders_customer
 *     columns: [customer_id]
 *     references: customers
 *     referenced_columns: [id]
 *     on_delete: restrict        # optional: restrict, cascade, set null, no action
 * </pre>
 *
 * The servers add a foreign key in place (metadata only) only with {@code foreign_key_checks} off for
 * that statement, and then check nothing, so Tandem checks itself: orphan rows refuse the operation
 * before any change (with examples), and are looked for again right after the key exists (a row that
 * slipped in between fails the step, the key in place: fix the rows and start again, or roll back). The referencing columns need an
 * index; one named like the key is created first when none leads with them.
 */
public final class AddForeignKey implements OperationType {

    @Override
    public String name() {
        return "add_foreign_key";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "name", "columns", "references", "referenced_columns", "on_delete"));
        String table = spec.requireString("table");
        String name = Identifiers.newName(spec, "name");
        List<String> columns = spec.requireStringList("columns");
        String parent = spec.requireString("references");
        List<String> parentColumns = spec.requireStringList("referenced_columns");
        if (columns.size() != parentColumns.size()) {
            throw spec.error("referenced_columns", "'columns' has " + columns.size() + " names but 'referenced_columns' has "
                    + parentColumns.size());
        }
        String onDelete = spec.optionalString("on_delete").map(v -> v.toUpperCase(Locale.ROOT)).orElse("RESTRICT");
        if (!Set.of("RESTRICT", "CASCADE", "SET NULL", "NO ACTION").contains(onDelete)) {
            throw spec.error("on_delete", "'on_delete' is restrict, cascade, set null or no action, not '" + onDelete + "'");
        }
        String where = Where.named(spec, name(), name, table).text();
        String t = Identifiers.quote(table);
        String cols = String.join(", ", columns.stream().map(Identifiers::quote).toList());
        String orphans = "SELECT CONCAT_WS(', ', " + columns.stream().map(c -> "c." + Identifiers.quote(c)).reduce((a, b) -> a + ", " + b).orElseThrow()
                + "), COUNT(*) FROM " + t + " c LEFT JOIN " + Identifiers.quote(parent) + " p ON "
                + String.join(" AND ", joinConditions(columns, parentColumns)) + " WHERE "
                + String.join(" AND ", columns.stream().map(c -> "c." + Identifiers.quote(c) + " IS NOT NULL").toList())
                + " AND p." + Identifiers.quote(parentColumns.get(0)) + " IS NULL GROUP BY "
                + String.join(", ", columns.stream().map(c -> "c." + Identifiers.quote(c)).toList())
                + " ORDER BY COUNT(*) DESC LIMIT 5";

        List<Step> expand = new ArrayList<>();
        expand.add(Steps.of(where + ": index the referencing columns", (context, resumed) -> {
            if (!hasLeadingIndex(context, table, columns)) {
                context.execute("CREATE INDEX " + Identifiers.quote(name) + " ON " + t + " (" + cols + ") COMMENT "
                        + Identifiers.literal(madeFor(name)), resumed);
            }
        }));
        expand.add(Steps.of(where + ": add the key in place", (context, resumed) -> {
            context.execute("SET SESSION foreign_key_checks = 0", false);
            try {
                context.execute("ALTER TABLE " + t + " ADD CONSTRAINT " + Identifiers.quote(name) + " FOREIGN KEY (" + cols
                        + ") REFERENCES " + Identifiers.quote(parent) + " (" + String.join(", ",
                        parentColumns.stream().map(Identifiers::quote).toList()) + ") ON DELETE " + onDelete, resumed);
            } finally {
                context.execute("SET SESSION foreign_key_checks = 1", false);
            }
        }));
        expand.add(Steps.of(where + ": no orphans slipped in", (context, resumed) -> refuseOrphans(context, table, orphans,
                where, "They were written between the check before the expand and the key, which is in place now: fix or"
                        + " delete them, then start again (Tandem resumes at this step), or roll the migration back.")));
        List<Step> rollback = List.of(
                Steps.of(where + ": drop the key", (context, resumed) -> {
                    if (SchemaInspector.of(context).foreignKeys(table).stream()
                            .anyMatch(key -> key.table().equalsIgnoreCase(table) && key.name().equalsIgnoreCase(name))) {
                        context.execute("ALTER TABLE " + t + " DROP FOREIGN KEY " + Identifiers.quote(name), resumed);
                    }
                }),
                Steps.of(where + ": drop the index made for it", (context, resumed) -> {
                    // By its comment: an index of the key's name that was there before (one that begins with the
                    // key's columns, which the expand then used) is the user's, and stays.
                    if (!Jdbc.rows(context.connection(), "SELECT 1 FROM information_schema.statistics WHERE table_schema"
                            + " = DATABASE() AND table_name = ? AND index_name = ? AND index_comment = ?", table, name,
                            madeFor(name)).isEmpty()) {
                        context.execute("ALTER TABLE " + t + " DROP INDEX " + Identifiers.quote(name), resumed);
                    }
                }));
        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.tableExists(where, parent),
                nameFree(where, table, name), indexNameFree(where, table, name, columns)));
        for (int i = 0; i < columns.size(); i++) {
            checks.add(sameType(where, table, columns.get(i), parent, parentColumns.get(i)));
            if (onDelete.equals("SET NULL")) {
                checks.add(nullable(where, table, columns.get(i)));
            }
        }
        checks.add(referencedIndexed(where, table, parent, parentColumns));
        checks.add(Steps.of(where + ": no orphan rows", (context, resumed) -> refuseOrphans(context, table, orphans, where,
                "Fix or delete them first (in an earlier migration), then add the key.")));
        return OperationLifecycle.of(checks, expand, List.of(), List.of(), rollback);
    }

    /** The comment of the index the expand makes for key {@code name}: how its rollback tells it from the user's. */
    static String madeFor(String name) {
        return "tandem: made for foreign key " + name;
    }

    private static List<String> joinConditions(List<String> columns, List<String> parentColumns) {
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            conditions.add("p." + Identifiers.quote(parentColumns.get(i)) + " = c." + Identifiers.quote(columns.get(i)));
        }
        return conditions;
    }

    private static void refuseOrphans(StepContext context, String table, String sql, String where, String fix)
            throws SQLException {
        List<String> examples = Checks.examples(context, sql);
        if (!examples.isEmpty()) {
            throw new SchemaRefusal(SchemaRefusal.Kind.ORPHAN_ROWS, where, table, null, fix, where + ": rows reference keys"
                    + " that do not exist, for example " + String.join("; ", examples) + ". " + fix);
        }
    }

    private static Step sameType(String where, String table, String column, String parent, String parentColumn) {
        return Steps.of(where + ": " + column + " matches " + parent + "." + parentColumn, (context, resumed) -> {
            ColumnInfo child = Columns.live(context, table, column, where);
            ColumnInfo referenced = Columns.live(context, parent, parentColumn, where);
            ForeignKeyFit.requireFit(where, table, child, parent, referenced);
        });
    }

    /**
     * {@code column} may hold NULL, as {@code on_delete: set null} writes: the servers refuse the key otherwise
     * (MySQL's error 1830), and the expand failed after it had indexed the columns.
     */
    private static Step nullable(String where, String table, String column) {
        return Steps.of(where + ": " + column + " may hold NULL, as on_delete: set null writes", (context, resumed) -> {
            if (!Columns.live(context, table, column, where).definition().nullable()) {
                throw SchemaRefusal.foreignKeyMisfit(where, table, column, "on_delete: set null writes NULL in " + table
                        + "." + column + ", which is NOT NULL");
            }
        });
    }

    /** An index of the referenced table begins with the referenced columns, which a key needs there. */
    private static Step referencedIndexed(String where, String table, String parent, List<String> parentColumns) {
        return Steps.of(where + ": an index of " + parent + " begins with " + parentColumns, (context, resumed) -> {
            if (!ForeignKeyFit.referencedIndexed(SchemaInspector.of(context).indexes(parent), parentColumns)) {
                throw SchemaRefusal.referencedNotIndexed(where, table, parent, parentColumns);
            }
        });
    }

    /** No foreign key of the schema, nor one an earlier operation of the migration adds, has the name. */
    private static Step nameFree(String where, String table, String name) {
        return Steps.of(where + ": no foreign key of the schema is named " + name,
                (context, resumed) -> ConstraintNames.requireForeignKeyNameFree(context, where, table, name));
    }

    /**
     * Where no index begins with the key's columns (live, or one an earlier operation of the migration makes), the
     * expand makes one named like the key: that name is free on the table, and is recorded for the operations after.
     */
    private static Step indexNameFree(String where, String table, String name, List<String> columns) {
        return Steps.of(where + ": an index of " + table + " begins with " + columns + ", or the name " + name + " is free",
                (context, resumed) -> {
                    SchemaModel model = SchemaModel.of(context);
                    if (model.hasIndexLeadingWith(table, columns)) {
                        return;
                    }
                    if (model.hasIndexNamed(table, name)) {
                        throw SchemaRefusal.foreignKeyIndexNameTaken(where, table, name, columns);
                    }
                    model.makeIndex(table, name, columns);
                });
    }

    /** Whether an index's first columns are exactly the key's, in order: the key needs no index of its own. */
    private static boolean hasLeadingIndex(StepContext context, String table, List<String> columns) throws SQLException {
        return SchemaInspector.of(context).indexes(table).stream().anyMatch(index -> index.leadsWith(columns));
    }
}

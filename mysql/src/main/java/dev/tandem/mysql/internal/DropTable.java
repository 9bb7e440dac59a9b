package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code drop_table}: new code stops using a table; old code still does until the contract, which
 * drops it. Nothing happens at expand, so rollback has nothing to undo.
 */
public final class DropTable implements OperationType {

    @Override
    public String name() {
        return "drop_table";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table"));
        String table = spec.requireString("table");
        String where = Where.of(spec, name(), table).text();
        // A view is dropped as one: DROP TABLE IF EXISTS of a view is a note on MySQL, and the view stayed.
        List<Step> contract = List.of(Steps.of(where + ": drop it", (context, resumed) -> context.execute((SchemaInspector.of(context)
                .isView(table) ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") + Identifiers.quote(table), resumed)));
        return OperationLifecycle.of(List.of(Checks.tableOrViewExists(where, table),
                        Checks.notReadByAnotherMigration(where, table), ContractDropWarning.of(where, table, null),
                        Steps.of(where + ": no foreign key of another table references it", (context, resumed) ->
                                requireNoForeignKeyReferences(context, table, where))),
                List.of(), List.of(), contract, List.of());
    }

    /**
     * No foreign key of another table, one no earlier operation of the migration drops, references {@code table}:
     * the server refuses to drop it (MySQL's error 3730, MariaDB's 1451), and the contract would stay failed.
     */
    private static void requireNoForeignKeyReferences(StepContext context, String table, String where) throws SQLException {
        SchemaModel model = SchemaModel.of(context);
        for (ForeignKeyInfo key : model.foreignKeys(table)) {
            if (key.referencedTable().equalsIgnoreCase(table) && !key.table().equalsIgnoreCase(table)
                    && !model.dropped(key.table())) {
                throw SchemaRefusal.referencedByForeignKey(where, table, key);
            }
        }
        model.drop(table);
    }
}

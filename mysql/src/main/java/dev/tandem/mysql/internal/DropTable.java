package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
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
        List<Step> contract = List.of(Steps.sql(where, "DROP TABLE IF EXISTS " + Identifiers.quote(table)));
        return OperationLifecycle.of(List.of(Checks.tableOrViewExists(where, table),
                        Checks.notReadByAnotherMigration(where, table), ContractDropWarning.of(where, table, null)),
                List.of(), List.of(), contract, List.of());
    }
}

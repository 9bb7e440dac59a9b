package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.List;
import java.util.Set;

/**
 * {@code create_table}: a new table, which old code does not know and so cannot be disturbed by.
 *
 * <pre>
 * - create_table:
 *     table: audit
 *     columns:                       # column and constraint definitions, SQL as written
 *       - id BIGINT AUTO_INCREMENT PRIMARY KEY
 *       - customer_id BIGINT NOT NULL
 *       - INDEX audit_customer (customer_id)
 * </pre>
 *
 * expand creates it; rollback drops it (it did not exist before: the check makes sure).
 */
public final class CreateTable implements OperationType {

    @Override
    public String name() {
        return "create_table";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "columns"));
        String table = Identifiers.newName(spec, "table");
        List<String> columns = spec.requireStringList("columns");
        String where = Where.of(spec, name(), table).text();
        String t = Identifiers.quote(table);
        List<Step> expand = List.of(Steps.sql(where, "CREATE TABLE " + t + " (\n  " + String.join(",\n  ", columns) + "\n)"));
        List<Step> rollback = List.of(Steps.sql(where + ": drop it", "DROP TABLE IF EXISTS " + t));
        return OperationLifecycle.of(List.of(Checks.tableAbsent(where, table)), expand, List.of(), List.of(), rollback);
    }
}

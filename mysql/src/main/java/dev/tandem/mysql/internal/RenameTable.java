package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.List;
import java.util.Set;

/**
 * {@code rename_table}: old code uses {@code from}, new code {@code to}, at the same time.
 *
 * <ul>
 *   <li>expand: {@code CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW to AS SELECT * FROM from}: a
 *       single-table view is updatable, so new code reads and writes (INSERT, UPDATE, DELETE,
 *       {@code LAST_INSERT_ID()}) through it;</li>
 *   <li>contract: one {@code RENAME TABLE to TO _tandem_view_..., from TO to} swaps view and table
 *       atomically (DROP VIEW is refused under LOCK TABLES, RENAME is atomic by itself), then the old
 *       view is dropped;</li>
 *   <li>rollback: the view is dropped.</li>
 * </ul>
 * A view's column list is fixed when it is created: columns other migrations add to {@code from}
 * while the view exists are not seen through {@code to} until the contract (nor are INVISIBLE ones).
 */
public final class RenameTable implements OperationType {

    @Override
    public String name() {
        return "rename_table";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("from", "to"));
        String from = spec.requireString("from");
        String to = Identifiers.newName(spec, "to");
        if (from.equalsIgnoreCase(to)) {
            throw spec.error("to", "'from' and 'to' are the same name");
        }
        String where = Where.of(spec, name(), from + " to " + to).text();
        String f = Identifiers.quote(from);
        String t = Identifiers.quote(to);
        String parkedName = "_tandem_" + spec.version().replace('.', '_') + "_" + to + "_view";
        String parked = Identifiers.quote(parkedName.length() <= 64 ? parkedName : parkedName.substring(0, 64));
        List<Step> expand = List.of(Steps.sql(where + ": the new name as a view", "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER"
                + " VIEW " + t + " AS SELECT * FROM " + f));
        List<Step> contract = List.of(
                Steps.sql(where + ": swap view and table", "RENAME TABLE " + t + " TO " + parked + ", " + f + " TO " + t),
                Steps.sql(where + ": drop the old view", "DROP VIEW IF EXISTS " + parked));
        List<Step> rollback = List.of(Steps.sql(where + ": drop the view", "DROP VIEW IF EXISTS " + t));
        // The old name is a view of the window's until the contract: what names it works until then.
        List<Step> checks = List.of(Checks.tableOrViewExists(where, from), Checks.notReadByAnotherMigration(where, from),
                Checks.tableAbsent(where, to),
                ContractDropWarning.of(where, from, null, "renames to " + to));
        return OperationLifecycle.of(checks, expand, List.of(), contract, rollback);
    }
}

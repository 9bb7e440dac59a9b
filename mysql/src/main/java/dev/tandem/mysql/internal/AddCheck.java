package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code add_check}: a CHECK constraint (enforced by MySQL 8.0.16+ and MariaDB).
 *
 * <pre>
 * - add_check:
 *     table: orders
 *     name: orders_total_positive
 *     check: total &gt;= 0
 *     allow_blocking: true     # required: adding a CHECK copies the table
 * </pre>
 *
 * Both servers copy the table to add a CHECK (neither INSTANT nor INPLACE is supported: tried), so the
 * operation needs {@code allow_blocking: true}. Existing rows are checked first (a violation refuses
 * the operation with examples), and the constraint is first added to an empty temporary copy of the table
 * ({@link EmptyCopyTrial}): a name another constraint has, a function or variable a CHECK may not use, is refused
 * there, not at the expand after the operations before it ran theirs. Expand adds the constraint with an
 * explicit {@code ALGORITHM=COPY}; rollback drops it.
 */
public final class AddCheck implements OperationType {

    /** ER_BAD_FIELD_ERROR: a column the table does not have. */
    private static final int UNKNOWN_COLUMN = 1054;

    @Override
    public String name() {
        return "add_check";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "name", "check", "allow_blocking"));
        String table = spec.requireString("table");
        String name = Identifiers.newName(spec, "name");
        String check = spec.requireString("check");
        if (!spec.optionalBoolean("allow_blocking").orElse(false)) {
            throw spec.error(null, "MySQL and MariaDB copy the whole table to add a CHECK constraint, blocking writes to "
                    + table + " meanwhile (tried: neither INSTANT nor INPLACE is supported). Say 'allow_blocking: true' to"
                    + " accept that (fine for small tables), or enforce the rule in the application.");
        }
        String where = Where.named(spec, name(), name, table).text();
        String t = Identifiers.quote(table);
        List<Step> expand = List.of(Steps.sql(where, "ALTER TABLE " + t + " ADD CONSTRAINT " + Identifiers.quote(name)
                + " CHECK (" + check + "), ALGORITHM=COPY"));
        List<Step> rollback = List.of(Steps.of(where + ": drop it", (context, resumed) ->
                context.execute("ALTER TABLE " + t + (ServerFlavor.isMariaDb(context) ? " DROP CONSTRAINT " : " DROP CHECK ")
                        + Identifiers.quote(name), resumed)));
        Step rowsPass = Steps.of(where + ": existing rows pass", (context, resumed) -> {
            List<String> examples = new ArrayList<>();
            try (Statement s = context.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + t + " WHERE NOT (" + check + ") LIMIT 3")) {
                while (rs.next()) {
                    examples.add("(" + rs.getString(1) + ", ...)");
                }
            }
            if (!examples.isEmpty()) {
                String fix = "Fix them first, in an earlier migration.";
                throw new SchemaRefusal(SchemaRefusal.Kind.ROWS_VIOLATE_CHECK, where, table, null, fix, where + ": rows"
                        + " violate (" + check + "), for example " + String.join("; ", examples) + " (first column shown). "
                        + fix);
            }
        });
        Step readsNoAddedColumn = Steps.of(where + ": reads only columns the table has", (context, resumed) -> {
            if (SchemaModel.of(context).added(table).isEmpty()) {
                return;
            }
            try (Statement s = context.connection().createStatement()) {
                s.executeQuery("SELECT (" + check + ") FROM " + t + " LIMIT 0").close();
            } catch (SQLException e) {
                if (e.getErrorCode() != UNKNOWN_COLUMN) {
                    throw e;
                }
                // It compiled with the columns earlier operations add (expressionCompiles): it reads one of them.
                String fix = "Add the constraint in a later migration, once this one's backfill is done.";
                throw new SchemaRefusal(SchemaRefusal.Kind.CHECK_READS_ADDED_COLUMN, where, table, null, fix, where + ": ("
                        + check + ") reads a column an earlier operation of this migration adds to " + table + " ("
                        + e.getMessage() + "). Its backfill fills that column after the constraint exists, and a value"
                        + " it writes that fails the constraint would stop it half way. " + fix);
            }
        });
        Step accepted = Steps.of(where + ": the server accepts the constraint", (context, resumed) -> {
            Optional<SQLException> refused = EmptyCopyTrial.refusal(context, where, table, "ADD CONSTRAINT "
                    + Identifiers.quote(name) + " CHECK (" + check + ")", SchemaRefusal.CHECK_ERRORS);
            if (refused.isPresent()) {
                throw SchemaRefusal.checkNotAccepted(where, table, refused.get());
            }
        });
        Step nameFree = Steps.of(where + ": no CHECK of the schema is named " + name + " where their names share it",
                (context, resumed) -> ConstraintNames.requireCheckNameFree(context, where, table, name));
        List<Step> checks = List.of(Checks.tableExists(where, table), Checks.expressionCompiles(where, table, "check", check),
                readsNoAddedColumn, nameFree, accepted, rowsPass);
        return OperationLifecycle.of(checks, expand, List.of(), List.of(), rollback);
    }
}

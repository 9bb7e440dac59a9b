package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The names a migration gives constraints whose names are unique in the schema, not the table: every foreign
 * key's, and on MySQL every CHECK's ({@link ServerFlavor#checkNamesPerSchema}). A name another table's
 * constraint has, or that an earlier operation of the migration gives, failed the operation's expand, after
 * the operations before it had run theirs; the trial on an empty copy of the table does not see other tables.
 * Each method refuses such a name, and records it for the operations after.
 */
final class ConstraintNames {

    private ConstraintNames() {
    }

    /** No foreign key of the schema, nor one an earlier operation adds, is named {@code name}; records it. */
    static void requireForeignKeyNameFree(StepContext context, String where, String table, String name) throws SQLException {
        Optional<String> owner = SchemaInspector.of(context).tableWithForeignKey(name);
        if (owner.isPresent() || !SchemaModel.of(context).takeForeignKeyName(name)) {
            throw SchemaRefusal.constraintExists(where, table, "foreign key", name, owner.orElse(null));
        }
    }

    /**
     * Where CHECK names are unique in the schema, no CHECK of it, nor one an earlier operation adds, is named
     * {@code name}; records it. Elsewhere the trial on an empty copy of the table tells a name its own CHECKs have.
     */
    static void requireCheckNameFree(StepContext context, String where, String table, String name) throws SQLException {
        if (!ServerFlavor.checkNamesPerSchema(context)) {
            return;
        }
        Optional<String> owner = SchemaInspector.of(context).tableWithCheck(name);
        if (owner.isPresent() || !SchemaModel.of(context).takeCheckName(name)) {
            throw SchemaRefusal.constraintExists(where, table, "CHECK constraint", name, owner.orElse(null));
        }
    }
}

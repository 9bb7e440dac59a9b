package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARN, before the expand, that on MariaDB new code's {@code INSERT ... SELECT} that leaves out a column the
 * sync triggers fill fails, where that column is NOT NULL without a default: MariaDB looks for the missing value
 * before the BEFORE INSERT trigger gives it one ("Field 'name' doesn't have a default value"), where its
 * {@code INSERT ... VALUES}, {@code REPLACE} and {@code ... ON DUPLICATE KEY UPDATE}, and all of MySQL's inserts,
 * let the trigger give it first (probed on MariaDB 11.4.5 and MySQL 8.0.31). New code no longer names the
 * column (a {@code rename_column}'s old name, a {@code drop_column}'s with {@code down}), so the fix is in its
 * SQL.
 */
final class InsertSelectWarning {

    private static final Logger LOG = LoggerFactory.getLogger(InsertSelectWarning.class);

    private InsertSelectWarning() {
    }

    /** Warns, on MariaDB, where {@code table}'s {@code column}, which new code leaves out, is NOT NULL without a default. */
    static Step of(String where, String table, String column) {
        return Steps.of(where + ": new code's INSERT ... SELECT without " + column, (context, resumed) -> {
            if (!ServerFlavor.isMariaDb(context)) {
                return;
            }
            Columns existing = Columns.describe(context, table, column, where);
            if (!existing.nullable() && !existing.hasDefault(true)) {
                LOG.warn("{}: {} is NOT NULL without a default, and on MariaDB an INSERT ... SELECT into {} that leaves it"
                        + " out fails (\"Field '{}' doesn't have a default value\") before the trigger gives it its value."
                        + " Until the contract, new code's INSERT ... SELECT names {} too (any value: the trigger writes"
                        + " it), or inserts with VALUES", where, column, table, column, column);
            }
        });
    }
}

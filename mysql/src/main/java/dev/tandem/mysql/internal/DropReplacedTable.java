package dev.tandem.mysql.internal;

import dev.tandem.internal.text.ByteSizes;
import dev.tandem.spi.DdlPolicy;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's step for the table a copy replaced ({@link CopyNames#old}), which stayed under that name
 * since the swap: dropped, or, where {@link DdlPolicy#keepReplacedTables} asks, left for the operator, who
 * may remove a large table's file more gently than a {@code DROP TABLE} does (the log names it and its size).
 * A table that is not there (no copy was made) is nothing to do either way.
 *
 * @param where the operation, for the log ({@code V7__display.yaml line 2: add_column customers.display})
 * @param table the table a copy replaced
 */
record DropReplacedTable(String where, String table) implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(DropReplacedTable.class);

    @Override
    public String description() {
        return where + ": drop the table a copy replaced";
    }

    @Override
    public String sql() {
        return CopyNames.dropTable(table);
    }

    @Override
    public String choice(Connection connection, DdlPolicy policy) {
        return policy.keepReplacedTables() ? "kept for you to drop (keepReplacedTables): " + table : null;
    }

    @Override
    public void apply(StepContext context, boolean resumed) throws SQLException {
        if (!context.ddlPolicy().keepReplacedTables()) {
            context.execute(sql(), resumed);
            return;
        }
        Optional<TableStorage> kept = SchemaInspector.of(context).storage(table);
        if (kept.isPresent()) {
            LOG.info("{}: the table a copy replaced stays as {} ({}, the server's estimate), as keepReplacedTables asks;"
                    + " drop it when the server can take it ({})", where, table, ByteSizes.readable(kept.get().bytes()), sql());
        }
    }
}

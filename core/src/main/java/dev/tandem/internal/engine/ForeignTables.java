package dev.tandem.internal.engine;

import dev.tandem.TandemConfiguration;
import dev.tandem.TandemException;
import dev.tandem.spi.ForeignTable;
import java.util.List;

/**
 * The refusal to work on a schema where a table under one of Tandem's names is not Tandem's. Going on
 * would take the application's table for Tandem's: {@code CREATE TABLE IF NOT EXISTS} keeps it, and Tandem
 * would fail half way through a migration, or write its state into the application's rows.
 */
final class ForeignTables {

    private ForeignTables() {
    }

    /** Throws a TandemException naming each of {@code found} and the way out, unless {@code found} is empty. */
    static void refuse(List<ForeignTable> found) {
        if (found.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        for (ForeignTable table : found) {
            message.append("Table ").append(table.table()).append(" in schema ").append(table.schema())
                    .append(" is not Tandem's: it has the columns (").append(String.join(", ", table.columns()))
                    .append("), where Tandem expects (").append(String.join(", ", table.expected())).append("). ");
        }
        message.append("Nothing was changed. Rename ").append(found.size() == 1 ? "that table" : "those tables")
                .append(", or give Tandem's tables other names: tablePrefix(...) in the configuration, ")
                .append(TandemConfiguration.TABLE_PREFIX_VARIABLE)
                .append(" in the environment or --table-prefix on the command line, the same for every node and"
                        + " command on this schema.");
        throw new TandemException(message.toString());
    }
}

package dev.tandem.spi;

import java.util.List;

/**
 * A table under one of Tandem's names that is not Tandem's: it lacks some of {@code expected}, the columns
 * Tandem's table of that name has.
 *
 * @param schema   the schema it is in
 * @param table    its name, as the schema spells it
 * @param columns  its columns, in their order
 * @param expected the columns of Tandem's table, in their order
 */
public record ForeignTable(String schema, String table, List<String> columns, List<String> expected) {

    public ForeignTable {
        columns = List.copyOf(columns);
        expected = List.copyOf(expected);
    }
}

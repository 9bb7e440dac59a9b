package dev.tandem.mysql.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a foreign key fits the columns it references, as the servers check when they make it: told
 * before anything of a migration runs, where the server would refuse the key only at the expand, after
 * the steps before it ran theirs (add_foreign_key's index, the operations before a create_table).
 * <ul>
 *   <li>A column and the one it references have the same type, lengths aside ({@code VARCHAR(20)} beside
 *       {@code VARCHAR(40)}), with the same sign; text columns ({@code CHAR}, {@code VARCHAR}, which may
 *       stand beside each other) the same collation. The servers take some pairs this refuses (MariaDB
 *       decimals of another precision, say): refused here, their types said, which the user may align.</li>
 *   <li>An index of the referenced table begins with the referenced columns, in their order.</li>
 * </ul>
 */
final class ForeignKeyFit {

    /** A length or display width, which a key's columns need not share. */
    private static final String LENGTH = "\\(\\d+\\)";

    private ForeignKeyFit() {
    }

    /**
     * Why {@code column} of {@code table} cannot reference {@code referenced} of {@code parent}: their types or
     * collations, said; empty when it can.
     */
    static Optional<String> misfit(String table, ColumnInfo column, String parent, ColumnInfo referenced) {
        Columns c = column.definition();
        Columns r = referenced.definition();
        String named = table + "." + column.name() + " is " + c.type();
        String referencedNamed = parent + "." + referenced.name() + " is " + r.type();
        if (TypeChange.isText(column.dataType()) && TypeChange.isText(referenced.dataType())) {
            return c.collation() == null || r.collation() == null || c.collation().equalsIgnoreCase(r.collation())
                    ? Optional.empty()
                    : Optional.of(named + " in " + c.collation() + " but " + referencedNamed + " in " + r.collation()
                    + "; a foreign key needs the same collation");
        }
        return withoutLengths(c.type()).equals(withoutLengths(r.type())) ? Optional.empty()
                : Optional.of(named + " but " + referencedNamed + "; a foreign key needs the same type");
    }

    /** Refuses {@code column} of {@code table} as a reference to {@code referenced} of {@code parent} where it {@link #misfit}s. */
    static void requireFit(String where, String table, ColumnInfo column, String parent, ColumnInfo referenced)
            throws SchemaRefusal {
        Optional<String> misfit = misfit(table, column, parent, referenced);
        if (misfit.isPresent()) {
            throw SchemaRefusal.foreignKeyMisfit(where, table, column.name(), misfit.get());
        }
    }

    /** Whether an index of the referenced table begins with {@code columns}, in their order. */
    static boolean referencedIndexed(List<IndexInfo> indexes, List<String> columns) {
        return indexes.stream().anyMatch(index -> index.leadsWith(columns));
    }

    private static String withoutLengths(String type) {
        return type.replaceAll(LENGTH, "").toLowerCase(Locale.ROOT);
    }
}

package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code DROP COLUMN} does to the column's indexes, done beforehand in one online ALTER: an index of
 * the column alone is dropped, an index of more columns made again without it. On both servers dropping a
 * column that an index holds rebuilds the table, and under the swap's table lock that rebuild would hold
 * every query of the table for as long as it takes; with no index holding it, the drop is instant.
 *
 * @param sql  the ALTER, where an index holds the column
 * @param left the indexes left for the DROP COLUMN to change (and rebuild the table): the primary key; a
 *             unique index of more columns, which the column's drop would make unique over the others alone
 *             (MySQL does, MariaDB refuses), a change of meaning Tandem leaves to the user; and indexes that
 *             cannot be made again from their columns alone (a functional key part, a type other than BTREE)
 */
record IndexShrink(Optional<String> sql, List<String> left) {

    /** An index's type ({@code BTREE}, {@code FULLTEXT}, ...) and comment, as {@code information_schema.statistics} says. */
    record Kind(String type, String comment) {
    }

    static final String BTREE = "BTREE";
    static final String FULLTEXT = "FULLTEXT";

    /** @param kinds each index's kind, by its name in lower case */
    static IndexShrink of(String table, String column, List<IndexInfo> indexes, Map<String, Kind> kinds) {
        List<String> clauses = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (IndexInfo index : indexes) {
            if (!index.covers(column)) {
                continue;
            }
            Kind kind = kinds.getOrDefault(index.name().toLowerCase(Locale.ROOT), new Kind(BTREE, ""));
            List<IndexInfo.Part> rest = index.parts().stream().filter(p -> !column.equalsIgnoreCase(p.column())).toList();
            if (index.isPrimary()) {
                left.add(index.name());
            } else if (rest.isEmpty()) {
                clauses.add("DROP INDEX " + Identifiers.quote(index.name()));
            } else if (index.unique() || rest.stream().anyMatch(p -> p.column() == null) || !BTREE.equalsIgnoreCase(kind.type())) {
                left.add(index.name());
            } else {
                clauses.add("DROP INDEX " + Identifiers.quote(index.name()));
                clauses.add("ADD INDEX " + Identifiers.quote(index.name()) + " ("
                        + String.join(", ", rest.stream().map(IndexShrink::part).toList()) + ")"
                        + (kind.comment().isEmpty() ? "" : " COMMENT " + Identifiers.literal(kind.comment())));
            }
        }
        return new IndexShrink(clauses.isEmpty() ? Optional.empty()
                : Optional.of("ALTER TABLE " + Identifiers.quote(table) + " " + String.join(", ", clauses)), List.copyOf(left));
    }

    private static String part(IndexInfo.Part part) {
        return Identifiers.quote(part.column()) + (part.subPart() == null ? "" : "(" + part.subPart() + ")");
    }
}

package dev.tandem.mysql.internal;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An index of an application table as {@code information_schema.statistics} describes it.
 *
 * @param name   the index's name; the primary key's is {@code PRIMARY}
 * @param unique whether it is a unique index (the primary key is)
 * @param parts  its key parts, in order
 */
record IndexInfo(String name, boolean unique, List<Part> parts) {

    static final String PRIMARY = "PRIMARY";

    /**
     * One key part.
     *
     * @param column   the column it indexes; null for a functional key part (MySQL 8.0.13+)
     * @param subPart  the prefix length of a prefix part, as text; null for a whole column
     * @param nullable whether the column may hold NULL
     */
    record Part(String column, String subPart, boolean nullable) {
    }

    IndexInfo {
        parts = List.copyOf(parts);
    }

    /** Whether this is the index {@code other} names: index names compare without case on both servers. */
    boolean isNamed(String other) {
        return name.equalsIgnoreCase(other);
    }

    boolean isPrimary() {
        return isNamed(PRIMARY);
    }

    /** Whether a part of the index is {@code column}. */
    boolean covers(String column) {
        return columns().stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    /** The indexed columns in key order, without functional parts. */
    List<String> columns() {
        return parts.stream().map(Part::column).filter(Objects::nonNull).toList();
    }

    /**
     * Unique over NOT NULL columns only: each row has one key, so InnoDB may cluster on it (without a
     * primary key) and a backfill may walk the table along it. Functional parts are not columns and do
     * not count either way.
     */
    boolean isUniqueNotNull() {
        return unique && parts.stream().filter(p -> p.column() != null).noneMatch(Part::nullable);
    }

    /** A key a backfill can walk the table by: unique, not NULL, and over at least one column. */
    boolean isBackfillKey() {
        return isUniqueNotNull() && !columns().isEmpty();
    }

    /** Whether the index's first columns are exactly {@code leading}, in order (names without case). */
    boolean leadsWith(List<String> leading) {
        return leads(columns(), leading);
    }

    /** Whether the first of {@code columns} are exactly {@code leading}, in order (names without case). */
    static boolean leads(List<String> columns, List<String> leading) {
        if (columns.size() < leading.size()) {
            return false;
        }
        for (int i = 0; i < leading.size(); i++) {
            if (!columns.get(i).toLowerCase(Locale.ROOT).equals(leading.get(i).toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}

package dev.tandem.mysql.internal;

/**
 * A column the swap's ALTER adds under the name of the one it removes, for the sync triggers it drops after
 * the ALTER ({@link Steps#lockedSwapTriggersLast}): a trigger naming a column that is gone fails every
 * write of the table, and if the swap's session dies between the ALTER and the triggers' drop, the
 * triggers stay until the next node resumes the swap. With the placeholder they go on working, writing to
 * it what no one reads, and the resume drops them, then it. Invisible, so that no {@code SELECT *} and no
 * {@code INSERT} without a column list sees it; NULL-able; its comment tells it from the column it stands
 * in for.
 *
 * @param column the name of the column the swap removes
 */
record SwapPlaceholder(String column) {

    static final String COMMENT = "tandem: placeholder for the sync triggers until the swap ends";

    /**
     * The clause the swap's ALTER ends with; {@code standsFor} is the column's type, character set and
     * collation ({@link Columns#definition}), so that what the triggers write to it fits as it did.
     */
    String addClause(String standsFor) {
        return ", ADD COLUMN " + Identifiers.quote(column) + " " + standsFor + " NULL INVISIBLE COMMENT "
                + Identifiers.literal(COMMENT);
    }

    String dropSql(String table) {
        return "ALTER TABLE " + Identifiers.quote(table) + " DROP COLUMN " + Identifiers.quote(column);
    }

    /** Whether {@code column} is a placeholder: the swap's ALTER ran, and the triggers and it may still be there. */
    static boolean is(ColumnInfo column) {
        return COMMENT.equals(column.definition().comment());
    }
}

package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * What a backfill of {@code column = (expression)} runs, built when it runs (it needs the column's type):
 * its conditions, and from them the statements over one chunk of the key range (pure functions: each
 * takes the quoted table, the key, and the chunk's lower bound, null for the first chunk, and holds the
 * key's {@link BackfillKey#range} to bind).
 *
 * @param assignment the SET clause; columns that update themselves ({@code ON UPDATE CURRENT_TIMESTAMP})
 *                   are set to their own value, so that backfilling a row does not change them
 * @param pending    the rows the fill must still write
 * @param mismatch   the rows that verification rejects
 * @param exact      whether {@code mismatch} compares values (else it sees only rows never written)
 */
record BackfillSql(String assignment, String pending, String mismatch, boolean exact) {

    /** Who may write the column while the backfill runs, which decides what the backfill may rewrite. */
    enum Kind {
        /**
         * Every writer keeps {@code column = expression} (rename_column, alter_column without down):
         * a row that does not hold it was left wrong, and is written again, by value.
         */
        SYNCED,
        /**
         * New code may write the column itself (alter_column with down): a value there is new code's, kept;
         * NULLs are filled. The UPDATE trigger, created first, leaves no stale value. A NULL no backfill
         * filled is wrong: every write fills one (its triggers give new code's inserts that leave it out
         * {@code up}, and an update that leaves it out fills a NULL).
         */
        SHARED,
        /**
         * As {@link #SHARED}, and new code may also leave the column NULL (add_column: an insert or a
         * {@code REPLACE} that does not name it), which no trigger fills: such a NULL is new code's, left so.
         */
        OPTIONAL,
        /** NULLs get a value (set_not_null). */
        NULLS,
        /**
         * As {@link #SYNCED}, for the resync of a swap resumed after its triggers were gone: every row whose value
         * differs is written again, even where the expression is not deterministic (the clock, a subquery), since a
         * row written meanwhile cannot be told from the others, and no one reads the column before the swap.
         */
        RESYNCED;

        /** Whether a value the table holds is new code's, kept, and only NULLs are filled. */
        boolean keepsHeldValues() {
            return this == SHARED || this == OPTIONAL;
        }
    }

    /**
     * The statements of a backfill of {@code column = (expression)} of {@code kind}. A {@link Kind#SYNCED}
     * column is compared exactly ({@link StoredValue}) unless the expression is not deterministic (the
     * clock, random values) or no condition gives what its values become in the column: then it can only be
     * checked for being set.
     */
    static BackfillSql of(StepContext context, String table, String column, String expression, Kind kind, String where)
            throws SQLException {
        Columns target = Columns.describe(context, table, column, where);
        List<String> selfUpdating = SchemaInspector.of(context).columns(table).stream()
                .filter(ColumnInfo::isSelfUpdating).map(ColumnInfo::name).toList();
        // Asked only where values are compared: an expression an UPDATE takes may be refused by a SELECT.
        StoredValue.ValueType valueType = comparesValues(kind, expression) ? valueType(context.connection(), table, expression)
                : StoredValue.ValueType.OTHER;
        return build(column, target.type(), target.characterSet(), selfUpdating, expression, valueType, kind,
                ServerFlavor.isMariaDb(context));
    }

    /** Whether a backfill of {@code kind} compares the values it finds with {@code expression}'s (else looks for NULLs). */
    private static boolean comparesValues(Kind kind, String expression) {
        return kind == Kind.RESYNCED || kind == Kind.SYNCED && Expressions.isDeterministic(expression);
    }

    /** The type the server gives {@code expression}'s values over {@code table}'s rows, read without a row. */
    static StoredValue.ValueType valueType(Connection c, String table, String expression) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (" + expression + ") FROM " + Identifiers.quote(table) + " LIMIT 0")) {
            return StoredValue.ValueType.of(rs.getMetaData().getColumnTypeName(1));
        }
    }

    static BackfillSql build(String column, String type, String charset, List<String> selfUpdating, String expression,
                             StoredValue.ValueType valueType, Kind kind, boolean mariaDb) {
        String c = Identifiers.quote(column);
        StringBuilder assignment = new StringBuilder(c + " = (" + expression + ")");
        selfUpdating.stream().filter(other -> !other.equalsIgnoreCase(column)).map(Identifiers::quote)
                .forEach(q -> assignment.append(", ").append(q).append(" = ").append(q));
        if (kind == Kind.NULLS) {
            return new BackfillSql(assignment.toString(), c + " IS NULL", c + " IS NULL", false);
        }
        if (!comparesValues(kind, expression)) {
            return new BackfillSql(assignment.toString(), c + " IS NULL", c + " IS NULL AND (" + expression + ") IS NOT NULL",
                    false);
        }
        Optional<String> differs = StoredValue.differs(c, type, charset, expression, valueType, mariaDb);
        if (differs.isEmpty()) {
            // Which rows hold their value cannot be said: every row is written (the column may hold a default, a
            // rename's, or a value from before a resync), and the verification checks only for a value.
            return new BackfillSql(assignment.toString(), "TRUE", c + " IS NULL AND (" + expression + ") IS NOT NULL", false);
        }
        return new BackfillSql(assignment.toString(), differs.get(), differs.get(), true);
    }

    /** The UPDATE that writes the chunk's pending rows. */
    String update(String t, BackfillKey key, List<String> cursor) {
        return "UPDATE " + t + " SET " + assignment + " WHERE " + key.range(cursor) + " AND (" + pending + ")";
    }

    /** The count of the chunk's rows that verification rejects. */
    String countMismatches(String t, BackfillKey key, List<String> cursor) {
        return "SELECT COUNT(*) FROM " + t + " WHERE " + key.range(cursor) + " AND (" + mismatch + ")";
    }

    /**
     * Up to {@code limit} of the chunk's rejected rows, in key order, each as its key (values joined by
     * ", "), the value the column {@code c} (quoted) holds, and the value {@code expression} gives.
     */
    String sampleMismatches(String t, BackfillKey key, String c, String expression, List<String> cursor, int limit) {
        return "SELECT CONCAT_WS(', ', " + key.selected() + "), " + c + ", (" + expression + ") FROM " + t + " WHERE "
                + key.range(cursor) + " AND (" + mismatch + ") ORDER BY " + key.list() + " LIMIT " + limit;
    }
}

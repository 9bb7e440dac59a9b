package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;

/**
 * What a backfill of {@code column = (expression)} runs, built when it runs (it needs the column's type):
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
         * New code may write the column itself (add_column, alter_column with down): a value there is
         * new code's, kept; NULLs are filled. The UPDATE trigger, created first, leaves no stale value.
         */
        SHARED,
        /** NULLs get a value (set_not_null). */
        NULLS
    }

    /**
     * The statements of a backfill of {@code column = (expression)} of {@code kind}. A {@link Kind#SYNCED}
     * column is compared exactly ({@link StoredValue}) unless the expression is not deterministic (the
     * clock, random values): then it can only be checked for being set.
     */
    static BackfillSql of(StepContext context, String table, String column, String expression, Kind kind, String where)
            throws SQLException {
        Columns target = Columns.describe(context, table, column, where);
        List<String> selfUpdating = Jdbc.rows(context.connection(), "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND LOWER(extra) LIKE '%on update%'", table)
                .stream().map(row -> row.get(0)).toList();
        return build(column, target.type(), target.characterSet(), selfUpdating, expression, kind, context.isMariaDb());
    }

    static BackfillSql build(String column, String type, String charset, List<String> selfUpdating, String expression,
                             Kind kind, boolean mariaDb) {
        String c = Identifiers.quote(column);
        StringBuilder assignment = new StringBuilder(c + " = (" + expression + ")");
        selfUpdating.stream().filter(other -> !other.equalsIgnoreCase(column)).map(Identifiers::quote)
                .forEach(q -> assignment.append(", ").append(q).append(" = ").append(q));
        if (kind == Kind.NULLS) {
            return new BackfillSql(assignment.toString(), c + " IS NULL", c + " IS NULL", false);
        }
        if (kind == Kind.SHARED || !Expressions.isDeterministic(expression)) {
            return new BackfillSql(assignment.toString(), c + " IS NULL", c + " IS NULL AND (" + expression + ") IS NOT NULL",
                    false);
        }
        String differs = StoredValue.differs(c, type, charset, expression, mariaDb);
        return new BackfillSql(assignment.toString(), differs, differs, true);
    }
}
